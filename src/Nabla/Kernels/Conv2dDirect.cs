using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Nabla.Kernels;

/// <summary>
/// Direct 2-d convolution (stride 1, dilation 1) for layers with few channels, such as LeNet's: there
/// im2col + GEMM multiplies matrices with 6 or 16 rows, which fill a GEMM micro-tile poorly and pay
/// the packing for little arithmetic (measured ~15 GFLOP/s). Here each output row is accumulated
/// in registers, a few vectors wide, straight from a zero-padded copy of the input planes.
/// </summary>
/// <remarks>
/// One routine, <see cref="Correlate{T}"/>, serves the forward pass and the input gradient (a
/// correlation of the padded output gradient with the flipped, channel-swapped kernel);
/// <see cref="AddWeightGrad{T}"/> is the weight gradient as dot products over the output plane.
/// </remarks>
internal static class Conv2dDirect
{
    /// <summary>
    /// Whether the direct kernels take this convolution: unit stride and dilation, a square kernel and
    /// padding below its size (so the input gradient is a correlation with one padding), and few enough channels that im2col's GEMMs
    /// would be thin. (At ResNet sizes, 64 channels of 3×3, im2col + GEMM measured faster.)
    /// </summary>
    public static bool Applies(ConvGeometry s) =>
        s.Stride == 1 && s.Dilation == 1 && s.KH == s.KW && s.Padding < s.KH && s.Og <= 16 && s.Cg <= 16;

    /// <summary>
    /// y[o] = Σ_c w[o, c] ⋆ x[c] over <paramref name="channels"/> input planes of h×w padded by
    /// <paramref name="pad"/>, for <paramref name="outChannels"/> filters laid out [o][c][kh][kw].
    /// Output planes are (h + 2·pad - kh + 1) × (w + 2·pad - kw + 1), written (not added) at <paramref name="yOffset"/>.
    /// </summary>
    public static void Correlate<T>(T[] x, int xOffset, int channels, int h, int w, T[] wt, int wOffset, int outChannels,
        int kh, int kw, int pad, T[] y, int yOffset) where T : unmanaged, INumber<T>
    {
        int oh = h + 2 * pad - kh + 1, ow = w + 2 * pad - kw + 1;
        var padded = Padded(x, xOffset, 0, 1, channels, h, w, pad, out int hp, out int wp);
        // Four output channels at a time share each input load; the last few channels go one by one.
        int blocked = outChannels / 4 * 4;
        if (ow <= Vector<T>.Count)
        {
            Rows<T, One, Four>(padded, hp, wp, channels, wt, wOffset, 0, blocked, kh, kw, oh, ow, y, yOffset);
            Rows<T, One, One>(padded, hp, wp, channels, wt, wOffset, blocked, outChannels, kh, kw, oh, ow, y, yOffset);
        }
        else
        {
            Rows<T, Two, Four>(padded, hp, wp, channels, wt, wOffset, 0, blocked, kh, kw, oh, ow, y, yOffset);
            Rows<T, Two, One>(padded, hp, wp, channels, wt, wOffset, blocked, outChannels, kh, kw, oh, ow, y, yOffset);
        }
    }

    /// <summary>
    /// dw[o, c, i, j] += Σ gy[n, o, r, q] · x[n, c, r + i - pad, q + j - pad] over <paramref name="samples"/>
    /// samples of one group: gy has <paramref name="outChannels"/> planes of oh×ow per sample, x has
    /// <paramref name="channels"/> planes of h×w; consecutive samples lie the given strides apart.
    /// (Several samples per dot product: LeNet's planes are ~100 outputs, too short on their own; but only
    /// as many as keep the copies in L2, since each (o, c, i, j) reads them all again.)
    /// </summary>
    public static void AddWeightGrad<T>(T[] x, int xOffset, int xSampleStride, T[] gy, int gyOffset, int gySampleStride, int samples,
        int channels, int h, int w, int outChannels, int kh, int kw, int pad, T[] dw, int dwOffset) where T : unmanaged, INumber<T>
    {
        int perSample = (channels * (h + 2 * pad) * (w + 2 * pad + 2 * Vector<T>.Count) + outChannels * h * (w + 2 * Vector<T>.Count)) * Unsafe.SizeOf<T>();
        int block = Math.Clamp(256 * 1024 / perSample, 1, samples);
        for (int n = 0; n < samples; n += block)
            AddWeightGradBlock(x, xOffset + n * xSampleStride, xSampleStride, gy, gyOffset + n * gySampleStride, gySampleStride,
                Math.Min(block, samples - n), channels, h, w, outChannels, kh, kw, pad, dw, dwOffset);
    }

