using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>
/// 2-d convolution by im2col + GEMM, and its two adjoints, at tensor level (no autograd). The
/// input of each sample and group is unfolded into a [K, L] matrix (K = Cg·KH·KW rows, one per
/// weight element; L = OH·OW columns, one per output position), so that the convolution is the
/// product weight[Og, K] · cols[K, L]. Samples run in parallel, each worker with one scratch buffer.
/// All tensors are contiguous and of one float dtype. Two special cases go elsewhere first: layers with
/// few channels to the direct kernels (<see cref="Conv2dDirect"/>), and 3×3 stride-1 layers with more to
/// Winograd's (<see cref="Conv2dWinograd"/>).
/// </summary>
internal static class Conv2dKernels
{
    /// <summary>y[n, o] = Σ weight[o] ⋆ x[n] (cross-correlation, as PyTorch), without bias.</summary>
    public static Tensor Forward(Tensor x, Tensor weight, ConvGeometry s)
    {
        var y = Tensor.Uninitialized(x.DType, s.OutputShape);
        if (x.DType == DType.Float32) Forward(x.Data<float>(), x.Offset, weight.Data<float>(), weight.Offset, y.Data<float>(), s);
        else Forward(x.Data<double>(), x.Offset, weight.Data<double>(), weight.Offset, y.Data<double>(), s);
        GC.KeepAlive(weight);
        GC.KeepAlive(x);   // inputs stay reachable (their pooled buffers unrecycled) until the kernel is done
        return y;
    }

    /// <summary>The gradient of the input: weightᵀ · gradOutput per sample and group, folded back (col2im).</summary>
    public static Tensor InputGrad(Tensor gradOutput, Tensor weight, ConvGeometry s)
    {
        // Winograd writes every element; col2im adds into zeros.
        var dx = Conv2dWinograd.Applies(s) ? Tensor.Uninitialized(gradOutput.DType, s.InputShape) : Tensor.Zeros(s.InputShape, gradOutput.DType);
        if (dx.DType == DType.Float32) InputGrad(gradOutput.Data<float>(), gradOutput.Offset, weight.Data<float>(), weight.Offset, dx.Data<float>(), s);
        else InputGrad(gradOutput.Data<double>(), gradOutput.Offset, weight.Data<double>(), weight.Offset, dx.Data<double>(), s);
        GC.KeepAlive(weight);
        GC.KeepAlive(gradOutput);   // inputs stay reachable (their pooled buffers unrecycled) until the kernel is done
        return dx;
    }

    /// <summary>The gradient of the weight: Σ over samples of gradOutput · colsᵀ per group.</summary>
    public static Tensor WeightGrad(Tensor x, Tensor gradOutput, ConvGeometry s)
    {
        var dw = Tensor.Uninitialized(x.DType, s.WeightShape);
        if (dw.DType == DType.Float32) WeightGrad(x.Data<float>(), x.Offset, gradOutput.Data<float>(), gradOutput.Offset, dw.Data<float>(), s);
        else WeightGrad(x.Data<double>(), x.Offset, gradOutput.Data<double>(), gradOutput.Offset, dw.Data<double>(), s);
        GC.KeepAlive(gradOutput);
        GC.KeepAlive(x);   // inputs stay reachable (their pooled buffers unrecycled) until the kernel is done
        return dw;
    }

