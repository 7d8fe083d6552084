using System.Numerics;

namespace Nabla.Kernels;

/// <summary>
/// Where each output position of one axis of an upsampling reads: input positions Index0 and Index1
/// with weights Weight0 and Weight1 (linear: the two neighbours). An <see cref="IsNearest"/> axis reads one
/// position (Index0, weight 1) and copies it, so that special values pass unchanged, as in PyTorch.
/// </summary>
internal sealed record ResampleAxis(int InSize, int[] Index0, int[] Index1, double[] Weight0, double[] Weight1, bool IsNearest = false)
{
    /// <summary>The output size along the axis.</summary>
    public int OutSize => Index0.Length;

    /// <summary>The axis of size 1 that a 1-d input has in place of a height.</summary>
    public static ResampleAxis Identity { get; } = new(1, [0], [0], [1.0], [0.0], IsNearest: true);

    /// <summary>
    /// PyTorch's nearest-neighbour source: ⌊i·scale⌋ capped at the last input, with scale = 1/scaleFactor when one was
    /// given, else in/out; computed in float32 as PyTorch does, so the same outputs pick the same inputs.
    /// </summary>
    public static ResampleAxis Nearest(int inSize, int outSize, double? scaleFactor)
    {
        float scale = scaleFactor is { } f ? (float)(1.0 / f) : (float)inSize / outSize;
        var index = new int[outSize];
        for (int i = 0; i < outSize; i++) index[i] = Math.Min((int)MathF.Floor(i * scale), inSize - 1);
        return new(inSize, index, index, [.. Enumerable.Repeat(1.0, outSize)], new double[outSize], IsNearest: true);
    }

    /// <summary>
    /// PyTorch's linear interpolation source for output i: scale·i with align_corners (scale = (in-1)/(out-1)),
    /// else max(scale·(i + ½) - ½, 0) (scale = 1/scaleFactor or in/out); it falls between two inputs, weighted by distance.
    /// <typeparamref name="T"/> is the tensor's dtype, the precision PyTorch computes the sources in.
    /// </summary>
    public static ResampleAxis Linear<T>(int inSize, int outSize, bool alignCorners, double? scaleFactor) where T : IFloatingPointIeee754<T>
    {
        T scale = alignCorners
            ? (outSize > 1 ? T.CreateChecked(inSize - 1) / T.CreateChecked(outSize - 1) : T.Zero)
            : scaleFactor is { } f ? T.CreateChecked(1.0 / f) : T.CreateChecked(inSize) / T.CreateChecked(outSize);
        var (index0, index1, weight0, weight1) = (new int[outSize], new int[outSize], new double[outSize], new double[outSize]);
        T half = T.CreateChecked(0.5);
        for (int i = 0; i < outSize; i++)
        {
            T source = alignCorners ? scale * T.CreateChecked(i) : T.Max(scale * (T.CreateChecked(i) + half) - half, T.Zero);
            int below = int.CreateTruncating(source);
            T lambda = T.Clamp(source - T.CreateChecked(below), T.Zero, T.One);
            (index0[i], index1[i]) = (below, below < inSize - 1 ? below + 1 : below);
            (weight0[i], weight1[i]) = (double.CreateChecked(T.One - lambda), double.CreateChecked(lambda));
        }
        return new(inSize, index0, index1, weight0, weight1);
    }
}

/// <summary>
/// Separable resampling of the last two dims of a contiguous float tensor (every leading dim is a plane):
/// y[c, i, j] = Σ over a, b of rows.Weight_a[i] · cols.Weight_b[j] · x[c, rows.Index_a[i], cols.Index_b[j]],
/// and its adjoint. A 1-d input is a plane of height 1 (<see cref="ResampleAxis.Identity"/> rows). No autograd here.
/// </summary>
internal static class Resample2d
{
    /// <summary>The resampled planes, in <paramref name="outputShape"/>.</summary>
    public static Tensor Forward(Tensor x, ResampleAxis rows, ResampleAxis cols, int[] outputShape)
    {
        var y = Tensor.Uninitialized(x.DType, outputShape);
        if (x.DType == DType.Float32) Forward(x.Data<float>(), x.Offset, y.Data<float>(), rows, cols);
        else Forward(x.Data<double>(), x.Offset, y.Data<double>(), rows, cols);
        GC.KeepAlive(x);   // inputs stay reachable (their pooled buffers unrecycled) until the kernel is done
        return y;
    }

