using System.Buffers.Binary;
using System.IO.Compression;

namespace Nabla.Data;

/// <summary>
/// An IDX file (LeCun's format for MNIST), read whole and checked: two zero bytes, a type code,
/// the number of dimensions, each dimension as a big-endian int32, then the row-major data
/// (big-endian for multi-byte types). Gzip-compressed files are recognised by their magic bytes.
/// </summary>
internal sealed class IdxFile
{
    public const byte UnsignedByte = 0x08;

    private IdxFile(string path, byte type, int[] dims, byte[] bytes, int dataStart)
    {
        Path = path;
        Type = type;
        Dims = dims;
        Bytes = bytes;
        DataStart = dataStart;
    }

    public string Path { get; }
    public byte Type { get; }
    public int[] Dims { get; }
    public byte[] Bytes { get; }
    public int DataStart { get; }

    /// <summary>The payload (after the header).</summary>
    public ReadOnlySpan<byte> Data => Bytes.AsSpan(DataStart);

    public static IdxFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b) bytes = Gunzip(bytes, path);
        if (bytes.Length < 4 || bytes[0] != 0 || bytes[1] != 0)
            throw new InvalidDataException($"{path} is not an IDX file: it must start with two zero bytes, a type code and a dimension count");
        byte type = bytes[2];
        int size = ElementSize(type) ?? throw new InvalidDataException($"{path}: unknown IDX element type 0x{type:x2}");
        int rank = bytes[3], dataStart = 4 + 4 * rank;
        if (bytes.Length < dataStart) throw new InvalidDataException($"{path} is truncated: its header declares {rank} dimensions but the file has {bytes.Length} bytes");
        var dims = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++)
        {
            uint dim = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (dim > int.MaxValue) throw new InvalidDataException($"{path}: dimension {d} is {dim}, too large");
            dims[d] = (int)dim;
            // Saturates instead of overflowing (a corrupt header); the comparison with the file size below then fails.
            const long cap = long.MaxValue / 8;
            count = dim == 0 ? 0 : count > cap / dim ? cap : count * dim;
        }
        long expected = count * size, actual = bytes.Length - dataStart;
        if (actual != expected)
            throw new InvalidDataException($"{path}: the header declares shape [{string.Join(", ", dims)}] ({expected} bytes of data) but the file holds {actual} bytes of data{(actual < expected ? " (truncated?)" : "")}");
        return new IdxFile(path, type, dims, bytes, dataStart);
    }

    private static int? ElementSize(byte type) => type switch
    {
        0x08 or 0x09 => 1,   // unsigned, signed byte
        0x0B => 2,           // int16
        0x0C or 0x0D => 4,   // int32, float32
        0x0E => 8,           // float64
        _ => null,
    };

    private static byte[] Gunzip(byte[] compressed, string path)
    {
        try
        {
            using var input = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path} is a corrupt gzip file: {e.Message}", e);
        }
    }
}
