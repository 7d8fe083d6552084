using System.Buffers.Binary;
using System.IO.Compression;

namespace Nabla.Data;

/// <summary>
/// An IDX file (LeCun's format for MNIST), read and checked: two zero bytes, a type code, the number
/// of dimensions, each dimension as a big-endian int32, then the row-major data (big-endian for
/// multi-byte types). Gzip-compressed files are recognised by their magic bytes.
/// </summary>
/// <remarks>
/// The header is read first and the data buffer allocated only once its size is known to be possible:
/// no larger than what follows the header in a raw file, or than deflate's best ratio (1032:1) allows
/// for a compressed one, so a corrupt header or a small crafted gzip file cannot make the reader
/// allocate more than the file justifies.
/// </remarks>
internal sealed class IdxFile
{
    public const byte UnsignedByte = 0x08;

    /// <summary>Deflate's largest compression ratio (a 258-byte match coded in about two bits).</summary>
    private const long MaxDeflateRatio = 1032;

    private IdxFile(string path, byte type, int[] dims, byte[] data)
    {
        Path = path;
        Type = type;
        Dims = dims;
        Data = data;
    }

    public string Path { get; }
    public byte Type { get; }
    public int[] Dims { get; }

    /// <summary>The payload (after the header).</summary>
    public byte[] Data { get; }

    public static IdxFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 12);
        bool gzip = file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
        file.Position = 0;
        if (!gzip) return Read(file, path, available: file.Length);
        using var input = new GZipStream(file, CompressionMode.Decompress);
        return Read(input, path, available: file.Length * MaxDeflateRatio);
    }

    /// <summary>Reads the file from <paramref name="input"/>, which can yield at most <paramref name="available"/> bytes.</summary>
    private static IdxFile Read(Stream input, string path, long available)
    {
        Span<byte> start = stackalloc byte[4];
        if (Fill(input, start, path) < 4 || start[0] != 0 || start[1] != 0)
            throw new InvalidDataException($"{path} is not an IDX file: it must start with two zero bytes, a type code and a dimension count");
        byte type = start[2];
        int size = ElementSize(type) ?? throw new InvalidDataException($"{path}: unknown IDX element type 0x{type:x2}");
        int rank = start[3];
        Span<byte> header = stackalloc byte[4 * rank];
        if (Fill(input, header, path) < header.Length)
            throw new InvalidDataException($"{path} is truncated: its header declares {rank} dimensions but the file ends inside them");
        var sizes = new uint[rank];
        for (int d = 0; d < rank; d++) sizes[d] = BinaryPrimitives.ReadUInt32BigEndian(header[(4 * d)..]);
        if (!ShapeMath.Fits<uint>(sizes, out int count))
            throw new InvalidDataException($"{path}: the header declares shape [{string.Join(", ", sizes)}], more elements than a Nabla tensor holds (its sizes other than 0 must multiply to at most {Array.MaxLength})");
        var dims = Array.ConvertAll(sizes, d => (int)d);
        long expected = (long)count * size;
        if (expected > available - 4 - header.Length)
            throw new InvalidDataException($"{path} is truncated: the header declares shape [{string.Join(", ", dims)}] ({expected} bytes of data) but the file cannot hold that many");
        var data = new byte[expected];
        int read = Fill(input, data, path);
        long actual = read + (read == data.Length ? CountRest(input, path) : 0);
        if (actual != expected)
            throw new InvalidDataException($"{path}: the header declares shape [{string.Join(", ", dims)}] ({expected} bytes of data) but the file holds {actual} bytes of data{(actual < expected ? " (truncated?)" : "")}");
        return new IdxFile(path, type, dims, data);
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the input ends; the number of bytes read.</summary>
    private static int Fill(Stream input, Span<byte> buffer, string path)
    {
        try { return input.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false); }
        catch (InvalidDataException e)   // only the decompressor throws it from a read
        {
            throw new InvalidDataException($"{path} is a corrupt gzip file: {e.Message}", e);
        }
    }

    /// <summary>The number of bytes left in <paramref name="input"/>, read through a small buffer (trailing bytes are an error).</summary>
    private static long CountRest(Stream input, string path)
    {
        Span<byte> buffer = stackalloc byte[4096];
        long total = 0;
        for (int n; (n = Fill(input, buffer, path)) > 0;) total += n;
        return total;
    }

    private static int? ElementSize(byte type) => type switch
    {
        0x08 or 0x09 => 1,   // unsigned, signed byte
        0x0B => 2,           // int16
        0x0C or 0x0D => 4,   // int32, float32
        0x0E => 8,           // float64
        _ => null,
    };
}
