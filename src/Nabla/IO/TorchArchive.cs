using System.IO.Compression;
using System.Text;

namespace Nabla.IO;

/// <summary>
/// The zip layout that <c>torch.save</c> has written by default since PyTorch 1.6: one top-level
/// folder (any name: PyTorch names it after the file, or <c>archive</c>) holding
/// <c>data.pkl</c> (the pickled object), <c>data/&lt;key&gt;</c> (each storage's raw bytes),
/// <c>version</c>, and since 2.x <c>byteorder</c> (<c>little</c> or <c>big</c>; little when absent).
/// Every record is checked against the zip directory (sizes before allocating, CRC-32 after reading).
/// </summary>
internal sealed class TorchArchive : IDisposable
{
    /// <summary>Deflate expands at most about 1032 times, which bounds what a compressed record may claim.</summary>
    private const long MaxExpansion = 1032;

    private readonly ZipArchive _zip;
    private readonly string _prefix;
    private readonly long _fileLength;
    private readonly bool _bigEndian;

    public string Path { get; }

    private TorchArchive(string path, ZipArchive zip, string prefix, long fileLength)
    {
        Path = path;
        _zip = zip;
        _prefix = prefix;
        _fileLength = fileLength;
        _bigEndian = ReadByteOrder();
        CheckVersion();
    }

