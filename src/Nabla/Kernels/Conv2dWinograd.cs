using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Nabla.Kernels;

/// <summary>
/// 3×3, stride-1 convolution by Winograd's minimal filtering F(2×2, 3×3) (Lavin and Gray, "Fast
/// Algorithms for Convolutional Neural Networks", 2016): each 2×2 block of outputs (a tile) comes from
/// the 4×4 input patch around it as Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A, 16 multiplications where the direct
/// form takes 36. Summed over input channels, the 16 element-wise products become 16 GEMMs
/// ([outs × ins] · [ins × tiles]), so the heavy part runs on the packed GEMM at 2.25 times fewer flops
/// than im2col's. The forward pass, the input gradient (a correlation of the output gradient with the
/// flipped kernel) and the weight gradient (F(3×3, 2×2), in Conv2dWinograd.WeightGrad.cs) all run here.
/// </summary>
/// <remarks>
/// Per sample: the zero-padded input planes are split by row and column parity into four quarter planes
/// of (tiles + 1)² (<see cref="Split{T}"/>), so that every term of Bᵀ d B, for all tiles at once, is
/// one of those planes read at an offset of 0 or 1 row and column: flat vector loops. Tiles are taken
/// a few tile rows at a time, so that the transformed inputs and the GEMMs' products stay in L2. The
/// quarter planes' rows are one element wider than the tile rows; that extra tile per row is computed
/// and dropped.
/// </remarks>
internal static partial class Conv2dWinograd
{
    private const int Terms = 16;   // 4×4 transformed values per tile, per filter

    private const int PanelWidth = 32;   // a multiple of every vector width and GEMM micro-tile width

    /// <summary>
    /// Whether a convolution runs here: 3×3, unit stride and dilation, one group, padding of at most 2 (the input
    /// gradient then correlates with padding 2 - p), not a layer for the direct kernels (see
    /// <see cref="Conv2dDirect.Applies"/>), at least <see cref="MinChannels"/> input channels and at least
    /// <see cref="MinTiles"/> output tiles per sample.
    /// </summary>
    public static bool Applies(ConvGeometry s) =>
        s.SpatialDims == 2 && s.Groups == 1 && s.KH == 3 && s.KW == 3 && s.Stride == (1, 1) && s.Dilation == (1, 1)
        && s.Padding.H <= 2 && s.Padding.W <= 2 && !Conv2dDirect.Applies(s)
        && s.C >= MinChannels && (long)((s.OH + 1) / 2) * ((s.OW + 1) / 2) >= MinTiles;

    /// <summary>
    /// Input channels below which im2col runs faster. They are the depth of the forward GEMMs (im2col's are nine
    /// times as deep, for a quarter of the outputs), the rows of the input gradient's (im2col's: nine times as many)
    /// and the columns of the weight gradient's (the same). Measured: a 3-channel input layer (3→64, 32×32) took
    /// 2.5 times as long here, a 64→3 layer a third of im2col's time.
    /// </summary>
    internal const int MinChannels = 16;

    /// <summary>
    /// Output tiles per sample below which im2col runs faster: a sample's tiles are one block, whose GEMMs are
    /// computed whole 32-column panels wide. Measured with 256-512 channels: 4×4 and 8×8 outputs (4 and 16 tiles)
    /// took 1.7 and 1.2 times as long here, 10×10 (25 tiles) 0.95 times.
    /// </summary>
    internal const int MinTiles = 25;

    /// <summary>y = w ⋆ x over the whole batch (no bias).</summary>
    public static void Forward<T>(T[] x, int xOffset, T[] w, int wOffset, T[] y, ConvGeometry s) where T : unmanaged, IFloatingPointIeee754<T>
        => Correlate(x, xOffset, s.C, s.H, s.W, TransformFilters(w, wOffset, s.O, s.C, forInputGrad: false), s.O,
            s.Padding, y, s.OH, s.OW, s.N, s.WorkPerSample);

    /// <summary>dx = Σ_o w'[c, o] ⋆ gy[o] with gy padded by 2 - p: w' is w flipped, its channel dims swapped.</summary>
    public static void InputGrad<T>(T[] gy, int gyOffset, T[] w, int wOffset, T[] dx, ConvGeometry s) where T : unmanaged, IFloatingPointIeee754<T>
        => Correlate(gy, gyOffset, s.O, s.OH, s.OW, TransformFilters(w, wOffset, s.C, s.O, forInputGrad: true), s.C,
            (2 - s.Padding.H, 2 - s.Padding.W), dx, s.H, s.W, s.N, s.WorkPerSample);

