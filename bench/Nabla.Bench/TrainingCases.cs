using Nabla.NN;
using Nabla.Optim;
using TorchSharp;
using TorchNN = TorchSharp.torch.nn;
using TT = TorchSharp.torch.Tensor;

namespace Nabla.Bench;

/// <summary>
/// Whole training steps (zero_grad, forward, cross-entropy, backward, SGD step) on identical models,
/// and conv2d forward + backward. The libtorch model gets Nabla's initial parameters copied in.
/// </summary>
internal static class TrainingCases
{
    private const int Batch = 64;

    public static IEnumerable<Case> All()
    {
        yield return new Case("MLP 784-256-10 train step (SGD)", $"batch {Batch}", Mlp);
        yield return new Case("LeNet-5 train step (SGD)", $"batch {Batch}, 1×28×28", LeNet);
        yield return new Case("conv2d fwd+bwd (dx, dw, db)", "32×64×56×56, 64→64, 3×3, pad 1", Conv);
    }

    /// <summary>The MLP 784-256-10 of the MLP rows (also timed from a fresh process by <see cref="Warmup"/>).</summary>
    public static Module NablaMlp() => new Sequential(new Linear(784, 256), new Relu(), new Linear(256, 10));

    /// <summary>LeNet-5 as usually run on MNIST: the first conv pads by 2, so 16·5·5 features reach the first linear layer.</summary>
    public static Module NablaLeNet() => new Sequential(
        new Conv2d(1, 6, 5, padding: 2), new Relu(), new MaxPool2d(2),
        new Conv2d(6, 16, 5), new Relu(), new MaxPool2d(2), new Flatten(),
        new Linear(400, 120), new Relu(), new Linear(120, 84), new Relu(), new Linear(84, 10));

    private static Pair Mlp() => TrainStep(
        NablaMlp(),
        TorchNN.Sequential(TorchNN.Linear(784, 256), TorchNN.ReLU(), TorchNN.Linear(256, 10)),
        [Batch, 784]);

    private static Pair LeNet() => TrainStep(
        NablaLeNet(),
        TorchNN.Sequential(
            TorchNN.Conv2d(1, 6, 5, padding: 2), TorchNN.ReLU(), TorchNN.MaxPool2d(2),
            TorchNN.Conv2d(6, 16, 5), TorchNN.ReLU(), TorchNN.MaxPool2d(2), TorchNN.Flatten(),
            TorchNN.Linear(400, 120), TorchNN.ReLU(), TorchNN.Linear(120, 84), TorchNN.ReLU(), TorchNN.Linear(84, 10)),
        [Batch, 1, 28, 28]);

    private static Pair TrainStep(Module model, TorchNN.Module<TT, TT> torchModel, int[] inputShape)
    {
        var owned = new List<IDisposable> { torchModel };
        var parameters = model.Parameters().ToArray();
        var torchParameters = torchModel.parameters().ToArray();
        if (parameters.Length != torchParameters.Length) throw new InvalidOperationException("the two models differ");
        CopyInto(torchParameters, [.. parameters.Select(Inputs.Read)]);
        long count = 1;
        foreach (int d in inputShape) count *= d;
        var (x, xt) = Inputs.Both(Inputs.Uniform(count, 20, 0, 1), inputShape, owned);
        var (y, yt) = Inputs.Labels(Batch, 10, 21, owned);
        var optimizer = new Sgd(parameters, lr: 0.01);
        var torchOptimizer = torch.optim.SGD(torchParameters, 0.01);
        owned.Add(torchOptimizer);

        Tensor NablaStep()
        {
            optimizer.ZeroGrad();
            var loss = F.CrossEntropy(model.Forward(x), y);
            loss.Backward();
            optimizer.Step();
            return loss;
        }
        TT TorchStep()
        {
            torchOptimizer.zero_grad();
            var loss = torch.nn.functional.cross_entropy(torchModel.forward(xt), yt);
            loss.backward();
            torchOptimizer.step();
            return loss;
        }
        return StepPair(parameters, NablaStep, torchParameters, TorchStep, owned);
    }

