namespace Nabla.Kernels;

/// <summary>Where a tensor is nonzero (true): nonzero, argwhere, and the masks of indexing and masked_* ops.</summary>
internal static class Masks
{
    /// <summary>The row-major positions of the nonzero elements of <paramref name="x"/> read as if it had the (broadcast) <paramref name="shape"/>.</summary>
    public static long[] NonzeroPositions(Tensor x, int[] shape)
    {
        var flags = Tensor.Uninitialized(DType.Bool, shape);
        Compute.CopyInto(flags, x);   // to bool: x != 0 (NaN counts as nonzero, as in PyTorch)
        var bytes = flags.Data<byte>().AsSpan(0, flags.Count);
        var positions = new long[bytes.Count((byte)1)];
        for (int k = 0, at = bytes.IndexOf((byte)1); at >= 0; k++)
        {
            positions[k] = at;
            int next = bytes[(at + 1)..].IndexOf((byte)1);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return positions;
    }

    /// <summary>The coordinates of the nonzero elements of <paramref name="x"/>, one row each in row-major order: int64 [n, x.Dim] (torch.nonzero).</summary>
    public static Tensor Nonzero(Tensor x)
    {
        var positions = NonzeroPositions(x, x.ShapeArray);
        int rank = x.Dim;
        var coordinates = new long[positions.Length * rank];
        for (int k = 0; k < positions.Length; k++)
        {
            long rest = positions[k];
            for (int d = rank - 1; d >= 0; d--)
            {
                coordinates[k * rank + d] = rest % x.ShapeArray[d];
                rest /= x.ShapeArray[d];
            }
        }
        return new Tensor(Storage.Wrap(coordinates), [positions.Length, rank]);
    }
}
