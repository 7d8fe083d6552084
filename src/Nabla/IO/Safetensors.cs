using System.Buffers.Binary;

namespace Nabla.IO;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face's; the files PyTorch's <c>safetensors</c>
/// package reads and writes): an 8-byte little-endian header length N, N bytes of JSON naming each
/// tensor's dtype, shape and data offsets, then the raw little-endian data. Files written here are
/// byte for byte what <c>safetensors.torch.save_file</c> writes for the same tensors.
/// </summary>
/// <example>
/// <code>
/// Safetensors.Save("weights.safetensors", model.StateDict(), new Dictionary&lt;string, string&gt; { ["format"] = "pt" });
/// var tensors = Safetensors.Load("weights.safetensors");   // name → tensor, in file order
/// </code>
/// </example>
public static class Safetensors
{
    /// <summary>Writes <paramref name="tensors"/> (and optional string <paramref name="metadata"/>) to <paramref name="path"/>, like <c>save_file</c>.</summary>
    /// <exception cref="ArgumentException">For a duplicate name or the reserved name <c>__metadata__</c>.</exception>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(tensors);
        var named = new List<(string Name, Tensor Tensor)>();
        var names = new HashSet<string>();
        foreach (var (name, tensor) in tensors)
        {
            ArgumentNullException.ThrowIfNull(name, nameof(tensors));
            ArgumentNullException.ThrowIfNull(tensor, nameof(tensors));
            if (name == "__metadata__") throw new ArgumentException("'__metadata__' is reserved for the metadata and cannot name a tensor", nameof(tensors));
            if (!names.Add(name)) throw new ArgumentException($"the tensor name '{name}' appears twice", nameof(tensors));
            named.Add((name, tensor.Detach().Contiguous()));
        }
        // The reference writer's order (dtype, largest first, then name), so that the files are identical.
        named.Sort((a, b) => SafetensorsFormat.WriteOrder(a.Tensor.DType) != SafetensorsFormat.WriteOrder(b.Tensor.DType)
            ? SafetensorsFormat.WriteOrder(a.Tensor.DType).CompareTo(SafetensorsFormat.WriteOrder(b.Tensor.DType))
            : SafetensorsHeader.CompareNames(a.Name, b.Name));
        var entries = new List<SafetensorsEntry>(named.Count);
        long offset = 0;
        foreach (var (name, t) in named)
        {
            var format = SafetensorsFormat.Of(t.DType);
            long size = t.Numel * format.Size;
            entries.Add(new SafetensorsEntry(name, format, t.Shape.ToArray(), offset, offset + size));
            offset += size;
        }
        byte[] header = SafetensorsHeader.Write(entries, metadata);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        file.Write(length);
        file.Write(header);
        foreach (var (_, t) in named) file.Write(SafetensorsFormat.Encode(t));
    }

    /// <summary>
    /// Reads every tensor of <paramref name="path"/>, like <c>load_file</c>, in the order of their data.
    /// F16 and BF16 load as float32; I8, U8, I16 and U16 as int32; U32 as int64.
    /// </summary>
    /// <exception cref="InvalidDataException">When the file is truncated, corrupt, or holds a dtype Nabla does not read.</exception>
    public static OrderedDictionary<string, Tensor> Load(string path)
    {
        using var file = OpenRead(path);
        var (entries, _, dataStart) = ReadHeader(file, path);
        var tensors = new OrderedDictionary<string, Tensor>();
        file.Position = dataStart;   // the entries are in data order and cover the data without gaps
        foreach (var e in entries) tensors[e.Name] = e.Format.Read(file, e.Shape);
        return tensors;
    }

    /// <summary>The string metadata of the file's header (<c>__metadata__</c>), empty when it has none; the tensors are not read.</summary>
    /// <exception cref="InvalidDataException">When the file is truncated or corrupt.</exception>
    public static IReadOnlyDictionary<string, string> LoadMetadata(string path)
    {
        using var file = OpenRead(path);
        return ReadHeader(file, path).Metadata ?? new Dictionary<string, string>();
    }

    private static FileStream OpenRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
    }

    /// <summary>Reads and checks the length prefix and the header against the file's size before anything is allocated from them.</summary>
    private static (List<SafetensorsEntry> Entries, Dictionary<string, string>? Metadata, long DataStart) ReadHeader(FileStream file, string path)
    {
        long fileLength = file.Length;
        if (fileLength < 8) throw SafetensorsHeader.Corrupt(path, $"it has {fileLength} bytes, fewer than the 8 of the header length");
        Span<byte> prefix = stackalloc byte[8];
        file.ReadExactly(prefix);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (n > SafetensorsHeader.MaxSize) throw SafetensorsHeader.Corrupt(path, $"its header length is {n} bytes, more than the {SafetensorsHeader.MaxSize} allowed");
        if ((long)n > fileLength - 8) throw SafetensorsHeader.Corrupt(path, $"it is truncated: the header length is {n} bytes but only {fileLength - 8} bytes follow");
        var header = new byte[n];
        file.ReadExactly(header);
        var (entries, metadata) = SafetensorsHeader.Parse(header, fileLength - 8 - (long)n, path);
        return (entries, metadata, 8 + (long)n);
    }
}
