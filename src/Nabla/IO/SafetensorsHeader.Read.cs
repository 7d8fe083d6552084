using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Nabla.IO;

// Reading a header: one pass of a Utf8JsonReader over the bytes, allocating only what the entries keep
// (names, shapes), so that a header of 200k empty tensors costs a few times its size, not a JSON
// document's tables on top. Every problem is an InvalidDataException naming the file.
internal static partial class SafetensorsHeader
{
    /// <summary>Parses and checks a header whose data section holds <paramref name="dataLength"/> bytes; entries come in data order.</summary>
    public static (List<SafetensorsEntry> Entries, Dictionary<string, string>? Metadata) Parse(byte[] header, long dataLength, string path)
    {
        // serde_json, which the reference reader uses, rejects invalid UTF-8 anywhere; System.Text.Json only
        // notices it in a string it converts, and then throws InvalidOperationException.
        if (!Utf8.IsValid(header)) throw Corrupt(path, "its header is not valid UTF-8");
        var reader = new Utf8JsonReader(header);
        var entries = new List<SafetensorsEntry>();
        Dictionary<string, string>? metadata = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw Corrupt(path, "its header is not a JSON object");
            var names = new HashSet<string>();
            var sizes = new List<long>();   // one scratch list for every shape
            while (NextProperty(ref reader))
            {
                string name = reader.GetString()!;
                if (!names.Add(name)) throw Corrupt(path, $"its header names '{name}' twice");
                reader.Read();
                if (name == MetadataKey) metadata = ReadMetadata(ref reader, path);
                else entries.Add(ReadEntry(ref reader, name, sizes, path));
            }
            if (reader.Read()) throw Corrupt(path, "its header has more after the JSON object");   // (the reader throws first for anything but whitespace)
        }
        catch (JsonException e) { throw Corrupt(path, $"its header is not valid JSON ({e.Message})"); }
        catch (InvalidOperationException e) { throw Corrupt(path, $"its header holds a string that is not valid Unicode ({e.Message})"); }   // an escaped lone surrogate
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        CheckLayout(entries, dataLength, path);
        return (entries, metadata);
    }

    /// <summary>Moves to the next property name of the current object: false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader) => reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    private static Dictionary<string, string> ReadMetadata(ref Utf8JsonReader reader, string path)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Corrupt(path, "its __metadata__ is not an object");
        var metadata = new Dictionary<string, string>();
        while (NextProperty(ref reader))
        {
            string key = reader.GetString()!;
            reader.Read();
            metadata[key] = reader.TokenType == JsonTokenType.String ? reader.GetString()!
                : throw Corrupt(path, $"its __metadata__ value '{key}' is not a string");
        }
        return metadata;
    }

    private static SafetensorsEntry ReadEntry(ref Utf8JsonReader reader, string name, List<long> sizes, string path)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Malformed(name, path);
        SafetensorsFormat? format = null;
        int[]? shape = null;
        long begin = -1, end = -1;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("dtype"u8) && format is null)
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String) throw Malformed(name, path);
                format = SafetensorsFormat.Find(ref reader)
                    ?? throw new InvalidDataException($"{path}: tensor '{name}' has dtype {reader.GetString()}, which Nabla does not read (it reads {SafetensorsFormat.Supported})");
            }
            else if (reader.ValueTextEquals("shape"u8) && shape is null)
                shape = ReadShape(ref reader, name, sizes, path) ?? throw Malformed(name, path);
            else if (reader.ValueTextEquals("data_offsets"u8) && begin < 0)
            {
                if (ReadNaturals(ref reader, name, sizes, path) is not [long b, long e]) throw Malformed(name, path);
                (begin, end) = (b, e);
            }
            else if (reader.ValueTextEquals("dtype"u8) || reader.ValueTextEquals("shape"u8) || reader.ValueTextEquals("data_offsets"u8))
                throw Corrupt(path, $"the header entry of '{name}' names '{reader.GetString()}' twice");
            else reader.Skip();   // an unknown key, with whatever value: ignored, as by the reference reader
        }
        if (format is null || shape is null || begin < 0) throw Malformed(name, path);
        long count = ShapeMath.Numel(shape);
        if (end < begin || end - begin != count * format.Size)
            throw Corrupt(path, $"tensor '{name}' ({format.Code}, shape {ShapeMath.Format(shape)}) needs {count * format.Size} bytes but its data_offsets [{begin}, {end}] give {end - begin}");
        return new SafetensorsEntry(name, format, shape, begin, end);
    }

    private static InvalidDataException Malformed(string name, string path)
        => Corrupt(path, $"the header entry of '{name}' needs a dtype string, a shape array and two data_offsets");

    /// <summary>The shape array of an entry, or null when the value is not an array; sizes a tensor cannot have are an error.</summary>
    private static int[]? ReadShape(ref Utf8JsonReader reader, string name, List<long> sizes, string path)
    {
        if (ReadNaturals(ref reader, name, sizes, path) is null) return null;
        if (!ShapeMath.Fits<long>(CollectionsMarshal.AsSpan(sizes), out _))
            throw new InvalidDataException(
                $"{path}: tensor '{name}' of shape [{string.Join(", ", sizes)}] has more elements than a Nabla tensor holds (its sizes other than 0 must multiply to at most {Array.MaxLength})");
        var shape = new int[sizes.Count];
        for (int d = 0; d < shape.Length; d++) shape[d] = (int)sizes[d];   // each fits: Fits checked it
        return shape;
    }

    /// <summary>Moves to the value and reads an array of non-negative integers into <paramref name="into"/> (returned), or null when the value is not an array.</summary>
    private static List<long>? ReadNaturals(ref Utf8JsonReader reader, string name, List<long> into, string path)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray) { reader.Skip(); return null; }
        into.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long n) || n < 0)
                throw Corrupt(path, $"the header entry of '{name}' has '{Text(ref reader)}' where a size or offset belongs");
            into.Add(n);
        }
        return into;
    }

    /// <summary>The current value as written, for messages (a nested array or object is shown as its opening bracket).</summary>
    private static string Text(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartArray => "[...]",
        JsonTokenType.StartObject => "{...}",
        JsonTokenType.String => $"\"{reader.GetString()}\"",
        _ => Encoding.UTF8.GetString(reader.ValueSpan),
    };

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
}
