namespace Nabla.Tests;

/// <summary>
/// Every checkpoint that PyTorch wrote (tests/fixtures/torch) loads with the keys, dtypes,
/// shapes, strides, storage offsets and values PyTorch recorded for it.
/// </summary>
public sealed class TorchCheckpointFixtureTests
{
    public static TheoryData<string> Files => [.. TorchFixtures.Expected.GetProperty("files").EnumerateObject().Select(f => f.Name)];

    [Fact]
    public void TheFixturesCoverWhatTheIssueAsksFor()
    {
        Assert.StartsWith("1.13", TorchFixtures.Expected.GetProperty("torch_version").GetString());
        foreach (var name in new[] { "mlp.pt", "cnn.pt", "embedding_layernorm.pt", "dtypes.pt", "shared.pt", "transposed.pt", "parameters.pt", "protocol4.pt" })
            Assert.Contains(name, TorchFixtures.Expected.GetProperty("files").EnumerateObject().Select(f => f.Name));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryTensorLoadsAsPyTorchSavedIt(string file)
    {
        var loaded = TorchCheckpoint.Load(TorchFixtures.File(file));
        var expected = TorchFixtures.Entries(file);
        Assert.Equal(expected.Select(e => e.Name), loaded.Keys);   // the file's order
        foreach (var entry in expected)
        {
            var t = loaded[entry.Name];
            TorchFixtures.AssertTensor(entry.Value, t, $"{file} '{entry.Name}'");
            Assert.Equal(TorchFixtures.Ints(entry.Value, "stride").Select(s => (long)s), t.Strides);
            Assert.Equal(entry.Value.GetProperty("offset").GetInt32(), t.Offset);
        }
    }

    [Fact]
    public void EveryDTypeWidensToTheNablaDTypeThatHoldsItExactly()
    {
        var loaded = TorchCheckpoint.Load(TorchFixtures.File("dtypes.pt"));
        Assert.Equal([1.5f, -2.25f, float.MaxValue, float.Epsilon], loaded["float32"].ToArray<float>());
        Assert.Equal([1f, -65504f, 5.9604645e-08f, float.PositiveInfinity], loaded["float16"].ToArray<float>()[..4]);
        Assert.True(float.IsNaN(loaded["float16"].ToArray<float>()[4]));
        Assert.Equal(0.33300781f, loaded["float16"].ToArray<float>()[5]);   // the float16 nearest 0.333
        Assert.Equal(DType.Float32, loaded["bfloat16"].DType);
        Assert.Equal(float.NegativeInfinity, loaded["bfloat16"].ToArray<float>()[3]);
        Assert.Equal([long.MinValue, long.MaxValue, 0], loaded["int64"].ToArray<long>());
        Assert.Equal([-32768, 32767, -1], loaded["int16"].ToArray<int>());
        Assert.Equal([-128, 127, -1], loaded["int8"].ToArray<int>());
        Assert.Equal([0, 255, 128], loaded["uint8"].ToArray<int>());
        Assert.Equal(DType.Int32, loaded["uint8"].DType);
        Assert.Equal([true, false, true], loaded["bool"].ToArray<bool>());
        Assert.Equal(7.5f, loaded["scalar"].Item<float>());
        Assert.Equal(0, loaded["scalar"].Dim);
        Assert.Equal([0, 3], loaded["empty"].Shape.ToArray());
    }

    [Fact]
    public void TensorsThatShareAStorageInTheFileShareOneInNabla()
    {
        var loaded = TorchCheckpoint.Load(TorchFixtures.File("shared.pt"));
        var storage = loaded["whole"].Storage;
        Assert.All(loaded.Values, t => Assert.Same(storage, t.Storage));
        Assert.Equal(12, storage.Length);
        Assert.Equal([5f, 6, 7, 8, 9, 10, 11], loaded["tail"].ToArray<float>());
        Assert.Equal([1f, 4, 7, 10], loaded["strided"].ToArray<float>());
        // Shared as in PyTorch: writing through one view shows through the others.
        loaded["matrix"][1, 1].FillInPlace(-1);
        Assert.Equal(-1f, loaded["whole"].ToArray<float>()[5]);
        Assert.Equal(-1f, loaded["tail"].ToArray<float>()[0]);
    }

    [Fact]
    public void ATransposedViewKeepsItsStrides()
    {
        var t = TorchCheckpoint.Load(TorchFixtures.File("transposed.pt"))["weight_t"];
        Assert.False(t.IsContiguous);
        Assert.Equal([1L, 3L], t.Strides);
        Assert.Equal([0.0, 3, 1, 4, 2, 5], t.ToArray<double>());
    }

    [Fact]
    public void AParameterLoadsAsALeafThatRequiresGrad()
    {
        var p = TorchCheckpoint.Load(TorchFixtures.File("parameters.pt"))["p"];
        Assert.True(p.RequiresGrad);
        Assert.True(p.IsLeaf);
        Assert.False(TorchCheckpoint.Load(TorchFixtures.File("mlp.pt"))["0.weight"].RequiresGrad);   // state_dict() saves detached tensors
    }
}
