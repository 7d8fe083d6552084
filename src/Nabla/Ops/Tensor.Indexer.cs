using System.Runtime.CompilerServices;
using Kind = Nabla.TensorIndex.IndexKind;

namespace Nabla;

// The indexer x[...], PyTorch's __getitem__ and __setitem__: the basic subscripts (ints, slices, None,
// Ellipsis) are applied first as views, then the tensor subscripts, if any, as one advanced index.
public partial class Tensor
{
    /// <summary>
    /// Indexing as in PyTorch. Ints and <see cref="System.Index"/> select (removing the dim),
    /// <see cref="System.Range"/> and <see cref="TensorIndex.Slice"/> slice, <see cref="TensorIndex.None"/>
    /// adds a dim and <see cref="TensorIndex.Ellipsis"/> stands for the dims not named: these give views
    /// (<c>x[0]</c>, <c>x[.., 1]</c>, <c>x[1..3, ^1]</c>). A tensor subscript indexes by content and gives a
    /// copy (node <c>IndexBackward0</c>): int64/int32 positions (<c>x[idx]</c>, negative ones count from the
    /// end), or a bool mask over as many dims as it has (<c>x[x.Gt(0)]</c>). Several tensor subscripts
    /// broadcast together; their result dims replace theirs when they are adjacent and come first when a
    /// whole dim separates them (NumPy's rule).
    /// Assigning writes in place: <c>x[.., 0] = t</c> copies into the view (<c>copy_</c>), <c>x[mask] = t</c>
    /// writes the indexed elements (<c>index_put_</c>, the last write winning where positions repeat); the
    /// value broadcasts to what the subscripts select, and the write is recorded for autograd.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">For too many subscripts, or a position outside its dim ("index 5 is out of bounds for dimension 0 with size 3").</exception>
    /// <exception cref="ArgumentException">For a mask of the wrong shape, tensor subscripts that do not broadcast, or a value that does not fit.</exception>
    [IndexerName("At")]
    public Tensor this[params ReadOnlySpan<TensorIndex> indices]
    {
        get
        {
            // PyTorch's x[:] is a slice (SliceBackward0) even when it spans the dim: its one-subscript getter
            // never skips a whole-dim slice, while several subscripts (and every setter) do.
            var (view, advanced) = ApplyBasicIndices(indices, sliceWholeDim: indices.Length == 1);
            if (advanced is not null) return view.Index(AdvancedIndex.Create(view.ShapeArray, [.. advanced], nameof(indices)), [.. advanced]);
            // x[..] is a new tensor (an alias), never x itself, as in PyTorch.
            return ReferenceEquals(view, this) ? Derivatives.Alias.Record(ViewAs(ShapeArray, StrideArray, Offset), this) : view;
        }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            var (view, advanced) = ApplyBasicIndices(indices, sliceWholeDim: false);
            var values = WithoutLeadingOnes(value);
            if (advanced is null)
            {
                view.CopyFromInPlace(values);
                return;
            }
            view.IndexPutInPlace(AdvancedIndex.Create(view.ShapeArray, [.. advanced], nameof(indices)), values, accumulate: false);
        }
    }

    /// <summary>
    /// Applies the basic subscripts as views, left to right, and collects the tensor subscripts for the
    /// advanced index on the resulting view: one entry per whole dim before each tensor subscript (null),
    /// then the tensor, which covers one dim (positions) or as many as it has (a mask). Null when there
    /// are no tensor subscripts. A slice over a whole dim with step 1 is skipped unless <paramref name="sliceWholeDim"/>.
    /// </summary>
    private (Tensor View, List<Tensor?>? Advanced) ApplyBasicIndices(ReadOnlySpan<TensorIndex> indices, bool sliceWholeDim)
    {
        int named = CountNamedDims(indices);
        var view = this;
        List<Tensor?>? advanced = null;
        int dim = 0, covered = 0;   // the view's dim the next subscript applies to; the dims the advanced entries cover
        foreach (var index in indices)
        {
            switch (index.Kind)
            {
                case Kind.Select:
                    view = view.SelectAt(dim, index.Position);
                    break;
                case Kind.Slice:
                    int size = view.ShapeArray[dim];
                    var (start, end) = ClampedBounds(index.Span.Start, index.Span.End, size);
                    if (sliceWholeDim || start != 0 || end != size || index.Step != 1) view = view.SliceView(new SliceArgs(dim, start, end, index.Step));
                    dim++;
                    break;
                case Kind.NewDim:
                    view = view.Unsqueeze(dim++);
                    break;
                case Kind.Ellipsis:
                    dim += Dim - named;
                    break;
                default:
                    var t = index.IndexTensor ?? throw new ArgumentNullException(nameof(indices), TensorIndex.NullTensorSubscript);
                    if (t.Dim == 0 && t.DType.IsIntegral())   // a 0-d position selects, as an int does (a view, as in PyTorch)
                    {
                        view = view.Select(dim, checked((int)t.Item<long>()));
                        break;
                    }
                    if (t.Dim == 0 && t.DType == DType.Bool)   // a 0-d mask adds a dim of size 1 (true) or 0 (false)
                    {
                        view = view.Unsqueeze(dim);
                        t = t.Item<bool>() ? FromArray(new long[] { 0 }) : FromArray(Array.Empty<long>());
                    }
                    advanced ??= [];
                    for (; covered < dim; covered++) advanced.Add(null);
                    int consumes = t.DType == DType.Bool ? t.Dim : 1;
                    advanced.Add(t);
                    dim += consumes;
                    covered += consumes;
                    break;
            }
        }
        return (view, advanced);
    }

    // The dims of this tensor the subscripts name (all but None and Ellipsis; a mask names as many as it has).
    private int CountNamedDims(ReadOnlySpan<TensorIndex> indices)
    {
        int named = 0, ellipses = 0;
        foreach (var index in indices)
        {
            named += index.Kind switch
            {
                Kind.Ellipsis or Kind.NewDim => 0,
                Kind.Tensor when index.IndexTensor is { DType: DType.Bool } mask => mask.Dim,
                _ => 1,
            };
            if (index.Kind == Kind.Ellipsis) ellipses++;
        }
        if (ellipses > 1) throw new ArgumentException("an index can only have a single ellipsis ('...')", nameof(indices));
        if (named > Dim)
            throw new ArgumentOutOfRangeException(nameof(indices), $"too many indices for tensor of dimension {Dim}: {named} given (shape {ShapeMath.Format(ShapeArray)})");
        return named;
    }

    private Tensor SelectAt(int dim, System.Index position)
    {
        int size = ShapeArray[dim];
        int i = position.IsFromEnd ? size - position.Value : position.Value;
        if (position.IsFromEnd && i < 0)   // ^k past the start: Select would wrap it as a negative index
            throw new ArgumentOutOfRangeException("indices", $"index ^{position.Value} is out of bounds for dimension {dim} with size {size}");
        return Select(dim, i);
    }

    // PyTorch's setitem drops a value's leading size-1 dims before broadcasting it (x[0] = ones(1, 4) fills a row of 4).
    private static Tensor WithoutLeadingOnes(Tensor value)
    {
        int k = 0;
        while (k < value.Dim && value.ShapeArray[k] == 1) k++;
        return k == 0 ? value : value.View(value.ShapeArray[k..]);
    }
}