    /// <summary>
    /// Opens the checkpoint in <paramref name="file"/> (seekable; the caller disposes it), named
    /// <paramref name="path"/> in messages, telling the legacy format, TorchScript archives and
    /// non-checkpoints apart with clear errors.
    /// </summary>
    public static TorchArchive Open(Stream file, string path)
    {
        CheckMagic(file, path);
        var zip = Guard(path, () => new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true));
        try
        {
            string prefix = FindPrefix(zip, path);
            return Guard(path, () => new TorchArchive(path, zip, prefix, file.Length));
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    public void Dispose() => _zip.Dispose();

    /// <summary>The pickled object graph, <c>data.pkl</c>.</summary>
    public byte[] ReadPickle() => ReadRecord("data.pkl");

    /// <summary>
    /// The storage <c>data/<paramref name="key"/></c> holding <paramref name="numel"/> elements of
    /// <paramref name="type"/>, decoded into a Nabla storage (widened where Nabla lacks the dtype).
    /// </summary>
    public Storage ReadStorage(string key, TorchStorageType type, long numel)
    {
        string name = "data/" + key;
        var entry = Entry(name) ?? throw Corrupt($"its pickle refers to storage '{key}' but it has no record {_prefix}{name}");
        if (numel < 0 || numel > int.MaxValue) throw Corrupt($"storage '{key}' claims {numel} elements (a Nabla storage holds up to {int.MaxValue})");
        long bytes = numel * type.ElementSize;
        if (entry.Length != bytes) throw Corrupt($"storage '{key}' holds {numel} {type.TorchDType} elements, {bytes} bytes, but its record {_prefix}{name} has {entry.Length}");
        CheckSizes(entry);
        return Guard(Path, () =>
        {
            using var stream = new CrcCheckedStream(entry.Open());
            Tensor t;
            if (!_bigEndian || type.ElementSize == 1) t = type.Format.Read(stream, (int)bytes, [(int)numel]);
            else
            {
                var raw = new byte[bytes];
                stream.ReadExactly(raw);
                for (int i = 0; i < raw.Length; i += type.ElementSize) raw.AsSpan(i, type.ElementSize).Reverse();
                t = type.Format.Read(new MemoryStream(raw), raw.Length, [(int)numel]);
            }
            stream.Verify(entry.Crc32, bytes, why => Corrupt($"record {_prefix}{name}: {why}"));
            return t.Storage;
        });
    }

    private byte[] ReadRecord(string name)
    {
        var entry = Entry(name) ?? throw Corrupt($"it has no record {_prefix}{name}");
        CheckSizes(entry);
        if (entry.Length > Array.MaxLength) throw Corrupt($"record {_prefix}{name} claims {entry.Length} bytes");
        return Guard(Path, () =>
        {
            var bytes = new byte[entry.Length];
            using var stream = new CrcCheckedStream(entry.Open());
            stream.ReadExactly(bytes);
            stream.Verify(entry.Crc32, bytes.Length, why => Corrupt($"record {_prefix}{name}: {why}"));
            return bytes;
        });
    }

    /// <summary>The sizes in the zip directory bound what is allocated: they must fit in the file (compressed) and deflate's ratio (uncompressed).</summary>
    private void CheckSizes(ZipArchiveEntry entry)
    {
        if (entry.CompressedLength > _fileLength || entry.Length > entry.CompressedLength * MaxExpansion + MaxExpansion)
            throw Corrupt($"record {entry.FullName} claims {entry.Length} bytes ({entry.CompressedLength} compressed) in a file of {_fileLength} bytes");
    }

    private ZipArchiveEntry? Entry(string name) => _zip.GetEntry(_prefix + name);

    private bool ReadByteOrder()
    {
        if (Entry("byteorder") is null) return false;
        string order = Encoding.ASCII.GetString(ReadRecord("byteorder")).Trim();
        return order switch
        {
            "little" => false,
            "big" => true,
            _ => throw Corrupt($"its byteorder record says '{order}', not 'little' or 'big'"),
        };
    }

    /// <summary>PyTorch writes version 3 (1.6 to 2.x); the record holds a decimal number and a newline.</summary>
    private void CheckVersion()
    {
        if (Entry("version") is null) return;
        string text = Encoding.ASCII.GetString(ReadRecord("version")).Trim();
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            throw Corrupt($"its version record says '{text}', not a number");
    }

    private static void CheckMagic(Stream file, string path)
    {
        Span<byte> magic = stackalloc byte[4];
        int n = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        file.Position = 0;
        if (n == 4 && magic.SequenceEqual("PK\x03\x04"u8)) return;
        if (n > 0 && magic[0] == (byte)PickleOpcode.Proto)
            throw new InvalidDataException($"{path} is in PyTorch's legacy format (torch.save before PyTorch 1.6, or with _use_new_zipfile_serialization=False), which Nabla does not read. "
                + "Re-save it with a recent PyTorch, if you trust the file: torch.save(torch.load(path), path)");
        throw new InvalidDataException($"{path} is not a PyTorch checkpoint: it does not start like a zip file (torch.save's format since PyTorch 1.6){(n < 4 ? $"; it has {n} bytes" : "")}");
    }

    /// <summary>The top-level folder every record sits in: PyTorch's reader takes it from the first entry.</summary>
    private static string FindPrefix(ZipArchive zip, string path)
    {
        var first = Guard(path, () => zip.Entries.FirstOrDefault());
        int slash = first?.FullName.IndexOf('/') ?? -1;
        if (first is null || slash <= 0) throw new InvalidDataException($"{path} is a zip file but not a PyTorch checkpoint: its records are not in one top-level folder");
        string prefix = first.FullName[..(slash + 1)];
        if (zip.GetEntry(prefix + "constants.pkl") is not null)
            throw new InvalidDataException($"{path} is a TorchScript archive (torch.jit.save), not a checkpoint of tensors: load it in PyTorch and save its state dict with torch.save(model.state_dict(), path)");
        if (zip.GetEntry(prefix + "data.pkl") is null)
            throw new InvalidDataException($"{path} is a zip file but not a PyTorch checkpoint: it has no {prefix}data.pkl");
        return prefix;
    }

    private InvalidDataException Corrupt(string why) => Corrupt(Path, why);

    private static InvalidDataException Corrupt(string path, string why) => new($"{path} is not a valid PyTorch checkpoint: {why}");

    /// <summary>
    /// ZipArchive reports a damaged zip as InvalidDataException, or as EndOfStreamException when
    /// a record runs past the end: both become InvalidDataException naming the file. (Ours already
    /// name it; the test asserts the exact type, so a subclass cannot mark them.)
    /// </summary>
    private static T Guard<T>(string path, Func<T> read)
    {
        try { return read(); }
        catch (InvalidDataException e) when (!e.Message.StartsWith(path + " ", StringComparison.Ordinal)) { throw new InvalidDataException(Corrupt(path, e.Message).Message, e); }
        catch (EndOfStreamException e) { throw new InvalidDataException(Corrupt(path, "a record ends before its recorded size").Message, e); }
    }
}
