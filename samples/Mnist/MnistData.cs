using Nabla;
using Nabla.Data;

/// <summary>Finds the MNIST files in a folder: the full set when present, else a split of the 10,000 test images.</summary>
static class MnistData
{
    public static (TensorDataset Train, TensorDataset Test, string Description) Load(string folder)
    {
        string? Find(string stem) => new[] { stem, stem + ".gz" }.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists);
        var testImages = Find("t10k-images-idx3-ubyte") ?? throw Missing(folder);
        var testLabels = Find("t10k-labels-idx1-ubyte") ?? throw Missing(folder);
        var test = Mnist.Load(testImages, testLabels);
        if (Find("train-images-idx3-ubyte") is { } trainImages && Find("train-labels-idx1-ubyte") is { } trainLabels)
            return (Mnist.Load(trainImages, trainLabels), test, "60,000 training images, 10,000 test images");
        // Only the test set: train on its first 8,000 images and hold out the last 2,000.
        var (images, labels) = (test.Tensors[0], test.Tensors[1]);
        return (new TensorDataset(images[..8000], labels[..8000]), new TensorDataset(images[8000..], labels[8000..]),
            "the MNIST test set only: training on its first 8,000 images, testing on the last 2,000");
    }

    private static FileNotFoundException Missing(string folder) => new(
        $"No MNIST files in '{folder}'. It needs t10k-images-idx3-ubyte(.gz) and t10k-labels-idx1-ubyte(.gz), " +
        "and for the full training set train-images-idx3-ubyte(.gz) and train-labels-idx1-ubyte(.gz) " +
        "(from the MNIST database, e.g. the mirrors torchvision uses: https://ossci-datasets.s3.amazonaws.com/mnist/).");
}
