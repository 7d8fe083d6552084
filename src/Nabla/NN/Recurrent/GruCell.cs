namespace Nabla.NN;

/// <summary>
/// One GRU step, like <c>torch.nn.GRUCell</c>: r, z = σ(W_r,z·x + b_ir,iz + U_r,z·h + b_hr,hz),
/// n = tanh(W_n·x + b_in + r⊙(U_n·h + b_hn)), h' = (1 - z)⊙n + z⊙h, the gates stacked in PyTorch's order r, z, n.
/// </summary>
/// <example><code>
/// var cell = new GruCell(8, 16);
/// var h1 = cell.Forward(xt, h0);   // xt [B, 8], h [B, 16]
/// </code></example>
public sealed class GruCell : RnnCellBase
{
    /// <summary>A cell from <paramref name="inputSize"/> features to <paramref name="hiddenSize"/>; <paramref name="generator"/> makes the initialisation reproducible.</summary>
    public GruCell(int inputSize, int hiddenSize, bool bias = true, Generator? generator = null)
        : base(CellKind.Gru, inputSize, hiddenSize, bias, generator) { }

    /// <summary>The next state h' [B, H] from <paramref name="input"/> [B, in] ([in] unbatched) and <paramref name="hx"/> (zeros when null), like <c>cell(input, h_0)</c>.</summary>
    /// <exception cref="ArgumentException">When the input or the state do not have the expected shapes or dtype.</exception>
    public Tensor Forward(Tensor input, Tensor? hx = null) => Step(input, hx, null).H;

    /// <summary>The next state from a zero state: the one-tensor call that <see cref="Module.Call"/> and <see cref="Sequential"/> make.</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null);

    /// <inheritdoc/>
    protected override string TypeName => "GRUCell";
}
