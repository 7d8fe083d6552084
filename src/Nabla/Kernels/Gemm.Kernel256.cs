using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

internal static partial class Gemm
{
    /// <summary>
    /// AVX2 micro-kernel: 6×2 vectors (6×16 floats, 6×8 doubles) of accumulators, 12 of the 16 ymm
    /// registers: the classic Haswell tile.
    /// </summary>
    private static class Kernel256
    {
        public const int Rows = 6;

        public static int Cols<T>() => 2 * Vector256<T>.Count;

        /// <summary>C[0..Rows, 0..Cols] = (add ? C : 0) + Σ_p a[p·Rows + i] · b[p·Cols + j] over packed panels.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void Run<T>(int kc, T* a, T* b, T* c, nint ldc, bool add) where T : unmanaged
        {
            nint w = Vector256<T>.Count;
            Prefetch(c, ldc, Rows, 2 * Vector256<byte>.Count);
            Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
                c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
            for (int p = 0; p < kc; p++, a += Rows, b += 2 * w)
            {
                var b0 = Vector256.Load(b);
                var b1 = Vector256.Load(b + w);
                var a0 = Vector256.Create(a[0]); c00 = Fma(a0, b0, c00); c01 = Fma(a0, b1, c01);
                var a1 = Vector256.Create(a[1]); c10 = Fma(a1, b0, c10); c11 = Fma(a1, b1, c11);
                var a2 = Vector256.Create(a[2]); c20 = Fma(a2, b0, c20); c21 = Fma(a2, b1, c21);
                var a3 = Vector256.Create(a[3]); c30 = Fma(a3, b0, c30); c31 = Fma(a3, b1, c31);
                var a4 = Vector256.Create(a[4]); c40 = Fma(a4, b0, c40); c41 = Fma(a4, b1, c41);
                var a5 = Vector256.Create(a[5]); c50 = Fma(a5, b0, c50); c51 = Fma(a5, b1, c51);
            }
            Store(c + 0 * ldc, w, c00, c01, add);
            Store(c + 1 * ldc, w, c10, c11, add);
            Store(c + 2 * ldc, w, c20, c21, add);
            Store(c + 3 * ldc, w, c30, c31, add);
            Store(c + 4 * ldc, w, c40, c41, add);
            Store(c + 5 * ldc, w, c50, c51, add);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe void Store<T>(T* c, nint w, Vector256<T> v0, Vector256<T> v1, bool add) where T : unmanaged
        {
            if (add)
            {
                v0 += Vector256.Load(c);
                v1 += Vector256.Load(c + w);
            }
            v0.Store(c);
            v1.Store(c + w);
        }
    }
}
