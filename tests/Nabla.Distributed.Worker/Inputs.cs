using Nabla;

namespace Nabla.Distributed.Worker;

/// <summary>
/// What each rank feeds the collectives: small integers (exact in every dtype, so sums, products and
/// averages have one right answer), different per rank, and the layouts to feed them in. The tests
/// rebuild the same inputs to compute the expected results.
/// </summary>
public static class Inputs
{
    /// <summary>The dtypes collectives carry.</summary>
    public static readonly DType[] DTypes = [DType.Float32, DType.Float64, DType.Int64, DType.Int32];

    /// <summary>A layout: the shape of a fresh tensor and the view of it that the collective gets.</summary>
    public sealed record Layout(string Name, int[] BaseShape, Func<Tensor, Tensor> View);

    /// <summary>Dense, transposed, with gaps, at an offset, permuted, 0-d and empty.</summary>
    public static readonly Layout[] Layouts =
    [
        new("contiguous", [4, 6], t => t),
        new("transposed", [6, 4], t => t.T),
        new("gapped", [4, 6, 2], t => t[.., .., 1]),            // strides (12, 2), offset 1
        new("offset", [6, 6], t => t[2..]),                      // dense, starting at element 12
        new("permuted", [2, 3, 4], t => t.Permute(2, 0, 1)),
        new("scalar", [], t => t),
        new("empty", [0, 3], t => t),
    ];

    /// <summary>Integers in [-4, 4] that depend on the rank and a salt, in row-major order.</summary>
    public static Tensor Values(int rank, int[] shape, DType dtype, int salt = 0)
    {
        int count = shape.Aggregate(1, (a, b) => a * b);
        var values = new long[count];
        for (int i = 0; i < count; i++) values[i] = (i * 7 + rank * 5 + salt * 3) % 9 - 4;
        return Tensor.FromArray(values, shape).To(dtype);
    }
}
