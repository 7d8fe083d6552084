using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>
/// Direct 2-d convolution (stride 1, dilation 1) for layers with few channels, such as LeNet's: there
/// im2col + GEMM multiplies matrices with 6 or 16 rows, which fill a GEMM micro-tile poorly and pay
/// the packing for little arithmetic (measured ~15 GFLOP/s). Here each output row is accumulated
/// in registers, a few vectors wide, straight from a zero-padded copy of the input planes.
/// </summary>
/// <remarks>
/// One routine, <see cref="Correlate{T}"/>, serves the forward pass and the input gradient (a
/// correlation of the padded output gradient with the flipped, channel-swapped kernel, see <see cref="Pack{T}"/>);
/// <see cref="AddWeightGrad{T}"/> is the weight gradient as dot products over the output plane.
/// </remarks>
internal static class Conv2dDirect
{
    /// <summary>
    /// Whether the direct kernels take this convolution: unit stride and dilation, a square kernel and
    /// equal padding below its size (so the input gradient is a correlation with one padding), and few enough channels that im2col's GEMMs
    /// would be thin. (At ResNet sizes, 64 channels of 3×3, the GEMM-based kernels measured faster.)
    /// </summary>
    public static bool Applies(ConvGeometry s) =>
        s.Stride == (1, 1) && s.Dilation == (1, 1) && s.KH == s.KW && s.Padding.H == s.Padding.W && s.Padding.H < s.KH && s.Og <= 16 && s.Cg <= 16;

    /// <summary>
    /// One group's filters, arranged for <see cref="Correlate{T}"/>: output channels in blocks of four,
    /// each block's four weights of a tap side by side, so that the kernel reads them from one address.
    /// The last block is filled up with zero filters: four sums per input load whatever the channel count
    /// (LeNet's 6), rather than a slower one-channel loop for the rest.
    /// </summary>
    public sealed class Filters<T>(T[] packed, int outChannels, int channels, int size)
    {
        public T[] Packed { get; } = packed;
        public int OutChannels { get; } = outChannels;
        public int Channels { get; } = channels;
        public int Size { get; } = size;
    }

    // Channel counts rounded up to whole blocks of four.
    private static int Blocks4(int channels) => (channels + 3) / 4 * 4;

    /// <summary>
    /// Packs w[o, c, i, j] (at <paramref name="wOffset"/>, [outChannels][channels][k][k]) for the forward
    /// pass, or, <paramref name="forInputGrad"/>, as w'[c, o, i, j] = w[o, c, k-1-i, k-1-j]: then
    /// dx = Σ_o w'[c, o] ⋆ gy[o] with gy padded by k-1-pad.
    /// </summary>
    public static Filters<T> Pack<T>(T[] w, int wOffset, int outChannels, int channels, int k, bool forInputGrad) where T : unmanaged
    {
        var (outs, ins) = forInputGrad ? (channels, outChannels) : (outChannels, channels);
        int taps = ins * k * k;
        var packed = new T[Blocks4(outs) * taps];
        for (int o = 0; o < outs; o++)
        {
            int first = o / 4 * 4;
            for (int c = 0; c < ins; c++)
                for (int i = 0; i < k; i++)
                    for (int j = 0; j < k; j++)
                    {
                        int source = forInputGrad
                            ? wOffset + ((c * channels + o) * k + k - 1 - i) * k + k - 1 - j
                            : wOffset + ((o * channels + c) * k + i) * k + j;
                        packed[first * taps + ((c * k + i) * k + j) * 4 + o - first] = w[source];
                    }
        }
        return new Filters<T>(packed, outs, ins, k);
    }

    // Planes are zero-padded copies, hp = h + 2·pad rows of wp = w + 2·pad. Outputs are computed "wide": flat
    // position P = r·wp + q over whole padded rows (only q < ow are real outputs; the rest is discarded, or
    // zero in a gradient). Then tap (c, i, j) reads input P + c·hp·wp + i·wp + j for every P: one
    // contiguous stream per tap, so both kernels are a single loop over taps or positions, whatever the
    // kernel size, with no per-row edge handling.

