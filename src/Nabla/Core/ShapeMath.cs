using System.Numerics;

namespace Nabla;

/// <summary>Shape and stride arithmetic shared by every op: broadcasting, dims, strides.</summary>
internal static class ShapeMath
{
    /// <summary>
    /// Product of the sizes (1 for a 0-d shape), or an ArgumentException, before anything is allocated,
    /// for a shape no tensor can have (see <see cref="Fits"/>).
    /// </summary>
    public static int Numel(ReadOnlySpan<int> shape) => Fits(shape, out int count) ? count : throw Invalid(shape);

    /// <summary>
    /// Whether a tensor can have these sizes, and its element count if so: no size is negative, and the
    /// product of the nonzero sizes is at most <see cref="Array.MaxLength"/>. Zero sizes are left out of
    /// that product because the strides still multiply the other sizes ([0, 65536, 65536] would need a
    /// stride of 2^32, which an int stride wraps), so an empty tensor cannot hide an overflow.
    /// </summary>
    public static bool Fits<T>(ReadOnlySpan<T> shape, out int count) where T : IBinaryInteger<T>
    {
        long product = 1;   // of the nonzero sizes: each factor and the running product stay below 2^31, so it cannot wrap
        bool empty = false;
        foreach (T size in shape)
        {
            if (T.IsNegative(size) || size > T.CreateTruncating(Array.MaxLength)) { count = 0; return false; }
            long d = long.CreateTruncating(size);
            if (d == 0) empty = true;
            else if ((product *= d) > Array.MaxLength) { count = 0; return false; }
        }
        count = empty ? 0 : (int)product;
        return true;
    }

    /// <summary>The ArgumentException for a shape that does not <see cref="Fits"/>, worded as PyTorch's.</summary>
    public static ArgumentException Invalid(ReadOnlySpan<int> shape)
    {
        foreach (int d in shape)
            if (d < 0) return new ArgumentException($"Trying to create tensor with negative dimension {d}: {Format(shape)}");
        return Overflow(shape);
    }

    /// <summary>The ArgumentException for sizes whose product (negative ones and zeros counted as 1) exceeds <see cref="Array.MaxLength"/>.</summary>
    private static ArgumentException Overflow(ReadOnlySpan<int> shape)
    {
        BigInteger product = 1;
        foreach (int d in shape) product *= Math.Max(d, 1);
        string what = shape.Contains(0) ? $"its sizes other than 0 multiply to {product} (its strides still span them)" : $"{product} elements";
        return new ArgumentException($"Storage size calculation overflowed with sizes={Format(shape)}: {what}, more than one .NET array holds ({Array.MaxLength})");
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
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] >= 0) continue;
            if (shape[i] != -1) throw new ArgumentException($"invalid shape dimension {shape[i]} in {Format(requested)}");
            if (infer >= 0) throw new ArgumentException("only one dimension can be inferred");
            infer = i;
            shape[i] = 1;   // a placeholder, so that the other sizes are checked on their own
        }
        // Checked before any comparison with numel: sizes whose product overflows could otherwise wrap onto it.
        if (!Fits<int>(shape, out int known)) throw Overflow(requested);
        if (infer >= 0)
        {
            if (known == 0)
                throw new ArgumentException($"cannot reshape tensor of {numel} elements into shape {Format(requested)} because the unspecified dimension size -1 can be any value and is ambiguous");
            if (numel % known != 0)
                throw new ArgumentException($"shape '{Format(requested)}' is invalid for input of size {numel} (input shape {Format(from)})");
            shape[infer] = numel / known;
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
