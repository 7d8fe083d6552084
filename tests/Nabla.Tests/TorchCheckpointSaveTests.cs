using System.IO.Compression;
using Nabla.NN;

namespace Nabla.Tests;

/// <summary>
/// TorchCheckpoint.Save: files load back identically (dtypes, shapes, strides, offsets, shared
/// storages), and PyTorch 1.13 read the committed saved_by_nabla.pt with weights_only=True as
/// expected.json records, which Save still writes record for record.
/// </summary>
public sealed class TorchCheckpointSaveTests : TempFolderTests
{
    /// <summary>Every Nabla dtype, a 0-d and an empty tensor, and three views of one float64 storage.</summary>
    private static OrderedDictionary<string, Tensor> Sample()
    {
        var matrix = Tensor.FromArray(new double[] { 0, 1, 2, 3, 4, 5 }, [2, 3]);
        return new()
        {
            ["float32"] = Tensor.FromArray(new float[] { 1.5f, -2.25f, float.MaxValue, float.Epsilon }, [2, 2]),
            ["matrix"] = matrix,
            ["matrix_t"] = matrix.T,        // strides (1, 3)
            ["row"] = matrix[1],             // storage offset 3
            ["int64"] = Tensor.FromArray(new[] { long.MinValue, long.MaxValue, 0 }),
            ["int32"] = Tensor.FromArray(new[] { int.MinValue, int.MaxValue }),
            ["bool"] = Tensor.FromArray(new[] { true, false, true }),
            ["scalar"] = Tensor.Scalar(7.5f),
            ["empty"] = Tensor.Zeros(0, 3),
        };
    }

    [Fact]
    public void WhatSaveWritesLoadsBackIdentically()
    {
        var saved = Sample();
        TorchCheckpoint.Save(PathOf("sample.pt"), saved);
        var loaded = TorchCheckpoint.Load(PathOf("sample.pt"));
        Assert.Equal(saved.Keys, loaded.Keys);
        foreach (var (name, t) in saved)
        {
            var back = loaded[name];
            Assert.Equal(t.DType, back.DType);
            Assert.Equal(t.Shape, back.Shape);
            Assert.Equal(t.Strides, back.Strides);
            Assert.Equal(t.Offset, back.Offset);
            Assert.Equal(t.ToString(), back.ToString());
        }
        Assert.Same(loaded["matrix"].Storage, loaded["matrix_t"].Storage);
        Assert.Same(loaded["matrix"].Storage, loaded["row"].Storage);
        Assert.NotSame(loaded["matrix"].Storage, loaded["float32"].Storage);
        Assert.Equal([long.MinValue, long.MaxValue, 0], loaded["int64"].ToArray<long>());
        Assert.Equal([1.5f, -2.25f, float.MaxValue, float.Epsilon], loaded["float32"].ToArray<float>());
    }

    [Fact]
    public void AModelSavedAndLoadedGivesTheSameOutputs()
    {
        var model = new Sequential(new Linear(3, 5), new Relu(), new Linear(5, 2));
        TorchCheckpoint.Save(PathOf("model.pt"), model.StateDict());
        var copy = new Sequential(new Linear(3, 5), new Relu(), new Linear(5, 2));
        copy.LoadStateDict(TorchCheckpoint.Load(PathOf("model.pt")));
        var x = Tensor.FromArray(new float[] { 1, -2, 0.5f, 3, 0, -1 }, [2, 3]);
        Assert.Equal(model.Forward(x).ToArray<float>(), copy.Forward(x).ToArray<float>());
    }

