using System.IO.Compression;

namespace Nabla.IO;

/// <summary>
/// Writes a state dict as <c>torch.save(state_dict, path)</c> does: an OrderedDict pickled with
/// protocol 2, each tensor as <c>_rebuild_tensor_v2</c> over a storage named by a persistent id,
/// each distinct storage once (tensors that share one stay views of it, with their offsets and
/// strides), in a zip of uncompressed records under <c>archive/</c>.
/// </summary>
internal static class TorchCheckpointWriter
{
    private const string Folder = "archive/";

    // Fixed record times make the same tensors give the same file (the zip format starts in 1980).
    private static readonly DateTimeOffset s_recordTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Write(string path, IReadOnlyList<(string Name, Tensor Tensor)> tensors)
    {
        var storages = new List<Storage>();
        var keys = new Dictionary<Storage, string>(ReferenceEqualityComparer.Instance);
        foreach (var (_, t) in tensors)
            if (keys.TryAdd(t.Storage, keys.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))) storages.Add(t.Storage);

        byte[] pickle = Pickle(tensors, keys);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        WriteRecord(zip, "data.pkl", pickle);
        WriteRecord(zip, "byteorder", "little"u8);   // read by PyTorch 2.x; 1.x ignores it
        foreach (var storage in storages) WriteRecord(zip, "data/" + keys[storage], SafetensorsFormat.Encode(new Tensor(storage, [storage.Length])));
        WriteRecord(zip, "version", "3\n"u8);
    }

    private static void WriteRecord(ZipArchive zip, string name, ReadOnlySpan<byte> bytes)
    {
        var entry = zip.CreateEntry(Folder + name, CompressionLevel.NoCompression);   // stored, as PyTorch writes them
        entry.LastWriteTime = s_recordTime;
        using var stream = entry.Open();
        stream.Write(bytes);
    }

    private static byte[] Pickle(IReadOnlyList<(string Name, Tensor Tensor)> tensors, Dictionary<Storage, string> keys)
    {
        var pickle = new PickleWriter();
        pickle.Global("collections", "OrderedDict");
        pickle.EmptyTuple();
        pickle.Reduce();
        if (tensors.Count == 0) return pickle.Finish();
        pickle.Mark();
        foreach (var (name, t) in tensors)
        {
            pickle.String(name);
            RebuildTensor(pickle, t, keys[t.Storage]);
        }
        pickle.SetItems();
        return pickle.Finish();
    }

    /// <summary><c>_rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())</c>, the storage as its persistent id.</summary>
    private static void RebuildTensor(PickleWriter pickle, Tensor t, string key)
    {
        pickle.Global("torch._utils", "_rebuild_tensor_v2");
        pickle.Mark();
        pickle.Mark();
        pickle.String("storage");
        pickle.Global("torch", TorchStorageType.Of(t.DType).Name);
        pickle.String(key);
        pickle.String("cpu");
        pickle.Int(t.Storage.Length);
        pickle.TupleFromMark();
        pickle.BinPersId();
        pickle.Int(t.Offset);
        pickle.IntTuple(t.ShapeArray);
        pickle.IntTuple(t.StrideArray);
        pickle.Bool(false);   // requires_grad: state_dict() saves detached tensors
        pickle.Global("collections", "OrderedDict");
        pickle.EmptyTuple();
        pickle.Reduce();
        pickle.TupleFromMark();
        pickle.Reduce();
    }
}