    private static void AddWeightGradBlock<T>(T[] x, int xOffset, int xSampleStride, T[] gy, int gyOffset, int gySampleStride, int samples,
        int channels, int h, int w, int outChannels, int kh, int kw, int pad, T[] dw, int dwOffset) where T : unmanaged, INumber<T>
    {
        int oh = h + 2 * pad - kh + 1, ow = w + 2 * pad - kw + 1, lanes = Vector<T>.Count;
        var padded = Padded(x, xOffset, xSampleStride, samples, channels, h, w, pad, out int hp, out int wp);
        // gy with rows widened to whole pairs of vectors, zero in the extra lanes: those lanes then add
        // nothing, whatever the padded input holds there.
        int gw = (ow + 2 * lanes - 1) / (2 * lanes) * (2 * lanes), plane = oh * gw;
        var g = Scratch<T>.Get(1, samples * outChannels * plane);
        for (int n = 0; n < samples; n++)
            for (int o = 0; o < outChannels; o++)
                for (int r = 0; r < oh; r++)
                    gy.AsSpan(gyOffset + n * gySampleStride + (o * oh + r) * ow, ow).CopyTo(g.AsSpan(((n * outChannels + o) * oh + r) * gw, ow));
        int blocked = outChannels / 4 * 4;
        WeightTaps<T, Four>(padded, hp, wp, samples, channels, g, gw, plane, outChannels, 0, blocked, kh, kw, oh, dw, dwOffset);
        WeightTaps<T, One>(padded, hp, wp, samples, channels, g, gw, plane, outChannels, blocked, outChannels, kh, kw, oh, dw, dwOffset);
    }

    // dw[o..o+TO, c, i, j] as dot products of gy planes with the shifted input plane: TO output channels
    // share each input load, and even and odd vectors sum apart, for 2·TO independent chains of FMAs.
    private static void WeightTaps<T, TO>(T[] padded, int hp, int wp, int samples, int channels, T[] g, int gw, int plane, int outChannels, int oFrom, int oTo,
        int kh, int kw, int oh, T[] dw, int dwOffset) where T : unmanaged, INumber<T> where TO : IBlock
    {
        int lanes = Vector<T>.Count, filter = channels * kh * kw;
        ref T gr = ref MemoryMarshal.GetArrayDataReference(g);
        ref T xr = ref MemoryMarshal.GetArrayDataReference(padded);
        for (int o = oFrom; o < oTo; o += TO.Size)
            for (int c = 0; c < channels; c++)
                for (int i = 0; i < kh; i++)
                    for (int j = 0; j < kw; j++)
                    {
                        Vector<T> a00 = default, a01 = default, a10 = default, a11 = default;
                        Vector<T> a20 = default, a21 = default, a30 = default, a31 = default;
                        for (int n = 0; n < samples; n++)
                        for (int r = 0; r < oh; r++)
                        {
                            nint gRow = (n * outChannels + o) * plane + r * gw, xRow = ((n * channels + c) * hp + r + i) * wp + j;
                            for (int q = 0; q < gw; q += 2 * lanes)
                            {
                                var x0 = Vector.LoadUnsafe(ref xr, (nuint)(xRow + q));
                                var x1 = Vector.LoadUnsafe(ref xr, (nuint)(xRow + q + lanes));
                                nint at = gRow + q;
                                a00 = Gemm.Fma(Vector.LoadUnsafe(ref gr, (nuint)at), x0, a00);
                                a01 = Gemm.Fma(Vector.LoadUnsafe(ref gr, (nuint)(at + lanes)), x1, a01);
                                if (TO.Size == 1) continue;
                                a10 = Gemm.Fma(Vector.LoadUnsafe(ref gr, (nuint)(at + plane)), x0, a10);
                                a11 = Gemm.Fma(Vector.LoadUnsafe(ref gr, (nuint)(at + plane + lanes)), x1, a11);
                                a20 = Gemm.Fma(Vector.LoadUnsafe(ref gr, (nuint)(at + 2 * plane)), x0, a20);
                                a21 = Gemm.Fma(Vector.LoadUnsafe(ref gr, (nuint)(at + 2 * plane + lanes)), x1, a21);
                                a30 = Gemm.Fma(Vector.LoadUnsafe(ref gr, (nuint)(at + 3 * plane)), x0, a30);
                                a31 = Gemm.Fma(Vector.LoadUnsafe(ref gr, (nuint)(at + 3 * plane + lanes)), x1, a31);
                            }
                        }
                        int tap = dwOffset + o * filter + (c * kh + i) * kw + j;
                        dw[tap] += Vector.Sum(a00 + a01);
                        if (TO.Size == 1) continue;
                        dw[tap + filter] += Vector.Sum(a10 + a11);
                        dw[tap + 2 * filter] += Vector.Sum(a20 + a21);
                        dw[tap + 3 * filter] += Vector.Sum(a30 + a31);
                    }
    }

