using System.Buffers.Binary;
using System.Text;

namespace Nabla.IO;

/// <summary>
/// A pickle virtual machine for data only: it builds strings, numbers, bools, None, tuples, lists
/// and dicts itself, and hands globals, calls, builds and persistent ids to an
/// <see cref="IPickleObjects"/>, which allows what it knows and refuses the rest. Every length is
/// checked against the bytes left before anything is allocated, so a corrupt stream ends in an
/// <see cref="InvalidDataException"/> naming the byte where it went wrong.
/// </summary>
/// <remarks>Opcodes and their encodings are those of Python's <c>pickletools</c> (protocols 2 to 4).</remarks>
internal sealed class PickleReader(byte[] data, string source, IPickleObjects objects)
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly List<object?> _stack = [];
    private readonly Stack<int> _marks = new();   // stack heights at each MARK
    private readonly Dictionary<long, object?> _memo = [];
    private int _at;       // the next byte to read
    private int _opStart;  // where the current opcode began, for messages

    /// <summary>Runs the stream up to <c>STOP</c> and returns the object it built.</summary>
    public object? Load()
    {
        while (true)
        {
            _opStart = _at;
            if (_at == data.Length) throw Corrupt("it ends without a STOP opcode");
            var op = (PickleOpcode)ReadByte();
            if (op == PickleOpcode.Stop) return Pop();
            Execute(op);
        }
    }

    private void Execute(PickleOpcode op)
    {
        switch (op)
        {
            case PickleOpcode.Proto:
                int protocol = ReadByte();
                if (protocol > 5) throw Corrupt($"it uses pickle protocol {protocol}; Python's newest is 5");
                break;
            case PickleOpcode.Frame: ReadLength(8); break;   // a buffering hint: the frame's bytes follow as opcodes
            case PickleOpcode.Mark: _marks.Push(_stack.Count); break;
            case PickleOpcode.Pop: if (_stack.Count > MarkHeight) Pop(); else PopMark(); break;   // POP after a MARK drops the mark, as in Python
            case PickleOpcode.PopMark: PopMark(); break;
            case PickleOpcode.Dup: Push(Peek()); break;

            case PickleOpcode.None: Push(null); break;
            case PickleOpcode.NewTrue: Push(true); break;
            case PickleOpcode.NewFalse: Push(false); break;
            case PickleOpcode.BinInt: Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break;
            case PickleOpcode.BinInt1: Push((long)ReadByte()); break;
            case PickleOpcode.BinInt2: Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break;
            case PickleOpcode.Long1: Push(ReadLong(ReadByte())); break;
            case PickleOpcode.Long4: Push(ReadLong(ReadLength(4))); break;
            case PickleOpcode.BinFloat: Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break;   // the one big-endian field
            case PickleOpcode.ShortBinUnicode: Push(ReadString(ReadByte())); break;
            case PickleOpcode.BinUnicode: Push(ReadString(ReadLength(4))); break;
            case PickleOpcode.BinUnicode8: Push(ReadString(ReadLength(8))); break;
            case PickleOpcode.ShortBinBytes: Push(Take(ReadByte()).ToArray()); break;
            case PickleOpcode.BinBytes: Push(Take(ReadLength(4)).ToArray()); break;
            case PickleOpcode.BinBytes8: Push(Take(ReadLength(8)).ToArray()); break;

            case PickleOpcode.EmptyTuple: Push(Array.Empty<object?>()); break;
            case PickleOpcode.Tuple1: Push(PopMany(1)); break;
            case PickleOpcode.Tuple2: Push(PopMany(2)); break;
            case PickleOpcode.Tuple3: Push(PopMany(3)); break;
            case PickleOpcode.Tuple: Push(PopMark()); break;
            case PickleOpcode.EmptyList: Push(new List<object?>()); break;
            case PickleOpcode.List: Push(new List<object?>(PopMark())); break;
            case PickleOpcode.Append: { var item = Pop(); Target<List<object?>>("APPEND").Add(item); break; }
            case PickleOpcode.Appends: { var items = PopMark(); Target<List<object?>>("APPENDS").AddRange(items); break; }
            case PickleOpcode.EmptyDict: Push(new PickleDict()); break;
            case PickleOpcode.Dict: { var dict = new PickleDict(); SetItems(dict, PopMark()); Push(dict); break; }
            case PickleOpcode.SetItem: { var value = Pop(); var key = Pop(); Target<PickleDict>("SETITEM").Set(key, value); break; }
            case PickleOpcode.SetItems: { var items = PopMark(); SetItems(Target<PickleDict>("SETITEMS"), items); break; }

            case PickleOpcode.BinPut: _memo[ReadByte()] = Peek(); break;
            case PickleOpcode.LongBinPut: _memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(4))] = Peek(); break;
            case PickleOpcode.Memoize: _memo[_memo.Count] = Peek(); break;
            case PickleOpcode.BinGet: Push(Recall(ReadByte())); break;
            case PickleOpcode.LongBinGet: Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)))); break;

            case PickleOpcode.Global: { string module = ReadLine(); Push(objects.FindGlobal(module, ReadLine())); break; }
            case PickleOpcode.StackGlobal: { string name = Pop<string>("STACK_GLOBAL", "a str"); Push(objects.FindGlobal(Pop<string>("STACK_GLOBAL", "a str"), name)); break; }
            case PickleOpcode.Reduce: { var args = Pop<object?[]>("REDUCE", "a tuple of arguments"); Push(objects.Call(Pop(), args)); break; }
            case PickleOpcode.NewObj: { var args = Pop<object?[]>("NEWOBJ", "a tuple of arguments"); Push(objects.New(Pop(), args)); break; }
            case PickleOpcode.Build: { var state = Pop(); objects.Build(Peek(), state); break; }
            case PickleOpcode.BinPersId: Push(objects.PersistentLoad(Pop())); break;

            default:
                string shown = (byte)op is > 0x20 and < 0x7f ? $" ('{(char)op}')" : "";
                throw Corrupt($"opcode 0x{(byte)op:x2}{shown} is not one that a PyTorch state dict uses");
        }
    }

    private int MarkHeight => _marks.Count > 0 ? _marks.Peek() : 0;

    private void Push(object? value) => _stack.Add(value);

    private object? Peek() => _stack.Count > MarkHeight ? _stack[^1] : throw Corrupt("an opcode needs a value but the stack is empty");

    private object? Pop()
    {
        var value = Peek();
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private T Pop<T>(string opcode, string what) => Pop() is T value ? value : throw Corrupt($"{opcode} needs {what} on the stack");

    private object?[] PopMany(int count)
    {
        if (_stack.Count - MarkHeight < count) throw Corrupt($"a tuple of {count} needs {count} values on the stack");
        var items = _stack.GetRange(_stack.Count - count, count).ToArray();
        _stack.RemoveRange(_stack.Count - count, count);
        return items;
    }

    private object?[] PopMark()
    {
        if (_marks.Count == 0) throw Corrupt("an opcode needs a MARK but there is none");
        return PopMany(_stack.Count - _marks.Pop());
    }

    /// <summary>The container that APPEND, SETITEM and their batch forms add to: the value under the popped ones.</summary>
    private T Target<T>(string opcode) where T : class
        => Peek() as T ?? throw Corrupt($"{opcode} adds to {PickleValues.Describe(Peek())}, not a {(typeof(T) == typeof(PickleDict) ? "dict" : "list")}");

    private void SetItems(PickleDict dict, object?[] items)
    {
        if (items.Length % 2 != 0) throw Corrupt("SETITEMS needs key-value pairs but has an odd number of values");
        for (int i = 0; i < items.Length; i += 2) dict.Set(items[i], items[i + 1]);
    }

    private object? Recall(long index) => _memo.TryGetValue(index, out var value) ? value : throw Corrupt($"it reads memo entry {index}, which was never stored");

    private byte ReadByte() => Take(1)[0];

    /// <summary>A 4- or 8-byte length, checked against the bytes left so that nothing is allocated from a corrupt one.</summary>
    private int ReadLength(int width)
    {
        ulong length = width == 4 ? BinaryPrimitives.ReadUInt32LittleEndian(Take(4)) : BinaryPrimitives.ReadUInt64LittleEndian(Take(8));
        return length <= (ulong)(data.Length - _at) ? (int)length
            : throw Corrupt($"a length of {length} bytes runs past the end of the stream ({data.Length - _at} bytes left)");
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > data.Length - _at) throw Corrupt($"the stream ends in the middle of an opcode (it needs {count} more bytes, {data.Length - _at} are left)");
        var bytes = data.AsSpan(_at, count);
        _at += count;
        return bytes;
    }

    /// <summary>A little-endian two's-complement integer of <paramref name="size"/> bytes (LONG1, LONG4).</summary>
    private long ReadLong(int size)
    {
        if (size > 8) throw Corrupt($"an integer of {size} bytes does not fit in 64 bits");
        var bytes = Take(size);
        long value = 0;
        for (int i = size - 1; i >= 0; i--) value = (value << 8) | bytes[i];
        return size is 0 or 8 ? value : value << (64 - 8 * size) >> (64 - 8 * size);   // sign-extend
    }

    private string ReadString(int length)
    {
        try { return s_strictUtf8.GetString(Take(length)); }
        catch (DecoderFallbackException) { throw Corrupt("a string is not valid UTF-8"); }
    }

    /// <summary>A newline-terminated UTF-8 line (GLOBAL's module and name).</summary>
    private string ReadLine()
    {
        int end = Array.IndexOf(data, (byte)'\n', _at);
        if (end < 0) throw Corrupt("GLOBAL's module and name need a newline after each");
        string line = ReadString(end - _at);
        _at++;
        return line;
    }

    private InvalidDataException Corrupt(string why) => new($"{source} is not a valid pickle: {why} (at byte {_opStart})");
}
