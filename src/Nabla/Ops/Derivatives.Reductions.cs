using Nabla.Kernels;
using static Nabla.Slot;
using Row = Nabla.Derivative<Nabla.NoArgs>;

namespace Nabla;

// The derivative table, continued (Derivatives.cs has the table's description and its first themes): reductions, scans and sorting.
internal static partial class Derivatives
{
    // ---- reductions ---------------------------------------------------------------------------

    public static Row Sum => field ??= Op("SumBackward0")
        .Grad(Self, (n, g) => g.Expand(n.InputShape(0)));             // d/dx Σx = 1

    /// <summary>sum over the dims of <c>Args.Mask</c>.</summary>
    public static Derivative<(bool[] Mask, bool KeepDim)> SumDims => field ??= Op<(bool[] Mask, bool KeepDim)>("SumBackward1")
        .Grad(Self, (n, g) => Unsqueezed(g, n.Args.Mask, n.Args.KeepDim).Expand(n.InputShape(0)));   // 1, spread back over the reduced dims

    /// <summary>mean of all <c>Args</c> elements.</summary>
    public static Derivative<int> Mean => field ??= Op<int>("MeanBackward0")
        .Grad(Self, (n, g) => g.Expand(n.InputShape(0)) / n.Args);    // d/dx mean = 1/n

    public static Derivative<(bool[] Mask, bool KeepDim, int Count)> MeanDims => field ??= Op<(bool[] Mask, bool KeepDim, int Count)>("MeanBackward1")
        .Grad(Self, (n, g) => Unsqueezed(g, n.Args.Mask, n.Args.KeepDim).Expand(n.InputShape(0)) / n.Args.Count);   // 1/n over the reduced dims

    /// <summary>cumsum along <c>Args</c> (the dim).</summary>
    public static Derivative<int> CumSum => field ??= Op<int>("CumsumBackward0")
        .Grad(Self, (n, g) => ReversedCumSum(g.To(n.InputDType(0)), n.Args));   // xₖ reaches every yⱼ with j ≥ k

    /// <summary>max of all elements: the gradient is shared by the elements that attain it.</summary>
    public static Row Max => field ??= Op("MaxBackward1")
        .Grad(Self, reads: Self | Result, (n, g) => EvenlyDistribute(g, n.Self, n.Result));

    public static Row Min => field ??= Op("MinBackward1")
        .Grad(Self, reads: Self | Result, (n, g) => EvenlyDistribute(g, n.Self, n.Result));

    /// <summary>max along a dim (<c>Args</c>): the gradient goes to the selected element.</summary>
    public static Derivative<(int Dim, bool KeepDim)> MaxDim => field ??= Op<(int Dim, bool KeepDim)>("MaxBackward0")
        .Grad(Self, reads: Indices, (n, g) => SelectedBackward(g, n[Indices], n.InputShape(0), n.Args.Dim, n.Args.KeepDim));

    public static Derivative<(int Dim, bool KeepDim)> MinDim => field ??= Op<(int Dim, bool KeepDim)>("MinBackward0")
        .Grad(Self, reads: Indices, (n, g) => SelectedBackward(g, n[Indices], n.InputShape(0), n.Args.Dim, n.Args.KeepDim));

