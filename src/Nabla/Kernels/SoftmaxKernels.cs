using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// Softmax and log-softmax along the last dim of a contiguous tensor, and their backward, fused:
/// each row is read a few times while it sits in cache, instead of once per composed op with a
/// new buffer each time. Rows run in parallel for large inputs.
/// </summary>
internal static class SoftmaxKernels
{
    private const int ParallelThreshold = 1 << 16;

    /// <summary>True when the fused kernels apply: a floating, contiguous tensor reduced along its last dim.</summary>
    public static bool Applies(Tensor x, int dim) => x.Dim > 0 && dim == x.Dim - 1 && x.IsContiguous && x.DType.IsFloatingPoint() && x.Count > 0;

    /// <summary>y = softmax(x) (or log-softmax) along the last dim.</summary>
    public static Tensor Forward(Tensor x, bool log)
    {
        var y = Tensor.Uninitialized(x.DType, x.ShapeArray);
        int n = x.ShapeArray[^1], rows = x.Count / n;
        if (x.DType == DType.Float32) ForRows(rows, n, r => Row(x.Data<float>().AsSpan(x.Offset + r * n, n), y.Data<float>().AsSpan(r * n, n), log));
        else ForRows(rows, n, r => Row(x.Data<double>().AsSpan(x.Offset + r * n, n), y.Data<double>().AsSpan(r * n, n), log));
        GC.KeepAlive(x);
        return y;
    }

    /// <summary>dx from g and y: y ⊙ (g - Σ g⊙y) for softmax, g - e^y ⊙ Σ g for log-softmax (g, y contiguous, same shape).</summary>
    public static Tensor Backward(Tensor g, Tensor y, bool log)
    {
        var dx = Tensor.Uninitialized(y.DType, y.ShapeArray);
        int n = y.ShapeArray[^1], rows = y.Count / n;
        if (y.DType == DType.Float32)
            ForRows(rows, n, r => RowBackward(g.Data<float>().AsSpan(g.Offset + r * n, n), y.Data<float>().AsSpan(y.Offset + r * n, n), dx.Data<float>().AsSpan(r * n, n), log));
        else
            ForRows(rows, n, r => RowBackward(g.Data<double>().AsSpan(g.Offset + r * n, n), y.Data<double>().AsSpan(y.Offset + r * n, n), dx.Data<double>().AsSpan(r * n, n), log));
        GC.KeepAlive(g);
        GC.KeepAlive(y);
        return dx;
    }

    private static void ForRows(int rows, int n, Action<int> row)
    {
        if ((long)rows * n < ParallelThreshold || rows == 1 || Workers.Count == 1)
            for (int r = 0; r < rows; r++) row(r);
        else
            Workers.For(Workers.Count, w =>
            {
                int from = (int)((long)rows * w / Workers.Count), to = (int)((long)rows * (w + 1) / Workers.Count);
                for (int r = from; r < to; r++) row(r);
            });
    }

    // Stable: subtract the row max before exponentiating. With AVX-512, float32 rows exponentiate and sum
    // in one pass (FloatExp); otherwise rows take TensorPrimitives' passes.
    private static void Row<T>(ReadOnlySpan<T> x, Span<T> y, bool log) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && FloatExp.IsAccelerated)
        {
            float m = FloatExp.Max(Fp.F(x));
            if (log) TensorPrimitives.Subtract(Fp.F(x), m + MathF.Log(FloatExp.SumExpShifted(Fp.F(x), m)), Fp.F(y));
            else TensorPrimitives.Multiply(Fp.F(y), 1f / FloatExp.ExpShifted(Fp.F(x), m, Fp.F(y)), Fp.F(y));
            return;
        }
        T max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        if (log)
        {
            TensorPrimitives.Subtract(y, T.Log(SumExp<T>(y)), y);
            return;
        }
        TensorPrimitives.Exp(y, y);
        TensorPrimitives.Multiply(y, T.One / TensorPrimitives.Sum<T>(y), y);
    }

    // Σ e^v in blocks through a small stack buffer, leaving v untouched.
    private static T SumExp<T>(ReadOnlySpan<T> v) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> block = stackalloc T[128];
        T sum = T.Zero;
        for (int i = 0; i < v.Length; i += block.Length)
        {
            var part = v.Slice(i, Math.Min(block.Length, v.Length - i));
            TensorPrimitives.Exp(part, block[..part.Length]);
            sum += TensorPrimitives.Sum<T>(block[..part.Length]);
        }
        return sum;
    }

    // softmax: dx = y ⊙ (g - Σ g⊙y); log-softmax: dx = g - e^y ⊙ Σ g.
    private static void RowBackward<T>(ReadOnlySpan<T> g, ReadOnlySpan<T> y, Span<T> dx, bool log) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (log)
        {
            ExpOp.Apply(y, dx);
            TensorPrimitives.MultiplyAdd(dx, -TensorPrimitives.Sum(g), g, dx);
            return;
        }
        TensorPrimitives.Subtract(g, TensorPrimitives.Dot(g, y), dx);
        TensorPrimitives.Multiply(dx, y, dx);
    }
}
