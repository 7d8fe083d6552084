using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Tests;

/// <summary>
/// Every scheduler's learning rates after construction and after each step against PyTorch's
/// (torch.optim.lr_scheduler), on an SGD with two groups (lr 0.1 and 0.02, momentum 0.9).
/// </summary>
public sealed class SchedulerReferenceTests
{
    // One factory per case of optim_reference.py's SCHEDULERS table; the schedulers listed are stepped together each epoch.
    internal static readonly Dictionary<string, Func<Optimizer, LRScheduler[]>> Make = new()
    {
        ["steplr"] = o => [new StepLR(o, stepSize: 3, gamma: 0.5)],
        ["exponentiallr"] = o => [new ExponentialLR(o, gamma: 0.9)],
        ["cosineannealinglr"] = o => [new CosineAnnealingLR(o, tMax: 5, etaMin: 0.001)],
        ["onecyclelr"] = o => [new OneCycleLR(o, maxLr: 1.0, totalSteps: 20)],
        ["onecyclelr three phase linear"] = o => [new OneCycleLR(o, maxLr: 0.5, totalSteps: 20, annealStrategy: AnnealStrategy.Linear, threePhase: true)],
        ["lambdalr"] = o => [new LambdaLR(o, lrLambda: e => Math.Pow(0.95, e))],
        ["lambdalr per group"] = o => [new LambdaLR(o, lrLambda: [e => 1.0 / (e + 1), e => Math.Pow(0.9, e)])],
        ["multisteplr"] = o => [new MultiStepLR(o, milestones: [2, 5, 5, 9], gamma: 0.3)],
        ["linearlr"] = o => [new LinearLR(o)],
        ["linearlr decay"] = o => [new LinearLR(o, startFactor: 1.0, endFactor: 0.1, totalIters: 7)],
        ["sequentiallr warmup cosine"] = o => [new SequentialLR(o, [new LinearLR(o, startFactor: 0.1, totalIters: 4), new CosineAnnealingLR(o, tMax: 8)], milestones: [4])],
        ["sequentiallr three"] = o => [new SequentialLR(o, [new ExponentialLR(o, gamma: 0.9), new StepLR(o, stepSize: 2, gamma: 0.5), new LambdaLR(o, lrLambda: e => 1.0 / (e + 1))], milestones: [3, 7])],
        ["sequentiallr multistep warm restarts"] = o => [new SequentialLR(o, [new MultiStepLR(o, milestones: [1, 2], gamma: 0.5), new CosineAnnealingWarmRestarts(o, t0: 3)], milestones: [5])],
        ["cosineannealingwarmrestarts"] = o => [new CosineAnnealingWarmRestarts(o, t0: 4)],
        ["cosineannealingwarmrestarts mult"] = o => [new CosineAnnealingWarmRestarts(o, t0: 3, tMult: 2, etaMin: 0.001)],
        ["chained steplr exponentiallr"] = o => [new StepLR(o, stepSize: 3, gamma: 0.5), new ExponentialLR(o, gamma: 0.9)],
    };

    internal static Sgd TwoGroups()
    {
        var opt = new Sgd([new Parameter(Tensor.Zeros(1))], lr: 0.1, momentum: 0.9);
        opt.AddParamGroup(new ParamGroup([new Parameter(Tensor.Zeros(1))]) { Lr = 0.02 });
        return opt;
    }

    internal static double[] Lrs(Optimizer opt) => [.. opt.ParamGroups.Select(g => g.Lr)];

    public static TheoryData<string> Cases => [.. Make.Keys];

    [Fact]
    public void EveryReferenceCaseHasAFactoryAndBack()
    {
        var stepped = OptimReference.All.Schedulers.Where(c => c.Epochs is null).Select(c => c.Name);
        Assert.Equal(Make.Keys.Order(), stepped.Order());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LrsMatchPyTorchAfterEveryStep(string name)
    {
        var reference = OptimReference.All.Schedulers.Single(c => c.Name == name);
        var opt = TwoGroups();
        var schedulers = Make[name](opt);
        Assert.Equal(reference.Lrs[0], Lrs(opt));
        for (int step = 1; step < reference.Lrs.Length; step++)
        {
            foreach (var scheduler in schedulers) scheduler.Step();
            Assert.Equal(reference.Lrs[step], Lrs(opt));
            Assert.Equal(Lrs(opt), schedulers[^1].LastLr);
            if (name.StartsWith("onecyclelr", StringComparison.Ordinal))
                Assert.Equal(reference.Momentum![step], opt.ParamGroups.Select(g => g["momentum"]));
        }
    }

    [Fact]
    public void WarmRestartsSteppedWithFractionalEpochsMatchPyTorch()
    {
        var reference = OptimReference.All.Schedulers.Single(c => c.Epochs is not null);
        var opt = TwoGroups();
        var scheduler = new CosineAnnealingWarmRestarts(opt, t0: 2, tMult: 2, etaMin: 0.01);
        for (int i = 0; i < reference.Epochs!.Length; i++)
        {
            scheduler.Step(reference.Epochs[i]);
            Assert.Equal(reference.Lrs[i], Lrs(opt));
            Assert.Equal((int)Math.Floor(reference.Epochs[i]), scheduler.LastEpoch);
        }
    }

    // One factory per case of optim_reference.py's PLATEAU table.
    internal static readonly Dictionary<string, Func<Optimizer, ReduceLROnPlateau>> MakePlateau = new()
    {
        ["reducelronplateau"] = o => new ReduceLROnPlateau(o),
        ["reducelronplateau patience cooldown min_lr"] = o => new ReduceLROnPlateau(o, factor: 0.5, patience: 1, cooldown: 2, minLr: [0.02, 0.005]),
        ["reducelronplateau max abs"] = o => new ReduceLROnPlateau(o, mode: PlateauMode.Max, factor: 0.2, patience: 0, threshold: 0.05, thresholdMode: ThresholdMode.Abs, minLr: 1e-4),
        ["reducelronplateau eps"] = o => new ReduceLROnPlateau(o, factor: 0.5, patience: 0, eps: 0.01),
    };

    public static TheoryData<string> PlateauCases => [.. MakePlateau.Keys];

    [Fact]
    public void EveryPlateauCaseHasAFactoryAndBack()
        => Assert.Equal(MakePlateau.Keys.Order(), OptimReference.All.Plateau.Select(c => c.Name).Order());

    [Theory]
    [MemberData(nameof(PlateauCases))]
    public void ReduceLROnPlateauMatchesPyTorch(string name)
    {
        var reference = OptimReference.All.Plateau.Single(c => c.Name == name);
        var opt = TwoGroups();
        var scheduler = MakePlateau[name](opt);
        for (int i = 0; i < reference.Metrics!.Length; i++)
        {
            scheduler.Step(reference.Metrics[i]);
            Assert.Equal(reference.Lrs[i], Lrs(opt));
            Assert.Equal(Lrs(opt), scheduler.LastLr);
        }
        Assert.Equal(reference.Metrics.Length, scheduler.LastEpoch);
    }
}