    private static void Forward<T>(T[] x, int xOffset, T[] w, int wOffset, T[] y, ConvGeometry s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int K = s.K, L = s.L, Og = s.Og;
        if (Conv2dDirect.Applies(s))
        {
            var filters = Enumerable.Range(0, s.Groups).Select(g => Conv2dDirect.Pack(w, wOffset + g * Og * K, Og, s.Cg, s.KH, forInputGrad: false)).ToArray();
            Batches.Run(s.N, s.WorkPerSample, (start, end, _) =>
            {
                for (int n = start; n < end; n++)
                    for (int g = 0; g < s.Groups; g++)
                        Conv2dDirect.Correlate(x, xOffset + (n * s.C + g * s.Cg) * s.H * s.W, s.H, s.W, filters[g], s.Padding.H, y, (n * s.O + g * Og) * L);
            });
            return;
        }
        if (Conv2dWinograd.Applies(s))
        {
            Conv2dWinograd.Forward(x, xOffset, w, wOffset, y, s);
            return;
        }
        int rows = SlabRows(s);
        Batches.Run(s.N, s.WorkPerSample, (start, end, threads) =>
        {
            var cols = s.IsPointwise ? null : Scratch<T>.Uninitialized(ScratchSlot.Columns, K * rows * s.OW);
            for (int n = start; n < end; n++)
                for (int g = 0; g < s.Groups; g++)
                {
                    int input = xOffset + (n * s.C + g * s.Cg) * s.H * s.W;
                    if (cols is null)
                    {
                        Gemm.Multiply(Og, L, K, w, wOffset + g * Og * K, K, 1, x, input, L, 1,
                            y, (n * s.O + g * Og) * L, L, accumulate: false, GemmKernel.Auto, threads);
                        continue;
                    }
                    // A slab of output rows at a time: its unfolded input stays in cache for the GEMM.
                    for (int oh = 0; oh < s.OH; oh += rows)
                    {
                        int count = Math.Min(rows, s.OH - oh), width = count * s.OW;
                        Unfold(x, input, cols, s, oh, count);
                        Gemm.Multiply(Og, width, K, w, wOffset + g * Og * K, K, 1, cols, 0, width, 1,
                            y, (n * s.O + g * Og) * L + oh * s.OW, L, accumulate: false, GemmKernel.Auto, threads);
                    }
                }
        });
    }

    private static void InputGrad<T>(T[] gy, int gyOffset, T[] w, int wOffset, T[] dx, ConvGeometry s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int K = s.K, L = s.L, Og = s.Og;
        if (Conv2dDirect.Applies(s))
        {
            // dx = Σ_o w'[c, o] ⋆ gy[o], gy padded by KH-1-pad, w' the flipped kernel with its channels swapped.
            var flipped = Enumerable.Range(0, s.Groups).Select(g => Conv2dDirect.Pack(w, wOffset + g * Og * K, Og, s.Cg, s.KH, forInputGrad: true)).ToArray();
            Batches.Run(s.N, s.WorkPerSample, (start, end, _) =>
            {
                for (int n = start; n < end; n++)
                    for (int g = 0; g < s.Groups; g++)
                        Conv2dDirect.Correlate(gy, gyOffset + (n * s.O + g * Og) * L, s.OH, s.OW, flipped[g], s.KH - 1 - s.Padding.H,
                            dx, (n * s.C + g * s.Cg) * s.H * s.W);
            });
            return;
        }
        if (Conv2dWinograd.Applies(s))
        {
            Conv2dWinograd.InputGrad(gy, gyOffset, w, wOffset, dx, s);
            return;
        }
        int rows = SlabRows(s);
        Batches.Run(s.N, s.WorkPerSample, (start, end, threads) =>
        {
            var cols = Scratch<T>.Uninitialized(ScratchSlot.Columns, K * rows * s.OW);
            for (int n = start; n < end; n++)
                for (int g = 0; g < s.Groups; g++)
                {
                    int output = gyOffset + (n * s.O + g * Og) * L, input = (n * s.C + g * s.Cg) * s.H * s.W;
                    for (int oh = 0; oh < s.OH; oh += rows)
                    {
                        int count = Math.Min(rows, s.OH - oh), width = count * s.OW;
                        // cols[K, width] = W_gᵀ · gy[:, slab]: the weight read transposed through its strides.
                        Gemm.Multiply(K, width, Og, w, wOffset + g * Og * K, 1, K, gy, output + oh * s.OW, L, 1,
                            cols, 0, width, accumulate: false, GemmKernel.Auto, threads);
                        Fold(cols, dx, input, s, oh, count);
                    }
                }
        });
    }

