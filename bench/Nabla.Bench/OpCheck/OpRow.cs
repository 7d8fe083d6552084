using TT = TorchSharp.torch.Tensor;

namespace Nabla.Bench;

/// <summary>
/// One input of a row: its shape, its dtype, and how its values are drawn (as doubles, converted to the
/// dtype: integers and bools take the drawn values as they are). The same values go into both engines.
/// <see cref="Grad"/>: whether the input requires grad (every floating input does unless the row says not).
/// </summary>
internal sealed record In(int[] Shape, DType DType, Func<Random, int, double[]> Draw)
{
    public bool Grad { get; init; } = DType is DType.Float64 or DType.Float32;

    public int Numel => Shape.Aggregate(1, (p, s) => p * s);

    /// <summary>"[2,3]", with the dtype in front when it is not float64 ("i64[4]", "bool[2,3]").</summary>
    public override string ToString()
    {
        string prefix = DType switch { DType.Float64 => "", DType.Int64 => "i64", DType.Bool => "bool", DType.Int32 => "i32", _ => "f32" };
        return $"{prefix}[{string.Join(',', Shape)}]{(Grad || DType is not (DType.Float64 or DType.Float32) ? "" : " (no grad)")}";
    }
}

/// <summary>
/// How outputs whose sign (or phase) is a convention are made comparable: eigenvectors, singular vectors and
/// Q of QR are unique only up to a sign per vector, and LAPACK's choice need not be Nabla's. Both functions map
/// the op's outputs to sign-fixed ones; values, gradients (through the fixed outputs) are compared after it.
/// </summary>
internal sealed record Gauge(string Name, Func<Tensor[], Tensor[]> Nabla, Func<TT[], TT[]> Torch);

/// <summary>
/// One row of the differential check: the op's PyTorch function name (the first word of <see cref="Title"/>;
/// the rest says which configuration), its inputs, and the same call in each engine, returning every output.
/// The node compared is the one behind output <see cref="NodeOutput"/>. <see cref="Tolerance"/> bounds the
/// normwise relative difference of values and gradients, max|nabla - torch| / max|torch| per tensor.
/// </summary>
internal sealed record OpRow(string Title, In[] Inputs, Func<Tensor[], Tensor[]> Nabla, Func<TT[], TT[]> Torch)
{
    /// <summary>PyTorch's function name (torch.X, Tensor.X, nn.functional.X, linalg.X): what the op count counts.</summary>
    public string Op => Title.Split(' ', 2)[0];

    /// <summary>The configuration shown beside the op: the title's note and the input shapes.</summary>
    public string Shapes => string.Join(' ', Inputs.Select(i => i.ToString()));

    public string Name => $"{Title} {Shapes}";

    /// <summary>Largest accepted normwise relative difference of forward values (float64).</summary>
    public double Tolerance { get; init; } = 1e-10;

    /// <summary>The same for gradients; by default <see cref="Tolerance"/>.</summary>
    public double? GradTolerance { get; init; }

    /// <summary>Which output's node is compared (e.g. the values of a (values, indices) pair: 0).</summary>
    public int NodeOutput { get; init; }

    /// <summary>
    /// The op draws random numbers, and the two engines' streams differ: only shapes, dtypes and node names
    /// are compared.
    /// </summary>
    public bool Random { get; init; }

    /// <summary>
    /// Why libtorch's node differs from Nabla's here, where the difference is known and kept (e.g. a node PyTorch
    /// 1.13 did not record either); such a row is counted apart from the mismatches and listed under the table.
    /// </summary>
    public string? KnownNodeDifference { get; init; }

    /// <summary>A sign convention to remove from the outputs before comparing (see <see cref="Gauges"/>).</summary>
    public Gauge? Gauge { get; init; }
}
