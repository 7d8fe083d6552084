using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Tests;

/// <summary>Learning-rate schedules against PyTorch's closed forms (the recursive updates must agree with them).</summary>
public sealed class OptimSchedulerTests
{
    private static Sgd Optimizer(double lr = 0.1) => new([new Parameter(Tensor.Zeros(1))], lr: lr, momentum: 0.9);

    /// <summary>The lr after construction and after each of <paramref name="epochs"/> steps.</summary>
    private static double[] Schedule(LRScheduler scheduler, int epochs)
    {
        var lrs = new List<double> { scheduler.Optimizer.ParamGroups[0].Lr };
        for (int e = 0; e < epochs; e++)
        {
            scheduler.Step();
            Assert.Equal(scheduler.Optimizer.ParamGroups[0].Lr, scheduler.LastLr[0]);
            lrs.Add(scheduler.LastLr[0]);
        }
        return [.. lrs];
    }

    [Fact]
    public void StepLRDecaysEveryStepSizeEpochs()
    {
        var expected = Enumerable.Range(0, 11).Select(e => 0.1 * Math.Pow(0.5, e / 3)).ToArray();
        Assert.Equal(expected, Schedule(new StepLR(Optimizer(), 3, 0.5), 10), OptimTests.Tolerance(1e-15));
    }

    [Fact]
    public void ExponentialLRDecaysEveryEpoch()
    {
        var expected = Enumerable.Range(0, 11).Select(e => 0.1 * Math.Pow(0.9, e)).ToArray();
        Assert.Equal(expected, Schedule(new ExponentialLR(Optimizer(), 0.9), 10), OptimTests.Tolerance(1e-14));
    }

    [Fact]
    public void CosineAnnealingFollowsTheCosineDownAndBackUp()
    {
        const int tMax = 5;
        const double etaMin = 0.01;
        var expected = Enumerable.Range(0, 3 * tMax + 1).Select(e => etaMin + (0.1 - etaMin) * (1 + Math.Cos(Math.PI * e / tMax)) / 2).ToArray();
        Assert.Equal(expected, Schedule(new CosineAnnealingLR(Optimizer(), tMax, etaMin), 3 * tMax), OptimTests.Tolerance(1e-12));
    }

    [Fact]
    public void SchedulersRecordInitialLrAndScaleEachGroup()
    {
        var opt = Optimizer();
        opt.AddParamGroup([new Parameter(Tensor.Zeros(1))]).Lr = 1.0;
        var scheduler = new StepLR(opt, 1, 0.5);
        scheduler.Step();
        Assert.Equal([0.05, 0.5], scheduler.LastLr);
        Assert.Equal([0.1, 1.0], scheduler.BaseLrs);
        Assert.Equal(1.0, opt.ParamGroups[1]["initial_lr"]);
        Assert.Equal(1, scheduler.LastEpoch);
    }

    [Theory]
    [InlineData(AnnealStrategy.Cos, false)]
    [InlineData(AnnealStrategy.Linear, false)]
    [InlineData(AnnealStrategy.Cos, true)]
    public void OneCycleRisesThenFallsWithMomentumOpposite(AnnealStrategy strategy, bool threePhase)
    {
        const int total = 20;
        var opt = Optimizer();
        var scheduler = new OneCycleLR(opt, maxLr: 1.0, totalSteps: total, annealStrategy: strategy, threePhase: threePhase);
        for (int step = 0; step < total; step++)
        {
            var (lr, momentum) = OneCycle(step, total, strategy, threePhase);
            Assert.Equal(lr, opt.ParamGroups[0].Lr, 1e-12);
            Assert.Equal(momentum, opt.ParamGroups[0]["momentum"], 1e-12);
            if (step < total - 1) scheduler.Step();
        }
        Assert.Equal(1.0 / 25 / 1e4, opt.ParamGroups[0].Lr, 1e-15);   // ends at maxLr / divFactor / finalDivFactor
        scheduler.Step();
        Assert.Contains("Tried to step 21 times", Assert.Throws<InvalidOperationException>(scheduler.Step).Message);
    }

    /// <summary>PyTorch's OneCycleLR phases: (end step, start, end) for lr and momentum; pct = progress within the phase.</summary>
    private static (double Lr, double Momentum) OneCycle(int step, int total, AnnealStrategy strategy, bool threePhase)
    {
        double initial = 1.0 / 25, min = initial / 1e4, warm = 0.3 * total - 1;
        (double End, double Lr0, double Lr1, double M0, double M1)[] phases = threePhase
            ? [(warm, initial, 1.0, 0.95, 0.85), (2 * 0.3 * total - 2, 1.0, initial, 0.85, 0.95), (total - 1, initial, min, 0.95, 0.95)]
            : [(warm, initial, 1.0, 0.95, 0.85), (total - 1, 1.0, min, 0.85, 0.95)];
        double start = 0;
        foreach (var phase in phases)
        {
            if (step <= phase.End || phase == phases[^1])
            {
                double pct = (step - start) / (phase.End - start);
                double Anneal(double a, double b) => strategy == AnnealStrategy.Cos ? b + (a - b) / 2 * (1 + Math.Cos(Math.PI * pct)) : a + (b - a) * pct;
                return (Anneal(phase.Lr0, phase.Lr1), Anneal(phase.M0, phase.M1));
            }
            start = phase.End;
        }
        throw new InvalidOperationException();
    }

    [Fact]
    public void OneCycleCyclesAdamsBeta1AndNeedsSomeMomentum()
    {
        var adam = new Adam([new Parameter(Tensor.Zeros(1))]);
        _ = new OneCycleLR(adam, maxLr: 0.01, totalSteps: 10);
        Assert.Equal(0.95, adam.ParamGroups[0]["beta1"]);
        Assert.Equal(0.999, adam.ParamGroups[0]["beta2"]);
        var adagrad = new Adagrad([new Parameter(Tensor.Zeros(1))]);
        Assert.Throws<ArgumentException>(() => new OneCycleLR(adagrad, maxLr: 0.01, totalSteps: 10));
        _ = new OneCycleLR(adagrad, maxLr: 0.01, totalSteps: 10, cycleMomentum: false);
        Assert.Equal(0.01 / 25, adagrad.ParamGroups[0].Lr, 1e-15);
    }
}
