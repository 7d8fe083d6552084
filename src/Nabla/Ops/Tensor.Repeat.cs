using Nabla.Kernels;

namespace Nabla;

// Copies that repeat or rotate the elements: repeat, tile, repeat_interleave, roll.
public partial class Tensor
{
    /// <summary>
    /// The tensor repeated <paramref name="repeats"/>[i] times along each dim (extra leading repeats add dims),
    /// like <c>x.repeat(2, 3)</c> (node <c>RepeatBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">For fewer repeats than dims, or a negative repeat.</exception>
    public Tensor Repeat(params ReadOnlySpan<int> repeats)
    {
        if (repeats.Length < Dim)
            throw new ArgumentException($"Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor (repeats {ShapeMath.Format(repeats)}, tensor shape {ShapeMath.Format(ShapeArray)})", nameof(repeats));
        foreach (int r in repeats)
            if (r < 0) throw new ArgumentException($"Trying to create tensor with negative dimension {r}: {ShapeMath.Format(repeats)}", nameof(repeats));
        // [s₀, s₁] viewed as [1, s₀, 1, s₁], expanded to [r₀, s₀, r₁, s₁] and copied: the copies are the outer index of each pair.
        int lead = repeats.Length - Dim;
        var pairs = new int[2 * repeats.Length];
        var expanded = new int[2 * repeats.Length];
        var shape = new int[repeats.Length];
        for (int i = 0; i < repeats.Length; i++)
        {
            int size = i < lead ? 1 : ShapeArray[i - lead];
            (pairs[2 * i], pairs[2 * i + 1]) = (1, size);
            (expanded[2 * i], expanded[2 * i + 1]) = (repeats[i], size);
            shape[i] = repeats[i] * size;
        }
        var copy = Compute.Clone(Detach().Reshape(pairs).Expand(expanded));
        return Derivatives.Repeat.Record(copy.AsFreshShape(shape), [this], repeats.ToArray());
    }

    /// <summary>
    /// The tensor repeated <paramref name="dims"/>[i] times along each dim, like <c>x.tile(2, 3)</c>: fewer
    /// entries than dims repeat the trailing dims (missing ones count as 1), so the node is <c>RepeatBackward0</c>.
    /// </summary>
    public Tensor Tile(params ReadOnlySpan<int> dims)
    {
        if (dims.Length >= Dim) return Repeat(dims);
        var repeats = new int[Dim];
        Array.Fill(repeats, 1);
        dims.CopyTo(repeats.AsSpan(Dim - dims.Length));
        return Repeat(repeats);
    }

    /// <summary>
    /// Each element repeated <paramref name="repeats"/> times in place along <paramref name="dim"/> (null: over the
    /// flattened tensor), like <c>x.repeat_interleave(2, dim)</c>: [a, b] → [a, a, b, b]. As in PyTorch it is an
    /// unsqueeze, expand and copy, so the graph ends in <c>ViewBackward0</c>.
    /// </summary>
    /// <exception cref="ArgumentException">For a negative count.</exception>
    public Tensor RepeatInterleave(int repeats, int? dim = null)
    {
        if (repeats < 0) throw new ArgumentException($"Repeats must be non-negative, got {repeats}", nameof(repeats));
        var (input, d) = InterleaveInput(dim);
        var unsqueezed = input.Unsqueeze(d + 1);
        var shape = unsqueezed.Shape.ToArray();
        shape[d + 1] = repeats;
        return unsqueezed.Expand(shape).Clone().Flatten(d, d + 1);
    }

