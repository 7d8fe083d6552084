namespace Nabla.Tests;

/// <summary>
/// What TorchCheckpoint refuses, each with an InvalidDataException that says what the file is and
/// what to do: code the pickle names, the legacy format, TorchScript, training checkpoints.
/// </summary>
public sealed class TorchCheckpointRefusalTests : TempFolderTests
{
    private string HandMade(byte[] pickle, params (string, byte[])[] records)
    {
        string path = PathOf($"{Guid.NewGuid():N}.pt");
        TorchFixtures.WriteArchive(path, pickle, records);
        return path;
    }

    private static string Refusal(string path)
    {
        var ex = Assert.Throws<InvalidDataException>(() => TorchCheckpoint.Load(path));
        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
        return ex.Message;
    }

    [Fact]
    public void AGlobalOutsideTheAllowListIsRefusedByNameAndNeverRuns()
    {
        string marker = PathOf("ran");
        // os.system("touch MARKER"), as a malicious protocol-2 pickle writes it.
        string path = HandMade(TorchPickles.Bytes(0x80, 2, 'c', "os\nsystem\n", 'X', marker.Length + 6, 0, 0, 0, "touch " + marker, 0x85, 'R', '.'));
        string message = Refusal(path);
        Assert.Contains("refers to the Python global os.system, which TorchCheckpoint refuses", message);
        Assert.Contains("torch.load(weights_only=True)", message);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void AStackGlobalOutsideTheAllowListIsRefusedToo()
    {
        // builtins.eval("...") in protocol 4: SHORT_BINUNICODE, MEMOIZE and STACK_GLOBAL.
        string path = HandMade(TorchPickles.Bytes(0x80, 4, 0x8c, 8, "builtins", 0x94, 0x8c, 4, "eval", 0x94, 0x93, 0x8c, 4, "1+1;", 0x85, 'R', '.'));
        Assert.Contains("the Python global builtins.eval", Refusal(path));
    }

    [Fact]
    public void AStorageOfADTypeNablaLacksIsRefusedByName()
        => Assert.Contains("torch.ComplexFloatStorage, whose dtype Nabla does not have (it reads torch.FloatStorage, torch.DoubleStorage, torch.HalfStorage",
            Refusal(HandMade(TorchPickles.OneTensor(storageType: "ComplexFloatStorage"), ("data/0", new byte[16]))));

    [Fact]
    public void TheLegacyFormatIsRefusedWithHowToResaveIt()
    {
        string message = Refusal(TorchFixtures.File("legacy.pt"));
        Assert.Contains("PyTorch's legacy format (torch.save before PyTorch 1.6, or with _use_new_zipfile_serialization=False)", message);
        Assert.Contains("torch.save(torch.load(path), path)", message);
    }

    [Fact]
    public void ATorchScriptArchiveIsToldApart()
        => Assert.Contains("is a TorchScript archive (torch.jit.save), not a checkpoint of tensors", Refusal(TorchFixtures.File("torchscript.pt")));

    [Fact]
    public void ATrainingCheckpointNamesWhatItHoldsAndTheKeyToLoad()
    {
        string path = TorchFixtures.File("training_checkpoint.pt");
        string message = Refusal(path);
        Assert.Contains("holds a dict that is not a state dict (a dict of tensors by name, as torch.save(model.state_dict(), path) writes): "
            + "'model' is a state dict of 4 tensors, 'optimizer' is a dict of 2 entries, 'epoch' is an int.", message);
        Assert.Contains("Its entry 'model' is a state dict: load it with TorchCheckpoint.Load(path, key: \"model\").", message);

        var model = TorchCheckpoint.Load(path, key: "model");
        var mlp = TorchCheckpoint.Load(TorchFixtures.File("mlp.pt"));
        Assert.Equal(mlp.Keys, model.Keys);
        foreach (var (name, t) in mlp) Assert.Equal(t.ToArray<float>(), model[name].ToArray<float>());
    }

    [Fact]
    public void AKeyThatIsNotAStateDictOrNotThereIsReported()
    {
        string path = TorchFixtures.File("training_checkpoint.pt");
        var ex = Assert.Throws<InvalidDataException>(() => TorchCheckpoint.Load(path, key: "optimizer"));
        Assert.Contains("its entry 'optimizer' holds a dict that is not a state dict", ex.Message);
        Assert.Contains("'state' is a dict of 0 entries, 'param_groups' is a list of 1 item", ex.Message);
        var missing = Assert.Throws<ArgumentException>(() => TorchCheckpoint.Load(path, key: "modle"));
        Assert.Equal("key", missing.ParamName);
        Assert.Contains("has no entry 'modle'; its entries are 'model', 'optimizer', 'epoch'", missing.Message);
        Assert.Contains("its entries are '0.weight', '0.bias', '2.weight', '2.bias'",
            Assert.Throws<ArgumentException>(() => TorchCheckpoint.Load(TorchFixtures.File("mlp.pt"), key: "model")).Message);
        string list = HandMade(TorchPickles.Bytes(0x80, 2, ']', '.'));
        Assert.Contains("holds a list of 0 items, not a dict with an entry 'model'", Assert.Throws<InvalidDataException>(() => TorchCheckpoint.Load(list, key: "model")).Message);
    }

    [Fact]
    public void TensorsMixedWithOtherValuesNameTheOthers()
        => Assert.Contains("'step' is an int.", Refusal(TorchFixtures.File("mixed.pt")));

    [Fact]
    public void ATopLevelThatIsNotADictSaysWhatItIs()
        => Assert.Contains("holds a list of 0 items, not a state dict", Refusal(HandMade(TorchPickles.Bytes(0x80, 2, ']', '.'))));

    [Fact]
    public void FilesThatAreNotZipCheckpointsSaySo()
    {
        string empty = PathOf("empty.pt");
        File.WriteAllBytes(empty, []);
        Assert.Contains("does not start like a zip file (torch.save's format since PyTorch 1.6); it has 0 bytes", Refusal(empty));
        string text = PathOf("text.pt");
        File.WriteAllText(text, "not a checkpoint at all");
        Assert.Contains("is not a PyTorch checkpoint: it does not start like a zip file", Refusal(text));
        string other = PathOf("other.zip");
        using (var zip = System.IO.Compression.ZipFile.Open(other, System.IO.Compression.ZipArchiveMode.Create))
            zip.CreateEntry("readme.txt");
        Assert.Contains("is a zip file but not a PyTorch checkpoint: its records are not in one top-level folder", Refusal(other));
    }
}
