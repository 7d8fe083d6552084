using Nabla.Data;
using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Tests;

/// <summary>The training loop the real-data tests share: cross-entropy on every batch, one optimiser step each.</summary>
internal static class ClassifierTraining
{
    /// <summary>Trains for <paramref name="epochs"/> epochs, calling <paramref name="afterEpoch"/> (e.g. a scheduler step) after each.</summary>
    public static void Run(Module model, Optimizer optimizer, DataLoader loader, int epochs, Action? afterEpoch = null)
    {
        model.Train();
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            foreach (Tensor[] batch in loader)
            {
                var loss = F.CrossEntropy(model.Forward(batch[0]), batch[1]);
                optimizer.ZeroGrad();
                loss.Backward();
                optimizer.Step();
            }
            afterEpoch?.Invoke();
        }
    }
}
