using System.Numerics;

namespace Nabla.Kernels;

internal static partial class Gemm
{
    /// <summary>
    /// The packed path on several threads: for every (jc, pc) block, the threads take row slices of C one
    /// at a time; each packs its own copy of the B block before its first slice, then packs each slice's
    /// A and runs the micro-kernels against its B.
    /// </summary>
    /// <remarks>
    /// Sharing one packed B between the threads (as BLIS does) packs B only once, but on this 2-vCPU
    /// machine it cost more than a second copy: each call's packing wrote lines the other core had just
    /// read (the pack phase took ~90 µs of a 512² product's ~830 µs on two threads, against ~33 µs for one
    /// core packing B alone), half of the B panels then came from the other core's cache, and the pack
    /// phase needed its own barrier. A private copy stays in its core's caches. Packing B twice adds
    /// kc·nc element copies per block and thread, about 2.5% of a 512² product's work and less above.
    /// Each block is one <see cref="Workers.For"/>, whose return is the barrier before the next block
    /// (which may add onto the same rows of C). A thread whose core is busy claims fewer slices, and
    /// one that claims none packs nothing.
    /// </remarks>
    private static unsafe void PackedRowSlices<T>(in Problem<T> p, int threads) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var kernel = Resolve(p.Kernel);
        var t = Tiling.For<T>(kernel, p.M, p.N, p.K);
        // Row slices: whole micro-tiles, about four per thread (no more than one per tile), as even as
        // tiles allow. (Rounding the tiles per slice up left a thin last slice: at 512² eight slices
        // of 6, 6, ... and 1 tiles put 24 tiles on one thread and 19 on the other.)
        int tiles = (p.M + t.Mr - 1) / t.Mr;
        int slices = Math.Min(tiles, threads * 4);
        fixed (T* pa = p.A)
        fixed (T* pb = p.B)
        fixed (T* pc = p.C)
        {
            var v = new View<T>(p.M, p.N, p.K, pa + p.AOffset, p.ARowStride, p.AColStride,
                pb + p.BOffset, p.BRowStride, p.BColStride, pc + p.COffset, p.Ldc, p.Accumulate);
            var block = new SliceBlock<T>(v, t, kernel, tiles, slices);
            for (int jc = 0; jc < v.N; jc += t.Nc)
            {
                for (int pk = 0; pk < v.K; pk += t.Kc)
                {
                    var current = block with { Jc = jc, Pc = pk };
                    var claimed = new int[1];
                    Workers.For(threads, _ => current.RunSlices(claimed));
                }
            }
        }
    }

    /// <summary>One (jc, pc) block of a product cut into row slices: what every thread's slices need.</summary>
    private readonly unsafe record struct SliceBlock<T>(View<T> V, Tiling Tiles, GemmKernel Kernel, int MicroTiles, int Slices)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public int Jc { get; init; }
        public int Pc { get; init; }
        public int Width => Math.Min(Tiles.Nc, V.N - Jc);
        private int Depth => Math.Min(Tiles.Kc, V.K - Pc);

        /// <summary>Claims slices until none is left; packs this thread's own copy of the B block before its first.</summary>
        public void RunSlices(int[] claimed)
        {
            T* packB = null;
            for (int s; (s = Interlocked.Increment(ref claimed[0]) - 1) < Slices;)
            {
                if (packB == null)
                {
                    packB = PackBuffer<T>.GetB(Tiles.Kc * Tiles.Nc);
                    PackB(V.B + Pc * V.Brs + Jc * V.Bcs, V.Brs, V.Bcs, Depth, Width, Tiles.Nr, packB);
                }
                RunSlice(s, packB);
            }
        }

        /// <summary>Slice s of C's rows (micro-tiles [s·tiles/slices, (s + 1)·tiles/slices)) against the whole packed B block, in mc-row blocks of packed A.</summary>
        private void RunSlice(int s, T* packB)
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
                Macro(Kernel, Tiles, mc, nc, kc, packA, packB, V.C + ic * V.Ldc + Jc, V.Ldc, add, tile);
            }
        }
    }
}