    /// <summary>
    /// The filters of the input gradient: w'[c, o, i, j] = w[o, c, kh-1-i, kw-1-j], so that
    /// dx = Σ_o w'[c, o] ⋆ gy[o] with gy padded by kh-1-pad.
    /// </summary>
    public static T[] FlippedTransposed<T>(T[] w, int wOffset, int outChannels, int channels, int kh, int kw) where T : unmanaged
    {
        var flipped = new T[outChannels * channels * kh * kw];
        for (int o = 0; o < outChannels; o++)
            for (int c = 0; c < channels; c++)
                for (int i = 0; i < kh; i++)
                    for (int j = 0; j < kw; j++)
                        flipped[((c * outChannels + o) * kh + kh - 1 - i) * kw + kw - 1 - j] = w[wOffset + ((o * channels + c) * kh + i) * kw + j];
        return flipped;
    }

    // The input planes with `pad` zeros around each and room on the right of every row for the widest
    // vector reads (a row's last chunk of outputs reads up to two vectors past its start): rows of wp.
    // Samples lie sampleStride apart in x; their planes follow each other in the copy.
    private static T[] Padded<T>(T[] x, int xOffset, int sampleStride, int samples, int channels, int h, int w, int pad, out int hp, out int wp) where T : unmanaged
    {
        hp = h + 2 * pad;
        wp = w + 2 * pad + 2 * Vector<T>.Count;
        var padded = Scratch<T>.Get(0, samples * channels * hp * wp + 2 * Vector<T>.Count);
        for (int n = 0; n < samples; n++)
            for (int c = 0; c < channels; c++)
                for (int r = 0; r < h; r++)
                    x.AsSpan(xOffset + n * sampleStride + (c * h + r) * w, w).CopyTo(padded.AsSpan(((n * channels + c) * hp + r + pad) * wp + pad, w));
        return padded;
    }

    private interface IBlock { static abstract int Size { get; } }
    private readonly struct One : IBlock { public static int Size => 1; }
    private readonly struct Two : IBlock { public static int Size => 2; }
    private readonly struct Four : IBlock { public static int Size => 4; }

