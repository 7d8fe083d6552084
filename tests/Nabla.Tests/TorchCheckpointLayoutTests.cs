namespace Nabla.Tests;

/// <summary>Layouts PyTorch can write but 1.13 on a little-endian machine does not: a big-endian byteorder record, recompressed records.</summary>
public sealed class TorchCheckpointLayoutTests : TempFolderTests
{
    [Fact]
    public void ABigEndianCheckpointIsByteSwapped()
    {
        string path = PathOf("big.pt");
        var bigEndian = new[] { 1.5f, -3f }.SelectMany(v => BitConverter.GetBytes(v).Reverse()).ToArray();
        TorchFixtures.WriteArchive(path, TorchPickles.OneTensor(), ("byteorder", "big"u8.ToArray()), ("data/0", bigEndian));
        Assert.Equal([1.5f, -3f], TorchCheckpoint.Load(path)["w"].ToArray<float>());
    }

    [Fact]
    public void AByteOrderThatIsNeitherIsRejected()
    {
        string path = PathOf("odd.pt");
        TorchFixtures.WriteArchive(path, TorchPickles.OneTensor(), ("byteorder", "middle"u8.ToArray()), ("data/0", TorchPickles.Floats(1, 2)));
        Assert.Contains("its byteorder record says 'middle', not 'little' or 'big'", Assert.Throws<InvalidDataException>(() => TorchCheckpoint.Load(path)).Message);
    }

    [Fact]
    public void ACheckpointRezippedWithCompressionLoadsTheSame()
    {
        string path = PathOf("deflated.pt");
        using (var source = System.IO.Compression.ZipFile.OpenRead(TorchFixtures.File("cnn.pt")))
        using (var target = System.IO.Compression.ZipFile.Open(path, System.IO.Compression.ZipArchiveMode.Create))
            foreach (var entry in source.Entries)
            {
                using var from = entry.Open();
                using var to = target.CreateEntry(entry.FullName, System.IO.Compression.CompressionLevel.Optimal).Open();
                from.CopyTo(to);
            }
        var original = TorchCheckpoint.Load(TorchFixtures.File("cnn.pt"));
        var rezipped = TorchCheckpoint.Load(path);
        Assert.Equal(original.Keys, rezipped.Keys);
        foreach (var (name, t) in original) Assert.Equal(t.ToString(), rezipped[name].ToString());
    }
}
