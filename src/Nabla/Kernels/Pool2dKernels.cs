using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>
/// Max and average pooling over the last two dims of a contiguous float tensor (every leading dim
/// is a "plane" pooled on its own), and the adjoint of average pooling. No autograd here.
/// </summary>
internal static class Pool2dKernels
{
    /// <summary>The maximum of each window (NaN wins, as in PyTorch) and its flat index h·W + w within the plane (int64).</summary>
    public static (Tensor Values, Tensor Indices) Max(Tensor x, PoolWindows p)
    {
        var shape = OutputShape(x.ShapeArray, p);
        var values = Tensor.Uninitialized(x.DType, shape);
        var indices = Tensor.Uninitialized(DType.Int64, shape);
        if (x.DType == DType.Float32) Max(x.Data<float>(), x.Offset, values.Data<float>(), indices.Data<long>(), p);
        else Max(x.Data<double>(), x.Offset, values.Data<double>(), indices.Data<long>(), p);
        GC.KeepAlive(x);   // inputs stay reachable (their pooled buffers unrecycled) until the kernel is done
        return (values, indices);
    }

    /// <summary>The mean of each window: its sum divided by its entry of <paramref name="divisor"/> (one per output position, row-major).</summary>
    public static Tensor Average(Tensor x, PoolWindows p, int[] divisor)
    {
        var y = Tensor.Uninitialized(x.DType, OutputShape(x.ShapeArray, p));
        if (x.DType == DType.Float32) Average(x.Data<float>(), x.Offset, y.Data<float>(), p, divisor);
        else Average(x.Data<double>(), x.Offset, y.Data<double>(), p, divisor);
        GC.KeepAlive(x);   // inputs stay reachable (their pooled buffers unrecycled) until the kernel is done
        return y;
    }

    /// <summary>The adjoint of <see cref="Average"/>: each output gradient spread evenly over its window, into <paramref name="inputShape"/>.</summary>
    public static Tensor AverageBackward(Tensor gradOutput, int[] inputShape, PoolWindows p, int[] divisor)
    {
        var dx = Tensor.Zeros(inputShape, gradOutput.DType);
        if (dx.DType == DType.Float32) AverageBackward(gradOutput.Data<float>(), gradOutput.Offset, dx.Data<float>(), p, divisor);
        else AverageBackward(gradOutput.Data<double>(), gradOutput.Offset, dx.Data<double>(), p, divisor);
        GC.KeepAlive(gradOutput);   // inputs stay reachable (their pooled buffers unrecycled) until the kernel is done
        return dx;
    }

    /// <summary>
    /// The gradient of max pooling without a graph: each output gradient added at the flat index its window
    /// picked (within its plane) of a zeroed <paramref name="inputShape"/>. Plane by plane, each cleared
    /// just before its gradients land, so both passes stay in L1; the composite form (a zeroed tensor,
    /// then scatter_add, which autograd can differentiate) made the two passes over the whole input.
    /// <paramref name="gy"/> (the output gradient) and <paramref name="at"/> (the indices) are contiguous.
    /// </summary>
    public static Tensor MaxBackward(Tensor gy, Tensor at, int[] inputShape)
    {
        var dx = Tensor.Uninitialized(gy.DType, inputShape);
        int plane = inputShape[^1] * inputShape[^2], outPlane = gy.Size(-1) * gy.Size(-2);
        if (dx.DType == DType.Float32) MaxBackward(gy.Data<float>(), gy.Offset, at.Data<long>(), at.Offset, dx.Data<float>(), plane, outPlane);
        else MaxBackward(gy.Data<double>(), gy.Offset, at.Data<long>(), at.Offset, dx.Data<double>(), plane, outPlane);
        GC.KeepAlive(gy);   // inputs stay reachable (their pooled buffers unrecycled) until the kernel is done
        GC.KeepAlive(at);
        return dx;
    }

    private static void MaxBackward<T>(T[] gy, int gyOffset, long[] indices, int indexOffset, T[] dx, int plane, int outPlane)
        where T : unmanaged, INumber<T>
    {
        int planes = plane == 0 ? 0 : dx.Length / plane;
        Batches.RunStreaming(planes, plane, (start, end, _) =>
        {
            for (int c = start; c < end; c++)
            {
                var d = dx.AsSpan(c * plane, plane);
                d.Clear();
                var g = gy.AsSpan(gyOffset + c * outPlane, outPlane);
                var at = indices.AsSpan(indexOffset + c * outPlane, outPlane);
                for (int o = 0; o < g.Length; o++) d[(int)at[o]] += g[o];
            }
        });
    }

