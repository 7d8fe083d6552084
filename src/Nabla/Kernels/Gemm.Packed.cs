using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Kernels;

internal static partial class Gemm
{
    /// <summary>
    /// Depth of one packed block (elements of k). Each block is one read-modify-write pass over C, so deeper
    /// is better until the kc×nr B micro-panel leaves L2 (512: 64 KiB; measured best on Zen 4).
    /// </summary>
    internal static int BlockK { get; set; } = 512;

    /// <summary>Bytes of packed A (mc×kc) per block: kept in L2 while every B micro-panel streams past it.</summary>
    internal static int BlockABytes { get; set; } = 384 * 1024;

    /// <summary>Bytes of packed B (kc×nc) per block: kept in L3 while every A block streams past it.</summary>
    internal static int BlockBBytes { get; set; } = 2 * 1024 * 1024;

    [ThreadStatic] private static (int K, int ABytes, int BBytes) threadBlocks;

    /// <summary>Overrides of the three block sizes above, each when positive, for calls on this thread only (tests).</summary>
    internal static (int K, int ABytes, int BBytes) ThreadBlocks { get => threadBlocks; set => threadBlocks = value; }

    /// <summary>Micro-tile (mr×nr) and cache-block (mc, kc, nc) sizes for one kernel and element type.</summary>
    private readonly record struct Tiling(int Mr, int Nr, int Mc, int Kc, int Nc)
    {
        public static Tiling For<T>(GemmKernel kernel, int m, int n, int k) where T : unmanaged
        {
            int size = Unsafe.SizeOf<T>();
            (int mr, int nr) = kernel switch
            {
                GemmKernel.Vector512 => (Kernel512.Rows, Kernel512.Cols<T>()),
                GemmKernel.Vector256 => (Kernel256.Rows, Kernel256.Cols<T>()),
                _ => (KernelPortable.Rows, KernelPortable.Cols<T>()),
            };
            var local = threadBlocks;
            int blockK = local.K > 0 ? local.K : BlockK;
            int blockA = local.ABytes > 0 ? local.ABytes : BlockABytes;
            int blockB = local.BBytes > 0 ? local.BBytes : BlockBBytes;
            int kc = Balance(k, Math.Max(16, blockK), 1);
            int mc = Balance(m, Math.Max(mr, blockA / (kc * size) / mr * mr), mr);
            int nc = Balance(n, Math.Max(nr, blockB / (kc * size) / nr * nr), nr);
            return new Tiling(mr, nr, mc, kc, nc);
        }

        /// <summary>Block size ≤ max (a multiple of unit) that splits extent into equal blocks: no thin last block.</summary>
        private static int Balance(int extent, int max, int unit)
        {
            int blocks = (extent + max - 1) / max;
            int size = (extent + blocks - 1) / blocks;
            return (size + unit - 1) / unit * unit;
        }
    }

