namespace Nabla.NN;

/// <summary>
/// A multi-layer long short-term memory network, like <c>torch.nn.LSTM</c>. Per step of each layer, from the
/// input x and the state (h, c): i, f, o = σ(W_i,f,o·x + U_i,f,o·h + b), g = tanh(W_g·x + U_g·h + b),
/// c' = f⊙c + i⊙g, h' = o⊙tanh(c') (then h' = W_hr·h' with <c>projSize</c>). Parameters, their names and
/// initialisation are PyTorch's (see <see cref="RnnBase"/>), so a state dict moves between the two.
/// </summary>
/// <example><code>
/// var lstm = new Lstm(inputSize: 8, hiddenSize: 16, numLayers: 2, batchFirst: true);
/// var (output, (h, c)) = lstm.Forward(x);          // x [B, T, 8] → output [B, T, 16], h and c [2, B, 16]
/// (output, (h, c)) = lstm.Forward(next, (h, c));   // carry the state on
/// </code></example>
public sealed class Lstm : RnnBase
{
    /// <summary>
    /// An LSTM of <paramref name="numLayers"/> layers from <paramref name="inputSize"/> features to
    /// <paramref name="hiddenSize"/> (or <paramref name="projSize"/> when above 0, which must be below
    /// <paramref name="hiddenSize"/>); <paramref name="generator"/> makes the initialisation reproducible.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When a size is out of range or <paramref name="dropout"/> is outside [0, 1].</exception>
    public Lstm(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false, double dropout = 0.0,
        bool bidirectional = false, int projSize = 0, Generator? generator = null)
        : base(CellKind.Lstm, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, projSize, generator) { }

    /// <summary>
    /// Runs the layers over <paramref name="input"/> [T, B, in] ([B, T, in] with <see cref="RnnBase.BatchFirst"/>, or [T, in]
    /// unbatched) from the state <paramref name="hx"/> = (h₀ [L·D, B, Hout], c₀ [L·D, B, H]), zeros when null. Returns the last
    /// layer's h at every step [T, B, D·Hout] and the final (h, c), like <c>lstm(input, (h_0, c_0))</c>.
    /// </summary>
    /// <exception cref="ArgumentException">When the input or the states do not have the expected shapes or dtype.</exception>
    public (Tensor Output, (Tensor H, Tensor C) State) Forward(Tensor input, (Tensor H0, Tensor C0)? hx = null)
    {
        var (h0, c0) = Unpack(hx);
        var (output, h, c) = ForwardPadded(input, h0, c0);
        return (output, (h, c!));
    }

    /// <summary>
    /// Runs the layers over a packed batch of variable-length sequences; the output is packed the same way and
    /// (h, c) hold each sequence's state at its own last step, in the batch's original order.
    /// </summary>
    /// <exception cref="ArgumentException">When the data or the states do not have the expected shapes or dtype.</exception>
    public (PackedSequence Output, (Tensor H, Tensor C) State) Forward(PackedSequence input, (Tensor H0, Tensor C0)? hx = null)
    {
        var (h0, c0) = Unpack(hx);
        var (output, h, c) = ForwardPacked(input, h0, c0);
        return (output, (h, c!));
    }

    /// <summary>The two states of an LSTM's <c>hx</c> (nulls when it is not given; both must be given when it is). Shared with <see cref="LstmCell"/>.</summary>
    internal static (Tensor? H0, Tensor? C0) Unpack((Tensor H0, Tensor C0)? hx) => hx is { } s
        ? (s.H0 ?? throw new ArgumentNullException(nameof(hx), "hx: h_0 is null"), s.C0 ?? throw new ArgumentNullException(nameof(hx), "hx: c_0 is null"))
        : (null, null);

    /// <inheritdoc/>
    protected override string? ForwardUsage => "Forward(input, (h0, c0)) on an Lstm, which returns (output, (h, c))";

    /// <inheritdoc/>
    protected override string TypeName => "LSTM";
}
