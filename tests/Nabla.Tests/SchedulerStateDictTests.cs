using Nabla.IO;
using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Tests;

/// <summary>
/// Scheduler state dicts: a run saved after some steps (optimiser and schedulers, through a
/// safetensors file) and resumed in new objects gives the uninterrupted run's learning rates bit
/// for bit; the entries and their checks.
/// </summary>
public sealed class SchedulerStateDictTests
{
    public static TheoryData<string> Cases => [.. SchedulerReferenceTests.Make.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void AResumedRunMatchesAnUninterruptedOne(string name)
    {
        var make = SchedulerReferenceTests.Make[name];
        const int before = 7, after = 9;
        var expected = Run(make, before + after).Skip(before);

        var opt = SchedulerReferenceTests.TwoGroups();
        var schedulers = make(opt);
        StepAll(schedulers, before);
        var saved = SaveAndReload([opt.StateDict(), .. schedulers.Select(s => s.StateDict())]);

        var resumedOpt = SchedulerReferenceTests.TwoGroups();
        var resumed = make(resumedOpt);
        resumedOpt.LoadStateDict(saved[0]);
        for (int i = 0; i < resumed.Length; i++) resumed[i].LoadStateDict(saved[i + 1]);
        var actual = new List<double[]>();
        for (int step = 0; step < after; step++)
        {
            foreach (var s in resumed) s.Step();
            actual.Add(SchedulerReferenceTests.Lrs(resumedOpt));
        }
        Assert.Equal(expected, actual);
    }

    private static IEnumerable<double[]> Run(Func<Optimizer, LRScheduler[]> make, int steps)
    {
        var opt = SchedulerReferenceTests.TwoGroups();
        var schedulers = make(opt);
        for (int step = 0; step < steps; step++)
        {
            foreach (var s in schedulers) s.Step();
            yield return SchedulerReferenceTests.Lrs(opt);
        }
    }

    private static void StepAll(LRScheduler[] schedulers, int steps)
    {
        for (int step = 0; step < steps; step++)
            foreach (var s in schedulers) s.Step();
    }

    /// <summary>Writes each dictionary to a safetensors file and reads it back, as a checkpoint would.</summary>
    private static List<IReadOnlyDictionary<string, Tensor>> SaveAndReload(params IEnumerable<OrderedDictionary<string, Tensor>> dicts)
    {
        var loaded = new List<IReadOnlyDictionary<string, Tensor>>();
        foreach (var dict in dicts)
        {
            string path = Path.Combine(Path.GetTempPath(), $"nabla-scheduler-{Guid.NewGuid():N}.safetensors");
            try
            {
                Safetensors.Save(path, dict);
                loaded.Add(Safetensors.Load(path));
            }
            finally { File.Delete(path); }
        }
        return loaded;
    }

    public static TheoryData<string> PlateauCases => [.. SchedulerReferenceTests.MakePlateau.Keys];

    [Theory]
    [MemberData(nameof(PlateauCases))]
    public void AResumedReduceLROnPlateauMatchesAnUninterruptedOne(string name)
    {
        var make = SchedulerReferenceTests.MakePlateau[name];
        double[] metrics = OptimReference.All.Plateau.Single(c => c.Name == name).Metrics!;
        var (opt, scheduler) = (SchedulerReferenceTests.TwoGroups(), (ReduceLROnPlateau?)null);
        scheduler = make(opt);
        var expected = metrics.Select(m => { scheduler.Step(m); return SchedulerReferenceTests.Lrs(opt); }).ToList();

        var first = SchedulerReferenceTests.TwoGroups();
        var firstScheduler = make(first);
        foreach (double m in metrics[..8]) firstScheduler.Step(m);
        var saved = SaveAndReload(first.StateDict(), firstScheduler.StateDict());
        var second = SchedulerReferenceTests.TwoGroups();
        var secondScheduler = make(second);
        second.LoadStateDict(saved[0]);
        secondScheduler.LoadStateDict(saved[1]);
        var actual = metrics[8..].Select(m => { secondScheduler.Step(m); return SchedulerReferenceTests.Lrs(second); });
        Assert.Equal(expected.Skip(8), actual);
        Assert.Equal(scheduler.Best, secondScheduler.Best);
        Assert.Equal(scheduler.LastEpoch, secondScheduler.LastEpoch);
    }

    [Fact]
    public void WarmRestartsResumeAfterFractionalEpochs()
    {
        var opt = SchedulerReferenceTests.TwoGroups();
        var scheduler = new CosineAnnealingWarmRestarts(opt, t0: 2, tMult: 2);
        scheduler.Step(4.75);   // T_i = 4, T_cur = 2.75
        var resumedOpt = SchedulerReferenceTests.TwoGroups();
        var resumed = new CosineAnnealingWarmRestarts(resumedOpt, t0: 2, tMult: 2);
        resumedOpt.LoadStateDict(opt.StateDict());
        resumed.LoadStateDict(scheduler.StateDict());
        Assert.Equal((2.75, 4, 4), (resumed.TCur, resumed.TI, resumed.LastEpoch));
        scheduler.Step();
        resumed.Step();
        Assert.Equal(SchedulerReferenceTests.Lrs(opt), SchedulerReferenceTests.Lrs(resumedOpt));
    }

    [Fact]
    public void EntriesUsePyTorchsNames()
    {
        var opt = SchedulerReferenceTests.TwoGroups();
        Assert.Equal(["last_epoch", "_step_count", "base_lrs", "_last_lr", "step_size", "gamma"], new StepLR(opt, 3).StateDict().Keys);
        var state = new SequentialLR(opt, [new LinearLR(opt), new ExponentialLR(opt, 0.9)], milestones: [5]).StateDict();
        Assert.Contains("_milestones", state.Keys);
        Assert.Contains("_schedulers.0.start_factor", state.Keys);
        Assert.Contains("_schedulers.1.gamma", state.Keys);
        Assert.Equal(DType.Int64, state["last_epoch"].DType);
        Assert.Equal([0.1, 0.02], state["base_lrs"].ToArray<double>());
        Assert.Equal(["last_epoch", "_step_count", "base_lrs", "_last_lr"], new LambdaLR(opt, e => 1.0).StateDict().Keys);   // no functions, as PyTorch
        Assert.Equal(double.PositiveInfinity, new ReduceLROnPlateau(opt).StateDict()["best"].Item<double>());
    }

    [Fact]
    public void LoadingRestoresTheSavedHyperparametersAsPyTorchDoes()
    {
        var opt = SchedulerReferenceTests.TwoGroups();
        var saved = new StepLR(opt, stepSize: 2, gamma: 0.5).StateDict();
        var other = new StepLR(SchedulerReferenceTests.TwoGroups(), stepSize: 10, gamma: 0.9);
        other.LoadStateDict(saved);
        other.Step();
        other.Step();
        Assert.Equal([0.05, 0.01], other.LastLr);   // stepSize 2 and gamma 0.5 from the state
    }

    [Fact]
    public void LoadStateDictReportsEveryProblemAndChangesNothing()
    {
        var opt = SchedulerReferenceTests.TwoGroups();
        var scheduler = new CosineAnnealingLR(opt, tMax: 10);
        scheduler.Step();
        var state = scheduler.StateDict();
        state.Remove("eta_min");
        state["base_lrs"] = Tensor.FromArray([0.1]);
        state["T_max"] = Tensor.FromArray([1L, 2L]);
        state["bogus"] = Tensor.Scalar(1.0);
        var fresh = new CosineAnnealingLR(SchedulerReferenceTests.TwoGroups(), tMax: 10);
        var ex = Assert.Throws<ArgumentException>(() => fresh.LoadStateDict(state));
        Assert.StartsWith("Error(s) in loading state dict for CosineAnnealingLR:", ex.Message);
        Assert.Contains("'base_lrs' has 1 elements, expected 2", ex.Message);
        Assert.Contains("'T_max' should be a scalar, got shape [2]", ex.Message);
        Assert.Contains("unexpected key 'bogus'", ex.Message);
        Assert.Contains("missing key 'eta_min'", ex.Message);
        Assert.Equal(0, fresh.LastEpoch);
        fresh.Step();
        Assert.Equal(scheduler.LastLr, fresh.LastLr);   // still a fresh T_max 10 schedule

        var plateau = new ReduceLROnPlateau(opt).StateDict();
        plateau["mode"] = Tensor.Scalar(5L);
        Assert.Contains("'mode' is 5, not a PlateauMode", Assert.Throws<ArgumentException>(() => new ReduceLROnPlateau(opt).LoadStateDict(plateau)).Message);
    }
}
