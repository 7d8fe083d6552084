namespace Nabla.Tests;

/// <summary>
/// The op table: a row per op and configuration (broadcasts, 0-d, non-contiguous views), split by
/// theme over the <c>OpCases.*.cs</c> files, which <see cref="OpTableTests"/> checks with finite
/// differences, forward mode, node names and float32 (PyTorch's OpInfo + gradcheck habit).
/// </summary>
public static partial class OpCases
{
    private static Arg A(params int[] shape) => new(shape, Domain.Any);
    private static Arg P(params int[] shape) => new(shape, Domain.Positive);
    private static Arg Z(params int[] shape) => new(shape, Domain.AwayFromIntegers);
    private static Arg W(params int[] shape) => new(shape, Domain.Wide);
    private static Arg Pr(params int[] shape) => new(shape, Domain.Probability);

    private static OpCase Case(string name, string node, Func<Tensor[], Tensor> f, params Arg[] args) => new(name, node, f, args);

    /// <summary>Every case, in table order.</summary>
    public static readonly OpCase[] All =
    [
        .. Binary(), .. Unary(), .. Reductions(), .. Scans(), .. LinearAlgebra(), .. Shapes(), .. MoreShapes(), .. Indexing(), .. MoreIndexing(), .. Softmax(), .. NN(), .. MoreElementwise(), .. ReductionsScansSorting(), .. MoreLinearAlgebra(), .. Recurrent(), .. Losses(), .. NormsActivations(), .. ConvPool(),
    ];

    /// <summary>The cases by name (names are unique: checked by a test).</summary>
    public static readonly IReadOnlyDictionary<string, OpCase> ByName = All.ToDictionary(c => c.Name);
}
