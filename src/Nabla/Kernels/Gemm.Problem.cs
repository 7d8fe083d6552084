using System.Numerics;

namespace Nabla.Kernels;

internal static partial class Gemm
{
    /// <summary>Smallest m the packed path takes: fewer rows fill a micro-tile so poorly that streaming B row by row wins.</summary>
    internal static int MinPackedRows { get; set; } = 5;

    /// <summary>One validated product, as arrays + offsets so that it can be cut into bands and handed to threads.</summary>
    private readonly record struct Problem<T>(int M, int N, int K,
        T[] A, int AOffset, int ARowStride, int AColStride,
        T[] B, int BOffset, int BRowStride, int BColStride,
        T[] C, int COffset, int Ldc, bool Accumulate, GemmKernel Kernel)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        /// <summary>Rows [start, start+size) of C, which need only the same rows of A.</summary>
        public Problem<T> RowBand(int start, int size) => this with
        {
            M = size, AOffset = AOffset + start * ARowStride, COffset = COffset + start * Ldc,
        };

        /// <summary>Columns [start, start+size) of C, which need only the same columns of B.</summary>
        public Problem<T> ColumnBand(int start, int size) => this with
        {
            N = size, BOffset = BOffset + start * BColStride, COffset = COffset + start,
        };

        /// <summary>Whether this product skips packing (always for <see cref="GemmKernel.Direct"/>, by shape for Auto).</summary>
        public bool UseDirect() => Kernel switch
        {
            GemmKernel.Direct => true,
            // n of one vector or less fills a packed micro-tile poorly, and k that short does too little per
            // C tile load and store; the direct path beats the packed one on such shapes.
            GemmKernel.Auto => (long)M * N * K < DirectThreshold || M < MinPackedRows
                || N <= Vector<T>.Count || K <= Vector<T>.Count,
            _ => false,
        };

        /// <summary>Runs this product on the calling thread.</summary>
        public unsafe void Run()
        {
            fixed (T* pa = A)
            fixed (T* pb = B)
            fixed (T* pc = C)
            {
                var v = new View<T>(M, N, K, pa + AOffset, ARowStride, AColStride,
                    pb + BOffset, BRowStride, BColStride, pc + COffset, Ldc, Accumulate);
                if (UseDirect()) Direct(v);
                else Packed(v, Resolve(Kernel));
            }
        }
    }

    /// <summary>A product over pinned pointers; strides are nint so that address arithmetic needs no widening.</summary>
    private readonly unsafe struct View<T>(int m, int n, int k,
        T* a, nint ars, nint acs, T* b, nint brs, nint bcs, T* c, nint ldc, bool accumulate)
        where T : unmanaged
    {
        public readonly int M = m, N = n, K = k;
        public readonly T* A = a, B = b, C = c;
        public readonly nint Ars = ars, Acs = acs, Brs = brs, Bcs = bcs, Ldc = ldc;
        public readonly bool Accumulate = accumulate;
    }
}