    /// <summary>
    /// U[ξ, o, c] = (G g Gᵀ)[ξ] with g = w[o, c] (forward; w is [outs, ins, 3, 3]) or g = w[c, o] turned by 180°
    /// (input gradient; w is [ins, outs, 3, 3]). G = [1 0 0; ½ ½ ½; ½ -½ ½; 0 0 1].
    /// </summary>
    private static T[] TransformFilters<T>(T[] w, int wOffset, int outs, int ins, bool forInputGrad) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // This thread's scratch: the workers of the call read it, and the call ends before the thread makes another.
        var u = Scratch<T>.Uninitialized(ScratchSlot.TransformedFilters, Terms * outs * ins);
        Span<T> g = stackalloc T[9];
        Span<T> gg = stackalloc T[12];   // G·g, 4×3
        T half = T.CreateTruncating(0.5);
        for (int o = 0; o < outs; o++)
            for (int c = 0; c < ins; c++)
            {
                int at = wOffset + (forInputGrad ? c * outs + o : o * ins + c) * 9;
                for (int t = 0; t < 9; t++) g[t] = w[at + (forInputGrad ? 8 - t : t)];
                for (int j = 0; j < 3; j++)
                {
                    gg[j] = g[j];
                    gg[3 + j] = half * (g[j] + g[3 + j] + g[6 + j]);
                    gg[6 + j] = half * (g[j] - g[3 + j] + g[6 + j]);
                    gg[9 + j] = g[6 + j];
                }
                for (int i = 0; i < 4; i++)
                {
                    T a = gg[3 * i], b = gg[3 * i + 1], d = gg[3 * i + 2];
                    int row = (i * 4 * outs + o) * ins + c, step = outs * ins;   // ξ = 4i + j
                    u[row] = a;
                    u[row + step] = half * (a + b + d);
                    u[row + 2 * step] = half * (a - b + d);
                    u[row + 3 * step] = d;
                }
            }
        return u;
    }

    private static void Correlate<T>(T[] x, int xOffset, int ins, int h, int w, T[] u, int outs, (int H, int W) pad,
        T[] y, int outH, int outW, int samples, long workPerSample) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var shape = Blocks.For(ins, outs, outH, outW);
        var (th, pitch, blockRows) = (shape.Th, shape.Pitch, shape.Rows);
        int blocks = (th + blockRows - 1) / blockRows;
        if (samples < Workers.Count && workPerSample >= Gemm.ParallelThreshold)
        {
            // Fewer samples than cores (inference on one image): the blocks of each sample in parallel.
            var planes = Planes<T>(shape);
            for (int n = 0; n < samples; n++)
            {
                Split(x, xOffset + n * ins * h * w, ins, h, w, pad, th, pitch, planes);
                int yAt = n * outs * outH * outW;
                Workers.For(blocks, b => Block(planes, u, y, yAt, b * blockRows, Math.Min(blockRows, th - b * blockRows), shape, 1));
            }
            return;
        }
        Batches.Run(samples, workPerSample, (start, end, threads) =>
        {
            var planes = Planes<T>(shape);
            for (int n = start; n < end; n++)
            {
                Split(x, xOffset + n * ins * h * w, ins, h, w, pad, th, pitch, planes);
                for (int a0 = 0; a0 < th; a0 += blockRows)
                    Block(planes, u, y, n * outs * outH * outW, a0, Math.Min(blockRows, th - a0), shape, threads);
            }
        });
    }

    // The split input planes (see Split), and their slack: the vector loops over the last block read up to a block's
    // width past them.
    private static T[] Planes<T>(in Blocks s) where T : unmanaged
        => Scratch<T>.Uninitialized(ScratchSlot.TileInputs, s.Ins * 4 * s.Plane + s.Width + s.Pitch);

    /// <summary>
    /// The tiles of an outH × outW output and how they are blocked: th × tw tiles, quarter planes of (th + 1) × pitch,
    /// blocks of <see cref="Rows"/> tile rows computed <see cref="Width"/> tiles wide, and the distance between the
    /// matrices of two terms of the transformed inputs (<see cref="VTerm"/>) and of the products (<see cref="MTerm"/>).
    /// </summary>
    private readonly record struct Blocks(int Ins, int Outs, int OutH, int OutW, int Th, int Tw, int Pitch, int Plane, int Rows, int Width, int VTerm, int MTerm)
    {
        public static Blocks For(int ins, int outs, int outH, int outW)
        {
            int th = (outH + 1) / 2, tw = (outW + 1) / 2, pitch = tw + 1;
            // Tile rows per block: about 128 tiles, so that a block's transformed inputs and products stay in L2.
            // The block's GEMMs get a width of whole 32-column panels (the widest micro-tile): a narrower last
            // panel would go through the GEMM's edge path, and computing a few dropped tiles costs less.
            int rows = Math.Clamp(128 / pitch, 1, th);
            int width = (rows * pitch + PanelWidth - 1) / PanelWidth * PanelWidth;
            // One term's matrix after another, each a little more than its size apart: at a multiple of 4 KiB (64
            // channels of 128 tiles), the 16 streams of the transforms fell into the same cache sets.
            return new(ins, outs, outH, outW, th, tw, pitch, (th + 1) * pitch, rows, width, ins * width + PanelWidth, outs * width + PanelWidth);
        }
    }

    /// <summary>
    /// Tile rows [a0, a0 + rows) of one sample: its inputs transformed, the 16 GEMMs, the outputs transformed
    /// into y at <paramref name="yAt"/>. The transformed inputs and products are this thread's scratch.
    /// </summary>
    private static void Block<T>(T[] planes, T[] u, T[] y, int yAt, int a0, int rows, in Blocks s, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var v = Scratch<T>.Uninitialized(ScratchSlot.Transformed, Terms * s.VTerm);
        var m = Scratch<T>.Uninitialized(ScratchSlot.Products, Terms * s.MTerm + 4 * s.Width);
        for (int c = 0; c < s.Ins; c++)
            TransformInputs(planes, c * 4 * s.Plane + a0 * s.Pitch, s.Plane, s.Pitch, v, c * s.Width, s.VTerm, s.Width);
        for (int xi = 0; xi < Terms; xi++)
            Gemm.Multiply(s.Outs, s.Width, s.Ins, u, xi * s.Outs * s.Ins, s.Ins, 1, v, xi * s.VTerm, s.Width, 1,
                m, xi * s.MTerm, s.Width, accumulate: false, GemmKernel.Auto, threads);
        for (int o = 0; o < s.Outs; o++)
            TransformOutputs(m, o * s.Width, s.MTerm, s.Width, Terms * s.MTerm,
                y, yAt + o * s.OutH * s.OutW, s.OutH, s.OutW, a0, rows, s.Tw, s.Pitch);
    }

    /// <summary>
    /// The zero-padded planes, each split into four quarter planes by row and column parity: quarter (r, c) of
    /// channel k holds padded[2a + r, 2b + c] at (k·4 + 2r + c)·plane + a·pitch + b.
    /// </summary>
    private static void Split<T>(T[] x, int xOffset, int ins, int h, int w, (int H, int W) pad, int th, int pitch, T[] planes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int plane = (th + 1) * pitch;
        for (int c = 0; c < ins; c++)
            for (int r = 0; r < 2 * (th + 1); r++)
            {
                int even = (c * 4 + 2 * (r & 1)) * plane + (r >> 1) * pitch, odd = even + plane;
                int ih = r - pad.H;
                if ((uint)ih >= (uint)h)
                {
                    planes.AsSpan(even, pitch).Clear();
                    planes.AsSpan(odd, pitch).Clear();
                    continue;
                }
                var row = x.AsSpan(xOffset + (c * h + ih) * w, w);
                // Columns b whose pair (2b - pad, 2b + 1 - pad) lies inside the row split with vectors; the rest touch the padding.
                int first = (pad.W + 1) / 2, count = Math.Max(0, Math.Min(pitch, (w + pad.W) / 2) - first);
                EvenOdd.Split<T>(row.Slice(2 * first - pad.W, 2 * count), planes.AsSpan(even + first, count), planes.AsSpan(odd + first, count));
                for (int b = 0; b < pitch; b++)
                {
                    if (b == first) b += count;
                    if (b >= pitch) break;
                    int iw = 2 * b - pad.W;
                    planes[even + b] = (uint)iw < (uint)w ? row[iw] : T.Zero;
                    planes[odd + b] = (uint)(iw + 1) < (uint)w ? row[iw + 1] : T.Zero;
                }
            }
    }

    /// <summary>
    /// V[ξ, c, t] = (Bᵀ d B)[ξ] for the tiles t of a block, d the tile's 4×4 patch; Bᵀ = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1].
    /// Patch element (k, l) of every tile is quarter plane (k mod 2, l mod 2) read ⌊k/2⌋ rows and ⌊l/2⌋ columns on.
    /// </summary>
    private static void TransformInputs<T>(T[] planes, int at, int plane, int pitch, T[] v, int vAt, int termStride, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T q = ref MemoryMarshal.GetArrayDataReference(planes);
        ref T o = ref MemoryMarshal.GetArrayDataReference(v);
        nint ee = at, eo = at + plane, oe = at + 2 * plane, oo = at + 3 * plane, down = pitch;
        for (nint t = 0; t < width; t += Vector<T>.Count)
        {
            // Row k of the patch, column-transformed: r_k0 = d_k0 - d_k2, r_k1 = d_k1 + d_k2, r_k2 = d_k2 - d_k1, r_k3 = d_k1 - d_k3.
            var (r00, r01, r02, r03) = Columns(ref q, ee + t, eo + t);
            var (r10, r11, r12, r13) = Columns(ref q, oe + t, oo + t);
            var (r20, r21, r22, r23) = Columns(ref q, ee + down + t, eo + down + t);
            var (r30, r31, r32, r33) = Columns(ref q, oe + down + t, oo + down + t);
            // Then the rows the same way: term (p, j) at ξ = 4p + j.
            nint d = vAt + t;
            Store(ref o, d, 0, termStride, r00 - r20, r01 - r21, r02 - r22, r03 - r23);
            Store(ref o, d, 4, termStride, r10 + r20, r11 + r21, r12 + r22, r13 + r23);
            Store(ref o, d, 8, termStride, r20 - r10, r21 - r11, r22 - r12, r23 - r13);
            Store(ref o, d, 12, termStride, r10 - r30, r11 - r31, r12 - r32, r13 - r33);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector<T>, Vector<T>, Vector<T>, Vector<T>) Columns<T>(ref T q, nint even, nint odd) where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Columns 0..3 of a patch row: even b, odd b, even b + 1, odd b + 1.
        var d0 = Vector.LoadUnsafe(ref q, (nuint)even);
        var d1 = Vector.LoadUnsafe(ref q, (nuint)odd);
        var d2 = Vector.LoadUnsafe(ref q, (nuint)(even + 1));
        var d3 = Vector.LoadUnsafe(ref q, (nuint)(odd + 1));
        return (d0 - d2, d1 + d2, d2 - d1, d1 - d3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<T>(ref T o, nint at, int term, int termStride, Vector<T> a, Vector<T> b, Vector<T> c, Vector<T> d)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        a.StoreUnsafe(ref o, (nuint)(at + term * termStride));
        b.StoreUnsafe(ref o, (nuint)(at + (term + 1) * termStride));
        c.StoreUnsafe(ref o, (nuint)(at + (term + 2) * termStride));
        d.StoreUnsafe(ref o, (nuint)(at + (term + 3) * termStride));
    }

    /// <summary>
    /// y's 2×2 tile = Aᵀ M A for the products M[ξ] of one output channel, Aᵀ = [1 1 1 0; 0 1 -1 -1]; written for the
    /// block's tiles that fall inside the output (an odd output size leaves the last tile half outside).
    /// </summary>
    private static void TransformOutputs<T>(T[] m, int mAt, int termStride, int width, int scratchAt,
        T[] y, int yAt, int outH, int outW, int a0, int rows, int tw, int pitch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T p = ref MemoryMarshal.GetArrayDataReference(m);
        nint y00 = scratchAt, y01 = y00 + width, y10 = y01 + width, y11 = y10 + width;
        for (nint t = 0; t < width; t += Vector<T>.Count)
        {
            // Rows first: s0_j = M0j + M1j + M2j, s1_j = M1j - M2j - M3j, for columns j = 0..3.
            nint at = mAt + t;
            var (s00, s10) = Rows(ref p, at, termStride, 0);
            var (s01, s11) = Rows(ref p, at, termStride, 1);
            var (s02, s12) = Rows(ref p, at, termStride, 2);
            var (s03, s13) = Rows(ref p, at, termStride, 3);
            (s00 + s01 + s02).StoreUnsafe(ref p, (nuint)(y00 + t));
            (s01 - s02 - s03).StoreUnsafe(ref p, (nuint)(y01 + t));
            (s10 + s11 + s12).StoreUnsafe(ref p, (nuint)(y10 + t));
            (s11 - s12 - s13).StoreUnsafe(ref p, (nuint)(y11 + t));
        }
        int pairs = Math.Min(tw, outW / 2);   // tiles with both columns inside; with an odd width, the last has one
        for (int r = 0; r < rows; r++)
        {
            int top = 2 * (a0 + r), tile = r * pitch;
            for (int i = 0; i < 2 && top + i < outH; i++)
            {
                nint left = i == 0 ? y00 : y10, right = i == 0 ? y01 : y11;
                var target = y.AsSpan(yAt + (top + i) * outW, outW);
                EvenOdd.Merge<T>(m.AsSpan((int)left + tile, pairs), m.AsSpan((int)right + tile, pairs), target);
                if (pairs < tw) target[outW - 1] = m[(int)left + tile + tw - 1];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector<T>, Vector<T>) Rows<T>(ref T p, nint at, int termStride, int column) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var m0 = Vector.LoadUnsafe(ref p, (nuint)(at + column * termStride));
        var m1 = Vector.LoadUnsafe(ref p, (nuint)(at + (4 + column) * termStride));
        var m2 = Vector.LoadUnsafe(ref p, (nuint)(at + (8 + column) * termStride));
        var m3 = Vector.LoadUnsafe(ref p, (nuint)(at + (12 + column) * termStride));
        return (m0 + m1 + m2, m1 - m2 - m3);
    }
}