    /// <summary>Loops over cache blocks: B block packed once per (jc, pc), A block once per (jc, pc, ic).</summary>
    private static unsafe void Packed<T>(in View<T> v, GemmKernel kernel) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var t = Tiling.For<T>(kernel, v.M, v.N, v.K);
        int aLength = (t.Mc * t.Kc + 15) & ~15; // rounded to 64 bytes so that packed B stays aligned
        T* packA = PackBuffer<T>.Get(aLength + t.Kc * t.Nc + t.Mr * t.Nr);
        T* packB = packA + aLength;
        T* tile = packB + t.Kc * t.Nc;
        for (int jc = 0; jc < v.N; jc += t.Nc)
        {
            int nc = Math.Min(t.Nc, v.N - jc);
            for (int pc = 0; pc < v.K; pc += t.Kc)
            {
                int kc = Math.Min(t.Kc, v.K - pc);
                PackB(v.B + pc * v.Brs + jc * v.Bcs, v.Brs, v.Bcs, kc, nc, t.Nr, packB);
                bool add = v.Accumulate || pc > 0; // later k blocks add onto what the first one stored
                for (int ic = 0; ic < v.M; ic += t.Mc)
                {
                    int mc = Math.Min(t.Mc, v.M - ic);
                    PackA(v.A + ic * v.Ars + pc * v.Acs, v.Ars, v.Acs, mc, kc, t.Mr, packA);
                    Macro(kernel, t, mc, nc, kc, packA, packB, v.C + ic * v.Ldc + jc, v.Ldc, add, tile);
                }
            }
        }
    }

    /// <summary>
    /// All micro-tiles of one mc×nc block of C. The B micro-panel (kc×nr) is the outer loop so that it stays
    /// in the nearest caches while the A micro-panels of the block (in L2) stream past it. Edge tiles compute into a scratch tile (the packed
    /// panels are zero-padded) and copy back only their valid part.
    /// </summary>
    private static unsafe void Macro<T>(GemmKernel kernel, in Tiling t, int mc, int nc, int kc,
        T* packA, T* packB, T* c, nint ldc, bool add, T* tile) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int jr = 0; jr < nc; jr += t.Nr)
        {
            int nr = Math.Min(t.Nr, nc - jr);
            T* b = packB + jr * kc;
            for (int ir = 0; ir < mc; ir += t.Mr)
            {
                int mr = Math.Min(t.Mr, mc - ir);
                T* a = packA + ir * kc;
                T* ct = c + ir * ldc + jr;
                if (mr == t.Mr && nr == t.Nr)
                {
                    Micro(kernel, kc, a, b, ct, ldc, add);
                }
                else if (kernel == GemmKernel.Vector512 && nr == t.Nr)
                {
                    // The last rows, four at a time (a partial four through the scratch tile).
                    for (int r = 0; r < mr; r += 4)
                    {
                        if (mr - r >= 4) { Kernel512.Run4(kc, a + r, b, ct + r * ldc, ldc, add); continue; }
                        Kernel512.Run4(kc, a + r, b, tile, t.Nr, false);
                        MergeTile(tile, t.Nr, ct + r * ldc, ldc, mr - r, nr, add);
                    }
                }
                else
                {
                    Micro(kernel, kc, a, b, tile, t.Nr, false);
                    MergeTile(tile, t.Nr, ct, ldc, mr, nr, add);
                }
            }
        }
    }

    private static unsafe void Micro<T>(GemmKernel kernel, int kc, T* a, T* b, T* c, nint ldc, bool add)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (kernel)
        {
            case GemmKernel.Vector512: Kernel512.Run(kc, a, b, c, ldc, add); break;
            case GemmKernel.Vector256: Kernel256.Run(kc, a, b, c, ldc, add); break;
            default: KernelPortable.Run(kc, a, b, c, ldc, add); break;
        }
    }

    /// <summary>
    /// Asks for the cache lines of each row of a C tile (rowBytes ≤ 128, not necessarily line-aligned) up
    /// front, so that they arrive while the micro-kernel computes rather than stalling its final loads and
    /// stores: C is rarely in cache.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch<T>(T* c, nint ldc, int rows, int rowBytes) where T : unmanaged
    {
        if (!Sse.IsSupported) return;
        for (int i = 0; i < rows; i++, c += ldc)
        {
            Sse.Prefetch0(c);
            Sse.Prefetch0((byte*)c + rowBytes - 1);
            if (rowBytes > 64) Sse.Prefetch0((byte*)c + 64);
        }
    }

    private static unsafe void MergeTile<T>(T* tile, int ldt, T* c, nint ldc, int mr, int nr, bool add)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < mr; i++)
        {
            T* src = tile + i * ldt;
            T* dst = c + i * ldc;
            if (add) for (int j = 0; j < nr; j++) dst[j] += src[j];
            else for (int j = 0; j < nr; j++) dst[j] = src[j];
        }
    }

    /// <summary>
    /// Per-thread packing memory, pinned (on the POH) and 64-byte aligned so that every Vector512 load of a
    /// packed B panel touches one cache line. Grows to the largest block ever needed, then is reused.
    /// Two slots: <see cref="Get"/> for a single-threaded product's blocks or a row slice's A, and
    /// <see cref="GetB"/> for the B block a thread packs for its row slices (<see cref="PackedRowSlices"/>).
    /// </summary>
    private static class PackBuffer<T> where T : unmanaged
    {
        [ThreadStatic] private static T[]? own;
        [ThreadStatic] private static T[]? sliceB;

        public static unsafe T* Get(int length) => Aligned(ref own, length);

        public static unsafe T* GetB(int length) => Aligned(ref sliceB, length);

        private static unsafe T* Aligned(ref T[]? slot, int length)
        {
            int pad = 64 / Unsafe.SizeOf<T>();
            T[]? buf = slot;
            if (buf is null || buf.Length < length + pad)
            {
                buf = GC.AllocateUninitializedArray<T>(length + pad, pinned: true);
                slot = buf;
            }
            nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buf));
            return (T*)((address + 63) & ~(nint)63);
        }
    }
}
