namespace Nabla.Data;

/// <summary>
/// Readers for the MNIST files (IDX format, raw or gzip-compressed, such as
/// <c>t10k-images-idx3-ubyte.gz</c>), giving the tensors torchvision's <c>MNIST</c> data set with
/// <c>ToTensor()</c> gives: images as float32 [N, 1, rows, cols] scaled to [0, 1], labels as int64 [N].
/// Works for Fashion-MNIST and other IDX unsigned-byte files too.
/// </summary>
/// <example>
/// <code>
/// var test = Mnist.Load("data/t10k-images-idx3-ubyte.gz", "data/t10k-labels-idx1-ubyte.gz");
/// var loader = new DataLoader(test, batchSize: 100);
/// </code>
/// </example>
public static class Mnist
{
    /// <summary>The images of an IDX file of unsigned bytes with 3 dimensions (N, rows, cols) as float32 [N, 1, rows, cols] in [0, 1].</summary>
    /// <exception cref="InvalidDataException">When the file is not such an IDX file, or is truncated.</exception>
    public static Tensor LoadImages(string path)
    {
        var idx = Expect(IdxFile.Read(path), rank: 3, "images");
        var pixels = new float[idx.Data.Length];
        var data = idx.Data;
        for (int i = 0; i < pixels.Length; i++) pixels[i] = data[i] / 255f;   // ToTensor's byte / 255 in float32
        return new Tensor(Storage.Wrap(pixels), [idx.Dims[0], 1, idx.Dims[1], idx.Dims[2]]);   // wraps the array: no second copy
    }

    /// <summary>The labels of an IDX file of unsigned bytes with 1 dimension as int64 [N].</summary>
    /// <exception cref="InvalidDataException">When the file is not such an IDX file, or is truncated.</exception>
    public static Tensor LoadLabels(string path)
    {
        var idx = Expect(IdxFile.Read(path), rank: 1, "labels");
        var labels = new long[idx.Data.Length];
        var data = idx.Data;
        for (int i = 0; i < labels.Length; i++) labels[i] = data[i];
        return new Tensor(Storage.Wrap(labels), [labels.Length]);
    }

    /// <summary>Images and labels as a data set of (image [1, rows, cols], label) samples.</summary>
    /// <exception cref="InvalidDataException">When a file is malformed or the two counts differ.</exception>
    public static TensorDataset Load(string imagesPath, string labelsPath)
    {
        ArgumentNullException.ThrowIfNull(imagesPath);
        ArgumentNullException.ThrowIfNull(labelsPath);
        var images = LoadImages(imagesPath);
        var labels = LoadLabels(labelsPath);
        if (images.Size(0) != labels.Size(0))
            throw new InvalidDataException($"{imagesPath} holds {images.Size(0)} images but {labelsPath} holds {labels.Size(0)} labels");
        return new TensorDataset(images, labels);
    }

    private static IdxFile Expect(IdxFile idx, int rank, string what)
    {
        if (idx.Type != IdxFile.UnsignedByte || idx.Dims.Length != rank)
            throw new InvalidDataException(
                $"{idx.Path}: MNIST {what} are unsigned bytes (type 0x08) with {rank} dimension{(rank == 1 ? "" : "s")}, the file has type 0x{idx.Type:x2} and shape [{string.Join(", ", idx.Dims)}]");
        return idx;
    }
}