    private static int[] OutputShape(int[] input, PoolWindows p) => [.. input[..^2], p.OH, p.OW];

    private static int Planes(int length, PoolWindows p) => length / (p.OH * p.OW);

    private static void Max<T>(T[] x, int xOffset, T[] y, long[] indices, PoolWindows p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int planes = Planes(y.Length, p), plane = p.H * p.W, outPlane = p.OH * p.OW;
        if (IsTwoByTwo(p))
        {
            Batches.RunStreaming(planes, plane, (start, end, _) => MaxTwoByTwo(x, xOffset, y, indices, p, start, end));
            return;
        }
        Batches.RunStreaming(planes, plane, (start, end, _) =>
        {
            for (int c = start; c < end; c++)
                for (int i = 0, o = c * outPlane; i < p.OH; i++)
                    for (int j = 0; j < p.OW; j++, o++)
                    {
                        int at = p.RowStart[i] * p.W + p.ColStart[j];
                        T best = x[xOffset + c * plane + at];
                        for (int h = p.RowStart[i]; h < p.RowEnd[i]; h++)
                            for (int w = p.ColStart[j]; w < p.ColEnd[j]; w++)
                            {
                                T v = x[xOffset + c * plane + h * p.W + w];
                                if (v > best || T.IsNaN(v)) { best = v; at = h * p.W + w; }
                            }
                        y[o] = best;
                        indices[o] = at;
                    }
        });
    }

    // The common CNN pooling (2×2 windows, stride 2, no padding) with straight row reads: the general
    // loop's per-window bounds cost ~5 ns per input element; this is a few times faster. Same order of
    // comparison as the general loop, so the same element wins ties and NaN.
    private static bool IsTwoByTwo(PoolWindows p)
    {
        for (int i = 0; i < p.OH; i++) if (p.RowStart[i] != 2 * i || p.RowEnd[i] != 2 * i + 2) return false;
        for (int j = 0; j < p.OW; j++) if (p.ColStart[j] != 2 * j || p.ColEnd[j] != 2 * j + 2) return false;
        return true;
    }

