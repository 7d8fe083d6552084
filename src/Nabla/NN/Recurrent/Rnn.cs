namespace Nabla.NN;

/// <summary>
/// A multi-layer Elman recurrent network, like <c>torch.nn.RNN</c>: per step of each layer
/// h' = tanh(W·x + b_ih + U·h + b_hh), or relu with <c>nonlinearity: "relu"</c>. Parameters, their names
/// and initialisation are PyTorch's (see <see cref="RnnBase"/>).
/// </summary>
/// <example><code>
/// var rnn = new Rnn(8, 16, numLayers: 2, nonlinearity: "relu");
/// var (output, hN) = rnn.Forward(x);   // x [T, B, 8] → output [T, B, 16], hN [2, B, 16]
/// </code></example>
public sealed class Rnn : RnnBase
{
    /// <summary>
    /// An RNN of <paramref name="numLayers"/> layers from <paramref name="inputSize"/> features to <paramref name="hiddenSize"/>
    /// with <paramref name="nonlinearity"/> "tanh" or "relu"; <paramref name="generator"/> makes the initialisation reproducible.
    /// </summary>
    /// <exception cref="ArgumentException">When <paramref name="nonlinearity"/> is neither "tanh" nor "relu".</exception>
    /// <exception cref="ArgumentOutOfRangeException">When a size is out of range or <paramref name="dropout"/> is outside [0, 1].</exception>
    public Rnn(int inputSize, int hiddenSize, int numLayers = 1, string nonlinearity = "tanh", bool bias = true, bool batchFirst = false,
        double dropout = 0.0, bool bidirectional = false, Generator? generator = null)
        : base(Kind(nonlinearity), inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0, generator)
        => Nonlinearity = nonlinearity;

    /// <summary>The nonlinearity, "tanh" or "relu".</summary>
    public string Nonlinearity { get; }

    /// <summary>
    /// Runs the tanh or relu cells over <paramref name="input"/> [T, B, in] ([B, T, in] with <see cref="RnnBase.BatchFirst"/>, [T, in] unbatched)
    /// from <paramref name="hx"/> [L·D, B, H] (zeros when null): the last layer's h at every step [T, B, D·H] and the final h [L·D, B, H],
    /// like <c>rnn(input, h_0)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">When the input or the state do not have the expected shapes or dtype.</exception>
    public (Tensor Output, Tensor H) Forward(Tensor input, Tensor? hx = null) => WithoutCell(ForwardPadded(input, hx, null));

    /// <summary>As <see cref="Forward(Tensor, Tensor)"/> over a packed batch: h holds each sequence's state after its own last step, in the batch's order.</summary>
    /// <exception cref="ArgumentException">When the data or the state do not have the expected shapes or dtype.</exception>
    public (PackedSequence Output, Tensor H) Forward(PackedSequence input, Tensor? hx = null) => WithoutCell(ForwardPacked(input, hx, null));

    /// <summary>The cell kind of a nonlinearity name (shared with <see cref="RnnCell"/>).</summary>
    internal static CellKind Kind(string nonlinearity) => nonlinearity switch
    {
        null => throw new ArgumentNullException(nameof(nonlinearity)),
        "tanh" => CellKind.RnnTanh,
        "relu" => CellKind.RnnRelu,
        _ => throw new ArgumentException($"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'.", nameof(nonlinearity)),
    };

    /// <inheritdoc/>
    protected override string? ForwardUsage => "Forward(input, h0) on an Rnn, which returns (output, h)";

    /// <inheritdoc/>
    protected override string TypeName => "RNN";
}
