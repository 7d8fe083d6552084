using System.IO.Compression;

namespace Nabla.Tests;

/// <summary>
/// Truncated, damaged and malformed checkpoints: each gives an InvalidDataException that names
/// the file and what is wrong, never a crash, a wrong value or an allocation the file cannot back.
/// </summary>
public sealed class TorchCheckpointCorruptTests : TempFolderTests
{
    private static readonly byte[] s_twoFloats = TorchPickles.Floats(1, 2);

    public static TheoryData<string, byte[], byte[], string> Cases() => new()
    {
        { "opcode from protocol 0", TorchPickles.Bytes(0x80, 2, 'I', "1\n", '.'), s_twoFloats, "opcode 0x49 ('I') is not one that a PyTorch state dict uses (at byte 2)" },
        { "no STOP", TorchPickles.Bytes(0x80, 2, '}'), s_twoFloats, "it ends without a STOP opcode (at byte 3)" },
        { "string past the end", TorchPickles.Bytes(0x80, 2, 'X', 0xff, 0xff, 0xff, 0x7f, "abc", '.'), s_twoFloats, "a length of 2147483647 bytes runs past the end of the stream (4 bytes left)" },
        { "string not UTF-8", TorchPickles.Bytes(0x80, 2, 'X', 2, 0, 0, 0, 0xc3, 0x28, '.'), s_twoFloats, "a string is not valid UTF-8" },
        { "memo never stored", TorchPickles.Bytes(0x80, 2, 'h', 5, '.'), s_twoFloats, "it reads memo entry 5, which was never stored" },
        { "empty stack", TorchPickles.Bytes(0x80, 2, 'R', '.'), s_twoFloats, "an opcode needs a value but the stack is empty (at byte 2)" },
        { "REDUCE without arguments", TorchPickles.Bytes(0x80, 2, 'N', 'N', 'R', '.'), s_twoFloats, "REDUCE needs a tuple of arguments on the stack" },
        { "SETITEMS without MARK", TorchPickles.Bytes(0x80, 2, '}', 'u', '.'), s_twoFloats, "an opcode needs a MARK but there is none" },
        { "SETITEMS on a list", TorchPickles.Bytes(0x80, 2, ']', '(', 'K', 1, 'K', 2, 'u', '.'), s_twoFloats, "SETITEMS adds to a list of 0 items, not a dict" },
        { "integer wider than 64 bits", TorchPickles.Bytes(0x80, 2, 0x8a, 9, new byte[9], '.'), s_twoFloats, "an integer of 9 bytes does not fit in 64 bits" },
        { "protocol from the future", TorchPickles.Bytes(0x80, 9, '.'), s_twoFloats, "it uses pickle protocol 9" },
        { "persistent id of another kind", TorchPickles.Bytes(0x80, 2, 'K', 1, 'Q', '.'), s_twoFloats, "a persistent id that is not a storage's ('storage', type, key, location, numel): an int" },
        { "storage record missing", TorchPickles.OneTensor(key: "7"), s_twoFloats, "its pickle refers to storage '7' but it has no record archive/data/7" },
        { "storage of another size", TorchPickles.OneTensor(numel: 10), s_twoFloats, "storage '0' holds 10 float32 elements, 40 bytes, but its record archive/data/0 has 8" },
        { "huge storage", TorchPickles.OneTensor(numel: long.MaxValue / 2), s_twoFloats, "claims 4611686018427387903 elements" },
        { "view past the storage", TorchPickles.OneTensor(shape: [3]), s_twoFloats, "a tensor of shape [3], strides [1] and offset 0 reaches past the 2 elements of storage '0'" },
        { "offset past the storage", TorchPickles.OneTensor(offset: 2, shape: [1]), s_twoFloats, "offset 2 reaches past the 2 elements" },
        { "sizes and strides disagree", TorchPickles.OneTensor(shape: [2], stride: [1, 1]), s_twoFloats, "a tensor has 1 sizes but 2 strides" },
        { "negative size", TorchPickles.OneTensor(shape: [-1]), s_twoFloats, "a tensor's size has an int (-1) where a size from 0 to 2147483647 belongs" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void AMalformedFileIsRejectedWithTheReason(string what, byte[] pickle, byte[] storage, string reason)
    {
        string path = PathOf("bad.pt");
        TorchFixtures.WriteArchive(path, pickle, ("data/0", storage));
        var ex = Assert.Throws<InvalidDataException>(() => TorchCheckpoint.Load(path));
        Assert.True(ex.Message.Contains(reason, StringComparison.Ordinal), $"{what}: {ex.Message}");
        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheHandMadeTensorIsValidWhenNothingIsWrong()   // so the cases above fail for the one reason each names
    {
        string path = PathOf("good.pt");
        TorchFixtures.WriteArchive(path, TorchPickles.OneTensor(), ("data/0", s_twoFloats));
        Assert.Equal([1f, 2f], TorchCheckpoint.Load(path)["w"].ToArray<float>());
    }

    private static readonly byte[] s_mlp = File.ReadAllBytes(TorchFixtures.File("mlp.pt"));

    /// <summary>Loads bytes from memory (the file system is the slow part of thousands of loads).</summary>
    private static OrderedDictionary<string, Tensor> Load(byte[] bytes) => TorchCheckpoint.LoadFrom(new MemoryStream(bytes, writable: false), "damaged.pt");

    /// <summary>Every 7th length, and every length that cuts into the last records or the zip's central directory after them.</summary>
    [Fact]
    public void TruncationsAreRejected()
    {
        foreach (int length in Enumerable.Range(0, s_mlp.Length).Where(n => n % 7 == 0 || n > s_mlp.Length - 700))
        {
            var ex = Assert.Throws<InvalidDataException>(() => Load(s_mlp[..length]));
            Assert.StartsWith("damaged.pt ", ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FlippedBytesAreRejectedOrChangeNothing()
    {
        var original = Load(s_mlp);
        int rejected = 0, tried = 0;
        for (int i = 0; i < s_mlp.Length; i += 3)
        {
            var damaged = (byte[])s_mlp.Clone();
            damaged[i] ^= 0x5a;
            tried++;
            OrderedDictionary<string, Tensor> loaded;
            try { loaded = Load(damaged); }
            catch (InvalidDataException) { rejected++; continue; }
            // A byte the reader does not depend on (a timestamp, the zip's version fields, alignment padding).
            Assert.Equal(original.Keys, loaded.Keys);
            foreach (var (name, t) in original) Assert.True(t.ToArray<float>().SequenceEqual(loaded[name].ToArray<float>()), $"byte {i} changed '{name}' silently");
        }
        Assert.True(rejected > tried / 2, $"only {rejected} of {tried} flips were rejected");
    }

    [Fact]
    public void DamagedTensorDataFailsItsCrc()
    {
        string path = PathOf("crc.pt");
        File.Copy(TorchFixtures.File("mlp.pt"), path);
        long dataStart;
        using (var zip = ZipFile.OpenRead(path)) dataStart = LocalDataStart(path, zip.GetEntry("mlp/data/0")!);
        var bytes = File.ReadAllBytes(path);
        bytes[dataStart + 1] ^= 1;
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<InvalidDataException>(() => TorchCheckpoint.Load(path));
        Assert.Contains("record mlp/data/0: its CRC-32 is", ex.Message);
        Assert.Contains("(the data is damaged)", ex.Message);
    }

    /// <summary>Where an entry's bytes begin: after its local header (30 bytes, the name and the extra field).</summary>
    private static long LocalDataStart(string path, ZipArchiveEntry entry)
    {
        var bytes = File.ReadAllBytes(path);
        int header = FindLocalHeader(bytes, entry.FullName);
        return header + 30 + BitConverter.ToUInt16(bytes, header + 26) + BitConverter.ToUInt16(bytes, header + 28);
    }

    private static int FindLocalHeader(byte[] bytes, string name)
    {
        var signature = "PK\x03\x04"u8.ToArray().Concat(new byte[26]).ToArray();
        for (int i = 0; i + 30 + name.Length <= bytes.Length; i++)
            if (bytes[i] == 'P' && bytes[i + 1] == 'K' && bytes[i + 2] == 3 && bytes[i + 3] == 4
                && System.Text.Encoding.ASCII.GetString(bytes, i + 30, name.Length) == name)
                return i;
        throw new InvalidOperationException($"no local header for {name}");
    }
}
