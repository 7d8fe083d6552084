using Nabla.Data;
using Nabla.IO;
using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Tests;

/// <summary>Everything together on real data: CSV reader, DataLoader, a small MLP, SGD with a schedule, and a saved model.</summary>
public sealed class DataTrainingTests
{
    [SharedDataFact]
    public void AnMlpLearnsTheDigitsAndSurvivesASaveAndLoad()
    {
        var (x, y) = Csv.LoadLabeled(DataSharedFolder.File("digits.csv"));
        x = x / 16.0;   // pixels 0..16 → [0, 1]
        var (trainX, testX) = (x[..1500], x[1500..]);
        var (trainY, testY) = (y[..1500], y[1500..]);
        var g = new Generator(seed: 0);
        var model = new Sequential(new Linear(64, 32, generator: g), new Relu(), new Linear(32, 10, generator: g));
        var opt = new Sgd(model.Parameters(), lr: 0.1, momentum: 0.9);
        var scheduler = new StepLR(opt, stepSize: 4, gamma: 0.5);
        var loader = new DataLoader(new TensorDataset(trainX, trainY), batchSize: 32, shuffle: true, generator: g);
        ClassifierTraining.Run(model, opt, loader, epochs: 8, afterEpoch: scheduler.Step);
        Assert.Equal(0.1 * 0.25, opt.ParamGroups[0].Lr, 1e-15);
        float Accuracy(Module m)
        {
            using var noGrad = Autograd.NoGrad();
            return m.Forward(testX).Argmax(1).Eq(testY).To(DType.Float32).Mean().Item<float>();
        }
        float accuracy = Accuracy(model);
        Assert.True(accuracy > 0.9f, $"held-out accuracy {accuracy}");

        string path = Path.Combine(Path.GetTempPath(), $"nabla-digits-{Guid.NewGuid():N}.safetensors");
        try
        {
            model.Save(path);
            var copy = new Sequential(new Linear(64, 32), new Relu(), new Linear(32, 10));
            copy.Load(path);
            Assert.Equal(accuracy, Accuracy(copy));
            Assert.Equal(["0.bias", "0.weight", "2.bias", "2.weight"], Safetensors.Load(path).Keys);   // the writer orders by name
        }
        finally { File.Delete(path); }
    }
}
