using System.Buffers.Binary;
using System.IO.Compression;
using Nabla.Data;

namespace Nabla.Tests;

/// <summary>The MNIST (IDX) and CSV readers, on small files written here and on the shared data sets when present.</summary>
public sealed class DataFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-data-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes, bool gzip = false)
    {
        string path = Path.Combine(_dir, name);
        if (!gzip) File.WriteAllBytes(path, bytes);
        else
        {
            using var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest);
            gz.Write(bytes);
        }
        return path;
    }

    private string WriteText(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>An IDX file: 0, 0, type, rank, big-endian dims, data.</summary>
    private static byte[] Idx(byte type, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        bytes[2] = type;
        bytes[3] = (byte)dims.Length;
        for (int d = 0; d < dims.Length; d++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    private static readonly byte[] s_pixels = [0, 255, 51, 102, 1, 254, 10, 20, 30, 40, 50, 60];   // 2 images of 2×3

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MnistImagesAreFloatsInZeroOneWithAChannelDimension(bool gzip)
    {
        var images = Mnist.LoadImages(Write("images", Idx(0x08, [2, 2, 3], s_pixels), gzip));
        Assert.Equal([2, 1, 2, 3], images.Shape.ToArray());
        Assert.Equal(DType.Float32, images.DType);
        Assert.Equal(s_pixels.Select(b => b / 255f), images.ToArray<float>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MnistLabelsAreInt64(bool gzip)
    {
        var labels = Mnist.LoadLabels(Write("labels", Idx(0x08, [3], [7, 2, 1]), gzip));
        Assert.Equal(DType.Int64, labels.DType);
        Assert.Equal([7L, 2, 1], labels.ToArray<long>());
    }

    [Fact]
    public void MnistLoadPairsImagesWithLabels()
    {
        var data = Mnist.Load(Write("i", Idx(0x08, [2, 2, 3], s_pixels)), Write("l", Idx(0x08, [2], [5, 6])));
        Assert.Equal(2, data.Count);
        Assert.Equal([1, 2, 3], data[1][0].Shape.ToArray());
        Assert.Equal(6L, data[1][1].Item<long>());
        var ex = Assert.Throws<InvalidDataException>(() => Mnist.Load(Write("i2", Idx(0x08, [2, 2, 3], s_pixels)), Write("l2", Idx(0x08, [3], [5, 6, 7]))));
        Assert.Contains("2 images but", ex.Message);
    }

    [Fact]
    public void MalformedIdxFilesAreRejectedWithTheReason()
    {
        var full = Idx(0x08, [2, 2, 3], s_pixels);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => Mnist.LoadImages(Write("a", full[..^1]))).Message);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => Mnist.LoadImages(Write("b", full[..9]))).Message);
        Assert.Contains("not an IDX file", Assert.Throws<InvalidDataException>(() => Mnist.LoadImages(Write("c", [1, 2, 3, 4, 5]))).Message);
        Assert.Contains("unknown IDX element type", Assert.Throws<InvalidDataException>(() => Mnist.LoadImages(Write("d", Idx(0x07, [1], [0])))).Message);
        Assert.Contains("3 dimensions", Assert.Throws<InvalidDataException>(() => Mnist.LoadImages(Write("e", Idx(0x08, [3], [1, 2, 3])))).Message);
        Assert.Throws<InvalidDataException>(() => Mnist.LoadImages(Write("f", [0x1f, 0x8b, 8, 0, 1, 2, 3])));   // a cut gzip stream
        // A header claiming 2³¹-1 × 2³¹-1 × 2³¹-1 bytes is refused from its shape, without allocating.
        Assert.Contains("more elements than a Nabla tensor holds", Assert.Throws<InvalidDataException>(() => Mnist.LoadImages(Write("g", Idx(0x08, [int.MaxValue, int.MaxValue, int.MaxValue], [1])))).Message);
        // One claiming more bytes than the file has is refused before its data buffer is allocated.
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => Mnist.LoadLabels(Write("h", Idx(0x08, [int.MaxValue - 100], [1])))).Message);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1 << 20);
    }

    [Fact]
    public void AnIdxShapeWhoseSizesOverflowBesideAZeroIsRejected()
    {
        // Issue 15: an empty shape cannot hide sizes whose strides overflow (this loaded as [0, 1, 65536, 65536] with wrapped strides).
        var ex = Assert.Throws<InvalidDataException>(() => Mnist.LoadImages(Write("zero", Idx(0x08, [0, 65536, 65536], []))));
        Assert.Contains("shape [0, 65536, 65536], more elements than a Nabla tensor holds", ex.Message);
    }

    [Fact]
    public void ACompressedIdxFileIsNotInflatedBeyondItsDeclaredSize()
    {
        // 4 labels then 8 MB of zeros, which gzip packs into ~80 KB: the surplus is counted as it streams by, never held.
        var bytes = new byte[8 + 4 + (8 << 20)];
        bytes[2] = 0x08;
        bytes[3] = 1;
        bytes[7] = 4;
        string path = Write("bomb.gz", bytes, gzip: true);
        Assert.InRange(new FileInfo(path).Length, 1, 1 << 20);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<InvalidDataException>(() => Mnist.LoadLabels(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains($"holds {4 + (8 << 20)} bytes of data", ex.Message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void ALabeledCsvWithoutDataRowsIsInvalidData()
    {
        // Found by the fuzzer: a header line alone was an ArgumentOutOfRangeException blaming labelColumn.
        var ex = Assert.Throws<InvalidDataException>(() => Csv.LoadLabeled(WriteText("header-only.csv", "a,b,label\n"), hasHeader: true));
        Assert.Contains("has no data rows", ex.Message);
    }

    [SharedDataFact]
    public void TheMnistTestSetHasTenThousandDigits()
    {
        var data = Mnist.Load(DataSharedFolder.File("mnist", "t10k-images-idx3-ubyte.gz"), DataSharedFolder.File("mnist", "t10k-labels-idx1-ubyte.gz"));
        var images = data.Tensors[0];
        var labels = data.Tensors[1].ToArray<long>();
        Assert.Equal([10000, 1, 28, 28], images.Shape.ToArray());
        Assert.Equal([7L, 2, 1, 0, 4, 1, 4, 9, 5, 9], labels[..10]);
        Assert.Equal([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009], Enumerable.Range(0, 10).Select(d => labels.Count(l => l == d)));
        Assert.Equal(0f, images.Min().Item<float>());
        Assert.Equal(1f, images.Max().Item<float>());
    }

    [Fact]
    public void CsvWithHeaderAndLabelColumn()
    {
        string path = WriteText("t.csv", "label,a,b\n1, 0.5 ,-2e-1\n\n0,\"3\",4\n");
        var (x, y) = Csv.LoadLabeled(path, labelColumn: 0, hasHeader: true);
        Assert.Equal([2, 2], x.Shape.ToArray());
        Assert.Equal([0.5f, -0.2f, 3f, 4f], x.ToArray<float>());
        Assert.Equal([1L, 0], y.ToArray<long>());
        var m = Csv.LoadMatrix(path, hasHeader: true, dtype: DType.Float64);
        Assert.Equal([1, 0.5, -0.2, 0, 3, 4], m.ToArray<double>());
    }

    [Fact]
    public void CsvErrorsNameTheLine()
    {
        var ex = Assert.Throws<InvalidDataException>(() => Csv.LoadMatrix(WriteText("h.csv", "a,b\n1,2\n")));
        Assert.Contains(":1: column 1 is 'a', not a number (if the first line is a header, pass hasHeader: true)", ex.Message);
        ex = Assert.Throws<InvalidDataException>(() => Csv.LoadMatrix(WriteText("r.csv", "1,2\n3\n")));
        Assert.Contains(":2: expected 2 values", ex.Message);
        ex = Assert.Throws<InvalidDataException>(() => Csv.LoadLabeled(WriteText("l.csv", "1,2.5\n")));
        Assert.Contains("not a whole number", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Csv.LoadLabeled(WriteText("c.csv", "1,2\n"), labelColumn: 2));
    }

    [SharedDataFact]
    public void TheDigitsCsvHas1797RowsOf64PixelsAndALabel()
    {
        var (x, y) = Csv.LoadLabeled(DataSharedFolder.File("digits.csv"));
        Assert.Equal([1797, 64], x.Shape.ToArray());
        var labels = y.ToArray<long>();
        Assert.Equal([178, 182, 177, 183, 181, 182, 181, 179, 174, 180], Enumerable.Range(0, 10).Select(d => labels.Count(l => l == d)));
        Assert.Equal(16f, x.Max().Item<float>());
    }
}
