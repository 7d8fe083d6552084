namespace Nabla;

// The draws behind the sampling ops (bernoulli, poisson, multinomial), each built on the generator's
// one stream of uniforms, so a seed fixes every draw. Each method states its algorithm.
public sealed partial class Generator
{
    /// <summary>Fills <paramref name="result"/> with 1 where a uniform u in [0, 1) falls below p[i] (probability exactly p[i]), else 0.</summary>
    internal void FillBernoulli(ReadOnlySpan<double> p, Span<double> result)
    {
        lock (_lock) for (int i = 0; i < result.Length; i++) result[i] = NextDouble() < p[i] ? 1 : 0;
    }

    /// <summary>Fills <paramref name="result"/> with Poisson counts of the non-negative finite <paramref name="rates"/>.</summary>
    internal void FillPoisson(ReadOnlySpan<double> rates, Span<double> result)
    {
        lock (_lock) for (int i = 0; i < result.Length; i++) result[i] = NextPoisson(rates[i]);
    }

    /// <summary>
    /// Draws <paramref name="result"/>.Length categories independently, category j with probability
    /// wⱼ / Σw (weights finite, ≥ 0, Σw &gt; 0): a uniform point in [0, Σw) located in the cumulative sums.
    /// </summary>
    internal void SampleWithReplacement(ReadOnlySpan<double> weights, Span<long> result)
    {
        var cumulative = new double[weights.Length];
        double total = 0;
        int last = 0;   // the last category with weight: where a point rounded up to Σw belongs
        for (int j = 0; j < weights.Length; j++)
        {
            cumulative[j] = total += weights[j];
            if (weights[j] > 0) last = j;
        }
        lock (_lock)
            for (int i = 0; i < result.Length; i++)
            {
                int j = Array.BinarySearch(cumulative, NextDouble() * total);
                j = j >= 0 ? j + 1 : ~j;   // the first category whose cumulative sum exceeds the point
                while (j < weights.Length && weights[j] == 0) j++;   // an exact hit on a boundary skips empty categories
                result[i] = Math.Min(j, last);
            }
    }

    /// <summary>
    /// Draws <paramref name="result"/>.Length distinct categories one after another, each with probability
    /// proportional to the weights of those not drawn yet (weights finite, ≥ 0, Σw &gt; 0). By the exponential
    /// race: category j arrives at Eⱼ/wⱼ with Eⱼ ~ Exp(1); the first arrival is j with probability wⱼ/Σw and,
    /// the exponential being memoryless, the later arrivals continue the draw without replacement. Categories
    /// of weight 0 never arrive, and come last, in index order, when more are asked for than have weight.
    /// </summary>
    internal void SampleWithoutReplacement(ReadOnlySpan<double> weights, Span<long> result)
    {
        var arrival = new double[weights.Length];
        lock (_lock)
            for (int j = 0; j < weights.Length; j++) arrival[j] = weights[j] > 0 ? NextExponential() / weights[j] : double.PositiveInfinity;
        if (result.Length == 1)
        {
            int first = 0;
            for (int j = 1; j < arrival.Length; j++) if (arrival[j] < arrival[first]) first = j;
            result[0] = first;
            return;
        }
        var order = new long[weights.Length];
        for (int j = 0; j < order.Length; j++) order[j] = j;
        Array.Sort(arrival, order);
        int never = 0;
        while (never < arrival.Length && double.IsPositiveInfinity(arrival[^(never + 1)])) never++;
        Array.Sort(order, arrival.Length - never, never);   // the weightless categories, tied at +∞, by index
        order.AsSpan(0, result.Length).CopyTo(result);
    }

    // Exp(1) by inversion, -ln u with u in (0, 1]; a draw of exactly 0 (u = 1) is redrawn, so every arrival time is positive.
    private double NextExponential()
    {
        while (true)
        {
            double e = -Math.Log(1.0 - NextDouble());
            if (e > 0) return e;
        }
    }

    /// <summary>
    /// A Poisson(λ) count. Below λ = 10, Knuth's product of uniforms (the number of uniforms whose running
    /// product stays above e^-λ); from 10 on, Hörmann's transformed rejection with squeeze (PTRS, 1993), whose
    /// cost does not grow with λ.
    /// </summary>
    private double NextPoisson(double rate)
    {
        if (rate == 0) return 0;
        if (rate < 10)
        {
            double limit = Math.Exp(-rate), product = NextDouble();
            int count = 0;
            while (product > limit)
            {
                product *= NextDouble();
                count++;
            }
            return count;
        }
        double sqrtRate = Math.Sqrt(rate), logRate = Math.Log(rate);
        double b = 0.931 + 2.53 * sqrtRate, a = -0.059 + 0.02483 * b;
        double logInvAlpha = Math.Log(1.1239 + 1.1328 / (b - 3.4)), acceptAll = 0.9277 - 3.6224 / (b - 2);
        while (true)
        {
            double u = NextDouble() - 0.5, v = NextDouble(), us = 0.5 - Math.Abs(u);
            if (us <= 0) continue;   // u = -0.5 exactly: the hat is unbounded there
            double k = Math.Floor((2 * a / us + b) * u + rate + 0.43);
            if (us >= 0.07 && v <= acceptAll) return k;   // the squeeze: inside the hat's core, no density needed
            if (k < 0 || (us < 0.013 && v > us)) continue;
            if (Math.Log(v) + logInvAlpha - Math.Log(a / (us * us) + b) <= -rate + k * logRate - LogFactorial(k)) return k;
        }
    }

    private static readonly Lazy<double[]> s_logFactorials = new(() =>
    {
        var table = new double[256];
        for (int k = 2; k < table.Length; k++) table[k] = table[k - 1] + Math.Log(k);
        return table;
    });

    // ln k!: a table below 256, else Stirling's series (its next term, 1/(1680k⁷), is below 1e-20 there).
    private static double LogFactorial(double k)
    {
        if (k < 256) return s_logFactorials.Value[(int)k];
        double inv = 1 / k, inv2 = inv * inv;
        return (k + 0.5) * Math.Log(k) - k + 0.9189385332046728 + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 / 1260));
    }
}
