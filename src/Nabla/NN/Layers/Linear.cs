namespace Nabla.NN;

/// <summary>
/// The affine layer y = x·Wᵀ + b over the last dim, like <c>torch.nn.Linear</c>. The weight
/// [out, in] and bias [out] start as PyTorch's do: U(±1/√in).
/// </summary>
/// <example><code>var layer = new Linear(64, 32);   // prints Linear(in_features=64, out_features=32, bias=True)</code></example>
public sealed class Linear : Module
{
    /// <summary>A layer from <paramref name="inFeatures"/> to <paramref name="outFeatures"/>; <paramref name="generator"/> makes the initialisation reproducible.</summary>
    public Linear(int inFeatures, int outFeatures, bool bias = true, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegative(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = new Parameter(Tensor.Empty([outFeatures, inFeatures]));
        Bias = bias ? RegisterParameter("bias", new Parameter(Tensor.Empty([outFeatures]))) : null;
        ResetParameters(generator);
    }

    /// <summary>The size of each input sample.</summary>
    public int InFeatures { get; }

    /// <summary>The size of each output sample.</summary>
    public int OutFeatures { get; }

    /// <summary>
    /// The weight [out, in] (parameter <c>weight</c>). Assigning another parameter of that shape ties the two,
    /// as <c>lm_head.weight = wte.weight</c> does in PyTorch: one tensor, trained once, saved under both names.
    /// </summary>
    /// <exception cref="ArgumentException">When the assigned parameter's shape is not [out, in].</exception>
    public Parameter Weight
    {
        get;
        set => field = SetParameter("weight", value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>The bias [out], or null when created with <c>bias: false</c>.</summary>
    public Parameter? Bias { get; }

    /// <summary>Re-draws the parameters as the constructor does, like <c>reset_parameters()</c>.</summary>
    public void ResetParameters(Generator? generator = null) => Init.ResetAffine(Weight, Bias, generator);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.Linear(input, Weight, Bias);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"in_features={InFeatures}, out_features={OutFeatures}, bias={PythonRepr.Bool(Bias is not null)}";
}
