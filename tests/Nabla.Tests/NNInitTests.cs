using Nabla.NN;

namespace Nabla.Tests;

/// <summary>torch.nn.init's formulas: gains, fans, bounds and standard deviations, in place and seeded.</summary>
public sealed class NNInitTests
{
    [Fact]
    public void GainsAreTorchs()
    {
        Assert.Equal(1, Init.CalculateGain(Nonlinearity.Linear));
        Assert.Equal(1, Init.CalculateGain(Nonlinearity.Sigmoid));
        Assert.Equal(5.0 / 3, Init.CalculateGain(Nonlinearity.Tanh));
        Assert.Equal(Math.Sqrt(2), Init.CalculateGain(Nonlinearity.Relu));
        Assert.Equal(Math.Sqrt(2 / (1 + 0.01 * 0.01)), Init.CalculateGain(Nonlinearity.LeakyRelu));
        Assert.Equal(Math.Sqrt(2 / 6.0), Init.CalculateGain(Nonlinearity.LeakyRelu, Math.Sqrt(5)), 12);
        Assert.Equal(0.75, Init.CalculateGain(Nonlinearity.Selu));
    }

    [Fact]
    public void FansCountTheReceptiveField()
    {
        Assert.Equal((18, 72), Init.CalculateFanInAndFanOut(Tensor.Zeros(8, 2, 3, 3)));
        Assert.Equal((4, 3), Init.CalculateFanInAndFanOut(Tensor.Zeros(3, 4)));
        Assert.Contains("fewer than 2 dimensions", Assert.Throws<ArgumentException>(() => Init.CalculateFanInAndFanOut(Tensor.Zeros(3))).Message);
    }

    [Theory]
    [InlineData("xavier_uniform", 0.08770580193070293)]    // √(2/(200 + 60))
    [InlineData("xavier_normal", 0.08770580193070293)]
    [InlineData("kaiming_uniform_fan_out", 0.18257418583505536)]   // √2/√60
    [InlineData("kaiming_normal", 0.1)]                            // √2/√200
    public void InitialisersHitTheirStandardDeviation(string kind, double std)
    {
        var w = new Parameter(Tensor.Zeros(60, 200));
        var g = new Generator(0);
        var same = kind switch
        {
            "xavier_uniform" => Init.XavierUniform(w, generator: g),
            "xavier_normal" => Init.XavierNormal(w, generator: g),
            "kaiming_uniform_fan_out" => Init.KaimingUniform(w, mode: FanMode.FanOut, nonlinearity: Nonlinearity.Relu, generator: g),
            _ => Init.KaimingNormal(w, nonlinearity: Nonlinearity.Relu, generator: g),
        };
        Assert.Same(w, same);
        Assert.True(w.IsLeaf && w.RequiresGrad);
        var values = w.ToArray<float>();
        double measured = Math.Sqrt(values.Average(v => (double)v * v));
        Assert.InRange(measured, std * 0.97, std * 1.03);
        if (kind.Contains("uniform")) Assert.All(values, v => Assert.InRange(Math.Abs(v), 0, std * Math.Sqrt(3) + 1e-6));
    }

    [Fact]
    public void SimpleFillsAndSeeds()
    {
        var t = Tensor.Zeros(2, 3);
        Assert.Equal(Enumerable.Repeat(0.5f, 6), Init.Constant(t, 0.5).ToArray<float>());
        Assert.Equal(Enumerable.Repeat(1f, 6), Init.Ones(t).ToArray<float>());
        Assert.Equal(Enumerable.Repeat(0f, 6), Init.Zeros(t).ToArray<float>());
        var a = Init.Uniform(Tensor.Zeros(1000), -2, 3, new Generator(4)).ToArray<float>();
        Assert.All(a, v => Assert.InRange(v, -2f, 3f));
        Assert.Equal(a, Init.Uniform(Tensor.Zeros(1000), -2, 3, new Generator(4)).ToArray<float>());
        var n = Init.Normal(Tensor.Zeros([4000], DType.Float64), 5, 2, new Generator(5)).ToArray<double>();
        Assert.InRange(n.Average(), 4.9, 5.1);
    }
}