    /// <summary>‖x‖ₚ over the dims of <c>Args.Mask</c>.</summary>
    public static Derivative<(double P, bool[] Mask, bool KeepDim)> VectorNorm => field ??= Op<(double P, bool[] Mask, bool KeepDim)>("LinalgVectorNormBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => VectorNormBackward(g, n.Self, n.Result, n.Args.P, n.Args.Mask, n.Args.KeepDim));

    // ---- more reductions, scans and sorting (issue 10 part 2) ----------------------------------

    /// <summary>prod of all elements.</summary>
    public static Row Prod => field ??= Op("ProdBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => ProdBackward(g, n.Self.To(g.DType), n.Result));                  // Π_{j≠i} xⱼ

    /// <summary>prod along <c>Args.Dim</c>.</summary>
    public static Derivative<(int Dim, bool KeepDim)> ProdDim => field ??= Op<(int Dim, bool KeepDim)>("ProdBackward1")
        .Grad(Self, reads: Self | Result, (n, g) => ProdBackward(g, n.Self.To(g.DType), n.Result, n.Args.Dim, n.Args.KeepDim));

    /// <summary>var over <c>Args.Mask</c> with Bessel's correction <c>Args.Correction</c>.</summary>
    public static Derivative<MomentArgs> Var => field ??= Op<MomentArgs>("VarBackward0")
        .Grad(Self, reads: Self, (n, g) => VarBackward(g, n.Self, n.Args));                                              // 2(x - mean)/(N - c)

    public static Derivative<MomentArgs> Std => field ??= Op<MomentArgs>("StdBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => VarBackward(StdToVarGrad(g, n.Result), n.Self, n.Args));            // d√v = dv/(2√v)

    /// <summary>var_mean: both outputs are differentiable, so the formula takes both gradients.</summary>
    public static Derivative<MomentArgs> VarMean => field ??= Op<MomentArgs>("VarMeanBackward0")
        .OfOutputs([Self], reads: Self, (n, g) => [MomentsBackward(g[0], null, g[1], n.Self, n.Args)]);

    public static Derivative<MomentArgs> StdMean => field ??= Op<MomentArgs>("StdMeanBackward0")
        .OfOutputs([Self], reads: Self | Result, (n, g) => [MomentsBackward(g[0], n.Result, g[1], n.Self, n.Args)]);

    /// <summary>logsumexp over <c>Args.Mask</c>.</summary>
    public static Derivative<(bool[] Mask, bool KeepDim)> LogSumExp => field ??= Op<(bool[] Mask, bool KeepDim)>("LogsumexpBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => LogSumExpBackward(g, n.Self, n.Result, n.Args.Mask, n.Args.KeepDim));   // softmax(x)

    /// <summary>amax over <c>Args.Mask</c>: the gradient is shared by the elements that attain it.</summary>
    public static Derivative<(bool[] Mask, bool KeepDim)> Amax => field ??= Op<(bool[] Mask, bool KeepDim)>("AmaxBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => ShareAmongTies(g, n.Self, n.Result, n.Args.Mask, n.Args.KeepDim));

    public static Derivative<(bool[] Mask, bool KeepDim)> Amin => field ??= Op<(bool[] Mask, bool KeepDim)>("AminBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => ShareAmongTies(g, n.Self, n.Result, n.Args.Mask, n.Args.KeepDim));

    /// <summary>nansum over <c>Args.Mask</c>: NaN elements get no gradient.</summary>
    public static Derivative<(bool[] Mask, bool KeepDim)> NanSum => field ??= Op<(bool[] Mask, bool KeepDim)>("NansumBackward0")
        .Grad(Self, reads: Self, (n, g) => Unsqueezed(g, n.Args.Mask, n.Args.KeepDim).Expand(n.InputShape(0)) * n.Self.Eq(n.Self));   // [x is not NaN]

    /// <summary>median of all elements (the lower one): shared by the elements equal to it.</summary>
    public static Row Median => field ??= Op("MedianBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => EvenlyDistribute(g, n.Self, n.Result));

    public static Row NanMedian => field ??= Op("NanmedianBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => EvenlyDistribute(g, n.Self, n.Result));

    // The ops that pick elements of a line (PyTorch's value_selecting_reduction_backward): the gradient goes
    // to the picked positions, saved as Indices. Sort and topk keep the dim (Args.KeepDim is true).
    public static Derivative<(int Dim, bool KeepDim)> MedianDim => field ??= Picking("MedianBackward1");
    public static Derivative<(int Dim, bool KeepDim)> NanMedianDim => field ??= Picking("NanmedianBackward1");
    public static Derivative<(int Dim, bool KeepDim)> Kthvalue => field ??= Picking("KthvalueBackward0");
    public static Derivative<(int Dim, bool KeepDim)> TopK => field ??= Picking("TopkBackward0");
    public static Derivative<(int Dim, bool KeepDim)> Sort => field ??= Picking("SortBackward0");

    /// <summary>sort with <c>stable</c> given (PyTorch's sort.stable overload).</summary>
    public static Derivative<(int Dim, bool KeepDim)> SortStable => field ??= Picking("SortBackward1");

    /// <summary>cumprod along <c>Args</c> (the dim).</summary>
    public static Derivative<int> CumProd => field ??= Op<int>("CumprodBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => CumProdBackward(g.To(n.InputDType(0)), n.Self, n.Result, n.Args));   // Σ_{j≥k} gⱼ·Π_{i≤j, i≠k} xᵢ

    public static Derivative<int> LogCumSumExp => field ??= Op<int>("LogcumsumexpBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => LogCumSumExpBackward(g, n.Self, n.Result, n.Args));   // Σ_{j≥k} gⱼ·e^(xₖ - yⱼ)

    /// <summary>cummax along <c>Args</c>: each output's gradient goes to the position it came from.</summary>
    public static Derivative<int> CumMax => field ??= Op<int>("CummaxBackward0")
        .Grad(Self, reads: Indices, (n, g) => ScatteredBack(g, n[Indices], n.InputShape(0), n.Args));

    public static Derivative<int> CumMin => field ??= Op<int>("CumminBackward0")
        .Grad(Self, reads: Indices, (n, g) => ScatteredBack(g, n[Indices], n.InputShape(0), n.Args));
}
