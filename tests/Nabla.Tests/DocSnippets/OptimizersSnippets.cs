using Nabla;
using Nabla.IO;
using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Tests.DocSnippets;

/// <summary>The code of docs/optimizers.md, run; each test checks what the page says about it.</summary>
[Collection(nameof(DocSnippets))]
public sealed class OptimizersSnippets
{
    private static (Tensor Inputs, Tensor Targets) Data()
    {
        var g = new Generator(seed: 5);
        var inputs = Tensor.Randn([64, 4], generator: g);
        return (inputs, inputs.MatMul(Tensor.FromArray([1f, -2f, 0.5f, 3f])).Unsqueeze(1) + 0.25);
    }

    [Fact]
    public void Lbfgs()
    {
        var (inputs, targets) = Data();
        var model = new Linear(4, 1, generator: new Generator(seed: 1));
        var lines = Snippet.Lines(() =>
        {
            var opt = new Lbfgs(model.Parameters(), lineSearchFn: "strong_wolfe");
            for (int step = 0; step < 3; step++)
            {
                var loss = opt.Step(() =>
                {
                    opt.ZeroGrad();
                    var l = F.MseLoss(model.Forward(inputs), targets);
                    l.Backward();
                    return l;
                });
                Console.WriteLine($"step {step}: loss {loss.Item<float>():F4}");   // the loss before the step
            }
        });
        Assert.Equal(3, lines.Length);
        Assert.True(float.Parse(lines[0].Split(' ')[^1]) > 1);
        Assert.Equal("step 2: loss 0.0000", lines[2]);
    }

    [Fact]
    public void WarmupThenCosine()
    {
        var model = new Linear(4, 1);
        var optimizer = new AdamW(model.Parameters(), lr: 1e-3);
        var warmup = new LinearLR(optimizer, startFactor: 0.1, totalIters: 5);
        var cosine = new CosineAnnealingLR(optimizer, tMax: 95);
        var scheduler = new SequentialLR(optimizer, [warmup, cosine], milestones: [5]);
        Assert.Equal(1e-4, optimizer.ParamGroups[0].Lr, 1e-18);   // epoch 0: 0.1 × lr
        for (int epoch = 0; epoch < 5; epoch++) scheduler.Step();
        Assert.Equal(1e-3, optimizer.ParamGroups[0].Lr, 1e-18);   // epoch 5: the cosine starts from lr
        for (int epoch = 5; epoch < 100; epoch++) scheduler.Step();
        Assert.Equal(0, optimizer.ParamGroups[0].Lr, 1e-18);
    }

    [Fact]
    public void Plateau()
    {
        var model = new Linear(4, 1);
        var optimizer = new Sgd(model.Parameters(), lr: 0.1);
        double[] validationLosses = [1.0, 0.8, 0.81, 0.82, 0.83, 0.84, 0.7];
        var lines = Snippet.Lines(() =>
        {
            var plateau = new ReduceLROnPlateau(optimizer, mode: PlateauMode.Min, factor: 0.5, patience: 3);
            foreach (double valLoss in validationLosses)
            {
                plateau.Step(valLoss);                      // after each epoch's validation
                Console.WriteLine(plateau.LastLr[0]);       // 0.1 until 4 epochs without improvement, then 0.05
            }
        });
        Assert.Equal(["0.1", "0.1", "0.1", "0.1", "0.1", "0.05", "0.05"], lines);
    }

    [Fact]
    public void ResumeARun()
    {
        var (inputs, targets) = Data();
        Func<Linear> makeModel = () => new Linear(4, 1, generator: new Generator(seed: 2));
        void Train(Linear model, Optimizer optimizer, LRScheduler scheduler, int epochs)
        {
            for (int epoch = 0; epoch < epochs; epoch++)
            {
                optimizer.ZeroGrad();
                F.MseLoss(model.Forward(inputs), targets).Backward();
                optimizer.Step();
                scheduler.Step();
            }
        }
        var straight = makeModel();
        var straightOptimizer = new AdamW(straight.Parameters(), lr: 1e-2);
        Train(straight, straightOptimizer, new CosineAnnealingLR(straightOptimizer, tMax: 20), 20);

        using var folder = new TempFolder();
        {
            var model = makeModel();
            var optimizer = new AdamW(model.Parameters(), lr: 1e-2);
            var scheduler = new CosineAnnealingLR(optimizer, tMax: 20);
            Train(model, optimizer, scheduler, 8);
            // at the end of an epoch: the model, the optimiser and the scheduler
            Safetensors.Save("model.safetensors", model.StateDict());
            Safetensors.Save("optimizer.safetensors", optimizer.StateDict());
            Safetensors.Save("scheduler.safetensors", scheduler.StateDict());
        }
        {
            var model = makeModel();
            // to resume: build them as before, then load all three
            var optimizer = new AdamW(model.Parameters(), lr: 1e-2);
            var scheduler = new CosineAnnealingLR(optimizer, tMax: 20);      // its constructor sets the lrs...
            model.LoadStateDict(Safetensors.Load("model.safetensors"));
            optimizer.LoadStateDict(Safetensors.Load("optimizer.safetensors"));   // ...which this puts back
            scheduler.LoadStateDict(Safetensors.Load("scheduler.safetensors"));
            int startEpoch = scheduler.LastEpoch;                               // 8: continue from there
            Train(model, optimizer, scheduler, 20 - startEpoch);
            Assert.Equal(8, startEpoch);
            Assert.Equal(straight.Weight.ToArray<float>(), model.Weight.ToArray<float>());   // bit for bit
            Assert.Equal(straight.Bias!.ToArray<float>(), model.Bias!.ToArray<float>());
        }
    }