    /// <summary>
    /// y[o] = Σ_c f[o, c] ⋆ x[c] over the filters' input channels (planes of h×w, padded by
    /// <paramref name="pad"/>). Output planes are (h + 2·pad - k + 1) × (w + 2·pad - k + 1), written (not
    /// added) at <paramref name="yOffset"/>.
    /// </summary>
    public static void Correlate<T>(T[] x, int xOffset, int h, int w, Filters<T> f, int pad, T[] y, int yOffset) where T : unmanaged, INumber<T>
    {
        int hp = h + 2 * pad, wp = w + 2 * pad, oh = hp - f.Size + 1, ow = wp - f.Size + 1;
        int span = Span<T>(oh, wp);
        var padded = Padded(x, xOffset, 0, 1, f.Channels, h, w, pad, span);
        Span<int> offsets = stackalloc int[f.Channels * f.Size * f.Size];
        TapOffsets(offsets, f.Channels, f.Size, hp, wp);
        var wide = Scratch<T>.Cleared(ScratchSlot.Wide, Blocks4(f.OutChannels) * span);
        Planes(padded, offsets, f, span, wide);
        for (int o = 0; o < f.OutChannels; o++)
            for (int r = 0; r < oh; r++)
                wide.AsSpan(o * span + r * wp, ow).CopyTo(y.AsSpan(yOffset + (o * oh + r) * ow, ow));
    }

    /// <summary>
    /// dw[o, c, i, j] += Σ gy[n, o, r, q] · x[n, c, r + i - pad, q + j - pad] over <paramref name="samples"/>
    /// samples of one group: gy has <paramref name="outChannels"/> planes of oh×ow per sample, x has
    /// <paramref name="channels"/> planes of h×w; consecutive samples lie the given strides apart.
    /// (Several samples per dot product: LeNet's planes are ~100 outputs, too short on their own; but only
    /// as many as keep the copies near the core (L1/L2), since each tap reads them all again.)
    /// </summary>
    public static void AddWeightGrad<T>(T[] x, int xOffset, int xSampleStride, T[] gy, int gyOffset, int gySampleStride, int samples,
        int channels, int h, int w, int outChannels, int k, int pad, T[] dw, int dwOffset) where T : unmanaged, INumber<T>
    {
        int hp = h + 2 * pad, wp = w + 2 * pad;
        int perSample = (channels * hp * wp + outChannels * Span<T>(hp - k + 1, wp)) * Unsafe.SizeOf<T>();
        int block = Math.Clamp(64 * 1024 / perSample, 1, samples);   // measured: 64 KiB beat 24 and 256
        for (int n = 0; n < samples; n += block)
            AddWeightGradBlock(x, xOffset + n * xSampleStride, xSampleStride, gy, gyOffset + n * gySampleStride, gySampleStride,
                Math.Min(block, samples - n), channels, h, w, outChannels, k, pad, dw, dwOffset);
    }

    private static void AddWeightGradBlock<T>(T[] x, int xOffset, int xSampleStride, T[] gy, int gyOffset, int gySampleStride, int samples,
        int channels, int h, int w, int outChannels, int k, int pad, T[] dw, int dwOffset) where T : unmanaged, INumber<T>
    {
        int hp = h + 2 * pad, wp = w + 2 * pad, oh = hp - k + 1, ow = wp - k + 1, span = Span<T>(oh, wp);
        var padded = Padded(x, xOffset, xSampleStride, samples, channels, h, w, pad, span);
        Span<int> offsets = stackalloc int[channels * k * k];
        TapOffsets(offsets, channels, k, hp, wp);
        // gy laid out wide, zero outside the real outputs: those positions then add nothing.
        // (Channels filled up to whole blocks of four with zero planes, as the filters are.)
        int blocks = Blocks4(outChannels);
        var g = Scratch<T>.Cleared(ScratchSlot.Wide, samples * blocks * span);
        for (int n = 0; n < samples; n++)
            for (int o = 0; o < outChannels; o++)
                for (int r = 0; r < oh; r++)
                    gy.AsSpan(gyOffset + n * gySampleStride + (o * oh + r) * ow, ow).CopyTo(g.AsSpan((n * blocks + o) * span + r * wp, ow));
        WeightTaps(padded, channels * hp * wp, offsets, g, span, samples, outChannels, dw, dwOffset);
    }