    /// <summary>
    /// A training row from one step of each engine (each returns its loss) over parameter lists in the same order.
    /// The check: libtorch gets Nabla's current parameters (the timed steps let rounding drift apart), then each
    /// engine makes one step; compared are the loss and every updated parameter. (Harness.Measure calls the
    /// Nabla side first.)
    /// </summary>
    public static Pair StepPair(Tensor[] parameters, Func<Tensor> nablaStep, TT[] torchParameters, Func<TT> torchStep,
        List<IDisposable> owned, double tolerance = 1e-4)
        => CheckedPair(parameters, () => nablaStep(), () => [Inputs.Read(nablaStep()), .. parameters.Select(Inputs.Read)],
            torchParameters, () => torchStep(), () => [Inputs.Read(torchStep()), .. torchParameters.Select(p => Inputs.Read(p.detach()))],
            owned, tolerance);

    /// <summary>
    /// A training row whose check starts from the same parameters in both engines: Nabla's current ones are
    /// copied into libtorch's, then each engine's check runs (Nabla's first) and returns what is compared.
    /// libtorch's step and check run in a dispose scope.
    /// </summary>
    public static Pair CheckedPair(Tensor[] parameters, Action nablaStep, Func<float[][]> nablaCheck,
        TT[] torchParameters, Action torchStep, Func<float[][]> torchCheck, List<IDisposable> owned, double tolerance)
    {
        float[][] snapshot = [];
        return new Pair(
            nablaStep,
            () => { using var scope = torch.NewDisposeScope(); torchStep(); },
            () =>
            {
                snapshot = [.. parameters.Select(Inputs.Read)];
                return nablaCheck();
            },
            () =>
            {
                using var scope = torch.NewDisposeScope();
                CopyInto(torchParameters, snapshot);
                return torchCheck();
            },
            owned, tolerance);
    }

    /// <summary>Copies <paramref name="values"/> into libtorch's parameters, in order, outside autograd.</summary>
    public static void CopyInto(TT[] parameters, float[][] values)
    {
        using var _ = torch.no_grad();
        for (int i = 0; i < parameters.Length; i++)
        {
            using var copy = torch.tensor(values[i], parameters[i].shape);
            parameters[i].copy_(copy);
        }
    }

    /// <summary>A ResNet-block conv: y = conv2d(x, w, b), then the gradients for x, w and b given a fixed dy.</summary>
    private static Pair Conv()
    {
        var owned = new List<IDisposable>();
        int[] xShape = [32, 64, 56, 56], wShape = [64, 64, 3, 3];
        long xCount = 32L * 64 * 56 * 56;
        var (x, xt) = Inputs.Both(Inputs.Uniform(xCount, 30), xShape, owned, requiresGrad: true);
        var (w, wt) = Inputs.Both(Inputs.Uniform(64 * 64 * 9, 31, -1 / 24f, 1 / 24f), wShape, owned, requiresGrad: true);   // ±1/√fan_in
        var (b, bt) = Inputs.Both(Inputs.Uniform(64, 32, -1 / 24f, 1 / 24f), [64], owned, requiresGrad: true);
        var (g, gt) = Inputs.Both(Inputs.Uniform(xCount, 33), xShape, owned);

        Tensor[] NablaPass()
        {
            var y = F.Conv2d(x, w, b, padding: 1);
            var grads = Autograd.Grad([y], [x, w, b], [g]);
            return [y, .. grads.Select(t => t!)];
        }
        TT[] TorchPass()
        {
            var y = torch.nn.functional.conv2d(xt, wt, bt, padding: [1, 1]);
            var grads = torch.autograd.grad([y], [xt, wt, bt], [gt]);
            return [y, .. grads];
        }
        return PassPair(NablaPass, TorchPass, owned);
    }

    /// <summary>A row whose passes return several tensors (an output and gradients), every one of them compared.</summary>
    public static Pair PassPair(Func<Tensor[]> nablaPass, Func<TT[]> torchPass, List<IDisposable> owned) => new(
        () => nablaPass(),
        () => { using var scope = torch.NewDisposeScope(); torchPass(); },
        () => [.. nablaPass().Select(Inputs.Read)],
        () => { using var scope = torch.NewDisposeScope(); return [.. torchPass().Select(Inputs.Read)]; },
        owned);
}
