using Nabla.Kernels;
using static Nabla.Slot;
using Row = Nabla.Derivative<Nabla.NoArgs>;

namespace Nabla;

// The derivative table, continued (Derivatives.cs has the table's description and its first themes): indexing, advanced indexing, scatter and masks.
internal static partial class Derivatives
{
    // ---- indexing -----------------------------------------------------------------------------

    /// <summary>select(dim, index) (<c>Args</c>): the gradient is embedded at the index.</summary>
    public static Derivative<(int Dim, int Index)> Select => field ??= Op<(int Dim, int Index)>("SelectBackward0")
        .Grad(Self, (n, g) => g.SelectBackward(n.InputShape(0), n.Args.Dim, n.Args.Index));

    public static Derivative<(int Dim, int Index)> SelectBackward => field ??= Op<(int Dim, int Index)>("SelectBackwardBackward0")
        .Grad(Self, (n, g) => g.Select(n.Args.Dim, n.Args.Index));    // linear: the same selection

    /// <summary>slice(dim, start, end, step) and narrow (<c>Args</c>): the gradient is embedded in the slice.</summary>
    public static Derivative<SliceArgs> Slice => field ??= Op<SliceArgs>("SliceBackward0")
        .Grad(Self, (n, g) => g.SliceBackward(n.InputShape(0), n.Args));

    public static Derivative<SliceArgs> SliceBackward => field ??= Op<SliceArgs>("SliceBackwardBackward0")
        .Grad(Self, (n, g) => g.SliceView(n.Args));                   // linear: the same slice

    /// <summary>as_strided on a contiguous tensor (<c>Args</c>: the view's geometry).</summary>
    public static Derivative<StridedGeometry> AsStrided => field ??= Op<StridedGeometry>("AsStridedBackward0")
        .Grad(Self, (n, g) => g.AsStridedBackward(n.InputShape(0), n.Args));

    public static Derivative<StridedGeometry> AsStridedBackward => field ??= Op<StridedGeometry>("AsStridedBackwardBackward0")
        .Grad(Self, (n, g) => g.Contiguous().StridedView(n.Args));

    /// <summary>
    /// The in-place update of a view (<c>Args</c>: the view's geometry in its base): the base with the view's place
    /// replaced by the updated region (Other). PyTorch's CopySlices node, which wraps the in-place op's node.
    /// </summary>
    public static Derivative<StridedGeometry> CopySlices => field ??= Op<StridedGeometry>("CopySlices")
        .Grad(Self, (n, g) => g - Embedded(RegionOf(g, n.Args), n.InputShape(0), n.Args))   // overwritten at the view's place
        .Grad(Other, (n, g) => RegionOf(g, n.Args));                                         // the region's new values

    /// <summary>A region written into a zero base (the backward of as_strided's region, and of CopySlices).</summary>
    public static Derivative<StridedGeometry> AsStridedScatter => field ??= Op<StridedGeometry>("AsStridedScatterBackward0")
        .Grad(Self, (n, g) => g.Contiguous().StridedView(n.Args));

    /// <summary>cat along <c>Args.Dim</c> of inputs with <c>Args.Sizes</c> along it: each input gets its slice.</summary>
    public static Derivative<(int Dim, int[] Sizes)> Cat => field ??= Op<(int Dim, int[] Sizes)>("CatBackward0")
        .Variadic(reads: None, (n, g) => CatBackward(n, g, n.Args.Dim, n.Args.Sizes));

    /// <summary>stack along <c>Args</c>: input i gets slice i.</summary>
    public static Derivative<int> Stack => field ??= Op<int>("StackBackward0")
        .Variadic(reads: None, (n, g) => StackBackward(n, g, n.Args));

    /// <summary>gather(dim, index): the gradient is scatter-added back.</summary>
    public static Derivative<int> Gather => field ??= Op<int>("GatherBackward0")
        .Grad(Self, reads: Slot.Index, (n, g) => Tensor.Zeros(n.InputShape(0), g.DType).ScatterAdd(n.Args, n[Slot.Index], g));

    /// <summary>self.scatter_add(dim, index, src).</summary>
    public static Derivative<int> ScatterAdd => field ??= Op<int>("ScatterAddBackward0")
        .Grad(Self, (n, g) => g)                                       // the base passes through
        .Grad(Source, reads: Slot.Index, (n, g) => g.Gather(n.Args, n[Slot.Index]));   // each source element went to its index

    /// <summary>index_select(dim, index): the gradient is index-added back.</summary>
    public static Derivative<int> IndexSelect => field ??= Op<int>("IndexSelectBackward0")
        .Grad(Self, reads: Slot.Index, (n, g) => Tensor.Zeros(n.InputShape(0), g.DType).IndexAdd(n.Args, n[Slot.Index], g));

    /// <summary>self.index_add(dim, index, source, alpha) (<c>Args</c>: dim and alpha).</summary>
    public static Derivative<(int Dim, double Alpha)> IndexAdd => field ??= Op<(int Dim, double Alpha)>("IndexAddBackward0")
        .Grad(Self, (n, g) => g)
        .Grad(Source, reads: Slot.Index, (n, g) => Scale(IndexAddSourceGrad(g, n.Args.Dim, n[Slot.Index], n.InputShape(Source)), n.Args.Alpha));