    // Wide outputs per channel plane: whole padded rows, rounded up to the kernels' two-vector steps.
    private static int Span<T>(int oh, int wp) where T : unmanaged, INumber<T>
    {
        int step = 2 * Width<T>();
        return (oh * wp + step - 1) / step * step;
    }

    // The kernels' vector width: 512 bits where AVX-512 runs (Vector<T> is 256 bits there by default, and the
    // kernels are bound by FMA throughput: LeNet's step measured 13-22% faster), else Vector<T>.
    private static int Width<T>() where T : unmanaged, INumber<T> => Vector512.IsHardwareAccelerated ? Vector512<T>.Count : Vector<T>.Count;

    // Where tap (c, i, j) reads, relative to the output position, in order of the filter layout [c][i][j].
    private static void TapOffsets(Span<int> offsets, int channels, int k, int hp, int wp)
    {
        for (int c = 0, t = 0; c < channels; c++)
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++, t++)
                    offsets[t] = (c * hp + i) * wp + j;
    }

    // Zero-padded copies of `samples` samples' planes (sampleStride apart in x), one after another, with
    // `span` zeros more at the end: the wide outputs of the last plane read up to that far past it.
    private static T[] Padded<T>(T[] x, int xOffset, int sampleStride, int samples, int channels, int h, int w, int pad, int span) where T : unmanaged
    {
        int hp = h + 2 * pad, wp = w + 2 * pad;
        var padded = Scratch<T>.Cleared(ScratchSlot.PaddedInput, samples * channels * hp * wp + span);
        for (int n = 0; n < samples; n++)
            for (int c = 0; c < channels; c++)
                for (int r = 0; r < h; r++)
                    x.AsSpan(xOffset + n * sampleStride + (c * h + r) * w, w).CopyTo(padded.AsSpan(((n * channels + c) * hp + r + pad) * wp + pad, w));
        return padded;
    }

    // Output channels four at a time, wide positions two vectors at a time: 8 sums held in registers over
    // every tap. Independent sums matter most here: one chain of FMAs waits ~4 cycles per step, so the
    // blocking is what keeps both FMA units busy.
    private static void Planes<T>(T[] padded, ReadOnlySpan<int> offsets, Filters<T> f, int span, T[] wide) where T : unmanaged, INumber<T>
    {
        if (Vector512.IsHardwareAccelerated) Planes<T, Vector512<T>, Lanes512<T>>(padded, offsets, f, span, wide);
        else Planes<T, Vector<T>, LanesN<T>>(padded, offsets, f, span, wide);
    }

    private static void Planes<T, TV, TL>(T[] padded, ReadOnlySpan<int> offsets, Filters<T> f, int span, T[] wide)
        where T : unmanaged, INumber<T> where TV : struct where TL : ILanes<TV, T>
    {
        int lanes = TL.Count, taps = offsets.Length;
        ref T xr = ref MemoryMarshal.GetArrayDataReference(padded);
        ref T wr = ref MemoryMarshal.GetArrayDataReference(f.Packed);
        ref T yr = ref MemoryMarshal.GetArrayDataReference(wide);
        for (int o = 0; o < f.OutChannels; o += 4)
        {
            ref T block = ref Unsafe.Add(ref wr, (nint)o * taps);   // packed: 4 weights per tap
            for (int p = 0; p < span; p += 2 * lanes)
            {
                TV a00 = default, a01 = default, a10 = default, a11 = default;
                TV a20 = default, a21 = default, a30 = default, a31 = default;
                for (int t = 0; t < taps; t++)
                {
                    nint at = p + offsets[t];
                    var x0 = TL.Load(ref xr, at);
                    var x1 = TL.Load(ref xr, at + lanes);
                    ref T tap = ref Unsafe.Add(ref block, t * 4);
                    var k0 = TL.Broadcast(tap);
                    var k1 = TL.Broadcast(Unsafe.Add(ref tap, 1));
                    var k2 = TL.Broadcast(Unsafe.Add(ref tap, 2));
                    var k3 = TL.Broadcast(Unsafe.Add(ref tap, 3));
                    a00 = TL.Fma(k0, x0, a00);
                    a01 = TL.Fma(k0, x1, a01);
                    a10 = TL.Fma(k1, x0, a10);
                    a11 = TL.Fma(k1, x1, a11);
                    a20 = TL.Fma(k2, x0, a20);
                    a21 = TL.Fma(k2, x1, a21);
                    a30 = TL.Fma(k3, x0, a30);
                    a31 = TL.Fma(k3, x1, a31);
                }
                nint y0 = (nint)o * span + p;
                TL.Store(a00, ref yr, y0);
                TL.Store(a01, ref yr, y0 + lanes);
                TL.Store(a10, ref yr, y0 + span);
                TL.Store(a11, ref yr, y0 + span + lanes);
                TL.Store(a20, ref yr, y0 + 2 * span);
                TL.Store(a21, ref yr, y0 + 2 * span + lanes);
                TL.Store(a30, ref yr, y0 + 3 * span);
                TL.Store(a31, ref yr, y0 + 3 * span + lanes);
            }
        }
    }

    // dw[o..o+4, tap] as dot products of the wide gy planes with the input stream each tap reads: four
    // output channels share each input load, and even and odd vectors sum apart, for 8 independent chains.
    private static void WeightTaps<T>(T[] padded, int sampleSize, ReadOnlySpan<int> offsets, T[] g, int span, int samples,
        int outChannels, T[] dw, int dwOffset) where T : unmanaged, INumber<T>
    {
        if (Vector512.IsHardwareAccelerated) WeightTaps<T, Vector512<T>, Lanes512<T>>(padded, sampleSize, offsets, g, span, samples, outChannels, dw, dwOffset);
        else WeightTaps<T, Vector<T>, LanesN<T>>(padded, sampleSize, offsets, g, span, samples, outChannels, dw, dwOffset);
    }

    private static void WeightTaps<T, TV, TL>(T[] padded, int sampleSize, ReadOnlySpan<int> offsets, T[] g, int span, int samples,
        int outChannels, T[] dw, int dwOffset) where T : unmanaged, INumber<T> where TV : struct where TL : ILanes<TV, T>
    {
        int lanes = TL.Count, taps = offsets.Length, blocks = Blocks4(outChannels);
        ref T gr = ref MemoryMarshal.GetArrayDataReference(g);
        ref T xr = ref MemoryMarshal.GetArrayDataReference(padded);
        Span<T> sums = stackalloc T[4];
        for (int o = 0; o < outChannels; o += 4)
            for (int t = 0; t < taps; t++)
            {
                TV a00 = default, a01 = default, a10 = default, a11 = default;
                TV a20 = default, a21 = default, a30 = default, a31 = default;
                for (int n = 0; n < samples; n++)
                {
                    nint xs = (nint)n * sampleSize + offsets[t], gs = ((nint)n * blocks + o) * span;
                    for (int p = 0; p < span; p += 2 * lanes)
                    {
                        var x0 = TL.Load(ref xr, xs + p);
                        var x1 = TL.Load(ref xr, xs + p + lanes);
                        nint at = gs + p;
                        a00 = TL.Fma(TL.Load(ref gr, at), x0, a00);
                        a01 = TL.Fma(TL.Load(ref gr, at + lanes), x1, a01);
                        a10 = TL.Fma(TL.Load(ref gr, at + span), x0, a10);
                        a11 = TL.Fma(TL.Load(ref gr, at + span + lanes), x1, a11);
                        a20 = TL.Fma(TL.Load(ref gr, at + 2 * span), x0, a20);
                        a21 = TL.Fma(TL.Load(ref gr, at + 2 * span + lanes), x1, a21);
                        a30 = TL.Fma(TL.Load(ref gr, at + 3 * span), x0, a30);
                        a31 = TL.Fma(TL.Load(ref gr, at + 3 * span + lanes), x1, a31);
                    }
                }
                sums[0] = TL.Sum(TL.Add(a00, a01));
                sums[1] = TL.Sum(TL.Add(a10, a11));
                sums[2] = TL.Sum(TL.Add(a20, a21));
                sums[3] = TL.Sum(TL.Add(a30, a31));
                for (int b = 0; b < Math.Min(4, outChannels - o); b++) dw[dwOffset + (o + b) * taps + t] += sums[b];   // not the zero fill
            }
    }
}
