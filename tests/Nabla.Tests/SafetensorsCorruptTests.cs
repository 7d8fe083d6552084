using Nabla.IO;

namespace Nabla.Tests;

/// <summary>Truncated and corrupt safetensors files: each gives an InvalidDataException that says what is wrong, never a crash or a huge allocation.</summary>
public sealed class SafetensorsCorruptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-stc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string OneFloat = """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""";

    public static TheoryData<string, byte[], string> Cases() => new()
    {
        { "shorter than the length prefix", [1, 2, 3, 4, 5], "fewer than the 8" },
        { "length beyond the file", SafetensorsTests.FileBytes(OneFloat, new byte[4], length: 1000), "truncated: the header length is 1000" },
        { "length beyond the limit", SafetensorsTests.FileBytes(OneFloat, new byte[4], length: 1UL << 62), "more than the 100000000 allowed" },
        { "header not JSON", SafetensorsTests.FileBytes("{not json}", []), "not valid JSON" },
        { "header not UTF-8", [.. SafetensorsTests.FileBytes("{\"", []), 0xff, 0xfe], "not valid JSON" },
        { "header not an object", SafetensorsTests.FileBytes("[1]     ", []), "not a JSON object" },
        { "entry without offsets", SafetensorsTests.FileBytes("""{"a":{"dtype":"F32","shape":[1]}}""", new byte[4]), "needs a dtype string, a shape array and two data_offsets" },
        { "unknown dtype", SafetensorsTests.FileBytes("""{"a":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}""", new byte[1]), "dtype F8_E4M3, which Nabla does not read" },
        { "offsets that disagree with the shape", SafetensorsTests.FileBytes("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}""", new byte[4]), "needs 8 bytes but its data_offsets [0, 4] give 4" },
        { "negative size", SafetensorsTests.FileBytes("""{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}""", new byte[4]), "'-1' where a size or offset belongs" },
        { "fractional offset", SafetensorsTests.FileBytes("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4.5]}}""", new byte[4]), "'4.5' where a size or offset belongs" },
        { "gap between tensors", SafetensorsTests.FileBytes("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", new byte[12]), "starts at byte 8, expected 4" },
        { "data cut short", SafetensorsTests.FileBytes(OneFloat, new byte[3]), "truncated: the header describes 4 bytes of data, the file holds 3" },
        { "trailing bytes", SafetensorsTests.FileBytes(OneFloat, new byte[8]), "describes 4 bytes of data but the file holds 8" },
        { "a name twice", SafetensorsTests.FileBytes("""{"a":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", new byte[4]), "names 'a' twice" },
        { "metadata not strings", SafetensorsTests.FileBytes("""{"__metadata__":{"n":1}}""", []), "value 'n' is not a string" },
        { "more elements than a tensor holds", SafetensorsTests.FileBytes("""{"a":{"dtype":"U8","shape":[65536,65536],"data_offsets":[0,4294967296]}}""", []), "more elements than a Nabla tensor holds" },
        // Issue 15: these were an InvalidOperationException, and a shape loaded as [0, 1].
        { "invalid UTF-8 in a name", Latin1File("{\"a\u00ff\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}"), "its header is not valid UTF-8" },
        { "an escaped lone surrogate in a name", SafetensorsTests.FileBytes("""{"a\ud800":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}""", []), "holds a string that is not valid Unicode" },
        { "a size beyond int next to a 0", SafetensorsTests.FileBytes("""{"a":{"dtype":"F32","shape":[0,4294967297],"data_offsets":[0,0]}}""", []), "shape [0, 4294967297] has more elements than a Nabla tensor holds" },
        { "sizes whose product wraps next to a 0", SafetensorsTests.FileBytes("""{"a":{"dtype":"F32","shape":[0,65536,65536],"data_offsets":[0,0]}}""", []), "shape [0, 65536, 65536] has more elements than a Nabla tensor holds" },
    };

    /// <summary>A file whose header is <paramref name="header"/> encoded one byte per character, so that ÿ is the invalid UTF-8 byte 0xFF.</summary>
    private static byte[] Latin1File(string header)
    {
        var json = System.Text.Encoding.Latin1.GetBytes(header);
        return [.. BitConverter.GetBytes((ulong)json.Length), .. json];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CorruptFilesAreRejectedWithTheReason(string what, byte[] bytes, string reason)
    {
        string path = Path.Combine(_dir, "bad.safetensors");
        File.WriteAllBytes(path, bytes);
        var ex = Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        Assert.True(ex.Message.Contains(reason, StringComparison.Ordinal), $"{what}: {ex.Message}");
        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHeaderOfManyEmptyTensorsAllocatesAFewTimesItsSize()
    {
        // Issue 15: a header of 200k empty tensors (11.7 MB) allocated 300 MB through a JSON document and per-entry
        // LINQ; each tensor now costs its name, shape and objects (~9 times its ~58 header bytes).
        const int count = 10_000;
        var header = new System.Text.StringBuilder("{");
        for (int i = 0; i < count; i++) header.Append(i == 0 ? "" : ",").Append($$"""
            "t{{i}}":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}
            """);
        var bytes = SafetensorsTests.FileBytes(header.Append('}').ToString(), []);
        string path = Path.Combine(_dir, "empty-tensors.safetensors");
        File.WriteAllBytes(path, bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var tensors = Safetensors.Load(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(count, tensors.Count);
        Assert.Equal([0], tensors["t9999"].Shape.ToArray());
        Assert.True(allocated < 12L * bytes.Length, $"loading a {bytes.Length}-byte file allocated {allocated} bytes");
    }

    [Fact]
    public void EveryTruncationOfAValidFileIsRejected()
    {
        string path = Path.Combine(_dir, "good.safetensors");
        Safetensors.Save(path, new Dictionary<string, Tensor> { ["w"] = Tensor.Ones(3, 2), ["b"] = Tensor.FromArray([1L, 2]) }, new Dictionary<string, string> { ["k"] = "v" });
        var bytes = File.ReadAllBytes(path);
        for (int length = 0; length < bytes.Length; length++)
        {
            File.WriteAllBytes(path, bytes[..length]);
            Assert.Throws<InvalidDataException>(() => Safetensors.Load(path));
        }
    }
}
