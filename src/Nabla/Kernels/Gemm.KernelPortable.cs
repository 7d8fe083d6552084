using System.Numerics;
using System.Runtime.CompilerServices;

namespace Nabla.Kernels;

internal static partial class Gemm
{
    /// <summary>Any-hardware micro-kernel: 4×2 Vector&lt;T&gt; accumulators, few enough for 16 registers.</summary>
    private static class KernelPortable
    {
        public const int Rows = 4;

        public static int Cols<T>() => 2 * Vector<T>.Count;

        /// <summary>C[0..Rows, 0..Cols] = (add ? C : 0) + Σ_p a[p·Rows + i] · b[p·Cols + j] over packed panels.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static unsafe void Run<T>(int kc, T* a, T* b, T* c, nint ldc, bool add) where T : unmanaged
        {
            nint w = Vector<T>.Count;
            Vector<T> c00 = default, c01 = default, c10 = default, c11 = default,
                c20 = default, c21 = default, c30 = default, c31 = default;
            for (int p = 0; p < kc; p++, a += Rows, b += 2 * w)
            {
                var b0 = Vector.Load(b);
                var b1 = Vector.Load(b + w);
                var a0 = new Vector<T>(a[0]); c00 = Fma(a0, b0, c00); c01 = Fma(a0, b1, c01);
                var a1 = new Vector<T>(a[1]); c10 = Fma(a1, b0, c10); c11 = Fma(a1, b1, c11);
                var a2 = new Vector<T>(a[2]); c20 = Fma(a2, b0, c20); c21 = Fma(a2, b1, c21);
                var a3 = new Vector<T>(a[3]); c30 = Fma(a3, b0, c30); c31 = Fma(a3, b1, c31);
            }
            Store(c + 0 * ldc, w, c00, c01, add);
            Store(c + 1 * ldc, w, c10, c11, add);
            Store(c + 2 * ldc, w, c20, c21, add);
            Store(c + 3 * ldc, w, c30, c31, add);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe void Store<T>(T* c, nint w, Vector<T> v0, Vector<T> v1, bool add) where T : unmanaged
        {
            if (add)
            {
                v0 += Vector.Load(c);
                v1 += Vector.Load(c + w);
            }
            v0.Store(c);
            v1.Store(c + w);
        }
    }
}
