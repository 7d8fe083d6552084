using System.Numerics;

namespace Nabla.Kernels;

// More scans for Scans.Scan (cumsum is in Scans.cs).

/// <summary>yₖ = yₖ₋₁ · xₖ (cumprod)</summary>
internal readonly struct CumProdOp : IScanOp
{
    public static T Combine<T>(T accumulated, T x) where T : unmanaged, INumber<T> => accumulated * x;
}

/// <summary>yₖ = log(e^yₖ₋₁ + e^xₖ) (logcumsumexp), without overflow; floating types only</summary>
internal readonly struct LogCumSumExpOp : IScanOp
{
    public static T Combine<T>(T accumulated, T x) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float)) return Fp.T<T>(LogAddExp(Fp.F(accumulated), Fp.F(x)));
        if (typeof(T) == typeof(double)) return Fp.T<T>(LogAddExp(Fp.D(accumulated), Fp.D(x)));
        throw Fp.NotFloat<T>();
    }

    /// <summary>
    /// log(eᵃ + eᵇ) = max + log1p(e^(min - max)), NaN if either is NaN; two equal infinities give
    /// themselves (their difference would be NaN), as PyTorch's _log_add_exp_helper.
    /// </summary>
    public static T LogAddExp<T>(T a, T b) where T : IFloatingPointIeee754<T>
    {
        T min = T.Min(a, b), max = T.Max(a, b);   // NaN if either is NaN
        if (min == max && !T.IsFinite(min)) return a;
        return max + Log1p(T.Exp(min - max));
    }

    // log(1 + e) for e in [0, 1], accurate where 1 + e rounds (the BCL's LogP1 is log(1 + e) as written):
    // log(u)·e/(u - 1) with u = 1 + e cancels the rounding of u (Goldberg, 1991).
    private static T Log1p<T>(T e) where T : IFloatingPointIeee754<T>
    {
        T u = T.One + e;
        return u == T.One ? e : T.Log(u) * e / (u - T.One);
    }
}
