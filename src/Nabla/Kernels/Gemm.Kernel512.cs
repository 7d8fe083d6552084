using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

internal static partial class Gemm
{
    /// <summary>
    /// AVX-512 micro-kernel: 12×2 vectors (12×32 floats, 12×16 doubles) of accumulators, 24 of the 32 zmm
    /// registers, leaving room for the two B vectors and the broadcast A value. (8×3 and 14×2 measured no
    /// faster on Zen 4.)
    /// </summary>
    private static class Kernel512
    {
        public const int Rows = 12;

        public static int Cols<T>() => 2 * Vector512<T>.Count;

        /// <summary>C[0..Rows, 0..Cols] = (add ? C : 0) + Σ_p a[p·Rows + i] · b[p·Cols + j] over packed panels.</summary>
        public static unsafe void Run<T>(int kc, T* a, T* b, T* c, nint ldc, bool add) where T : unmanaged
            => Tile<T, Twelve>(kc, a, b, c, ldc, add);

        /// <summary>
        /// Four rows of a 12-row packed A panel (rows at <paramref name="a"/>, the panel's step still
        /// <see cref="Rows"/>) against one B panel: the last rows of a product whose m is not a multiple of
        /// 12 (LeNet's and a batch of 64's: 64 = 5·12 + 4) cost a third of a full tile instead of a whole one.
        /// </summary>
        public static unsafe void Run4<T>(int kc, T* a, T* b, T* c, nint ldc, bool add) where T : unmanaged
            => Tile<T, Four>(kc, a, b, c, ldc, add);

        private interface IRows { static abstract int Count { get; } }
        private readonly struct Four : IRows { public static int Count => 4; }
        private readonly struct Twelve : IRows { public static int Count => 12; }

        // The first TR rows of a panel: TR is a type so that the JIT compiles each height without the
        // branches on it, keeping every accumulator in a register.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static unsafe void Tile<T, TR>(int kc, T* a, T* b, T* c, nint ldc, bool add) where T : unmanaged where TR : IRows
        {
            nint w = Vector512<T>.Count;
            Prefetch(c, ldc, TR.Count, 2 * Vector512<byte>.Count);
            Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
                c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default,
                c60 = default, c61 = default, c70 = default, c71 = default, c80 = default, c81 = default,
                c90 = default, c91 = default, c100 = default, c101 = default, c110 = default, c111 = default;
            for (int p = 0; p < kc; p++, a += Rows, b += 2 * w)
            {
                var b0 = Vector512.Load(b);
                var b1 = Vector512.Load(b + w);
                var a0 = Vector512.Create(a[0]); c00 = Fma(a0, b0, c00); c01 = Fma(a0, b1, c01);
                var a1 = Vector512.Create(a[1]); c10 = Fma(a1, b0, c10); c11 = Fma(a1, b1, c11);
                var a2 = Vector512.Create(a[2]); c20 = Fma(a2, b0, c20); c21 = Fma(a2, b1, c21);
                var a3 = Vector512.Create(a[3]); c30 = Fma(a3, b0, c30); c31 = Fma(a3, b1, c31);
                if (TR.Count > 4)
                {
                    var a4 = Vector512.Create(a[4]); c40 = Fma(a4, b0, c40); c41 = Fma(a4, b1, c41);
                    var a5 = Vector512.Create(a[5]); c50 = Fma(a5, b0, c50); c51 = Fma(a5, b1, c51);
                    var a6 = Vector512.Create(a[6]); c60 = Fma(a6, b0, c60); c61 = Fma(a6, b1, c61);
                    var a7 = Vector512.Create(a[7]); c70 = Fma(a7, b0, c70); c71 = Fma(a7, b1, c71);
                    var a8 = Vector512.Create(a[8]); c80 = Fma(a8, b0, c80); c81 = Fma(a8, b1, c81);
                    var a9 = Vector512.Create(a[9]); c90 = Fma(a9, b0, c90); c91 = Fma(a9, b1, c91);
                    var a10 = Vector512.Create(a[10]); c100 = Fma(a10, b0, c100); c101 = Fma(a10, b1, c101);
                    var a11 = Vector512.Create(a[11]); c110 = Fma(a11, b0, c110); c111 = Fma(a11, b1, c111);
                }
            }
            Store(c + 0 * ldc, w, c00, c01, add);
            Store(c + 1 * ldc, w, c10, c11, add);
            Store(c + 2 * ldc, w, c20, c21, add);
            Store(c + 3 * ldc, w, c30, c31, add);
            if (TR.Count == 4) return;
            Store(c + 4 * ldc, w, c40, c41, add);
            Store(c + 5 * ldc, w, c50, c51, add);
            Store(c + 6 * ldc, w, c60, c61, add);
            Store(c + 7 * ldc, w, c70, c71, add);
            Store(c + 8 * ldc, w, c80, c81, add);
            Store(c + 9 * ldc, w, c90, c91, add);
            Store(c + 10 * ldc, w, c100, c101, add);
            Store(c + 11 * ldc, w, c110, c111, add);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe void Store<T>(T* c, nint w, Vector512<T> v0, Vector512<T> v1, bool add) where T : unmanaged
        {
            if (add)
            {
                v0 += Vector512.Load(c);
                v1 += Vector512.Load(c + w);
            }
            v0.Store(c);
            v1.Store(c + w);
        }
    }
}