    private static void WeightGrad<T>(T[] x, int xOffset, T[] gy, int gyOffset, T[] dw, ConvGeometry s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Conv2dWinograd.Applies(s))
        {
            Conv2dWinograd.WeightGrad(x, xOffset, gy, gyOffset, dw, s);
            return;
        }
        int K = s.K, L = s.L, Og = s.Og, rows = SlabRows(s);
        // Every sample adds into every weight: each worker sums its samples, and the sums are added in sample order.
        Batches.SumInOrder(dw, s.N, s.WorkPerSample, (start, end, threads, sum) =>
        {
            if (Conv2dDirect.Applies(s))
            {
                for (int g = 0; g < s.Groups; g++)
                    Conv2dDirect.AddWeightGrad(x, xOffset + (start * s.C + g * s.Cg) * s.H * s.W, s.C * s.H * s.W,
                        gy, gyOffset + (start * s.O + g * Og) * L, s.O * L, end - start,
                        s.Cg, s.H, s.W, Og, s.KH, s.Padding.H, sum, g * Og * K);
                return;
            }
            var cols = s.IsPointwise ? null : Scratch<T>.Uninitialized(ScratchSlot.Columns, K * rows * s.OW);
            for (int n = start; n < end; n++)
                for (int g = 0; g < s.Groups; g++)
                {
                    int input = xOffset + (n * s.C + g * s.Cg) * s.H * s.W, output = gyOffset + (n * s.O + g * Og) * L;
                    if (cols is null)
                    {
                        Gemm.Multiply(Og, K, L, gy, output, L, 1, x, input, 1, L, sum, g * Og * K, K, accumulate: n > start, GemmKernel.Auto, threads);
                        continue;
                    }
                    for (int oh = 0; oh < s.OH; oh += rows)
                    {
                        int count = Math.Min(rows, s.OH - oh), width = count * s.OW;
                        Unfold(x, input, cols, s, oh, count);
                        // dW_g[Og, K] += gy[:, slab] · colsᵀ: the unfolded input read transposed through its strides.
                        Gemm.Multiply(Og, K, width, gy, output + oh * s.OW, L, 1, cols, 0, 1, width,
                            sum, g * Og * K, K, accumulate: n > start || oh > 0, GemmKernel.Auto, threads);
                    }
                }
        });
    }

    /// <summary>
    /// im2col: cols[(c·KH + i)·KW + j, oh·OW + ow] = x[c, oh·stride - pad + i·dil, ow·stride - pad + j·dil],
    /// zero where that falls in the padding. Returns <paramref name="cols"/>.
    /// </summary>
    /// <remarks>For output rows [oh0, oh0 + count) only: cols is then [K, count·OW], a slab small enough to stay in cache.</remarks>
    private static T[] Unfold<T>(T[] x, int xOffset, T[] cols, ConvGeometry s, int oh0, int count) where T : unmanaged, INumber<T>
    {
        // The geometry in locals: its computed sizes (OW is a division) cost more than a row's copy when
        // read per row (measured: ConvGeometry.OW alone was 5% of a ResNet block's forward pass).
        int H = s.H, W = s.W, OW = s.OW, strideH = s.Stride.H, strideW = s.Stride.W;
        int row = 0;
        for (int c = 0; c < s.Cg; c++)
            for (int i = 0; i < s.KH; i++)
                for (int j = 0; j < s.KW; j++, row++)
                {
                    int iw = j * s.Dilation.W - s.Padding.W;
                    var (from, to) = InRow(iw, OW, W);
                    var rows = cols.AsSpan(row * count * OW, count * OW);
                    for (int oh = oh0; oh < oh0 + count; oh++)
                    {
                        int ih = oh * strideH - s.Padding.H + i * s.Dilation.H;
                        var dst = rows.Slice((oh - oh0) * OW, OW);
                        if ((uint)ih >= (uint)H) { dst.Clear(); continue; }
                        int src = xOffset + (c * H + ih) * W;
                        if (strideW == 1)
                        {
                            // A unit stride reads a run of the input row: one copy, zeros only where it overhangs.
                            for (int k = 0; k < from; k++) dst[k] = T.Zero;   // a padding's width: a few elements at most
                            CopyRun(x.AsSpan(src + iw + from, to - from), dst[from..to]);
                            for (int k = to; k < OW; k++) dst[k] = T.Zero;
                            continue;
                        }
                        for (int ow = 0, w = iw; ow < OW; ow++, w += strideW)
                            dst[ow] = (uint)w < (uint)W ? x[src + w] : T.Zero;
                    }
                }
        return cols;
    }

    // Output rows per slab: enough for a GEMM with a few hundred columns, few enough that a slab's
    // unfolded input (K × rows·OW) stays within about 1 MiB (measured: the forward pass of a ResNet block
    // ~6% faster than unfolding whole samples).
    private static int SlabRows(ConvGeometry s)
    {
        int bytes = threadSlabBytes > 0 ? threadSlabBytes : 1 << 20;
        return Math.Clamp(bytes / (4 * s.K * Math.Max(s.OW, 1)), 1, Math.Max(s.OH, 1));
    }

    [ThreadStatic] private static int threadSlabBytes;

    /// <summary>Overrides the slab size for calls on this thread (tests: many slabs on small inputs); 0 restores it.</summary>
    internal static int ThreadSlabBytes { get => threadSlabBytes; set => threadSlabBytes = value; }

    /// <summary>col2im, the adjoint of im2col (Unfold): adds every column entry back into the input position it came from.</summary>
    /// <remarks>For output rows [oh0, oh0 + count), cols being [K, count·OW] (see the slab form of Unfold).</remarks>
    private static void Fold<T>(T[] cols, T[] dx, int dxOffset, ConvGeometry s, int oh0, int count) where T : unmanaged, INumber<T>
    {
        int H = s.H, W = s.W, OW = s.OW, strideH = s.Stride.H, strideW = s.Stride.W;   // in locals, as in Unfold
        int row = 0;
        for (int c = 0; c < s.Cg; c++)
            for (int i = 0; i < s.KH; i++)
                for (int j = 0; j < s.KW; j++, row++)
                {
                    int iw = j * s.Dilation.W - s.Padding.W;
                    var (from, to) = InRow(iw, OW, W);
                    for (int oh = oh0; oh < oh0 + count; oh++)
                    {
                        int ih = oh * strideH - s.Padding.H + i * s.Dilation.H;
                        if ((uint)ih >= (uint)H) continue;
                        int src = (row * count + oh - oh0) * OW, dst = dxOffset + (c * H + ih) * W;
                        if (strideW == 1)
                        {
                            var target = dx.AsSpan(dst + iw + from, to - from);
                            AddOp.Apply<T>(target, cols.AsSpan(src + from, to - from), target);
                            continue;
                        }
                        for (int ow = 0, w = iw; ow < OW; ow++, w += strideW)
                            if ((uint)w < (uint)W) dx[dst + w] += cols[src + ow];
                    }
                }
    }

    // A run of an output row (tens of elements: OW of a few dozen is typical) copied with vectors in line: the
    // span copy is a call with a size dispatch that costs more than the work at this length (measured: im2col's
    // copies were 14% of a ResNet block's forward + backward). The last vector overlaps the one before it
    // rather than falling back to elements. (col2im's adds go through AddOp, whose loop is CachedArithmetic's.)
    private static void CopyRun<T>(ReadOnlySpan<T> source, Span<T> target) where T : unmanaged, INumber<T>
    {
        int n = source.Length, w = Vector512<T>.Count;
        if (!Vector512.IsHardwareAccelerated || n < w)
        {
            source.CopyTo(target);
            return;
        }
        ref T s = ref MemoryMarshal.GetReference(source);
        ref T t = ref MemoryMarshal.GetReference(target);
        for (int i = 0; i < n - w; i += w) Vector512.LoadUnsafe(ref s, (nuint)i).StoreUnsafe(ref t, (nuint)i);
        Vector512.LoadUnsafe(ref s, (nuint)(n - w)).StoreUnsafe(ref t, (nuint)(n - w));
    }

    /// <summary>For a unit-stride row starting at input column <paramref name="iw"/>: the output columns [from, to) that fall inside the input.</summary>
    private static (int From, int To) InRow(int iw, int outWidth, int inWidth)
    {
        int from = Math.Clamp(-iw, 0, outWidth), to = Math.Clamp(inWidth - iw, from, outWidth);
        return (from, to);
    }
}
