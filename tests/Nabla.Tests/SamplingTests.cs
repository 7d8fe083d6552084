namespace Nabla.Tests;

/// <summary>
/// The sampling ops draw from Nabla's generator, not PyTorch's stream, so they are tested for their
/// distributions: chi-square goodness of fit on 10,000+ draws with fixed seeds, against the critical
/// value at p = 10⁻⁴ (generous, yet a wrong distribution fails by orders of magnitude, as the first test
/// shows), plus PyTorch's shapes, dtypes, node names and errors.
/// </summary>
public class SamplingTests
{
    // Pearson's statistic Σ (observed - expected)² / expected.
    private static double ChiSquare(long[] observed, double[] expected)
    {
        double chi = 0;
        for (int i = 0; i < observed.Length; i++) chi += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
        return chi;
    }

    // The chi-square quantile at 1 - 10⁻⁴ by the Wilson–Hilferty cube approximation (within 1% from 3 degrees of freedom).
    private static double Critical(int degreesOfFreedom)
    {
        double k = degreesOfFreedom, z = 3.719;
        return k * Math.Pow(1 - 2 / (9 * k) + z * Math.Sqrt(2 / (9 * k)), 3);
    }

    private static void AssertFits(long[] observed, double[] expected, string what)
    {
        double chi = ChiSquare(observed, expected);
        Assert.True(chi < Critical(observed.Length - 1), $"{what}: chi-square {chi:F1} over {observed.Length} cells, critical {Critical(observed.Length - 1):F1}; observed [{string.Join(", ", observed)}]");
    }

    private static long[] Counts(IEnumerable<long> values, int cells)
    {
        var counts = new long[cells];
        foreach (long v in values) counts[v]++;
        return counts;
    }

    [Fact]
    public void TheChiSquareCheckRejectsAWrongDistribution()
    {
        var uniform = Counts(Tensor.RandInt(4, [10_000], generator: new Generator(1)).ToArray<long>(), 4);
        AssertFits(uniform, [2500.0, 2500, 2500, 2500], "uniform draws against the uniform law");
        Assert.True(ChiSquare(uniform, [1000.0, 2000, 3000, 4000]) > 100 * Critical(3));
    }

    // ---- multinomial ----

    [Fact]
    public void MultinomialWithReplacementDrawsInProportionToTheWeights()
    {
        var weights = Tensor.FromArray([1.0, 2, 0, 3, 4]);   // not normalised; category 2 never drawn
        var draws = Tensor.Multinomial(weights, 20_000, replacement: true, generator: new Generator(11));
        Assert.Equal(DType.Int64, draws.DType);
        Assert.Equal([20_000], draws.Shape.ToArray());
        var counts = Counts(draws.ToArray<long>(), 5);
        Assert.Equal(0, counts[2]);
        AssertFits([counts[0], counts[1], counts[3], counts[4]], [2000.0, 4000, 6000, 8000], "multinomial with replacement");
    }

    [Fact]
    public void MultinomialWithoutReplacementDrawsEachNextInProportionToTheWeightsLeft()
    {
        double[] p = [0.1, 0.2, 0.3, 0.4];
        int rows = 10_000;
        var probs = Tensor.FromArray(p, DType.Float32).Expand(rows, 4);   // one distribution per row (a stride-0 view)
        var draws = Tensor.Multinomial(probs, numSamples: 2, generator: new Generator(12)).ToArray<long>();
        // The ordered pair (i, j) has probability pᵢ·pⱼ/(1 - pᵢ).
        var observed = new long[12];
        var expected = new double[12];
        for (int r = 0; r < rows; r++)
        {
            long i = draws[2 * r], j = draws[2 * r + 1];
            Assert.NotEqual(i, j);
            observed[i * 3 + (j < i ? j : j - 1)]++;
        }
        for (int i = 0; i < 4; i++)
            for (int j = 0, cell = 0; j < 4; j++)
                if (j != i) expected[i * 3 + cell++] = rows * p[i] * p[j] / (1 - p[i]);
        AssertFits(observed, expected, "ordered pairs drawn without replacement");
    }