    private static void MaxTwoByTwo<T>(T[] x, int xOffset, T[] y, long[] indices, PoolWindows p, int start, int end) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int plane = p.H * p.W, outPlane = p.OH * p.OW, w = p.W;
        for (int c = start; c < end; c++)
            for (int i = 0; i < p.OH; i++)
            {
                var top = x.AsSpan(xOffset + c * plane + 2 * i * w, w);
                var bottom = x.AsSpan(xOffset + c * plane + (2 * i + 1) * w, w);
                var values = y.AsSpan(c * outPlane + i * p.OW, p.OW);
                var at = indices.AsSpan(c * outPlane + i * p.OW, p.OW);
                if (typeof(T) == typeof(float) && Vector128.IsHardwareAccelerated)
                {
                    MaxTwoByTwoRow(Fp.F((ReadOnlySpan<T>)top), Fp.F((ReadOnlySpan<T>)bottom), Fp.F(values), at, 2 * i * w);
                    continue;
                }
                int row = 2 * i * w;
                for (int j = 0; j < values.Length; j++)
                {
                    int col = 2 * j;
                    T best = top[col];
                    int index = row + col;
                    if (top[col + 1] > best || T.IsNaN(top[col + 1])) { best = top[col + 1]; index = row + col + 1; }
                    if (bottom[col] > best || T.IsNaN(bottom[col])) { best = bottom[col]; index = row + w + col; }
                    if (bottom[col + 1] > best || T.IsNaN(bottom[col + 1])) { best = bottom[col + 1]; index = row + w + col + 1; }
                    values[j] = best;
                    at[j] = index;
                }
            }
    }

    // One float32 output row without data-dependent branches: the scalar loop's compares mispredict on
    // real activations and measured ~13 ns an output. Four windows at a time: their top-left, top-right,
    // bottom-left and bottom-right values each in one vector (an 8-float load per row, split into even
    // and odd columns), then the scalar loop's rule lane by lane: a later candidate takes over when it is
    // larger or NaN, so ties keep the first and the last NaN wins; the value kept is the winning element
    // itself (-0 versus +0 as in the scalar loop). One window per vector (below, which still does a row's
    // last windows) cost ~3 ns an output; LeNet's first pooling, the whole op, went from 4.2 to 2.1 ns.
    private static void MaxTwoByTwoRow(ReadOnlySpan<float> top, ReadOnlySpan<float> bottom, Span<float> values, Span<long> at, int row)
    {
        int w = top.Length, j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var split = Vector256.Create(0, 2, 4, 6, 1, 3, 5, 7);
            var windowColumns = Vector128.Create(0, 2, 4, 6);
            for (; j + 4 <= values.Length; j += 4)
            {
                int col = 2 * j;
                var upper = Vector256.Shuffle(Vector256.Create(top.Slice(col, 8)), split);
                var lower = Vector256.Shuffle(Vector256.Create(bottom.Slice(col, 8)), split);
                var best = upper.GetLower();
                var offset = Vector128<int>.Zero;
                TakeOver(ref best, ref offset, upper.GetUpper(), Vector128.Create(1));
                TakeOver(ref best, ref offset, lower.GetLower(), Vector128.Create(w));
                TakeOver(ref best, ref offset, lower.GetUpper(), Vector128.Create(w + 1));
                best.CopyTo(values.Slice(j, 4));
                var (first, second) = Vector128.Widen(offset + windowColumns);
                var start = Vector128.Create((long)row + col);
                (first + start).CopyTo(at.Slice(j, 2));
                (second + start).CopyTo(at.Slice(j + 2, 2));
            }
        }
        for (; j < values.Length; j++)
        {
            int col = 2 * j;
            var v = Vector128.Create(
                MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(top.Slice(col, 2))),
                MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(bottom.Slice(col, 2)))).AsSingle();   // a b c d
            var max = Vector128.MaxNative(v, Vector128.Shuffle(v, Vector128.Create(1, 0, 3, 2)));
            max = Vector128.MaxNative(max, Vector128.Shuffle(max, Vector128.Create(2, 3, 0, 1)));
            uint nan = ~Vector128.Equals(v, v).ExtractMostSignificantBits() & 0xF;
            int k = nan == 0
                ? BitOperations.TrailingZeroCount(Vector128.Equals(v, max).ExtractMostSignificantBits())
                : 31 - BitOperations.LeadingZeroCount(nan);
            int offset = (k >> 1) * w + col + (k & 1);   // k: 0, 1 top row; 2, 3 bottom row
            values[j] = v.GetElement(k);
            at[j] = row + offset;
        }
    }

    private static void TakeOver(ref Vector128<float> best, ref Vector128<int> offset, Vector128<float> candidate, Vector128<int> candidateOffset)
    {
        var takes = Vector128.GreaterThan(candidate, best) | ~Vector128.Equals(candidate, candidate);
        best = Vector128.ConditionalSelect(takes, candidate, best);
        offset = Vector128.ConditionalSelect(takes.AsInt32(), candidateOffset, offset);
    }

    private static void Average<T>(T[] x, int xOffset, T[] y, PoolWindows p, int[] divisor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int planes = Planes(y.Length, p), plane = p.H * p.W, outPlane = p.OH * p.OW;
        Batches.RunStreaming(planes, plane, (start, end, _) =>
        {
            for (int c = start; c < end; c++)
                for (int i = 0, o = c * outPlane; i < p.OH; i++)
                    for (int j = 0; j < p.OW; j++, o++)
                    {
                        T sum = T.Zero;
                        for (int h = p.RowStart[i]; h < p.RowEnd[i]; h++)
                            for (int w = p.ColStart[j]; w < p.ColEnd[j]; w++)
                                sum += x[xOffset + c * plane + h * p.W + w];
                        y[o] = sum / T.CreateChecked(divisor[i * p.OW + j]);
                    }
        });
    }

    private static void AverageBackward<T>(T[] gy, int gyOffset, T[] dx, PoolWindows p, int[] divisor) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int plane = p.H * p.W, outPlane = p.OH * p.OW, planes = dx.Length / plane;
        // Windows of one plane may overlap, so a plane stays with one worker.
        Batches.RunStreaming(planes, plane, (start, end, _) =>
        {
            for (int c = start; c < end; c++)
                for (int i = 0, o = gyOffset + c * outPlane; i < p.OH; i++)
                    for (int j = 0; j < p.OW; j++, o++)
                    {
                        T share = gy[o] / T.CreateChecked(divisor[i * p.OW + j]);
                        for (int h = p.RowStart[i]; h < p.RowEnd[i]; h++)
                            for (int w = p.ColStart[j]; w < p.ColEnd[j]; w++)
                                dx[c * plane + h * p.W + w] += share;
                    }
        });
    }
}
