using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Nabla.Kernels;

internal static partial class Gemm
{
    /// <summary>
    /// o[p·width + l] = s[l·laneStride + p] for 4 lanes, in register-transposed blocks of 8 (float) or
    /// 4 (double) steps: about four times fewer instructions than moving single elements. Returns how many
    /// steps it did; the caller finishes the rest (and everything where AVX is missing).
    /// </summary>
    private static unsafe int Transpose4Lanes<T>(T* s, nint laneStride, int kc, int width, T* o) where T : unmanaged
    {
        if (!Avx.IsSupported) return 0;
        if (typeof(T) == typeof(float)) return Transpose4x8((float*)s, laneStride, kc, width, (float*)o);
        if (typeof(T) == typeof(double)) return Transpose4x4((double*)s, laneStride, kc, width, (double*)o);
        return 0;
    }

    private static unsafe int Transpose4x8(float* s, nint ls, int kc, nint width, float* o)
    {
        int p = 0;
        for (; p + 8 <= kc; p += 8)
        {
            Vector256<float> v0 = Avx.LoadVector256(s + p), v1 = Avx.LoadVector256(s + ls + p);
            Vector256<float> v2 = Avx.LoadVector256(s + 2 * ls + p), v3 = Avx.LoadVector256(s + 3 * ls + p);
            // Per 128-bit half: t0 = (0₀ 1₀ 0₁ 1₁), t1 = (0₂ 1₂ 0₃ 1₃), t2/t3 the same for lanes 2 and 3 ...
            Vector256<float> t0 = Avx.UnpackLow(v0, v1), t1 = Avx.UnpackHigh(v0, v1);
            Vector256<float> t2 = Avx.UnpackLow(v2, v3), t3 = Avx.UnpackHigh(v2, v3);
            // ... so that u_j holds step j in its low half and step j + 4 in its high half.
            Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
            Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
            float* q = o + p * width;
            u0.GetLower().Store(q);
            u1.GetLower().Store(q + width);
            u2.GetLower().Store(q + 2 * width);
            u3.GetLower().Store(q + 3 * width);
            u0.GetUpper().Store(q + 4 * width);
            u1.GetUpper().Store(q + 5 * width);
            u2.GetUpper().Store(q + 6 * width);
            u3.GetUpper().Store(q + 7 * width);
        }
        return p;
    }

    private static unsafe int Transpose4x4(double* s, nint ls, int kc, nint width, double* o)
    {
        int p = 0;
        for (; p + 4 <= kc; p += 4)
        {
            Vector256<double> v0 = Avx.LoadVector256(s + p), v1 = Avx.LoadVector256(s + ls + p);
            Vector256<double> v2 = Avx.LoadVector256(s + 2 * ls + p), v3 = Avx.LoadVector256(s + 3 * ls + p);
            // t0 = (0₀ 1₀ | 0₂ 1₂), t1 = (0₁ 1₁ | 0₃ 1₃); t2, t3 the same for lanes 2 and 3.
            Vector256<double> t0 = Avx.UnpackLow(v0, v1), t1 = Avx.UnpackHigh(v0, v1);
            Vector256<double> t2 = Avx.UnpackLow(v2, v3), t3 = Avx.UnpackHigh(v2, v3);
            double* q = o + p * width;
            Avx.Permute2x128(t0, t2, 0x20).Store(q);
            Avx.Permute2x128(t1, t3, 0x20).Store(q + width);
            Avx.Permute2x128(t0, t2, 0x31).Store(q + 2 * width);
            Avx.Permute2x128(t1, t3, 0x31).Store(q + 3 * width);
        }
        return p;
    }
}
