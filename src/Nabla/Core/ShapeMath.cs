namespace Nabla;

/// <summary>Shape and stride arithmetic shared by every op: broadcasting, dims, strides.</summary>
internal static class ShapeMath
{
    /// <summary>Product of the sizes (1 for a 0-d shape).</summary>
    public static int Numel(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape) n *= d;
        if (n > Array.MaxLength) throw new ArgumentException($"A tensor of shape {Format(shape)} has {n} elements, more than one .NET array holds ({Array.MaxLength}).");
        return (int)n;
    }

    private static readonly int[] s_unitStride = [1];
    private static readonly int[][] s_zeroStrides = [.. Enumerable.Range(0, 9).Select(r => new int[r])];

    /// <summary>Row-major strides of a contiguous tensor of this shape.</summary>
    public static int[] ContiguousStrides(ReadOnlySpan<int> shape)
    {
        // Stride arrays are never mutated once a tensor owns them, so the two commonest can be shared.
        if (shape.Length == 0) return [];
        if (shape.Length == 1) return s_unitStride;
        var strides = new int[shape.Length];
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= Math.Max(shape[i], 1);
        }
        return strides;
    }

    /// <summary>True when a tensor with these strides is laid out row-major without gaps.</summary>
    public static bool IsContiguous(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides)
    {
        int expected = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            if (shape[i] == 1) continue;   // size-1 dims may have any stride, as in PyTorch
            if (shape[i] == 0) return true;
            if (strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /// <summary>Wraps a possibly negative dim into [0, rank), or throws as PyTorch does.</summary>
    public static int NormalizeDim(int dim, int rank)
    {
        int r = Math.Max(rank, 1);   // a 0-d tensor accepts dim 0 and -1
        if (dim < -r || dim >= r)
            throw new ArgumentOutOfRangeException(nameof(dim), $"Dimension out of range (expected to be in range of [{-r}, {r - 1}], but got {dim})");
        return dim < 0 ? dim + r : dim;
    }

    /// <summary>The broadcast shape of two shapes, or an ArgumentException naming both.</summary>
    public static int[] Broadcast(int[] a, int[] b)
    {
        // Shapes are never mutated once a tensor owns them, so the common cases can share the array.
        if (a.AsSpan().SequenceEqual(b) || b.Length == 0) return a;
        if (a.Length == 0) return b;
        return Broadcast((ReadOnlySpan<int>)a, b);
    }

    /// <summary>The broadcast shape of two shapes, or an ArgumentException naming both.</summary>
    public static int[] Broadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException(
                    $"The size of tensor a ({da}) must match the size of tensor b ({db}) at non-singleton dimension {i}: shapes {Format(a)} and {Format(b)} do not broadcast.");
            result[i] = da == 1 ? db : da;
        }
        return result;
    }

    /// <summary>
    /// Strides that read a tensor of <paramref name="shape"/>/<paramref name="strides"/> as if it
    /// had the (broadcast) shape <paramref name="target"/>: 0 along broadcast dims.
    /// </summary>
    public static int[] BroadcastStrides(ReadOnlySpan<int> shape, ReadOnlySpan<int> strides, ReadOnlySpan<int> target)
    {
        if (shape.Length == 0 && target.Length < s_zeroStrides.Length) return s_zeroStrides[target.Length];   // a 0-d operand: all zeros, shared
        var result = new int[target.Length];
        int lead = target.Length - shape.Length;
        for (int i = 0; i < shape.Length; i++)
            result[lead + i] = shape[i] == 1 && target[lead + i] != 1 ? 0 : strides[i];
        return result;
    }

    public static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);

    /// <summary>PyTorch's way to show a shape in messages: <c>[2, 3]</c>.</summary>
    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    /// <summary>Resolves one -1 in a requested shape against <paramref name="numel"/>.</summary>
    public static int[] InferShape(ReadOnlySpan<int> requested, int numel, ReadOnlySpan<int> from)
    {
        var shape = requested.ToArray();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == -1)
            {
                if (infer >= 0) throw new ArgumentException("only one dimension can be inferred");
                infer = i;
            }
            else if (shape[i] < 0) throw new ArgumentException($"invalid shape dimension {shape[i]} in {Format(requested)}");
            else known *= shape[i];
        }
        if (infer >= 0)
        {
            if (known == 0 || numel % known != 0)
                throw new ArgumentException($"shape '{Format(requested)}' is invalid for input of size {numel} (input shape {Format(from)})");
            shape[infer] = (int)(numel / known);
        }
        else if (known != numel)
            throw new ArgumentException($"shape '{Format(requested)}' is invalid for input of size {numel} (input shape {Format(from)})");
        return shape;
    }

    /// <summary>A boolean mask over <paramref name="rank"/> dims from a list of (possibly negative) dims.</summary>
    public static bool[] DimMask(ReadOnlySpan<int> dims, int rank)
    {
        var mask = new bool[rank];
        foreach (int d in dims)
        {
            int n = NormalizeDim(d, rank);
            if (rank == 0) continue;
            if (mask[n]) throw new ArgumentException($"dim {n} appears multiple times in the list of dims");
            mask[n] = true;
        }
        return mask;
    }
}