    // ---- more indexing: advanced indexing, scatter, masks (issue 10 part 2) -------------------

    /// <summary>x[indices] with tensor subscripts (<c>Args</c>: the normalised index): the gradient is put back, repeats adding up.</summary>
    public static Derivative<AdvancedIndex> Index => field ??= Op<AdvancedIndex>("IndexBackward0")
        .Grad(Self, (n, g) => Tensor.Zeros(n.InputShape(0), g.DType).IndexPut(n.Args, g, accumulate: true));

    /// <summary>index_put(indices, values, accumulate).</summary>
    public static Derivative<(AdvancedIndex Index, bool Accumulate)> IndexPut => field ??= Op<(AdvancedIndex Index, bool Accumulate)>("IndexPutBackward0")
        .Grad(Self, (n, g) => n.Args.Accumulate ? g : g.IndexPut(n.Args.Index, Zero(g), accumulate: false))   // overwritten elements get nothing
        .Grad(Source, (n, g) => g.Index(n.Args.Index));                // each value went to its positions (summed over its broadcast by the node)

    /// <summary>scatter(dim, index, src) (<c>Args</c>: the dim).</summary>
    public static Derivative<int> Scatter => field ??= Op<int>("ScatterBackward0")
        .Grad(Self, reads: Slot.Index, (n, g) => g.Scatter(n.Args, n[Slot.Index], 0.0))                          // overwritten elements get nothing
        .Grad(Source, reads: Slot.Index, (n, g) => PadTo(g.Gather(n.Args, n[Slot.Index]), n.InputShape(Source)));   // each src element went to its index

    /// <summary>scatter(dim, index, value).</summary>
    public static Derivative<int> ScatterValue => field ??= Op<int>("ScatterBackward1")
        .Grad(Self, reads: Slot.Index, (n, g) => g.Scatter(n.Args, n[Slot.Index], 0.0));

    /// <summary>scatter_reduce(dim, index, src, reduce, include_self).</summary>
    public static Derivative<(int Dim, string Reduce, bool IncludeSelf)> ScatterReduce => field ??= Op<(int Dim, string Reduce, bool IncludeSelf)>("ScatterReduceBackward0")
        .Joint([Self, Source], reads: Self | Source | Slot.Index | Result, ScatterReduceBackward);

    /// <summary>index_copy(dim, index, source) (<c>Args</c>: the dim).</summary>
    public static Derivative<int> IndexCopy => field ??= Op<int>("IndexCopyBackward0")
        .Grad(Self, reads: Slot.Index, (n, g) => g.IndexFill(n.Args, n[Slot.Index], 0.0))                                  // overwritten slices get nothing
        .Grad(Source, reads: Slot.Index, (n, g) => IndexAddSourceGrad(g, n.Args, n[Slot.Index], n.InputShape(Source)));   // each slice went to its index

    /// <summary>index_fill(dim, index, value) with a number.</summary>
    public static Derivative<int> IndexFill => field ??= Op<int>("IndexFillBackward0")
        .Grad(Self, reads: Slot.Index, (n, g) => g.IndexFill(n.Args, n[Slot.Index], 0.0));

    /// <summary>index_fill(dim, index, value) with a 0-d tensor (the index saved without repeats).</summary>
    public static Derivative<int> IndexFillTensor => field ??= Op<int>("IndexFillBackward1")
        .Grad(Self, reads: Slot.Index, (n, g) => g.IndexFill(n.Args, n[Slot.Index], 0.0))
        .Grad(Source, reads: Slot.Index, (n, g) => g.IndexSelect(n.Args, n[Slot.Index]).Sum());   // the value is in every filled slice

    /// <summary>masked_fill(mask, value) with a number.</summary>
    public static Row MaskedFill => field ??= Op("MaskedFillBackward0")
        .Grad(Self, reads: Mask, (n, g) => g.MaskedFill(n[Mask], 0.0));   // filled elements get nothing

    /// <summary>masked_fill(mask, value) with a 0-d tensor.</summary>
    public static Row MaskedFillTensor => field ??= Op("MaskedFillBackward1")
        .Grad(Self, reads: Mask, (n, g) => g.MaskedFill(n[Mask], 0.0))
        .Grad(Source, reads: Mask, (n, g) => g.MaskedSelect(n[Mask]).Sum());   // the value is in every filled element

    /// <summary>masked_select(mask): the gradient goes back to the selected elements.</summary>
    public static Row MaskedSelect => field ??= Op("MaskedSelectBackward0")
        .Grad(Self, reads: Mask, (n, g) => MaskedSelectBackward(g, n[Mask], n.InputShape(0)));

    /// <summary>masked_scatter(mask, source).</summary>
    public static Row MaskedScatter => field ??= Op("MaskedScatterBackward0")
        .Grad(Self, reads: Mask, (n, g) => g.MaskedFill(n[Mask], 0.0))                                     // overwritten elements get nothing
        .Grad(Source, reads: Mask, (n, g) => MaskedScatterSourceGrad(g, n[Mask], n.InputShape(Source)));   // the first source elements went to the true positions

    /// <summary>take(index) (the index saved with negative positions wrapped).</summary>
    public static Row Take => field ??= Op("TakeBackward0")
        .Grad(Self, reads: Slot.Index, (n, g) => TakeBackward(g, n[Slot.Index], n.InputShape(0)));
}
