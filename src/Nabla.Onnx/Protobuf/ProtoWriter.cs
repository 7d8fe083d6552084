using System.Buffers.Binary;
using System.Text;

namespace Nabla.Onnx.Protobuf;

/// <summary>
/// The protocol-buffers wire format, as far as an ONNX file needs it: varint fields (int64, enums),
/// 32-bit floats, and length-delimited fields (strings, bytes, nested messages). Repeated fields are
/// written one element per field, which every protobuf parser accepts.
/// </summary>
/// <remarks>
/// A writer made without a stream only counts bytes. A nested message is prefixed by its length, so
/// <see cref="Message"/> runs the message's body once on a counting writer and then once for real:
/// no message is buffered, and a large initializer's bytes are copied to the stream once.
/// </remarks>
internal sealed class ProtoWriter(Stream? output)
{
    private const int VarintType = 0, LengthDelimitedType = 2, Fixed32Type = 5;

    /// <summary>The number of bytes written (or counted) so far.</summary>
    public long Length { get; private set; }

    /// <summary>An int64, int32, bool or enum field.</summary>
    public void Int64(int field, long value)
    {
        Tag(field, VarintType);
        Varint((ulong)value);   // negative values take ten bytes, as protobuf's int64 encoding says
    }

    /// <summary>A float field (little-endian, four bytes).</summary>
    public void Float(int field, float value)
    {
        Tag(field, Fixed32Type);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        Raw(bytes);
    }

    /// <summary>A string field (UTF-8).</summary>
    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A bytes field.</summary>
    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, LengthDelimitedType);
        Varint((ulong)value.Length);
        Raw(value);
    }

    /// <summary>A nested message field whose fields <paramref name="body"/> writes.</summary>
    public void Message(int field, Action<ProtoWriter> body)
    {
        var counter = new ProtoWriter(null);
        body(counter);
        Tag(field, LengthDelimitedType);
        Varint((ulong)counter.Length);
        if (output is null) Length += counter.Length;
        else body(this);
    }

    private void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    private void Varint(ulong value)
    {
        Span<byte> bytes = stackalloc byte[10];
        int n = 0;
        while (value >= 0x80)
        {
            bytes[n++] = (byte)(value | 0x80);
            value >>= 7;
        }
        bytes[n++] = (byte)value;
        Raw(bytes[..n]);
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        output?.Write(bytes);
        Length += bytes.Length;
    }
}
