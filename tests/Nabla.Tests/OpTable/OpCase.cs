namespace Nabla.Tests;

/// <summary>Where an op's inputs are drawn from, so that finite differences only see smooth stretches.</summary>
public enum Domain
{
    /// <summary>Standard normal values.</summary>
    Any,

    /// <summary>Uniform in [0.5, 2): for log, sqrt, fractional and negative powers, divisors, bases.</summary>
    Positive,

    /// <summary>
    /// k + u with k in {-2, -1, 0, 1} and u uniform in [0.2, 0.8]: at least 0.2 from every integer,
    /// so |x|, relu and clamp at 0 or ±1 never meet a kink within eps.
    /// </summary>
    AwayFromIntegers,

    /// <summary>Normal values scaled by 3: logits, and inputs meant to reach the tails of a function.</summary>
    Wide,

    /// <summary>Uniform in [0.1, 0.9]: probabilities and binary targets.</summary>
    Probability,
}

/// <summary>One input of an op case: its shape and the domain its values come from.</summary>
public sealed record Arg(int[] Shape, Domain Domain);

/// <summary>
/// One row of the op table (PyTorch's OpInfo, cut down): a name, the node PyTorch shows for the
/// result (its <c>grad_fn</c> name), a function over leaf inputs, and the inputs' shapes and domains.
/// <see cref="GradGrad"/> says whether the formula is checked twice (false only where PyTorch has no
/// double backward); <see cref="Float32"/> whether the function also runs on float32 inputs.
/// </summary>
public sealed record OpCase(string Name, string Node, Func<Tensor[], Tensor> F, Arg[] Args)
{
    /// <summary>Whether the second derivative is checked too.</summary>
    public bool GradGrad { get; init; } = true;

    /// <summary>Whether forward mode is checked (false only where PyTorch has no forward mode for the op either).</summary>
    public bool ForwardMode { get; init; } = true;

    /// <summary>Whether the function runs on float32 inputs as well (checked against its float64 values).</summary>
    public bool Float32 { get; init; } = true;

    /// <summary>The same inputs converted to <paramref name="dtype"/>, as fresh leaves that require grad.</summary>
    public Tensor[] Inputs(DType dtype) => [.. Inputs().Select(x => x.Detach().To(dtype).RequiresGradInPlace())];

    /// <summary>Fresh float64 leaves that require grad, the same for every run (the seed comes from the name).</summary>
    public Tensor[] Inputs()
    {
        var generator = new Generator(StableHash(Name));
        return [.. Args.Select(a => Draw(a, generator))];
    }

    public override string ToString() => Name;

    private static Tensor Draw(Arg arg, Generator generator)
    {
        int n = arg.Shape.Aggregate(1, (p, s) => p * s);
        double[] values;
        switch (arg.Domain)
        {
            case Domain.Positive:
                values = Uniform(n, generator).Select(u => 0.5 + 1.5 * u).ToArray();
                break;
            case Domain.Wide:
                values = Tensor.Randn([n], DType.Float64, generator: generator).ToArray<double>().Select(v => 3 * v).ToArray();
                break;
            case Domain.Probability:
                values = Uniform(n, generator).Select(u => 0.1 + 0.8 * u).ToArray();
                break;
            case Domain.AwayFromIntegers:
                var k = Tensor.RandInt(-2, 2, [n], generator: generator).ToArray<long>();
                values = Uniform(n, generator).Select((u, i) => k[i] + 0.2 + 0.6 * u).ToArray();
                break;
            default:
                values = Tensor.Randn([n], DType.Float64, generator: generator).ToArray<double>();
                break;
        }
        return Tensor.FromArray(values, arg.Shape, DType.Float64, requiresGrad: true);
    }

    private static double[] Uniform(int n, Generator generator) => Tensor.Rand([n], DType.Float64, generator: generator).ToArray<double>();

    // FNV-1a: string.GetHashCode is randomised per process, and the inputs must not be.
    private static long StableHash(string s)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in s) h = (h ^ c) * 1099511628211UL;
        return (long)(h >> 1);
    }
}
