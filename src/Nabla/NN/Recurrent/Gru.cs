namespace Nabla.NN;

/// <summary>
/// A multi-layer gated recurrent unit network, like <c>torch.nn.GRU</c>. Per step of each layer, from the input
/// x and the state h: r, z = σ(W_r,z·x + b_ir,iz + U_r,z·h + b_hr,hz), n = tanh(W_n·x + b_in + r⊙(U_n·h + b_hn)),
/// h' = (1 - z)⊙n + z⊙h. Parameters, their names and initialisation are PyTorch's (see <see cref="RnnBase"/>).
/// </summary>
/// <example><code>
/// var gru = new Gru(8, 16, batchFirst: true);
/// var (output, hN) = gru.Forward(x);   // x [B, T, 8] → output [B, T, 16], hN [1, B, 16]
/// </code></example>
public sealed class Gru : RnnBase
{
    /// <summary>A GRU of <paramref name="numLayers"/> layers from <paramref name="inputSize"/> features to <paramref name="hiddenSize"/>; <paramref name="generator"/> makes the initialisation reproducible.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When a size is out of range or <paramref name="dropout"/> is outside [0, 1].</exception>
    public Gru(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false, double dropout = 0.0,
        bool bidirectional = false, Generator? generator = null)
        : base(CellKind.Gru, inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, 0, generator) { }

    /// <summary>
    /// Runs the r, z and n gates over <paramref name="input"/> [T, B, in] ([B, T, in] with <see cref="RnnBase.BatchFirst"/>, [T, in] unbatched)
    /// from <paramref name="hx"/> [L·D, B, H] (zeros when null): the last layer's h at every step [T, B, D·H] and the final h [L·D, B, H],
    /// like <c>gru(input, h_0)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">When the input or the state do not have the expected shapes or dtype.</exception>
    public (Tensor Output, Tensor H) Forward(Tensor input, Tensor? hx = null) => WithoutCell(ForwardPadded(input, hx, null));

    /// <summary>As <see cref="Forward(Tensor, Tensor)"/> over a packed batch: h holds each sequence's state after its own last step, in the batch's order.</summary>
    /// <exception cref="ArgumentException">When the data or the state do not have the expected shapes or dtype.</exception>
    public (PackedSequence Output, Tensor H) Forward(PackedSequence input, Tensor? hx = null) => WithoutCell(ForwardPacked(input, hx, null));

    /// <inheritdoc/>
    protected override string? ForwardUsage => "Forward(input, h0) on a Gru, which returns (output, h)";

    /// <inheritdoc/>
    protected override string TypeName => "GRU";
}