    [Fact]
    public void WritingYourOwnOptimiser()
    {
        // MyAdadelta follows torch.optim.Adadelta: the built-in Adadelta's trajectory, and a state dict that resumes it.
        var reference = OptimReference.All.Elementwise.Single(c => c.Name == "adadelta rho eps decay");
        var (w, b) = OptimReferenceTests.Parameters(reference.Start, DType.Float64);
        var (w2, b2) = OptimReferenceTests.Parameters(reference.Start, DType.Float64);
        var mine = new MyAdadelta([w, b], lr: 0.5, rho: 0.8, eps: 1e-4);
        var builtIn = new Adadelta([w2, b2], lr: 0.5, rho: 0.8, eps: 1e-4);
        foreach (var grad in reference.Grads[..6])
        {
            (w.Grad, b.Grad) = OptimReferenceTests.Parameters(grad, DType.Float64);
            (w2.Grad, b2.Grad) = OptimReferenceTests.Parameters(grad, DType.Float64);
            mine.Step();
            builtIn.Step();
        }
        Assert.Equal(w2.ToArray<double>(), w.ToArray<double>(), OptimTests.Tolerance(1e-14));
        Assert.Equal(builtIn.StateDict().Keys.Where(k => !k.EndsWith(".weight_decay", StringComparison.Ordinal)), mine.StateDict().Keys);

        var (w3, b3) = (new Parameter(w.Detach().Clone()), new Parameter(b.Detach().Clone()));
        var resumed = new MyAdadelta([w3, b3], lr: 0.5, rho: 0.8, eps: 1e-4);
        resumed.LoadStateDict(mine.StateDict());
        foreach (var grad in reference.Grads[6..])
        {
            (w.Grad, b.Grad) = OptimReferenceTests.Parameters(grad, DType.Float64);
            (w3.Grad, b3.Grad) = OptimReferenceTests.Parameters(grad, DType.Float64);
            mine.Step();
            resumed.Step();
        }
        Assert.Equal(w.ToArray<double>(), w3.ToArray<double>());
        Assert.Equal(reference.Grads.Length, mine.State(w)["step"].Item<float>());
    }
}

/// <summary>Adadelta written with tensor operations, as docs/optimizers.md shows it.</summary>
public sealed class MyAdadelta(IEnumerable<Tensor> parameters, double lr = 1.0, double rho = 0.9, double eps = 1e-6)
    : Optimizer(parameters, [new("lr", lr), new("rho", rho), new("eps", eps)])
{
    /// <summary>One parameter's update; Step() calls it under NoGrad for each parameter that has a gradient.</summary>
    protected override void Update(Tensor parameter, Tensor grad, OrderedDictionary<string, Tensor> state, ParamGroup group)
    {
        if (state.Count == 0)                                       // the parameter's first step
        {
            state["step"] = Tensor.Zeros([], DType.Float32);
            state["square_avg"] = Tensor.ZerosLike(parameter);
            state["acc_delta"] = Tensor.ZerosLike(parameter);
        }
        IncrementStep(state);
        double rho = group["rho"], eps = group["eps"];              // this group's options, by PyTorch's names
        var squareAvg = state["square_avg"];
        var accDelta = state["acc_delta"];
        squareAvg.MulInPlace(rho).AddInPlace(grad * grad, alpha: 1 - rho);
        var delta = (accDelta + eps).Sqrt() / (squareAvg + eps).Sqrt() * grad;
        accDelta.MulInPlace(rho).AddInPlace(delta * delta, alpha: 1 - rho);
        parameter.AddInPlace(delta, alpha: -group.Lr);              // in place: the model keeps the same tensor
    }
}
