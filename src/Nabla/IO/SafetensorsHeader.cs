using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Nabla.IO;

/// <summary>One tensor's header entry: its data lies at [Begin, End) of the data section.</summary>
internal sealed record SafetensorsEntry(string Name, SafetensorsFormat Format, int[] Shape, long Begin, long End);

/// <summary>
/// The JSON header of a safetensors file, written as the reference implementation writes it
/// (compact, <c>__metadata__</c> first, tensors in data order, padded with spaces to a multiple of
/// 8 bytes) and read (in <c>SafetensorsHeader.Read.cs</c>) with every check that keeps a corrupt file
/// from crashing or over-allocating.
/// </summary>
internal static partial class SafetensorsHeader
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