    /// <summary>
    /// Element i along <paramref name="dim"/> (null: of the flattened tensor) repeated <paramref name="repeats"/>[i]
    /// times, like <c>x.repeat_interleave(repeats, dim)</c> with an int64 or int32 tensor of counts (0-d, or 1-d with
    /// one count per element); as in PyTorch an index_select (node <c>IndexSelectBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">For a non-integer, negative or wrongly sized <paramref name="repeats"/>.</exception>
    public Tensor RepeatInterleave(Tensor repeats, int? dim = null)
    {
        ArgumentNullException.ThrowIfNull(repeats);
        if (repeats.DType is not (DType.Int64 or DType.Int32))
            throw new ArgumentException($"repeats has to be Long or Int tensor, got {repeats.DType.Name()}", nameof(repeats));
        var (input, d) = InterleaveInput(dim);
        int size = input.ShapeArray[d];
        if (repeats.Dim > 1) throw new ArgumentException($"repeats must be 0-dim or 1-dim tensor, got shape {ShapeMath.Format(repeats.ShapeArray)}", nameof(repeats));
        var counts = Compute.Cast(repeats, DType.Int64).ToArray<long>();
        if (counts.Length != 1 && counts.Length != size)
            throw new ArgumentException($"repeats must have the same size as input along dim, but got repeats.size(0) = {counts.Length} and input.size({d}) = {size}", nameof(repeats));
        if (counts.Any(c => c < 0)) throw new ArgumentException("repeats can not be negative", nameof(repeats));
        var index = new List<long>();
        for (int i = 0; i < size; i++)
            for (long k = counts.Length == 1 ? counts[0] : counts[i]; k > 0; k--) index.Add(i);
        return input.IndexSelect(d, FromArray(index.ToArray()));
    }

    // repeat_interleave without a dim works on the flattened tensor, along dim 0.
    private (Tensor Input, int Dim) InterleaveInput(int? dim) => dim is { } d ? (this, ShapeMath.NormalizeDim(d, Dim)) : (Flatten(), 0);

    /// <summary>
    /// The elements shifted by <paramref name="shifts"/> along <paramref name="dims"/> (null: over the flattened
    /// tensor, keeping its shape), those pushed past the end coming back at the start, like <c>x.roll(1, 0)</c>
    /// (node <c>RollBackward0</c>).
    /// </summary>
    public Tensor Roll(int shifts, int? dims = null) => dims is { } d ? RollCore([shifts], [d]) : RollCore([shifts], []);

    /// <summary>The elements shifted by <paramref name="shifts"/>[i] along <paramref name="dims"/>[i], like <c>x.roll((1, 2), (0, 1))</c> (node <c>RollBackward0</c>).</summary>
    /// <exception cref="ArgumentException">When the two lists differ in length, or are empty.</exception>
    public Tensor Roll(int[] shifts, int[] dims)
    {
        ArgumentNullException.ThrowIfNull(shifts);
        ArgumentNullException.ThrowIfNull(dims);
        if (shifts.Length == 0) throw new ArgumentException("`shifts` required", nameof(shifts));
        if (dims.Length == 0 && shifts.Length == 1) return RollCore(shifts, []);
        if (shifts.Length != dims.Length) throw new ArgumentException($"shifts and dimensions must align. shifts: {shifts.Length}, dims:{dims.Length}", nameof(dims));
        return RollCore(shifts, [.. dims.Select(d => ShapeMath.NormalizeDim(d, Dim))]);
    }

    /// <summary>roll with normalised dims (none: the flattened tensor), recorded; its backward rolls back.</summary>
    internal Tensor RollCore(int[] shifts, int[] dims)
    {
        Tensor rolled;
        if (dims.Length == 0)
        {
            var flat = IsContiguous ? new Tensor(Storage, [Count], [1], Offset) : Compute.Clone(this).AsFreshShape([Count]);
            rolled = RotatedCopy(flat, 0, shifts[0]).AsFreshShape(ShapeArray);
        }
        else
        {
            rolled = Detach();
            for (int i = 0; i < dims.Length; i++) rolled = RotatedCopy(rolled, dims[i], shifts[i]);
        }
        return Derivatives.Roll.Record(rolled, [this], (shifts, dims));
    }

    // A new contiguous tensor: x rotated by `shift` along `dim` (x records nothing: a detached or fresh tensor).
    private static Tensor RotatedCopy(Tensor x, int dim, int shift)
    {
        int n = x.Dim == 0 ? 1 : x.ShapeArray[dim];
        int s = n == 0 ? 0 : ((shift % n) + n) % n;
        if (s == 0 || x.Dim == 0) return Compute.Clone(x);
        var y = Uninitialized(x.DType, x.ShapeArray);
        Compute.CopyInto(y.Narrow(dim, s, n - s), x.Narrow(dim, 0, n - s));
        Compute.CopyInto(y.Narrow(dim, 0, s), x.Narrow(dim, n - s, s));
        return y;
    }

    /// <summary>This new contiguous tensor's buffer with another shape of the same size: not a view (nothing else holds the buffer).</summary>
    private Tensor AsFreshShape(int[] shape) => new(Storage, shape, ShapeMath.ContiguousStrides(shape), Offset);
}
