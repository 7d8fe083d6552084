using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Nabla.IO;

/// <summary>
/// A safetensors element type: its code in the header, its size in bytes, and the dtype Nabla
/// loads it as. Nabla writes F64, F32, I64, I32 and BOOL; it also reads F16 and BF16 (as float32)
/// and the small integer types (as int32, U32 as int64), conversions that lose nothing.
/// </summary>
internal sealed record SafetensorsFormat(string Code, int Size, DType Target)
{
    private static readonly SafetensorsFormat[] s_all =
    [
        new("F64", 8, DType.Float64), new("F32", 4, DType.Float32), new("F16", 2, DType.Float32), new("BF16", 2, DType.Float32),
        new("I64", 8, DType.Int64), new("I32", 4, DType.Int32), new("U32", 4, DType.Int64), new("I16", 2, DType.Int32),
        new("U16", 2, DType.Int32), new("I8", 1, DType.Int32), new("U8", 1, DType.Int32), new("BOOL", 1, DType.Bool),
    ];

    /// <summary>The format a tensor of <paramref name="dtype"/> is written in.</summary>
    public static SafetensorsFormat Of(DType dtype) => s_all.First(f => f.Target == dtype && f.Size == dtype.ElementSize());

    /// <summary>The format named <paramref name="code"/>, or null when Nabla cannot read it.</summary>
    public static SafetensorsFormat? Parse(string code) => Array.Find(s_all, f => f.Code == code);

    /// <summary>The format named by the string token <paramref name="reader"/> is on, or null when Nabla cannot read it.</summary>
    public static SafetensorsFormat? Find(ref Utf8JsonReader reader)
    {
        foreach (var format in s_all)
            if (reader.ValueTextEquals(format.Code)) return format;
        return null;
    }

    public static string Supported => string.Join(", ", s_all.Select(f => f.Code));

    /// <summary>
    /// The writer's order: the reference implementation sorts tensors by dtype, largest first in its
    /// enum (U64, I64, F64, F32, U32, I32, ..., BOOL), then by name, which keeps every tensor aligned.
    /// </summary>
    public static int WriteOrder(DType dtype) => dtype switch
    {
        DType.Int64 => 0,
        DType.Float64 => 1,
        DType.Float32 => 2,
        DType.Int32 => 3,
        _ => 4,
    };

    /// <summary>
    /// Reads the data of a tensor of <paramref name="shape"/> from <paramref name="stream"/> into a new
    /// tensor: straight into its storage when the format is Nabla's own, else through a small buffer, a
    /// chunk at a time, widening each element (no copy of the whole tensor's bytes).
    /// </summary>
    public Tensor Read(Stream stream, int[] shape)
    {
        var t = Tensor.Uninitialized(Target, shape);
        switch (Code)
        {
            case "F64": ReadInto(stream, t.Data<double>()); return t;
            case "F32": ReadInto(stream, t.Data<float>()); return t;
            case "I64": ReadInto(stream, t.Data<long>()); return t;
            case "I32": ReadInto(stream, t.Data<int>()); return t;
        }
        Span<byte> chunk = stackalloc byte[4096];
        for (int at = 0, count = t.Count; at < count;)
        {
            int n = Math.Min(count - at, chunk.Length / Size);
            var bytes = chunk[..(n * Size)];
            stream.ReadExactly(bytes);
            Widen(bytes, t, at);
            at += n;
        }
        return t;
    }

    /// <summary>As <see cref="Read(Stream, int[])"/>, for a caller that states the byte count, which must be the shape's.</summary>
    public Tensor Read(Stream stream, int byteCount, int[] shape)
    {
        if (byteCount != (long)ShapeMath.Numel(shape) * Size) throw new ArgumentException($"{byteCount} bytes do not hold a {Code} tensor of shape {ShapeMath.Format(shape)}", nameof(byteCount));
        return Read(stream, shape);
    }

    /// <summary>Converts the elements in <paramref name="bytes"/> to <paramref name="t"/>'s dtype, writing them from element <paramref name="at"/>.</summary>
    private void Widen(ReadOnlySpan<byte> bytes, Tensor t, int at)
    {
        int n = bytes.Length / Size;
        switch (Code)
        {
            case "BOOL": for (int i = 0; i < n; i++) t.Data<bool>()[at + i] = bytes[i] != 0; break;
            case "F16": for (int i = 0; i < n; i++) t.Data<float>()[at + i] = (float)BitConverter.UInt16BitsToHalf(U16(bytes, i)); break;
            case "BF16": for (int i = 0; i < n; i++) t.Data<float>()[at + i] = BitConverter.Int32BitsToSingle(U16(bytes, i) << 16); break;   // the top half of a float32
            case "U32": for (int i = 0; i < n; i++) t.Data<long>()[at + i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(4 * i)..]); break;
            case "I16": for (int i = 0; i < n; i++) t.Data<int>()[at + i] = (short)U16(bytes, i); break;
            case "U16": for (int i = 0; i < n; i++) t.Data<int>()[at + i] = U16(bytes, i); break;
            case "I8": for (int i = 0; i < n; i++) t.Data<int>()[at + i] = (sbyte)bytes[i]; break;
            default: for (int i = 0; i < n; i++) t.Data<int>()[at + i] = bytes[i]; break;   // U8
        }
    }

    private static ushort U16(ReadOnlySpan<byte> bytes, int i) => BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * i)..]);

    private static void ReadInto<T>(Stream stream, T[] target) where T : unmanaged
    {
        var destination = MemoryMarshal.AsBytes(target.AsSpan());
        stream.ReadExactly(destination);
        if (!BitConverter.IsLittleEndian) Reverse(destination, Unsafe.SizeOf<T>());
    }

    /// <summary>The bytes of a contiguous tensor, little-endian (a copy only on big-endian machines).</summary>
    public static ReadOnlySpan<byte> Encode(Tensor t) => t.DType switch
    {
        DType.Float64 => Bytes<double>(t),
        DType.Float32 => Bytes<float>(t),
        DType.Int64 => Bytes<long>(t),
        DType.Int32 => Bytes<int>(t),
        _ => Bytes<bool>(t),   // bool is one byte, 0 or 1, as safetensors' BOOL
    };

    private static ReadOnlySpan<byte> Bytes<T>(Tensor t) where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(t.Data<T>().AsSpan(t.Offset, t.Count));
        if (BitConverter.IsLittleEndian) return bytes;
        var copy = bytes.ToArray();
        Reverse(copy, Unsafe.SizeOf<T>());
        return copy;
    }

    private static void Reverse(Span<byte> bytes, int size)
    {
        if (size > 1) for (int i = 0; i < bytes.Length; i += size) bytes.Slice(i, size).Reverse();
    }
}
