using System.Numerics;

namespace Nabla.Kernels;

internal static partial class Gemm
{
    /// <summary>
    /// The packed path on several threads that share each packed B block, as BLIS does: for every (jc, pc)
    /// block the threads first pack B's micro-panels between them, then each takes row slices of C, packs
    /// that slice of A into its own buffer and runs the micro-kernels against the shared B. Every element
    /// of A and B is packed once, as on one thread; cutting C into independent row bands instead packed
    /// the whole of B once per band (a tenth of the work at 512² to 1024² with four bands).
    /// </summary>
    /// <remarks>
    /// Each phase is one <see cref="Workers.For"/>, whose return is the barrier: a slice never reads a B
    /// block that is still being packed, and the next block is packed only once every slice is done with
    /// this one. Slices are claimed one at a time, so a thread whose core is busy takes fewer of them.
    /// </remarks>
    private static unsafe void PackedShared<T>(in Problem<T> p, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var kernel = Resolve(p.Kernel);
        var t = Tiling.For<T>(kernel, p.M, p.N, p.K);
        // Row slices: whole micro-tiles, about four per thread (no more than one per tile), as even as
        // tiles allow. (Rounding the tiles per slice up left a thin last slice: at 512² eight slices
        // of 6, 6, ... and 1 tiles put 24 tiles on one thread and 19 on the other.)
        int tiles = (p.M + t.Mr - 1) / t.Mr;
        int slices = Math.Min(tiles, threads * 4);
        T* packB = PackBuffer<T>.GetShared(t.Kc * t.Nc);
        fixed (T* pa = p.A)
        fixed (T* pb = p.B)
        fixed (T* pc = p.C)
        {
            var v = new View<T>(p.M, p.N, p.K, pa + p.AOffset, p.ARowStride, p.AColStride,
                pb + p.BOffset, p.BRowStride, p.BColStride, pc + p.COffset, p.Ldc, p.Accumulate);
            var block = new SharedBlock<T>(v, t, kernel, (nint)packB, tiles, slices);
            for (int jc = 0; jc < v.N; jc += t.Nc)
            {
                for (int pk = 0; pk < v.K; pk += t.Kc)
                {
                    var current = block with { Jc = jc, Pc = pk };
                    int panels = (current.Width + t.Nr - 1) / t.Nr;
                    int groups = Math.Min(panels, threads * 2);
                    Workers.For(groups, g => current.PackPanels(panels * g / groups, panels * (g + 1) / groups));
                    Workers.For(slices, s => current.RunSlice(s));
                }
            }
        }
    }

    /// <summary>One (jc, pc) block of a shared product: what every pack and slice item needs.</summary>
    private readonly unsafe record struct SharedBlock<T>(View<T> V, Tiling Tiles, GemmKernel Kernel, nint PackedB, int MicroTiles, int Slices)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public int Jc { get; init; }
        public int Pc { get; init; }
        public int Width => Math.Min(Tiles.Nc, V.N - Jc);
        private int Depth => Math.Min(Tiles.Kc, V.K - Pc);

        /// <summary>Packs B micro-panels [from, to) of this block (panel q covers columns q·nr onwards).</summary>
        public void PackPanels(int from, int to)
        {
            if (to <= from) return;
            int kc = Depth, first = from * Tiles.Nr, cols = Math.Min(to * Tiles.Nr, Width) - first;
            PackB(V.B + Pc * V.Brs + (Jc + first) * V.Bcs, V.Brs, V.Bcs, kc, cols, Tiles.Nr, (T*)PackedB + first * kc);
        }

        /// <summary>Slice s of C's rows (micro-tiles [s·tiles/slices, (s + 1)·tiles/slices)) against the whole packed B block, in mc-row blocks of packed A.</summary>
        public void RunSlice(int s)
        {
            int start = (int)((long)MicroTiles * s / Slices) * Tiles.Mr;
            int end = Math.Min(V.M, (int)((long)MicroTiles * (s + 1) / Slices) * Tiles.Mr), kc = Depth, nc = Width;
            int aLength = (Tiles.Mc * Tiles.Kc + 15) & ~15;
            T* packA = PackBuffer<T>.Get(aLength + Tiles.Mr * Tiles.Nr);
            T* tile = packA + aLength;
            bool add = V.Accumulate || Pc > 0;
            for (int ic = start; ic < end; ic += Tiles.Mc)
            {
                int mc = Math.Min(Tiles.Mc, end - ic);
                PackA(V.A + ic * V.Ars + Pc * V.Acs, V.Ars, V.Acs, mc, kc, Tiles.Mr, packA);
                Macro(Kernel, Tiles, mc, nc, kc, packA, (T*)PackedB, V.C + ic * V.Ldc + Jc, V.Ldc, add, tile);
            }
        }
    }
}
