using System.Numerics;
using System.Runtime.InteropServices;

namespace Nabla.Kernels;

internal static partial class Conv2dWinograd
{
    /// <summary>
    /// dw = Σ over samples and tiles of the 4×4 input patch correlated with the tile's 2×2 output gradient,
    /// which is Winograd's F(3×3, 2×2): per tile, Gᵀ [(A gy Aᵀ) ⊙ (Bᵀ d B)] G, with F(2×2, 3×3)'s matrices
    /// (the transpose of its forward identity). The products summed over tiles are 16 GEMMs
    /// [outs × tiles] · [tiles × ins], accumulated over blocks and samples; the 3×3 transform comes last.
    /// </summary>
    public static void WeightGrad<T>(T[] x, int xOffset, T[] gy, int gyOffset, T[] dw, ConvGeometry s) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int ins = s.C, outs = s.O;
        var shape = Blocks.For(ins, outs, s.OH, s.OW);
        // Every sample adds into every weight: each worker sums its samples' products, and the sums are added in
        // sample order (as im2col's weight gradient).
        var total = new T[Terms * outs * ins];
        Batches.SumInOrder(total, s.N, s.WorkPerSample, (start, end, threads, sums) =>
        {
            // The input planes' slack is zero: the dropped column of the last tile row reads into it, and its products
            // are summed (times a zero gradient, so it must hold no NaN left by an earlier use).
            var planes = Planes<T>(shape);
            planes.AsSpan(ins * 4 * shape.Plane, shape.Width + shape.Pitch).Clear();
            var grads = Scratch<T>.Uninitialized(ScratchSlot.TileGradients, outs * 4 * shape.Plane + shape.Width + shape.Pitch);
            for (int n = start; n < end; n++)
            {
                Split(x, xOffset + n * ins * s.H * s.W, ins, s.H, s.W, s.Padding, shape.Th, shape.Pitch, planes);
                Split(gy, gyOffset + n * outs * s.OH * s.OW, outs, s.OH, s.OW, (0, 0), shape.Th, shape.Pitch, grads);
                for (int a0 = 0; a0 < shape.Th; a0 += shape.Rows)
                    AddBlock(planes, grads, sums, a0, Math.Min(shape.Rows, shape.Th - a0), shape, threads);
            }
        });
        TransformSums(total, outs, ins, dw);
    }

    /// <summary>
    /// sums[ξ, o, c] += Σ_t G[ξ, o, t] · V[ξ, c, t] over the tiles t of tile rows [a0, a0 + rows), the dropped column
    /// of each row included: its G is zero (see <see cref="TransformGrads{T}"/>).
    /// </summary>
    private static void AddBlock<T>(T[] planes, T[] grads, T[] sums, int a0, int rows, in Blocks s, int threads)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var v = Scratch<T>.Uninitialized(ScratchSlot.Transformed, Terms * s.VTerm);
        var g = Scratch<T>.Uninitialized(ScratchSlot.Products, Terms * s.MTerm);
        for (int c = 0; c < s.Ins; c++)
            TransformInputs(planes, c * 4 * s.Plane + a0 * s.Pitch, s.Plane, s.Pitch, v, c * s.Width, s.VTerm, s.Width);
        for (int o = 0; o < s.Outs; o++)
            TransformGrads(grads, o * 4 * s.Plane + a0 * s.Pitch, s.Plane, g, o * s.Width, s.MTerm, s.Width);
        int tiles = rows * s.Pitch;
        for (int xi = 0; xi < Terms; xi++)
            Gemm.Multiply(s.Outs, s.Ins, tiles, g, xi * s.MTerm, s.Width, 1, v, xi * s.VTerm, 1, s.Width,
                sums, xi * s.Outs * s.Ins, s.Ins, accumulate: true, GemmKernel.Auto, threads);
    }

    /// <summary>
    /// G[ξ, o, t] = (A gy Aᵀ)[ξ] for the 2×2 output-gradient tile t (its four elements at the same place in the
    /// four quarter planes), A = [1 0; 1 1; 1 -1; 0 -1]. The dropped column of each tile row is zero: it lies in
    /// the padding of the split output gradient (2·tw ≥ OW).
    /// </summary>
    private static void TransformGrads<T>(T[] planes, int at, int plane, T[] g, int gAt, int termStride, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T q = ref MemoryMarshal.GetArrayDataReference(planes);
        ref T o = ref MemoryMarshal.GetArrayDataReference(g);
        for (nint t = 0; t < width; t += Vector<T>.Count)
        {
            nint i = at + t;
            Vector<T> g00 = Vector.LoadUnsafe(ref q, (nuint)i), g01 = Vector.LoadUnsafe(ref q, (nuint)(i + plane));
            Vector<T> g10 = Vector.LoadUnsafe(ref q, (nuint)(i + 2 * plane)), g11 = Vector.LoadUnsafe(ref q, (nuint)(i + 3 * plane));
            // Columns of each row: (g0, g0 + g1, g0 - g1, -g1); then the rows the same way: term (p, j) at ξ = 4p + j.
            var (r00, r01, r02, r03) = (g00, g00 + g01, g00 - g01, -g01);
            var (r10, r11, r12, r13) = (g10, g10 + g11, g10 - g11, -g11);
            nint d = gAt + t;
            Store(ref o, d, 0, termStride, r00, r01, r02, r03);
            Store(ref o, d, 4, termStride, r00 + r10, r01 + r11, r02 + r12, r03 + r13);
            Store(ref o, d, 8, termStride, r00 - r10, r01 - r11, r02 - r12, r03 - r13);
            Store(ref o, d, 12, termStride, -r10, -r11, -r12, -r13);
        }
    }

    /// <summary>dw[o, c] = Gᵀ S G for the summed products S = sums[·, o, c] (4×4); Gᵀ = [1 ½ ½ 0; 0 ½ -½ 0; 0 ½ ½ 1].</summary>
    private static void TransformSums<T>(T[] sums, int outs, int ins, T[] dw) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T half = T.CreateTruncating(0.5);
        int step = outs * ins;
        Span<T> m = stackalloc T[16];
        Span<T> r = stackalloc T[12];   // Gᵀ S, 3×4
        for (int oc = 0; oc < step; oc++)
        {
            for (int xi = 0; xi < Terms; xi++) m[xi] = sums[xi * step + oc];
            for (int j = 0; j < 4; j++)
            {
                T s1 = m[4 + j], s2 = m[8 + j];
                r[j] = m[j] + half * (s1 + s2);
                r[4 + j] = half * (s1 - s2);
                r[8 + j] = half * (s1 + s2) + m[12 + j];
            }
            for (int i = 0; i < 3; i++)
            {
                T a = r[4 * i], b = r[4 * i + 1], c = r[4 * i + 2], d = r[4 * i + 3];
                int at = oc * 9 + 3 * i;
                dw[at] = a + half * (b + c);
                dw[at + 1] = half * (b - c);
                dw[at + 2] = half * (b + c) + d;
            }
        }
    }
}
