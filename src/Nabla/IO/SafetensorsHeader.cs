using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Nabla.IO;

/// <summary>One tensor's header entry: its data lies at [Begin, End) of the data section.</summary>
internal sealed record SafetensorsEntry(string Name, SafetensorsFormat Format, int[] Shape, long Begin, long End);

/// <summary>
/// The JSON header of a safetensors file, written as the reference implementation writes it
/// (compact, <c>__metadata__</c> first, tensors in data order, padded with spaces to a multiple of
/// 8 bytes) and read with every check that keeps a corrupt file from crashing or over-allocating.
/// </summary>
internal static class SafetensorsHeader
{
    /// <summary>The reference implementation's limit on the header size.</summary>
    public const long MaxSize = 100_000_000;

    private const string MetadataKey = "__metadata__";

    public static byte[] Write(IReadOnlyList<SafetensorsEntry> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping: like serde_json, only quotes, backslashes and control characters are escaped.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata is not null)
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata) json.WriteString(key, value);
                json.WriteEndObject();
            }
            foreach (var e in entries)
            {
                json.WriteStartObject(e.Name);
                json.WriteString("dtype", e.Format.Code);
                json.WriteStartArray("shape");
                foreach (int d in e.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(e.Begin);
                json.WriteNumberValue(e.End);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        int padded = (buffer.WrittenCount + 7) / 8 * 8;   // so that the data starts 8-byte aligned
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    /// <summary>Parses and checks a header whose data section holds <paramref name="dataLength"/> bytes; entries come in data order.</summary>
    public static (List<SafetensorsEntry> Entries, Dictionary<string, string>? Metadata) Parse(byte[] header, long dataLength, string path)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(header); }
        catch (Exception e) when (e is JsonException or ArgumentException)   // invalid UTF-8 or JSON
        {
            throw Corrupt(path, $"its header is not valid JSON ({e.Message})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Corrupt(path, "its header is not a JSON object");
            Dictionary<string, string>? metadata = null;
            var entries = new List<SafetensorsEntry>();
            var names = new HashSet<string>();
            foreach (var property in root.EnumerateObject())
            {
                if (!names.Add(property.Name)) throw Corrupt(path, $"its header names '{property.Name}' twice");
                if (property.Name == MetadataKey) metadata = ParseMetadata(property.Value, path);
                else entries.Add(ParseEntry(property.Name, property.Value, path));
            }
            entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
            CheckLayout(entries, dataLength, path);
            return (entries, metadata);
        }
    }

    private static Dictionary<string, string> ParseMetadata(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object) throw Corrupt(path, "its __metadata__ is not an object");
        var metadata = new Dictionary<string, string>();
        foreach (var item in value.EnumerateObject())
            metadata[item.Name] = item.Value.ValueKind == JsonValueKind.String ? item.Value.GetString()!
                : throw Corrupt(path, $"its __metadata__ value '{item.Name}' is not a string");
        return metadata;
    }

    private static SafetensorsEntry ParseEntry(string name, JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
            throw Corrupt(path, $"the header entry of '{name}' needs a dtype string, a shape array and two data_offsets");
        string code = dtype.GetString()!;
        var format = SafetensorsFormat.Parse(code)
            ?? throw new InvalidDataException($"{path}: tensor '{name}' has dtype {code}, which Nabla does not read (it reads {SafetensorsFormat.Supported})");
        var dims = shape.EnumerateArray().Select(d => Natural(d, name, path)).ToArray();
        long begin = Natural(offsets[0], name, path), end = Natural(offsets[1], name, path);
        long count = 1;
        foreach (long d in dims) count = d == 0 || count == 0 ? 0 : count > int.MaxValue / d ? long.MaxValue : count * d;
        if (count > int.MaxValue) throw new InvalidDataException($"{path}: tensor '{name}' of shape [{string.Join(", ", dims)}] has more elements than a Nabla tensor holds");
        if (end < begin || end - begin != count * format.Size)
            throw Corrupt(path, $"tensor '{name}' ({code}, shape [{string.Join(", ", dims)}]) needs {count * format.Size} bytes but its data_offsets [{begin}, {end}] give {end - begin}");
        return new SafetensorsEntry(name, format, Array.ConvertAll(dims, d => (int)d), begin, end);
    }

    /// <summary>The data must be covered exactly, without gaps or overlaps, as the reference reader requires.</summary>
    private static void CheckLayout(List<SafetensorsEntry> entries, long dataLength, string path)
    {
        long at = 0;
        foreach (var e in entries)
        {
            if (e.Begin != at) throw Corrupt(path, $"the data of '{e.Name}' starts at byte {e.Begin}, expected {at} (tensors must follow each other without gaps or overlaps)");
            at = e.End;
        }
        if (at != dataLength)
            throw Corrupt(path, at > dataLength ? $"it is truncated: the header describes {at} bytes of data, the file holds {dataLength}"
                : $"the header describes {at} bytes of data but the file holds {dataLength}");
    }

    private static long Natural(JsonElement value, string name, string path)
        => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long n) && n >= 0 ? n
            : throw Corrupt(path, $"the header entry of '{name}' has '{value.GetRawText()}' where a size or offset belongs");

    public static InvalidDataException Corrupt(string path, string why) => new($"{path} is not a valid safetensors file: {why}");

    /// <summary>Orders names as the reference writer does: by UTF-8 bytes, which is code point order.</summary>
    public static int CompareNames(string a, string b)
    {
        var x = a.EnumerateRunes();
        var y = b.EnumerateRunes();
        while (true)
        {
            bool more = x.MoveNext(), moreB = y.MoveNext();
            if (!more || !moreB) return more.CompareTo(moreB);
            int c = x.Current.Value.CompareTo(y.Current.Value);
            if (c != 0) return c;
        }
    }
}
