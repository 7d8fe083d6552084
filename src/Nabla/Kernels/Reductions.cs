using System.Numerics;

namespace Nabla.Kernels;

/// <summary>Reductions at tensor level (no autograd).</summary>
internal static class Reductions
{
    /// <summary>Reduces the dims set in <paramref name="mask"/>; the result keeps them with size 1.</summary>
    public static Tensor Reduce<TOp>(Tensor x, bool[] mask) where TOp : IReduceOp
    {
        var shape = (int[])x.ShapeArray.Clone();
        for (int d = 0; d < shape.Length; d++) if (mask[d]) shape[d] = 1;
        var y = Tensor.Uninitialized(x.DType, shape);
        Dispatch.Run(x.DType, new ReduceAction<TOp>(y, x));
        return y;
    }

    private readonly struct ReduceAction<TOp>(Tensor y, Tensor x) : ITypedAction where TOp : IReduceOp
    {
        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            var data = y.Data<T>();
            if (y.Count == 1 && x.IsContiguous && x.Count >= 2 * WholeChunk)
            {
                data[y.Offset] = ReduceWhole<TOp, T>(x.Data<T>(), x.Offset, x.Count);
                return;
            }
            data.AsSpan().Fill(TOp.Identity<T>());
            var k = new ReduceKernel<TOp, T>(data, x.Data<T>());
            Strided.Run(ref k, x.ShapeArray, Operand.Broadcast(y, x.ShapeArray), Operand.Of(x), parallel: false);
        }
    }

    /// <summary>Elements per partial result of a whole-tensor reduction (256 KiB of float: a core's share of L2).</summary>
    private const int WholeChunk = 1 << 16;

    /// <summary>
    /// A whole contiguous tensor reduced to one value: fixed-size chunks reduce to partials, spread over the
    /// worker team, which then combine in chunk order. The chunks do not depend on the thread count, so the
    /// result is the same on one thread as on many (and summing 64 Ki values at a time is more accurate
    /// than one running sum over millions).
    /// </summary>
    private static T ReduceWhole<TOp, T>(T[] x, int offset, int count) where TOp : IReduceOp where T : unmanaged, INumber<T>
    {
        int chunks = (count + WholeChunk - 1) / WholeChunk;
        var partials = new T[chunks];
        int groups = Math.Min(chunks, Workers.Count * 4);
        Workers.For(groups, g =>
        {
            for (int c = (int)((long)chunks * g / groups), end = (int)((long)chunks * (g + 1) / groups); c < end; c++)
            {
                int start = c * WholeChunk;
                partials[c] = TOp.Reduce<T>(x.AsSpan(offset + start, Math.Min(WholeChunk, count - start)));
            }
        });
        T r = partials[0];
        for (int c = 1; c < chunks; c++) r = TOp.Combine(r, partials[c]);
        return r;
    }

    /// <summary>Max or min along <paramref name="dim"/> with int64 indices; the dim is removed.</summary>
    public static (Tensor? Values, Tensor Indices) ArgExtreme(Tensor x, int dim, bool max, bool wantValues)
    {
        var outShape = Without(x.ShapeArray, dim);
        var values = wantValues ? Tensor.Uninitialized(x.DType, outShape) : null;
        var indices = Tensor.Uninitialized(DType.Int64, outShape);
        Dispatch.Run(x.DType, new ArgAction(values, indices, x, dim, max));
        return (values, indices);
    }

    private readonly struct ArgAction(Tensor? values, Tensor indices, Tensor x, int dim, bool max) : ITypedAction
    {
        public void Invoke<T>() where T : unmanaged, INumber<T>
        {
            var k = new ArgExtremeKernel<T>(values?.Data<T>() ?? [], indices.Data<long>(), x.Data<T>(), x.ShapeArray[dim], x.StrideArray[dim], max);
            Strided.Run(ref k, indices.ShapeArray, values is null ? default : Operand.Of(values), Operand.Of(indices),
                new Operand(Without(x.StrideArray, dim), x.Offset));
        }
    }

    public static int[] Without(int[] a, int dim)
    {
        var r = new int[a.Length - 1];
        for (int i = 0, j = 0; i < a.Length; i++) if (i != dim) r[j++] = a[i];
        return r;
    }
}
