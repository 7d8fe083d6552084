using System.IO.Compression;
using System.Text.Json;

namespace Nabla.Tests;

/// <summary>
/// The checkpoints that real PyTorch (1.13) wrote into tests/fixtures/torch with
/// make_fixtures.py, and expected.json: what PyTorch saw in each (dtype, shape, strides, storage
/// offset and values of every tensor) and the outputs of the saved models for fixed inputs.
/// </summary>
internal static class TorchFixtures
{
    public static readonly string Folder = Path.Combine(DocsTests.Root, "tests", "fixtures", "torch");

    private static readonly Lazy<JsonElement> s_expected = new(() => JsonDocument.Parse(System.IO.File.ReadAllText(File("expected.json"))).RootElement);

    public static string File(string name) => Path.Combine(Folder, name);

    public static JsonElement Expected => s_expected.Value;

    /// <summary>The tensors of one fixture as PyTorch described them, by key in the file's order.</summary>
    public static JsonProperty[] Entries(string file) => [.. Expected.GetProperty("files").GetProperty(file).EnumerateObject()];

    /// <summary>Nabla's dtype for a PyTorch dtype: 16- and 8-bit types widen (see TorchCheckpoint's remarks).</summary>
    public static DType NablaDType(string torchDType) => torchDType switch
    {
        "float32" or "float16" or "bfloat16" => DType.Float32,
        "float64" => DType.Float64,
        "int64" => DType.Int64,
        "int32" or "int16" or "int8" or "uint8" => DType.Int32,
        "bool" => DType.Bool,
        _ => throw new ArgumentException($"no Nabla dtype for {torchDType}"),
    };

    /// <summary>Asserts <paramref name="actual"/> has the dtype, shape and values PyTorch recorded (exactly, or within a relative <paramref name="tolerance"/>).</summary>
    public static void AssertTensor(JsonElement expected, Tensor actual, string what, double tolerance = 0)
    {
        Assert.True(NablaDType(expected.GetProperty("dtype").GetString()!) == actual.DType, $"{what}: dtype {actual.DType}");
        Assert.True(Ints(expected, "shape").SequenceEqual(actual.Shape.ToArray()), $"{what}: shape {actual.Shape}");
        var values = expected.GetProperty("values").EnumerateArray().ToArray();
        if (actual.DType.IsFloatingPoint())
        {
            var got = actual.ToArray<double>();
            for (int i = 0; i < values.Length; i++)
            {
                double want = Number(values[i]);
                bool ok = double.IsNaN(want) ? double.IsNaN(got[i]) : want == got[i] || Math.Abs(want - got[i]) <= tolerance * Math.Max(1, Math.Abs(want));
                Assert.True(ok, $"{what}[{i}]: expected {want}, got {got[i]}");
            }
        }
        else
        {
            var got = actual.ToArray<long>();
            Assert.Equal(values.Select(v => v.ValueKind switch { JsonValueKind.True => 1L, JsonValueKind.False => 0L, _ => v.GetInt64() }), got);
        }
    }

    /// <summary>A tensor holding the recorded values (for the models' inputs).</summary>
    public static Tensor ToTensor(JsonElement expected)
    {
        int[] shape = Ints(expected, "shape");
        var values = expected.GetProperty("values").EnumerateArray();
        return NablaDType(expected.GetProperty("dtype").GetString()!) switch
        {
            DType.Int64 => Tensor.FromArray(values.Select(v => v.GetInt64()).ToArray(), shape),
            _ => Tensor.FromArray(values.Select(v => (float)Number(v)).ToArray(), shape),
        };
    }

    public static int[] Ints(JsonElement expected, string property) => [.. expected.GetProperty(property).EnumerateArray().Select(v => v.GetInt32())];

    internal static double Number(JsonElement v) => v.ValueKind == JsonValueKind.String
        ? v.GetString() switch { "nan" => double.NaN, "inf" => double.PositiveInfinity, _ => double.NegativeInfinity }
        : v.GetDouble();

    /// <summary>
    /// A checkpoint as PyTorch lays it out, with <paramref name="pickle"/> as its data.pkl and the
    /// given storages, for hand-made files that PyTorch would not write.
    /// </summary>
    public static void WriteArchive(string path, byte[] pickle, params (string Name, byte[] Bytes)[] records)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, bytes) in records.Prepend(("data.pkl", pickle)).Append(("version", "3\n"u8.ToArray())))
        {
            using var stream = zip.CreateEntry("archive/" + name, CompressionLevel.NoCompression).Open();
            stream.Write(bytes);
        }
    }
}
