using System.Buffers.Binary;
using System.Text;
using Nabla.IO;

namespace Nabla.Tests;

/// <summary>
/// The safetensors reader and writer: byte-for-byte against the reference implementation's own
/// test vectors, round trips of every dtype, and corrupt or truncated files.
/// </summary>
public sealed class SafetensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nabla-st-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    /// <summary>A file as the format defines it: the 8-byte little-endian length, the header text, the data.</summary>
    internal static byte[] FileBytes(string header, byte[] data, ulong? length = null)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, length ?? (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    private static byte[] Floats(params float[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    private byte[] Saved(IEnumerable<KeyValuePair<string, Tensor>> tensors, Dictionary<string, string>? metadata = null)
    {
        string path = PathOf($"{Guid.NewGuid():N}.safetensors");
        Safetensors.Save(path, tensors, metadata);
        return File.ReadAllBytes(path);
    }

    private static KeyValuePair<string, Tensor> Named(string name, Tensor t) => new(name, t);

    // ---- the reference implementation's test vectors (safetensors/src/tensor.rs) --------------------

    [Fact]
    public void OneFloatTensorIsWrittenExactlyAsTheReference()
    {
        var t = Tensor.FromArray(new float[] { 0, 1, 2, 3, 4, 5 }, [1, 2, 3]);
        // 64 bytes of header: already a multiple of 8, so no padding.
        var expected = FileBytes("""{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}""", Floats(0, 1, 2, 3, 4, 5));
        Assert.Equal(expected, Saved([Named("attn.0", t)]));
    }

    [Fact]
    public void TheHeaderIsPaddedWithSpacesToAMultipleOfEight()
    {
        var t = Tensor.FromArray(new float[] { 0, 1, 2, 3, 4, 5 }, [1, 1, 2, 3]);
        var expected = FileBytes("""{"attn0":{"dtype":"F32","shape":[1,1,2,3],"data_offsets":[0,24]}}""" + "       ", Floats(0, 1, 2, 3, 4, 5));
        Assert.Equal(72UL, BinaryPrimitives.ReadUInt64LittleEndian(expected));
        Assert.Equal(expected, Saved([Named("attn0", t)]));
    }

    [Fact]
    public void EmptyFilesAndMetadataMatchTheReference()
    {
        Assert.Equal(FileBytes("{}      ", []), Saved([]));
        Assert.Equal(FileBytes("""{"__metadata__":{"framework":"pt"}}     """, []), Saved([], new() { ["framework"] = "pt" }));
    }

    [Fact]
    public void TensorsAreOrderedByDTypeThenName()
    {
        var bytes = Saved([
            Named("b", Tensor.Zeros(1)), Named("a", Tensor.Zeros(2)), Named("c", Tensor.FromArray([true])),
            Named("z", Tensor.FromArray([1L])), Named("d", Tensor.FromArray([1.0])), Named("e", Tensor.FromArray([1])),
        ]);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        var order = new[] { "z", "d", "a", "b", "e", "c" }.Select(n => header.IndexOf($"\"{n}\":", StringComparison.Ordinal)).ToArray();
        Assert.Equal(order.Order(), order);
        Assert.Contains("\"z\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}", header);
        Assert.Contains("\"c\":{\"dtype\":\"BOOL\",\"shape\":[1],\"data_offsets\":[32,33]}", header);
    }

    // ---- round trips ---------------------------------------------------------------------------------

    [Fact]
    public void EveryDTypeRoundTrips()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = Tensor.FromArray(new[] { 1.5f, -0f, float.NaN, float.NegativeInfinity }, [2, 2]),
            ["f64"] = Tensor.FromArray(new[] { Math.PI, double.Epsilon, -1e300 }),
            ["i64"] = Tensor.FromArray(new[] { long.MinValue, 0, long.MaxValue }),
            ["i32"] = Tensor.FromArray(new[] { int.MinValue, 7 }),
            ["bool"] = Tensor.FromArray(new[] { true, false, true }),
            ["scalar"] = Tensor.Scalar(2.5),
            ["empty"] = Tensor.Zeros(0, 3),
            ["transposed"] = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, [2, 3]).T,
        };
        string path = PathOf("all.safetensors");
        Safetensors.Save(path, tensors);
        var loaded = Safetensors.Load(path);
        Assert.Equal(tensors.Keys.Order(), loaded.Keys.Order());
        foreach (var (name, t) in tensors)
        {
            Assert.Equal(t.DType, loaded[name].DType);
            Assert.Equal(t.Shape, loaded[name].Shape);
            Assert.Equal(t.ToArray<double>(), loaded[name].ToArray<double>());
        }
    }

    [Fact]
    public void MetadataRoundTripsAndIsReadWithoutTheTensors()
    {
        string path = PathOf("meta.safetensors");
        Safetensors.Save(path, [Named("w", Tensor.Ones(2))], new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode \"quoted\" <tag>" });
        var metadata = Safetensors.LoadMetadata(path);
        Assert.Equal("pt", metadata["format"]);
        Assert.Equal("ünïcode \"quoted\" <tag>", metadata["note"]);
        // As serde_json writes it: only the quotes escaped, the rest raw UTF-8.
        Assert.Contains("""{"__metadata__":{"format":"pt","note":"ünïcode \"quoted\" <tag>"},"w":""", Encoding.UTF8.GetString(File.ReadAllBytes(path)));
        Safetensors.Save(path, [Named("w", Tensor.Ones(2))]);
        Assert.Empty(Safetensors.LoadMetadata(path));
    }

    [Fact]
    public void HalfPrecisionAndSmallIntegersAreWidenedOnLoad()
    {
        byte[] data = [0x00, 0x3E, 0xC0, 0x3F, 0xFF, 0xFF, 0xFE, 0xFF, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];   // 1.5 as F16 and BF16, then 255, -1, -2, 65534, 2³²-1, true
        string header = """{"h":{"dtype":"F16","shape":[1],"data_offsets":[0,2]},"bf":{"dtype":"BF16","shape":[1],"data_offsets":[2,4]},"u8":{"dtype":"U8","shape":[1],"data_offsets":[4,5]},"i8":{"dtype":"I8","shape":[1],"data_offsets":[5,6]},"i16":{"dtype":"I16","shape":[1],"data_offsets":[6,8]},"u16":{"dtype":"U16","shape":[1],"data_offsets":[8,10]},"u32":{"dtype":"U32","shape":[1],"data_offsets":[10,14]},"b":{"dtype":"BOOL","shape":[1],"data_offsets":[14,15]}}""";
        string path = PathOf("wide.safetensors");
        File.WriteAllBytes(path, FileBytes(header, data));
        var t = Safetensors.Load(path);
        Assert.Equal(["h", "bf", "u8", "i8", "i16", "u16", "u32", "b"], t.Keys);
        Assert.Equal(1.5f, t["h"].Item<float>());
        Assert.Equal(1.5f, t["bf"].Item<float>());
        Assert.Equal((DType.Int32, 255), (t["u8"].DType, t["u8"].Item<int>()));
        Assert.Equal(-1, t["i8"].Item<int>());
        Assert.Equal(-2, t["i16"].Item<int>());
        Assert.Equal(65534, t["u16"].Item<int>());
        Assert.Equal((DType.Int64, 4294967295L), (t["u32"].DType, t["u32"].Item<long>()));
        Assert.True(t["b"].Item<bool>());
    }

    [Fact]
    public void SaveRefusesDuplicateAndReservedNames()
    {
        Assert.Throws<ArgumentException>(() => Saved([Named("a", Tensor.Zeros(1)), Named("a", Tensor.Zeros(1))]));
        Assert.Throws<ArgumentException>(() => Saved([Named("__metadata__", Tensor.Zeros(1))]));
    }
}
