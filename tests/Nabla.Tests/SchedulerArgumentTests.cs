using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Tests;

/// <summary>The new schedulers' argument checks (PyTorch's messages) and the behaviours the reference runs do not reach.</summary>
public sealed class SchedulerArgumentTests
{
    private static Sgd Opt() => SchedulerReferenceTests.TwoGroups();

    [Fact]
    public void LinearLRFactorsAreChecked()
    {
        Assert.Contains("greater than 0 and less or equal to 1", Assert.Throws<ArgumentOutOfRangeException>(() => new LinearLR(Opt(), startFactor: 0)).Message);
        Assert.Contains("between 0 and 1", Assert.Throws<ArgumentOutOfRangeException>(() => new LinearLR(Opt(), endFactor: 1.5)).Message);
        Assert.Equal("totalIters", Assert.Throws<ArgumentOutOfRangeException>(() => new LinearLR(Opt(), totalIters: 0)).ParamName);
    }

    [Fact]
    public void WarmRestartsArgumentsAreChecked()
    {
        Assert.Contains("Expected positive integer T_0, but got 0", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingWarmRestarts(Opt(), t0: 0)).Message);
        Assert.Contains("Expected integer T_mult >= 1, but got 0", Assert.Throws<ArgumentOutOfRangeException>(() => new CosineAnnealingWarmRestarts(Opt(), t0: 2, tMult: 0)).Message);
        var scheduler = new CosineAnnealingWarmRestarts(Opt(), t0: 2);
        Assert.Contains("Expected non-negative epoch, but got -1", Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.Step(-1.0)).Message);
    }

    [Fact]
    public void LambdaLRNeedsOneFunctionPerGroup()
    {
        var ex = Assert.Throws<ArgumentException>(() => new LambdaLR(Opt(), lrLambda: [e => 1.0]));
        Assert.Contains("Expected 2 lr_lambdas, but got 1", ex.Message);
    }

    [Fact]
    public void SequentialLRChecksItsSchedulersAndMilestones()
    {
        var opt = Opt();
        Assert.Contains("at least one scheduler", Assert.Throws<ArgumentException>(() => new SequentialLR(opt, [], [])).Message);
        var foreign = new StepLR(Opt(), 2);
        Assert.Contains("at index 1 with a different optimizer", Assert.Throws<ArgumentException>(() => new SequentialLR(opt, [new StepLR(opt, 2), foreign], [3])).Message);
        Assert.Contains("number of schedulers 2 and the number of milestones to be equal to 2",
            Assert.Throws<ArgumentException>(() => new SequentialLR(opt, [new StepLR(opt, 2), new StepLR(opt, 3)], [3, 4])).Message);
    }

    [Fact]
    public void SequentialLRStartsFromTheInitialLrsWhateverItsSchedulersDid()
    {
        var opt = Opt();
        var warmup = new LinearLR(opt, startFactor: 0.5, totalIters: 2);
        var decay = new ExponentialLR(opt, gamma: 0.5);   // its initial step leaves lr at 0.05: LinearLR's first factor
        var scheduler = new SequentialLR(opt, [warmup, decay], milestones: [2]);
        Assert.Equal([0.05, 0.01], SchedulerReferenceTests.Lrs(opt));
        Assert.Equal((0, 0, -1), (scheduler.LastEpoch, warmup.LastEpoch, decay.LastEpoch));
        Assert.Equal([0.05, 0.01], scheduler.LastLr);
        scheduler.Step();
        scheduler.Step();   // the milestone: ExponentialLR restarts at epoch 0 from the base lrs
        Assert.Equal([0.1, 0.02], scheduler.LastLr);
        Assert.Same(decay, scheduler.Schedulers[1]);
    }

    [Fact]
    public void ReduceLROnPlateauArgumentsAreChecked()
    {
        Assert.Contains("Factor should be < 1.0.", Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(Opt(), factor: 1.0)).Message);
        var ex = Assert.Throws<ArgumentException>(() => new ReduceLROnPlateau(Opt(), minLr: [0.1]));
        Assert.Contains("expected 2 min_lrs, got 1", ex.Message);
        Assert.Equal("minLr", ex.ParamName);
        Assert.Equal("patience", Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(Opt(), patience: -1)).ParamName);
    }

    [Fact]
    public void ReduceLROnPlateauFollowsGroupsAddedLaterOnlyWithASingleMinLr()
    {
        var opt = Opt();
        var scheduler = new ReduceLROnPlateau(opt, patience: 0, minLr: 0.001);
        opt.AddParamGroup([new Parameter(Tensor.Zeros(1))]).Lr = 0.5;
        scheduler.Step(1.0);
        scheduler.Step(Tensor.Scalar(2.0));   // a one-element tensor, as a validation loss
        Assert.Equal([0.1 * 0.1, 0.02 * 0.1, 0.5 * 0.1], scheduler.LastLr);

        var perGroup = Opt();
        var strict = new ReduceLROnPlateau(perGroup, minLr: [0.0, 0.0], patience: 0);
        perGroup.AddParamGroup([new Parameter(Tensor.Zeros(1))]);
        strict.Step(1.0);
        Assert.Contains("differs from when `ReduceLROnPlateau` was initialized (2)", Assert.Throws<InvalidOperationException>(() => strict.Step(2.0)).Message);
    }
}
