namespace Nabla.IO;

/// <summary>
/// Reads a zip entry while computing its CRC-32, so that a storage is checked as it streams into
/// its tensor instead of being read twice. <see cref="Verify"/> compares with the CRC the zip
/// directory records once every byte has been read.
/// </summary>
internal sealed class CrcCheckedStream(Stream inner) : Stream
{
    private uint _crc;
    private long _read;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        _crc = Crc32.Append(_crc, buffer[..n]);
        _read += n;
        return n;
    }

    /// <summary>Throws unless exactly <paramref name="length"/> bytes were read and their CRC is <paramref name="expected"/>.</summary>
    public void Verify(uint expected, long length, Func<string, Exception> corrupt)
    {
        if (_read != length) throw corrupt($"{_read} of its {length} bytes were read");
        if (_crc != expected) throw corrupt($"its CRC-32 is {_crc:x8} but the zip directory records {expected:x8} (the data is damaged)");
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
