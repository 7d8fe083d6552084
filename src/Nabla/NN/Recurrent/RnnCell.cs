namespace Nabla.NN;

/// <summary>One Elman RNN step, like <c>torch.nn.RNNCell</c>: h' = tanh(W·x + b_ih + U·h + b_hh), or relu with <c>nonlinearity: "relu"</c>.</summary>
/// <example><code>
/// var cell = new RnnCell(8, 16, nonlinearity: "relu");
/// var h1 = cell.Forward(xt, h0);   // xt [B, 8], h [B, 16]
/// </code></example>
public sealed class RnnCell : RnnCellBase
{
    /// <summary>A cell from <paramref name="inputSize"/> features to <paramref name="hiddenSize"/> with <paramref name="nonlinearity"/> "tanh" or "relu".</summary>
    /// <exception cref="ArgumentException">When <paramref name="nonlinearity"/> is neither "tanh" nor "relu".</exception>
    public RnnCell(int inputSize, int hiddenSize, bool bias = true, string nonlinearity = "tanh", Generator? generator = null)
        : base(Rnn.Kind(nonlinearity), inputSize, hiddenSize, bias, generator) => Nonlinearity = nonlinearity;

    /// <summary>The nonlinearity, "tanh" or "relu".</summary>
    public string Nonlinearity { get; }

    /// <summary>The next state h' [B, H] from <paramref name="input"/> [B, in] ([in] unbatched) and <paramref name="hx"/> (zeros when null), like <c>cell(input, h_0)</c>.</summary>
    /// <exception cref="ArgumentException">When the input or the state do not have the expected shapes or dtype.</exception>
    public Tensor Forward(Tensor input, Tensor? hx = null) => Step(input, hx, null).H;

    /// <summary>The next state from a zero state: the one-tensor call that <see cref="Module.Call"/> and <see cref="Sequential"/> make.</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null);

    /// <inheritdoc/>
    protected override string ExtraRepr() => base.ExtraRepr() + (Nonlinearity == "tanh" ? "" : $", nonlinearity={Nonlinearity}");

    /// <inheritdoc/>
    protected override string TypeName => "RNNCell";
}