    // Output channels [oFrom, oTo) in blocks of TO, every output row in chunks of TW vectors: TO·TW sums
    // held in registers over all (c, i, j). Independent sums matter more than anything here: one chain
    // of FMAs waits ~4 cycles per step, so the blocking is what keeps both FMA units busy.
    private static void Rows<T, TW, TO>(T[] padded, int hp, int wp, int channels, T[] wt, int wOffset, int oFrom, int oTo,
        int kh, int kw, int oh, int ow, T[] y, int yOffset) where T : unmanaged, INumber<T> where TW : IBlock where TO : IBlock
    {
        int lanes = Vector<T>.Count, chunk = TW.Size * lanes, filter = channels * kh * kw;
        ref T xr = ref MemoryMarshal.GetArrayDataReference(padded);
        ref T wr = ref MemoryMarshal.GetArrayDataReference(wt);
        Span<T> sums = stackalloc T[8 * Vector<T>.Count];
        for (int o = oFrom; o < oTo; o += TO.Size)
            for (int r = 0; r < oh; r++)
                for (int q = 0; q < ow; q += chunk)
                {
                    Vector<T> a00 = default, a01 = default, a10 = default, a11 = default;
                    Vector<T> a20 = default, a21 = default, a30 = default, a31 = default;
                    for (int c = 0; c < channels; c++)
                        for (int i = 0; i < kh; i++)
                        {
                            nint row = (c * hp + r + i) * wp + q;
                            nint taps = wOffset + o * filter + (c * kh + i) * kw;
                            for (int j = 0; j < kw; j++)
                            {
                                var x0 = Vector.LoadUnsafe(ref xr, (nuint)(row + j));
                                var x1 = TW.Size > 1 ? Vector.LoadUnsafe(ref xr, (nuint)(row + j + lanes)) : default;
                                var k = new Vector<T>(Unsafe.Add(ref wr, taps + j));
                                a00 = Gemm.Fma(k, x0, a00);
                                if (TW.Size > 1) a01 = Gemm.Fma(k, x1, a01);
                                if (TO.Size > 1)
                                {
                                    var k1 = new Vector<T>(Unsafe.Add(ref wr, taps + filter + j));
                                    var k2 = new Vector<T>(Unsafe.Add(ref wr, taps + 2 * filter + j));
                                    var k3 = new Vector<T>(Unsafe.Add(ref wr, taps + 3 * filter + j));
                                    a10 = Gemm.Fma(k1, x0, a10);
                                    a20 = Gemm.Fma(k2, x0, a20);
                                    a30 = Gemm.Fma(k3, x0, a30);
                                    if (TW.Size > 1)
                                    {
                                        a11 = Gemm.Fma(k1, x1, a11);
                                        a21 = Gemm.Fma(k2, x1, a21);
                                        a31 = Gemm.Fma(k3, x1, a31);
                                    }
                                }
                            }
                        }
                    // All sums to the stack first: a call (the copies below) while any sum is still live
                    // made the JIT keep every sum in memory for the whole loop.
                    a00.CopyTo(sums);
                    a01.CopyTo(sums[lanes..]);
                    a10.CopyTo(sums[(2 * lanes)..]);
                    a11.CopyTo(sums[(3 * lanes)..]);
                    a20.CopyTo(sums[(4 * lanes)..]);
                    a21.CopyTo(sums[(5 * lanes)..]);
                    a30.CopyTo(sums[(6 * lanes)..]);
                    a31.CopyTo(sums[(7 * lanes)..]);
                    int count = Math.Min(chunk, ow - q);
                    for (int b = 0; b < TO.Size; b++)
                        sums.Slice(2 * b * lanes, count).CopyTo(y.AsSpan(yOffset + ((o + b) * oh + r) * ow + q, count));
                }
    }

    /// <summary>Per-thread scratch arrays (two slots), cleared on every hand-out: kernels rely on the zeros.</summary>
    private static class Scratch<T> where T : unmanaged
    {
        [ThreadStatic] private static T[]?[]? slots;

        public static T[] Get(int slot, int length)
        {
            slots ??= new T[]?[2];
            var buffer = slots[slot];
            if (buffer is null || buffer.Length < length) slots[slot] = buffer = new T[length];
            else Array.Clear(buffer, 0, length);
            return buffer;
        }
    }
}
