namespace Nabla.NN;

/// <summary>
/// Group normalisation: the channels of [N, C, *] inputs split into groups, each group of each sample
/// normalised by its own statistics, then γ = 1 and β = 0 per channel to start, like <c>torch.nn.GroupNorm</c>;
/// see <see cref="F.GroupNorm"/>.
/// </summary>
/// <example><code>var norm = new GroupNorm(numGroups: 4, numChannels: 32);   // prints GroupNorm(4, 32, eps=1e-05, affine=True)</code></example>
public sealed class GroupNorm : Module
{
    /// <summary><paramref name="numChannels"/> channels in <paramref name="numGroups"/> groups.</summary>
    /// <exception cref="ArgumentException">When <paramref name="numChannels"/> is not divisible by <paramref name="numGroups"/>.</exception>
    public GroupNorm(int numGroups, int numChannels, double eps = 1e-5, bool affine = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numGroups);
        ArgumentOutOfRangeException.ThrowIfNegative(numChannels);
        if (numChannels % numGroups != 0) throw new ArgumentException($"num_channels must be divisible by num_groups (got num_channels={numChannels}, num_groups={numGroups})");
        (NumGroups, NumChannels, Eps) = (numGroups, numChannels, eps);
        if (!affine) return;
        Weight = RegisterParameter("weight", new Parameter(Tensor.Ones(numChannels)));
        Bias = RegisterParameter("bias", new Parameter(Tensor.Zeros(numChannels)));
    }

    /// <summary>The number of groups.</summary>
    public int NumGroups { get; }

    /// <summary>The number of channels C.</summary>
    public int NumChannels { get; }

    /// <summary>Added to the variance before the square root.</summary>
    public double Eps { get; }

    /// <summary>γ [C], or null without affine parameters.</summary>
    public Parameter? Weight { get; }

    /// <summary>β [C], or null.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.GroupNorm(input, NumGroups, Weight, Bias, Eps);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"{NumGroups}, {NumChannels}, eps={PythonRepr.Float(Eps)}, affine={PythonRepr.Bool(Weight is not null)}";
}
