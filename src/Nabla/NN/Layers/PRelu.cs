namespace Nabla.NN;

/// <summary>
/// x where x &gt; 0, else a·x with a learnt slope a (one, or one per channel), like <c>torch.nn.PReLU</c>;
/// prints <c>PReLU(num_parameters=1)</c>. See <see cref="F.PRelu"/>.
/// </summary>
/// <example><code>var act = new PRelu(numParameters: 16);   // one slope per channel of [N, 16, ...] inputs</code></example>
public sealed class PRelu : Module
{
    /// <summary><paramref name="numParameters"/> slopes, each starting at <paramref name="init"/>.</summary>
    public PRelu(int numParameters = 1, double init = 0.25)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numParameters);
        NumParameters = numParameters;
        Weight = RegisterParameter("weight", new Parameter(Tensor.Full([numParameters], init)));
    }

    /// <summary>The number of slopes: 1, or the number of channels.</summary>
    public int NumParameters { get; }

    /// <summary>The slopes [numParameters] (parameter <c>weight</c>).</summary>
    public Parameter Weight { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.PRelu(input, Weight);

    /// <inheritdoc/>
    protected override string TypeName => "PReLU";

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"num_parameters={NumParameters}";
}
