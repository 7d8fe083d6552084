using System.Text;

namespace Nabla.Onnx.Tests;

/// <summary>
/// Reads back what the tests check in an exported file (a protobuf decoder of its own, independent of
/// the exporter's writer): the versions, the initializers' names and shapes, the nodes' operator types,
/// and the graph input's and output's dims. Field numbers from onnx.proto.
/// </summary>
internal sealed record OnnxFile(long IrVersion, long Opset, string[] Initializers, long[][] InitializerDims, string[] OpTypes, string[][] NodeInputs,
    (long? Size, string? Symbol)[] InputDims, (long? Size, string? Symbol)[] OutputDims, Dictionary<string, byte[]> Constants)
{
    /// <summary>The elements of the int64 Constant node whose output is <paramref name="name"/>.</summary>
    public long[] ConstantInts(string name) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(Constants[name]).ToArray();

    public static OnnxFile Read(byte[] bytes)
    {
        var model = Fields(bytes);
        var graph = Fields(One(model, 7));
        var initializers = All(graph, 5).Select(Fields).ToArray();
        var nodes = All(graph, 1).Select(Fields).ToArray();
        return new(
            Varint(model, 1),
            Varint(Fields(One(model, 8)), 2),
            [.. initializers.Select(t => Text(One(t, 8)))],
            [.. initializers.Select(t => t.Where(f => f.Field == 1).Select(f => (long)f.Varint).ToArray())],
            [.. nodes.Select(n => Text(One(n, 4)))],
            [.. nodes.Select(n => All(n, 1).Select(Text).ToArray())],
            Dims(One(graph, 11)),
            Dims(One(graph, 12)),
            // Constant nodes: output(2) → the raw_data(9) of the tensor t(5) of their attribute(5).
            nodes.Where(n => Text(One(n, 4)) == "Constant").ToDictionary(n => Text(One(n, 2)), n => One(Fields(One(Fields(One(n, 5)), 5)), 9)));
    }

    // ValueInfoProto.type(2) → TypeProto.tensor_type(1) → shape(2) → dim(1) → dim_value(1) | dim_param(2).
    private static (long? Size, string? Symbol)[] Dims(byte[] valueInfo)
    {
        var shape = Fields(One(Fields(One(Fields(One(Fields(valueInfo), 2)), 1)), 2));
        return [.. All(shape, 1).Select(Fields).Select(d =>
            (d.Any(f => f.Field == 1) ? (long?)Varint(d, 1) : null, d.Any(f => f.Field == 2) ? Text(One(d, 2)) : null))];
    }

    private static byte[] One(List<(int Field, ulong Varint, byte[] Bytes)> fields, int field) => fields.First(f => f.Field == field).Bytes;

    private static IEnumerable<byte[]> All(List<(int Field, ulong Varint, byte[] Bytes)> fields, int field) => fields.Where(f => f.Field == field).Select(f => f.Bytes);

    private static long Varint(List<(int Field, ulong Varint, byte[] Bytes)> fields, int field) => (long)fields.First(f => f.Field == field).Varint;

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static List<(int Field, ulong Varint, byte[] Bytes)> Fields(byte[] message)
    {
        var fields = new List<(int, ulong, byte[])>();
        int at = 0;
        while (at < message.Length)
        {
            ulong tag = ReadVarint(message, ref at);
            int field = (int)(tag >> 3);
            switch (tag & 7)
            {
                case 0: fields.Add((field, ReadVarint(message, ref at), [])); break;
                case 2:
                    int length = (int)ReadVarint(message, ref at);
                    fields.Add((field, 0, message[at..(at + length)]));
                    at += length;
                    break;
                case 5: fields.Add((field, 0, message[at..(at + 4)])); at += 4; break;
                case 1: fields.Add((field, 0, message[at..(at + 8)])); at += 8; break;
                default: throw new InvalidDataException($"wire type {tag & 7} at byte {at}");
            }
        }
        return fields;
    }

    private static ulong ReadVarint(byte[] bytes, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }
}
