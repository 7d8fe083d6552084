using Nabla.Kernels;

namespace Nabla;

// Views and reshapes: the result shares storage with the input wherever PyTorch's does.
public partial class Tensor
{
    /// <summary>A view of this tensor's storage with other metadata.</summary>
    internal Tensor ViewAs(int[] shape, int[] strides, int offset) => new Tensor(Storage, shape, strides, offset).AsViewOf(this);

    /// <summary>The transpose of a 2-d tensor (0-d and 1-d tensors are returned as they are), like <c>x.T</c>.</summary>
    public Tensor T
    {
        get
        {
            if (Dim > 2)
                throw new InvalidOperationException(
                    $"T expects a tensor with <= 2 dimensions, but this one has {Dim} (shape {ShapeMath.Format(ShapeArray)}): use MT to transpose the last two dims of a batch of matrices, or Permute to reverse all dims");
            var view = Dim < 2 ? ViewAs(ShapeArray, StrideArray, Offset) : ViewAs([ShapeArray[1], ShapeArray[0]], [StrideArray[1], StrideArray[0]], Offset);
            return Derivatives.T.Record(view, this);
        }
    }

    /// <summary>The last two dims swapped (a view of a batch of matrices), like <c>x.mT</c>.</summary>
    /// <exception cref="InvalidOperationException">For a tensor of fewer than 2 dims.</exception>
    public Tensor MT => Dim >= 2
        ? Transpose(-2, -1)
        : throw new InvalidOperationException($"tensor.mT is only supported on matrices or batches of matrices. Got {Dim}-D tensor.");

    /// <summary>Swaps two dims (a view), like <c>x.transpose(0, 1)</c>.</summary>
    public Tensor Transpose(int dim0, int dim1)
    {
        int a = ShapeMath.NormalizeDim(dim0, Dim), b = ShapeMath.NormalizeDim(dim1, Dim);
        var shape = (int[])ShapeArray.Clone();
        var strides = (int[])StrideArray.Clone();
        if (Dim > 0)
        {
            (shape[a], shape[b]) = (shape[b], shape[a]);
            (strides[a], strides[b]) = (strides[b], strides[a]);
        }
        return Derivatives.Transpose.Record(ViewAs(shape, strides, Offset), [this], (a, b));
    }

    /// <summary>Reorders the dims (a view), like <c>x.permute(2, 0, 1)</c>.</summary>
    public Tensor Permute(params ReadOnlySpan<int> dims)
    {
        if (dims.Length != Dim)
            throw new ArgumentException($"permute: number of dims don't match: the tensor has {Dim} dims (shape {ShapeMath.Format(ShapeArray)}) but {dims.Length} were given");
        var order = new int[Dim];
        var inverse = new int[Dim];
        var seen = new bool[Dim];
        var shape = new int[Dim];
        var strides = new int[Dim];
        for (int i = 0; i < Dim; i++)
        {
            int d = ShapeMath.NormalizeDim(dims[i], Dim);
            if (seen[d]) throw new ArgumentException($"permute: repeated dim {d} in {ShapeMath.Format(dims)}");
            seen[d] = true;
            order[i] = d;
            inverse[d] = i;
            shape[i] = ShapeArray[d];
            strides[i] = StrideArray[d];
        }
        return Derivatives.Permute.Record(ViewAs(shape, strides, Offset), [this], inverse);
    }

    /// <summary>The same elements with another shape, sharing storage (one dim may be -1), like <c>x.view(3, 2)</c>.</summary>
    /// <exception cref="InvalidOperationException">When the strides make a view impossible; use <see cref="Reshape"/>.</exception>
    public Tensor View(params ReadOnlySpan<int> shape)
    {
        var newShape = ShapeMath.InferShape(shape, Count, ShapeArray);
        var strides = ViewStrides(newShape) ?? throw new InvalidOperationException(
            $"view size {ShapeMath.Format(newShape)} is not compatible with input tensor's size {ShapeMath.Format(ShapeArray)} and stride {ShapeMath.Format(StrideArray)} " +
            "(at least one dimension spans across two contiguous subspaces). Use .Reshape(...) instead.");
        return Derivatives.View.Record(ViewAs(newShape, strides, Offset), this);
    }

