using System.Buffers.Binary;
using System.Text;

namespace Nabla.IO;

/// <summary>
/// Writes a protocol-2 pickle stream opcode by opcode, with the smallest encoding of each value
/// as Python's pickler chooses it. Globals are memoised (written once, then fetched), which is
/// all the memo a state dict needs.
/// </summary>
internal sealed class PickleWriter
{
    private readonly MemoryStream _out = new();
    private readonly Dictionary<string, int> _globals = [];

    public PickleWriter() => Op(PickleOpcode.Proto).WriteByte(2);

    public byte[] Finish()
    {
        Op(PickleOpcode.Stop);
        return _out.ToArray();
    }

    public void Mark() => Op(PickleOpcode.Mark);

    public void EmptyTuple() => Op(PickleOpcode.EmptyTuple);

    /// <summary>Ends a tuple of the values written since <see cref="Mark"/>.</summary>
    public void TupleFromMark() => Op(PickleOpcode.Tuple);

    /// <summary>A tuple of integers (a shape or strides), with TUPLE1 to TUPLE3 for short ones, as Python writes them.</summary>
    public void IntTuple(ReadOnlySpan<int> values)
    {
        if (values.Length > 3) Mark();
        foreach (int v in values) Int(v);
        Op(values.Length switch { 0 => PickleOpcode.EmptyTuple, 1 => PickleOpcode.Tuple1, 2 => PickleOpcode.Tuple2, 3 => PickleOpcode.Tuple3, _ => PickleOpcode.Tuple });
    }

    public void Reduce() => Op(PickleOpcode.Reduce);

    public void SetItems() => Op(PickleOpcode.SetItems);

    public void BinPersId() => Op(PickleOpcode.BinPersId);

    public void Bool(bool value) => Op(value ? PickleOpcode.NewTrue : PickleOpcode.NewFalse);

    public void Int(long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        switch (value)
        {
            case >= 0 and <= byte.MaxValue: Op(PickleOpcode.BinInt1).WriteByte((byte)value); return;
            case >= 0 and <= ushort.MaxValue: BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value); Op(PickleOpcode.BinInt2).Write(bytes[..2]); return;
            case >= int.MinValue and <= int.MaxValue: BinaryPrimitives.WriteInt32LittleEndian(bytes, (int)value); Op(PickleOpcode.BinInt).Write(bytes[..4]); return;
        }
        // LONG1: the shortest little-endian two's complement that keeps the sign (Python's encode_long).
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        int size = 8;
        while (size > 1 && bytes[size - 1] == (value < 0 ? 0xff : 0) && (bytes[size - 2] & 0x80) == (value < 0 ? 0x80 : 0)) size--;
        Op(PickleOpcode.Long1).WriteByte((byte)size);
        _out.Write(bytes[..size]);
    }

    public void String(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)bytes.Length);
        Op(PickleOpcode.BinUnicode).Write(length);
        _out.Write(bytes);
    }

    /// <summary>GLOBAL <c>module.name</c> the first time, then a BINGET of its memo entry.</summary>
    public void Global(string module, string name)
    {
        string key = module + "\n" + name + "\n";
        if (_globals.TryGetValue(key, out int index))
        {
            Memo(PickleOpcode.BinGet, PickleOpcode.LongBinGet, index);
            return;
        }
        Op(PickleOpcode.Global).Write(Encoding.UTF8.GetBytes(key));
        index = _globals.Count;
        _globals[key] = index;
        Memo(PickleOpcode.BinPut, PickleOpcode.LongBinPut, index);
    }

    private void Memo(PickleOpcode shortForm, PickleOpcode longForm, int index)
    {
        if (index <= byte.MaxValue) { Op(shortForm).WriteByte((byte)index); return; }
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)index);
        Op(longForm).Write(bytes);
    }

    private MemoryStream Op(PickleOpcode op)
    {
        _out.WriteByte((byte)op);
        return _out;
    }
}