    [Fact]
    public void MultinomialWithoutReplacementDrawsZeroWeightsLastAndAllCategoriesOnce()
    {
        var probs = Tensor.FromArray(new[,] { { 0.0, 1, 0, 2 }, { 5.0, 0, 1, 0 } });
        var draws = Tensor.Multinomial(probs, 4, generator: new Generator(13));
        Assert.Equal([2, 4], draws.Shape.ToArray());
        var rows = draws.ToArray<long>();
        Assert.Equal([1L, 3], rows[..2].Order().ToArray());
        Assert.Equal([0L, 2], rows[2..4]);                   // weight 0: after the others, in index order
        Assert.Equal([0L, 2], rows[4..6].Order().ToArray());
        Assert.Equal([1L, 3], rows[6..8]);
        var again = Tensor.Multinomial(probs, 4, generator: new Generator(13)).ToArray<long>();
        Assert.Equal(rows, again);                           // a seed fixes the draws
    }

    [Fact]
    public void MultinomialErrorsAsPyTorch()
    {
        var p = Tensor.FromArray([0.5, 0.5]);
        Assert.Contains("cannot sample n_sample > prob_dist.size(-1) samples without replacement", Assert.Throws<ArgumentException>(() => Tensor.Multinomial(p, 3)).Message);
        Assert.Contains("n_sample <= 0", Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Multinomial(p, 0)).Message);
        Assert.Contains("prob_dist must be 1 or 2 dim", Assert.Throws<ArgumentException>(() => Tensor.Multinomial(Tensor.Ones(2, 2, 2), 1)).Message);
        Assert.Contains("floating-point dtypes", Assert.Throws<ArgumentException>(() => Tensor.Multinomial(Tensor.FromArray(new long[] { 1, 2 }), 1)).Message);
        Assert.Contains("`inf`, `nan` or element < 0", Assert.Throws<ArgumentException>(() => Tensor.Multinomial(Tensor.FromArray([0.5, -0.1]), 1)).Message);
        Assert.Contains("`inf`, `nan` or element < 0", Assert.Throws<ArgumentException>(() => Tensor.Multinomial(Tensor.FromArray([0.5, double.NaN]), 1)).Message);
        Assert.Contains("sum of probabilities <= 0", Assert.Throws<ArgumentException>(() => Tensor.Multinomial(Tensor.Zeros(2, 3), 1)).Message);
        Assert.Contains("encountering probability entry < 0", Assert.Throws<ArgumentException>(() => Tensor.Multinomial(Tensor.FromArray([0.5, -0.1]), 5, replacement: true)).Message);
        Assert.Contains("infinity or NaN", Assert.Throws<ArgumentException>(() => Tensor.Multinomial(Tensor.FromArray([1.0, double.PositiveInfinity]), 5, replacement: true)).Message);
        // A bad row after good ones: checked before anything is drawn, so the generator has not moved.
        var g = new Generator(5);
        Assert.Throws<ArgumentException>(() => Tensor.Multinomial(Tensor.FromArray(new[,] { { 1.0, 1 }, { 0.0, 0 } }), 1, generator: g));
        Assert.Equal(Tensor.Rand([3], generator: new Generator(5)).ToArray<float>(), Tensor.Rand([3], generator: g).ToArray<float>());
    }

    // ---- bernoulli ----

    [Fact]
    public void BernoulliDrawsOnesWithTheGivenProbabilities()
    {
        double[] p = [0, 0.25, 0.5, 0.9, 1];
        int rows = 10_000;
        var probs = Tensor.FromArray(p, DType.Float32).Expand(rows, 5).Contiguous();
        var draws = probs.Bernoulli(new Generator(21));
        Assert.Equal(DType.Float32, draws.DType);
        var values = draws.ToArray<float>();
        Assert.All(values, v => Assert.True(v is 0 or 1));
        for (int c = 0; c < 5; c++)
        {
            long ones = 0;
            for (int r = 0; r < rows; r++) ones += (long)values[r * 5 + c];
            if (p[c] is 0 or 1) Assert.Equal((long)(p[c] * rows), ones);
            else AssertFits([ones, rows - ones], [rows * p[c], rows * (1 - p[c])], $"bernoulli({p[c]})");
        }
        var scalar = Tensor.Zeros([10_000], DType.Int32).Bernoulli(0.3, new Generator(22));
        Assert.Equal(DType.Int32, scalar.DType);
        long hits = scalar.ToArray<int>().Sum();
        AssertFits([hits, 10_000 - hits], [3000.0, 7000], "x.Bernoulli(0.3)");
        Assert.Equal(probs.Bernoulli(new Generator(21)).ToArray<float>(), Tensor.Bernoulli(probs, new Generator(21)).ToArray<float>());
    }

    [Fact]
    public void BernoulliRecordsAZeroGradientAndChecksProbabilities()
    {
        var p = Tensor.FromArray([0.2, 0.7], requiresGrad: true);
        var draws = p.Bernoulli(new Generator(1));
        Assert.Equal("BernoulliBackward0", draws.GradFn!.Name);
        draws.Sum().Backward();
        Assert.Equal([0.0, 0], p.Grad!.ToArray<double>());
        Assert.Contains("expects p to be in [0, 1]", Assert.Throws<ArgumentException>(() => Tensor.FromArray([0.5, 1.5]).Bernoulli()).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Tensor.Zeros(2).Bernoulli(-0.1));
        Assert.Throws<ArgumentException>(() => Tensor.FromArray(new long[] { 0, 1 }).Bernoulli());
    }

    // ---- normal ----

    // Counts of standardised values in the ten deciles of the standard normal.
    private static long[] DecileCounts(IEnumerable<double> z)
    {
        double[] edges = [-1.2816, -0.8416, -0.5244, -0.2533, 0, 0.2533, 0.5244, 0.8416, 1.2816];
        var counts = new long[10];
        foreach (double v in z)
        {
            int bin = 0;
            while (bin < edges.Length && v >= edges[bin]) bin++;
            counts[bin]++;
        }
        return counts;
    }

    [Fact]
    public void NormalWithTensorMeanAndStdBroadcasts()
    {
        var mean = Tensor.FromArray([-2f, 0f, 3f]);
        var std = Tensor.FromArray([0.5, 1, 2, 4], [4, 1]).Expand(4, 3).Contiguous().Repeat(2500, 1);   // [10000, 3], float64
        var draws = Tensor.Normal(mean, std, new Generator(31));
        Assert.Equal([10_000, 3], draws.Shape.ToArray());
        Assert.Equal(DType.Float32, draws.DType);                 // the mean's dtype
        var z = ((draws.To(DType.Float64) - mean.To(DType.Float64)) / std).ToArray<double>();
        AssertFits(DecileCounts(z), Enumerable.Repeat(3000.0, 10).ToArray(), "normal(mean, std) standardised");

        var one = Tensor.Normal(Tensor.Full([10_000], 5.0, DType.Float64), 3.0, new Generator(32));
        AssertFits(DecileCounts(one.ToArray<double>().Select(v => (v - 5) / 3)), Enumerable.Repeat(1000.0, 10).ToArray(), "normal(mean, 3.0)");
        var spread = Tensor.Normal(-1.0, Tensor.Full([10_000], 0.5), new Generator(33));
        Assert.Equal(DType.Float32, spread.DType);                // the std's dtype
        AssertFits(DecileCounts(spread.ToArray<float>().Select(v => (v + 1) / 0.5)), Enumerable.Repeat(1000.0, 10).ToArray(), "normal(-1.0, std)");
        var sized = Tensor.Normal(2.0, 0.25, [10_000], new Generator(34), DType.Float64);
        AssertFits(DecileCounts(sized.ToArray<double>().Select(v => (v - 2) / 0.25)), Enumerable.Repeat(1000.0, 10).ToArray(), "normal(2.0, 0.25, size)");
    }

    [Fact]
    public void NormalRecordsZeroGradientsAsPyTorch()
    {
        var mean = Tensor.Zeros([3], DType.Float64, requiresGrad: true);
        var std = Tensor.Ones([2, 1], DType.Float64, requiresGrad: true);
        var both = Tensor.Normal(mean, std, new Generator(1));
        Assert.Equal("NormalBackward3", both.GradFn!.Name);
        both.Sum().Backward();
        Assert.Equal([0.0, 0, 0], mean.Grad!.ToArray<double>());
        Assert.Equal([2, 1], std.Grad!.Shape.ToArray());
        Assert.Equal("NormalBackward1", Tensor.Normal(mean, 2.0).GradFn!.Name);
        Assert.Equal("NormalBackward2", Tensor.Normal(1.0, std).GradFn!.Name);
        using (Autograd.ForwardAD.DualLevel())
        {
            var dual = Autograd.ForwardAD.MakeDual(Tensor.Zeros([3], DType.Float64), Tensor.Ones([3], DType.Float64));
            Assert.Equal([0.0, 0, 0], Autograd.ForwardAD.UnpackDual(Tensor.Normal(dual)).Tangent!.ToArray<double>());
        }
    }

    [Fact]
    public void NormalErrors()
    {
        Assert.Contains("normal expects all elements of std >= 0.0", Assert.Throws<ArgumentException>(() => Tensor.Normal(Tensor.Zeros(2), Tensor.FromArray([1f, -1f]))).Message);
        Assert.Contains("normal expects std >= 0.0, but found std -1", Assert.Throws<ArgumentException>(() => Tensor.Normal(Tensor.Zeros(2), -1.0)).Message);
        Assert.Throws<ArgumentException>(() => Tensor.Normal(Tensor.Zeros(2), Tensor.FromArray([double.NaN])));
        Assert.Throws<ArgumentException>(() => Tensor.Normal(Tensor.Zeros(2), Tensor.Ones(3)));
        Assert.Throws<ArgumentException>(() => Tensor.Normal(Tensor.FromArray(new long[] { 1 }), 1.0));
    }

    // ---- poisson ----

    [Theory]
    [InlineData(0.7)]
    [InlineData(4.0)]
    [InlineData(10.0)]   // the first rate drawn by rejection
    [InlineData(37.5)]
    [InlineData(1000.0)]
    public void PoissonCountsFollowThePoissonLaw(double rate)
    {
        int n = 10_000;
        var counts = Tensor.Poisson(Tensor.Full([n], rate, DType.Float64), new Generator(41)).ToArray<double>();
        Assert.All(counts, c => Assert.True(c >= 0 && c == Math.Floor(c)));
        // Cells k with P(k) n ≥ 5, the two tails lumped into the end cells.
        double LogPmf(int k) => -rate + k * Math.Log(rate) - Enumerable.Range(1, k).Sum(i => Math.Log(i));
        int low = 0, high = (int)(rate + 10 * Math.Sqrt(rate) + 10);
        while (Math.Exp(LogPmf(low)) * n < 5 && low < rate) low++;
        while (Math.Exp(LogPmf(high)) * n < 5) high--;
        var expected = new double[high - low + 1];
        for (int k = low; k <= high; k++) expected[k - low] = Math.Exp(LogPmf(k)) * n;
        expected[0] += n * Enumerable.Range(0, low).Sum(k => Math.Exp(LogPmf(k)));
        expected[^1] = n - expected[..^1].Sum();
        var observed = new long[expected.Length];
        foreach (double c in counts) observed[Math.Clamp((int)c, low, high) - low]++;
        AssertFits(observed, expected, $"poisson({rate})");
    }

    [Fact]
    public void PoissonKeepsTheDtypeAndChecksRates()
    {
        var rates = Tensor.FromArray([0f, 2f, 50f], requiresGrad: true);
        var counts = Tensor.Poisson(rates, new Generator(1));
        Assert.Equal(DType.Float32, counts.DType);
        Assert.Equal(0f, counts[0].Item<float>());
        Assert.Equal("PoissonBackward0", counts.GradFn!.Name);
        Assert.Contains("invalid Poisson rate, expected rate to be non-negative", Assert.Throws<ArgumentException>(() => Tensor.Poisson(Tensor.FromArray([1.0, -1]))).Message);
        Assert.Throws<ArgumentException>(() => Tensor.Poisson(Tensor.FromArray([double.NaN])));
        Assert.Throws<ArgumentException>(() => Tensor.Poisson(Tensor.FromArray(new long[] { 3 })));
    }
}