    /// <summary>The same elements with another shape: a view when possible, else a copy, like <c>x.reshape(-1)</c>.</summary>
    public Tensor Reshape(params ReadOnlySpan<int> shape)
    {
        var newShape = ShapeMath.InferShape(shape, Count, ShapeArray);
        if (ViewStrides(newShape) is not null) return View(newShape);
        return Contiguous().UnsafeView(newShape);
    }

    /// <summary>Flattens dims <paramref name="startDim"/>..<paramref name="endDim"/> into one, like <c>x.flatten(1)</c>.</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        if (Dim == 0) return Reshape(1);
        int s = ShapeMath.NormalizeDim(startDim, Dim), e = ShapeMath.NormalizeDim(endDim, Dim);
        if (s > e) throw new ArgumentException($"flatten() has invalid args: startDim ({startDim}) cannot come after endDim ({endDim})");
        if (s == e) return this;
        var shape = new List<int>();
        for (int d = 0; d < s; d++) shape.Add(ShapeArray[d]);
        int merged = 1;
        for (int d = s; d <= e; d++) merged *= ShapeArray[d];
        shape.Add(merged);
        for (int d = e + 1; d < Dim; d++) shape.Add(ShapeArray[d]);
        return Reshape([.. shape]);
    }

    /// <summary>Removes every size-1 dim (a view), like <c>x.squeeze()</c>.</summary>
    public Tensor Squeeze()
    {
        var keep = Enumerable.Range(0, Dim).Where(d => ShapeArray[d] != 1).ToArray();
        return Derivatives.Squeeze.Record(ViewAs([.. keep.Select(d => ShapeArray[d])], [.. keep.Select(d => StrideArray[d])], Offset), this);
    }

    /// <summary>Removes dim <paramref name="dim"/> if its size is 1 (a view), like <c>x.squeeze(0)</c>.</summary>
    public Tensor Squeeze(int dim)
    {
        int d = ShapeMath.NormalizeDim(dim, Dim);
        var view = Dim == 0 || ShapeArray[d] != 1
            ? ViewAs(ShapeArray, StrideArray, Offset)
            : ViewAs(Reductions.Without(ShapeArray, d), Reductions.Without(StrideArray, d), Offset);
        return Derivatives.SqueezeDim.Record(view, this);
    }

    /// <summary>Inserts a size-1 dim at <paramref name="dim"/> (a view), like <c>x.unsqueeze(0)</c>.</summary>
    public Tensor Unsqueeze(int dim)
    {
        int d = ShapeMath.NormalizeDim(dim, Dim + 1);
        var shape = ShapeArray.ToList();
        var strides = StrideArray.ToList();
        shape.Insert(d, 1);
        strides.Insert(d, d < Dim ? StrideArray[d] * ShapeArray[d] : 1);
        return Derivatives.Unsqueeze.Record(ViewAs([.. shape], [.. strides], Offset), [this], d);
    }

    /// <summary>Repeats size-1 dims to a larger size without copying (stride 0), like <c>x.expand(4, 2, 3)</c>; -1 keeps a size.</summary>
    public Tensor Expand(params ReadOnlySpan<int> sizes)
    {
        if (sizes.Length < Dim)
            throw new ArgumentException($"expand: the number of sizes provided ({sizes.Length}) must be greater or equal to the number of dimensions in the tensor ({Dim})");
        var shape = new int[sizes.Length];
        var strides = new int[sizes.Length];
        int lead = sizes.Length - Dim;
        for (int i = 0; i < sizes.Length; i++)
        {
            int own = i >= lead ? ShapeArray[i - lead] : 1;
            int want = sizes[i] == -1 && i >= lead ? own : sizes[i];
            if (want < 0 || (own != 1 && own != want))
                throw new ArgumentException(
                    $"The expanded size of the tensor ({sizes[i]}) must match the existing size ({own}) at non-singleton dimension {i}. Target sizes: {ShapeMath.Format(sizes)}. Tensor sizes: {ShapeMath.Format(ShapeArray)}");
            shape[i] = want;
            strides[i] = i < lead || (own == 1 && want != 1) ? 0 : StrideArray[i - lead];
        }
        ShapeMath.Numel(shape);   // a view too large to count throws here, not at its first use
        return Derivatives.Expand.Record(ViewAs(shape, strides, Offset), this);
    }

    /// <summary>A copy with the order of the elements reversed along each of <paramref name="dims"/>, like <c>torch.flip</c>.</summary>
    /// <exception cref="ArgumentException">When a dim appears twice.</exception>
    public Tensor Flip(params ReadOnlySpan<int> dims)
    {
        var mask = ShapeMath.DimMask(dims, Dim);
        var strides = (int[])StrideArray.Clone();
        int offset = Offset;
        for (int d = 0; d < Dim; d++)
            if (mask[d] && ShapeArray[d] > 1)   // read backwards: start at the last element, step back
            {
                offset += (ShapeArray[d] - 1) * strides[d];
                strides[d] = -strides[d];
            }
        var result = Compute.Clone(new Tensor(Storage, ShapeArray, strides, offset));
        return Derivatives.Flip.Record(result, [this], [.. Enumerable.Range(0, Dim).Where(d => mask[d])]);
    }

    /// <summary>This tensor if it is contiguous, else a contiguous copy, like <c>x.contiguous()</c>.</summary>
    public Tensor Contiguous() => IsContiguous ? this : Clone();

    /// <summary>A copy with its own storage that stays in the graph, like <c>x.clone()</c>.</summary>
    public Tensor Clone() => Derivatives.Clone.Record(Compute.Clone(this), this);

    /// <summary>
    /// Sums a broadcast gradient back to <paramref name="shape"/>: over the leading dims and over
    /// dims where <paramref name="shape"/> has size 1 (PyTorch's <c>sum_to</c>).
    /// </summary>
    internal Tensor SumTo(int[] shape)
    {
        if (ShapeMath.SameShape(ShapeArray, shape)) return this;
        int lead = Dim - shape.Length;
        var dims = new List<int>();
        for (int d = 0; d < Dim; d++)
            if (d < lead || (shape[d - lead] == 1 && ShapeArray[d] != 1)) dims.Add(d);
        var summed = dims.Count > 0 ? Sum([.. dims], keepDim: true) : this;
        return ShapeMath.SameShape(summed.ShapeArray, shape) ? summed : summed.View(shape);
    }

    /// <summary>PyTorch's <c>computeStride</c>: strides that view this tensor as <paramref name="shape"/>, or null if none exist.</summary>
    private int[]? ViewStrides(int[] shape)
    {
        if (Dim == 0 || Count == 0) return ShapeMath.ContiguousStrides(shape);
        var strides = new int[shape.Length];
        int viewD = shape.Length - 1;
        long chunkBase = StrideArray[Dim - 1], tensorNumel = 1, viewNumel = 1;
        for (int d = Dim - 1; d >= 0; d--)
        {
            tensorNumel *= ShapeArray[d];
            // A chunk ends where the next outer dim does not continue it contiguously.
            if (d == 0 || (ShapeArray[d - 1] != 1 && StrideArray[d - 1] != tensorNumel * chunkBase))
            {
                while (viewD >= 0 && (viewNumel < tensorNumel || shape[viewD] == 1))
                {
                    strides[viewD] = (int)(viewNumel * chunkBase);
                    viewNumel *= shape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) return null;
                if (d > 0)
                {
                    chunkBase = StrideArray[d - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        return viewD == -1 ? strides : null;
    }
}