    [Fact]
    public void TiedWeightsAreSavedOnceAndLoadAsOneStorage()
    {
        var embedding = new Embedding(5, 3);
        var head = new Linear(3, 5, bias: false);
        head.Weight = embedding.Weight;   // tied, as nanoGPT's lm_head.weight = wte.weight
        var model = new Sequential(embedding, head);
        TorchCheckpoint.Save(PathOf("tied.pt"), model.StateDict());
        using (var zip = ZipFile.OpenRead(PathOf("tied.pt")))
            Assert.Single(zip.Entries, e => e.FullName.StartsWith("archive/data/", StringComparison.Ordinal));   // as torch.save writes shared storages
        var loaded = TorchCheckpoint.Load(PathOf("tied.pt"));
        Assert.Equal(["0.weight", "1.weight"], loaded.Keys);
        Assert.Same(loaded["0.weight"].Storage, loaded["1.weight"].Storage);

        var copy = new Sequential(new Embedding(5, 3), new Linear(3, 5, bias: false));
        copy.LoadStateDict(loaded);
        Assert.Equal(embedding.Weight.ToArray<float>(), ((Linear)copy[1]).Weight.ToArray<float>());
    }

    [Fact]
    public void AnEmptyStateDictRoundTrips()
    {
        TorchCheckpoint.Save(PathOf("empty.pt"), new Dictionary<string, Tensor>());
        Assert.Empty(TorchCheckpoint.Load(PathOf("empty.pt")));
    }

    [Fact]
    public void BadArgumentsAreRejectedBeforeAnythingIsWritten()
    {
        string path = PathOf("bad.pt");
        var twice = new[] { KeyValuePair.Create("w", Tensor.Ones(2)), KeyValuePair.Create("w", Tensor.Ones(2)) };
        var ex = Assert.Throws<ArgumentException>(() => TorchCheckpoint.Save(path, twice));
        Assert.Contains("the name 'w' appears twice", ex.Message);
        Assert.Throws<ArgumentNullException>(() => TorchCheckpoint.Save(path, [KeyValuePair.Create("w", (Tensor)null!)]));
        Assert.Throws<ArgumentNullException>(() => TorchCheckpoint.Save(null!, twice));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void PyTorchReadWhatSaveWrites()
    {
        string committed = TorchFixtures.File("saved_by_nabla.pt");
        string fresh = PathOf("saved_by_nabla.pt");
        TorchCheckpoint.Save(fresh, Sample());
        // To refresh the fixture after changing Save: NABLA_WRITE_TORCH_FIXTURES=1 dotnet test --filter PyTorchReadWhatSaveWrites,
        // then /usr/bin/python3 tests/fixtures/torch/make_fixtures.py to record what PyTorch reads from it.
        if (Environment.GetEnvironmentVariable("NABLA_WRITE_TORCH_FIXTURES") == "1") File.Copy(fresh, committed, overwrite: true);
        Assert.Equal(Records(committed), Records(fresh));

        var read = TorchFixtures.Expected.GetProperty("saved_by_nabla").EnumerateObject().ToArray();
        var sample = Sample();
        Assert.Equal(sample.Keys, read.Select(e => e.Name));
        foreach (var entry in read)
        {
            var t = sample[entry.Name];
            TorchFixtures.AssertTensor(entry.Value, t, $"torch.load of '{entry.Name}'");
            Assert.Equal(TorchFixtures.Ints(entry.Value, "stride").Select(s => (long)s), t.Strides);
            Assert.Equal(entry.Value.GetProperty("offset").GetInt32(), t.Offset);
            var sharers = sample.Where(kv => kv.Key != entry.Name && ReferenceEquals(kv.Value.Storage, t.Storage)).Select(kv => kv.Key);
            Assert.Equal(sharers, entry.Value.GetProperty("shares_storage_with").EnumerateArray().Select(v => v.GetString()));
        }
    }

    /// <summary>Each zip record's name and bytes (the zip's own headers may differ between .NET versions).</summary>
    private static List<(string, string)> Records(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        return [.. zip.Entries.Select(e =>
        {
            using var stream = new MemoryStream();
            using (var s = e.Open()) s.CopyTo(stream);
            return (e.FullName, Convert.ToHexString(stream.ToArray()));
        })];
    }
}
