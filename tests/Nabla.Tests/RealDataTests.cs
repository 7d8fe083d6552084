using Nabla.Data;
using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Tests;

/// <summary>
/// Training on real data against PyTorch's accuracies (thresholds a little under them): an MLP on
/// the UCI digits (PyTorch: about 97%) and LeNet-5 on MNIST (PyTorch with Adam: 0.957–0.978 after 3 epochs).
/// </summary>
public sealed class RealDataTests
{
    [SharedDataFact]
    public void AnMlpOnTheUciDigitsReachesPyTorchsAccuracy()
    {
        var (x, y) = Csv.LoadLabeled(DataSharedFolder.File("digits.csv"));
        var g = new Generator(seed: 0);
        var order = Tensor.Randperm(x.Size(0), generator: g);   // a seeded shuffled 80/20 split
        int trainCount = x.Size(0) * 4 / 5;
        var (trainIdx, testIdx) = (order[..trainCount], order[trainCount..]);
        x = x / 16.0;
        var (trainX, trainY) = (x.IndexSelect(0, trainIdx), y.IndexSelect(0, trainIdx));
        var (testX, testY) = (x.IndexSelect(0, testIdx), y.IndexSelect(0, testIdx));

        var model = new Sequential(new Linear(64, 64, generator: g), new Relu(), new Linear(64, 10, generator: g));
        var opt = new Adam(model.Parameters(), lr: 1e-2);
        var loader = new DataLoader(new TensorDataset(trainX, trainY), batchSize: 32, shuffle: true, generator: g);
        ClassifierTraining.Run(model, opt, loader, epochs: 20);
        double accuracy = Accuracy(model, testX, testY);
        Assert.True(accuracy >= 0.95, $"held-out accuracy {accuracy:P2} (PyTorch's MLP: about 97%)");
    }

    [SharedDataFact]
    public void LeNetOnMnistReachesPyTorchsAccuracyInThreeEpochs()
    {
        var data = Mnist.Load(DataSharedFolder.File("mnist", "t10k-images-idx3-ubyte.gz"), DataSharedFolder.File("mnist", "t10k-labels-idx1-ubyte.gz"));
        var (images, labels) = (data.Tensors[0], data.Tensors[1]);
        var g = new Generator(seed: 0);
        var model = new Sequential(
            new Conv2d(1, 6, 5, padding: 2, generator: g), new Relu(), new MaxPool2d(2),
            new Conv2d(6, 16, 5, generator: g), new Relu(), new MaxPool2d(2),
            new Flatten(),
            new Linear(400, 120, generator: g), new Relu(), new Linear(120, 84, generator: g), new Relu(), new Linear(84, 10, generator: g));
        var opt = new Adam(model.Parameters(), lr: 2e-3);
        var loader = new DataLoader(new TensorDataset(images[..8000], labels[..8000]), batchSize: 64, shuffle: true, generator: g);
        ClassifierTraining.Run(model, opt, loader, epochs: 3);
        double accuracy = Accuracy(model, images[8000..], labels[8000..]);
        Assert.True(accuracy >= 0.95, $"accuracy on the last 2,000 images {accuracy:P2} (PyTorch's LeNet-5 with Adam: 95.7–97.8%)");
    }

    private static double Accuracy(Module model, Tensor x, Tensor y)
    {
        model.Eval();
        using var noGrad = Autograd.NoGrad();
        return model.Forward(x).Argmax(1).Eq(y).To(DType.Float64).Mean().Item<double>();
    }
}