    /// <summary>The adjoint of <see cref="Forward"/>: each output gradient added back, weighted, into the inputs it read.</summary>
    public static Tensor Backward(Tensor gradOutput, ResampleAxis rows, ResampleAxis cols, int[] inputShape)
    {
        var dx = Tensor.Zeros(inputShape, gradOutput.DType);
        if (dx.DType == DType.Float32) Backward(gradOutput.Data<float>(), gradOutput.Offset, dx.Data<float>(), rows, cols);
        else Backward(gradOutput.Data<double>(), gradOutput.Offset, dx.Data<double>(), rows, cols);
        GC.KeepAlive(gradOutput);
        return dx;
    }

    private static void Forward<T>(T[] x, int xOffset, T[] y, ResampleAxis rows, ResampleAxis cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inPlane = rows.InSize * cols.InSize, outPlane = rows.OutSize * cols.OutSize, planes = y.Length / Math.Max(outPlane, 1);
        var (w0, w1) = Weights<T>(cols);
        var (h0, h1) = Weights<T>(rows);
        Batches.RunStreaming(planes, outPlane, (start, end, _) =>
        {
            for (int c = start; c < end; c++)
                for (int i = 0, o = c * outPlane; i < rows.OutSize; i++)
                {
                    int top = xOffset + c * inPlane + rows.Index0[i] * cols.InSize, bottom = xOffset + c * inPlane + rows.Index1[i] * cols.InSize;
                    for (int j = 0; j < cols.OutSize; j++, o++)
                    {
                        T value = Lerp(x, top, cols, w0, w1, j);
                        y[o] = rows.IsNearest ? value : h0[i] * value + h1[i] * Lerp(x, bottom, cols, w0, w1, j);
                    }
                }
        });
    }

    // One row's value at output column j: a copy on a nearest axis (exact, and an infinity is not multiplied
    // by a zero weight), else both neighbours weighted, as PyTorch computes it even where they are one input.
    private static T Lerp<T>(T[] x, int row, ResampleAxis cols, T[] w0, T[] w1, int j) where T : unmanaged, IFloatingPointIeee754<T>
        => cols.IsNearest ? x[row + cols.Index0[j]] : w0[j] * x[row + cols.Index0[j]] + w1[j] * x[row + cols.Index1[j]];

    private static void Backward<T>(T[] gy, int gyOffset, T[] dx, ResampleAxis rows, ResampleAxis cols) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inPlane = rows.InSize * cols.InSize, outPlane = rows.OutSize * cols.OutSize, planes = dx.Length / Math.Max(inPlane, 1);
        var (w0, w1) = Weights<T>(cols);
        var (h0, h1) = Weights<T>(rows);
        // Output positions of one plane add into shared inputs, so a plane stays with one worker.
        Batches.RunStreaming(planes, outPlane, (start, end, _) =>
        {
            for (int c = start; c < end; c++)
                for (int i = 0, o = gyOffset + c * outPlane; i < rows.OutSize; i++)
                {
                    int top = c * inPlane + rows.Index0[i] * cols.InSize, bottom = c * inPlane + rows.Index1[i] * cols.InSize;
                    for (int j = 0; j < cols.OutSize; j++, o++)
                    {
                        Spread(dx, top, cols, w0, w1, j, rows.IsNearest ? gy[o] : h0[i] * gy[o]);
                        if (!rows.IsNearest) Spread(dx, bottom, cols, w0, w1, j, h1[i] * gy[o]);
                    }
                }
        });
    }

    private static void Spread<T>(T[] dx, int row, ResampleAxis cols, T[] w0, T[] w1, int j, T g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (cols.IsNearest) { dx[row + cols.Index0[j]] += g; return; }
        dx[row + cols.Index0[j]] += w0[j] * g;
        dx[row + cols.Index1[j]] += w1[j] * g;
    }

    private static (T[] First, T[] Second) Weights<T>(ResampleAxis axis) where T : IFloatingPointIeee754<T>
        => ([.. axis.Weight0.Select(T.CreateChecked)], [.. axis.Weight1.Select(T.CreateChecked)]);
}
