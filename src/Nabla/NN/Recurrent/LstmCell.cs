namespace Nabla.NN;

/// <summary>
/// One LSTM step, like <c>torch.nn.LSTMCell</c>: i, f, o = σ(W_i,f,o·x + U_i,f,o·h + b), g = tanh(W_g·x + U_g·h + b),
/// c' = f⊙c + i⊙g, h' = o⊙tanh(c'), the gates stacked in PyTorch's order i, f, g, o.
/// </summary>
/// <example><code>
/// var cell = new LstmCell(8, 16);
/// var (h1, c1) = cell.Forward(xt, (h0, c0));   // xt [B, 8], h and c [B, 16]
/// </code></example>
public sealed class LstmCell : RnnCellBase
{
    /// <summary>A cell from <paramref name="inputSize"/> features to <paramref name="hiddenSize"/>; <paramref name="generator"/> makes the initialisation reproducible.</summary>
    public LstmCell(int inputSize, int hiddenSize, bool bias = true, Generator? generator = null)
        : base(CellKind.Lstm, inputSize, hiddenSize, bias, generator) { }

    /// <summary>
    /// The next state (h', c') [B, H] from <paramref name="input"/> [B, in] ([in] unbatched) and <paramref name="hx"/> = (h, c)
    /// (zeros when null), like <c>cell(input, (h_0, c_0))</c>.
    /// </summary>
    /// <exception cref="ArgumentException">When the input or the states do not have the expected shapes or dtype.</exception>
    public (Tensor H, Tensor C) Forward(Tensor input, (Tensor H0, Tensor C0)? hx = null)
    {
        var (h0, c0) = Lstm.Unpack(hx);
        var (h, c) = Step(input, h0, c0);
        return (h, c!);
    }

    /// <inheritdoc/>
    protected override string? ForwardUsage => "Forward(input, (h0, c0)) on an LstmCell, which returns (h, c)";

    /// <inheritdoc/>
    protected override string TypeName => "LSTMCell";
}
