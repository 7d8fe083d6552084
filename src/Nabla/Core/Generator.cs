namespace Nabla;

/// <summary>
/// A seeded source of random numbers, like <c>torch.Generator</c>. The same seed gives the same
/// tensors on every machine and runtime: the algorithm is fixed and documented here.
/// </summary>
/// <remarks>
/// Algorithm: xoshiro256** (Blackman and Vigna) whose 256-bit state is filled from the 64-bit seed
/// by SplitMix64. Uniform float32 values take the top 24 bits of one output (k·2⁻²⁴, in [0, 1)),
/// float64 values the top 53 bits; normal values use the Box–Muller transform on two float64
/// uniforms (u₁ taken from (0, 1]) and use both results of each pair; integers in [low, high) use
/// Lemire's unbiased multiply-and-reject. A generator is safe to share across threads (calls are
/// serialised), but the interleaving of concurrent callers is then up to the scheduler.
/// </remarks>
public sealed partial class Generator
{
    private readonly Lock _lock = new();
    private ulong _s0, _s1, _s2, _s3;
    private double? _spareNormal;

    /// <summary>A generator seeded with <paramref name="seed"/>.</summary>
    public Generator(long seed) => ManualSeed(seed);

    /// <summary>The generator that factories use when none is given (<c>torch.default_generator</c>), seeded with 0 at start-up.</summary>
    public static Generator Default { get; } = new(0);

    /// <summary>The seed this generator was last seeded with, like <c>initial_seed()</c>.</summary>
    public long InitialSeed { get; private set; }

    /// <summary>Re-seeds the generator, like <c>torch.manual_seed</c>; returns it.</summary>
    public Generator ManualSeed(long seed)
    {
        lock (_lock)
        {
            InitialSeed = seed;
            ulong x = (ulong)seed;
            _s0 = SplitMix(ref x);
            _s1 = SplitMix(ref x);
            _s2 = SplitMix(ref x);
            _s3 = SplitMix(ref x);
            _spareNormal = null;
        }
        return this;
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private ulong Next()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    private double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Fills with uniform values in [0, 1).</summary>
    internal void FillUniform(Span<float> values)
    {
        lock (_lock) for (int i = 0; i < values.Length; i++) values[i] = (Next() >> 40) * (1.0f / (1 << 24));
    }

    /// <summary>Fills with uniform values in [0, 1).</summary>
    internal void FillUniform(Span<double> values)
    {
        lock (_lock) for (int i = 0; i < values.Length; i++) values[i] = NextDouble();
    }

    /// <summary>Fills with standard normal values (float64; callers round to float32).</summary>
    internal void FillNormal(Span<double> values)
    {
        lock (_lock) for (int i = 0; i < values.Length; i++) values[i] = NextNormal();
    }

    private double NextNormal()
    {
        if (_spareNormal is { } spare)
        {
            _spareNormal = null;
            return spare;
        }
        double u1 = 1.0 - NextDouble(), u2 = NextDouble();   // u1 in (0, 1]: log(u1) is finite
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        _spareNormal = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Fills with integers uniform in [low, high).</summary>
    internal void FillInt(Span<long> values, long low, long high)
    {
        if (high <= low) throw new ArgumentException($"random range is empty: low ({low}) must be less than high ({high})");
        ulong range = (ulong)(high - low);
        lock (_lock) for (int i = 0; i < values.Length; i++) values[i] = low + (long)Bounded(range);
    }

    /// <summary>A uniformly random permutation of 0..n-1 (Fisher–Yates, drawing from the end).</summary>
    internal long[] Permutation(int n)
    {
        var order = new long[n];
        for (int i = 0; i < n; i++) order[i] = i;
        lock (_lock)
            for (int i = n - 1; i > 0; i--)
            {
                long j = (long)Bounded((ulong)(i + 1));
                (order[i], order[j]) = (order[j], order[i]);
            }
        return order;
    }

    // Lemire's method: a 128-bit product, rejecting the few values that would bias the result.
    private ulong Bounded(ulong range)
    {
        while (true)
        {
            ulong hi = Math.BigMul(Next(), range, out ulong lo);
            if (lo >= range || lo >= (0 - range) % range) return hi;
        }
    }
}
