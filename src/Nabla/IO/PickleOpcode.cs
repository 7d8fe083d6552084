namespace Nabla.IO;

/// <summary>
/// The pickle opcodes Nabla reads and writes: those that protocols 2 to 4 use for the containers
/// and numbers of a state dict, the memo, globals and persistent ids (Python's
/// <c>Lib/pickletools.py</c> documents each). The text opcodes of protocols 0 and 1 are absent:
/// <c>torch.save</c> has written protocol 2 since its first release.
/// </summary>
internal enum PickleOpcode : byte
{
    Mark = (byte)'(',
    Stop = (byte)'.',
    Pop = (byte)'0',
    PopMark = (byte)'1',
    Dup = (byte)'2',
    BinFloat = (byte)'G',
    BinInt = (byte)'J',
    BinInt1 = (byte)'K',
    BinInt2 = (byte)'M',
    None = (byte)'N',
    BinPersId = (byte)'Q',
    Reduce = (byte)'R',
    BinUnicode = (byte)'X',
    BinBytes = (byte)'B',
    ShortBinBytes = (byte)'C',
    EmptyList = (byte)']',
    Append = (byte)'a',
    Build = (byte)'b',
    Global = (byte)'c',
    Appends = (byte)'e',
    BinGet = (byte)'h',
    LongBinGet = (byte)'j',
    List = (byte)'l',
    BinPut = (byte)'q',
    LongBinPut = (byte)'r',
    SetItem = (byte)'s',
    Tuple = (byte)'t',
    SetItems = (byte)'u',
    Dict = (byte)'d',
    EmptyDict = (byte)'}',
    EmptyTuple = (byte)')',
    Proto = 0x80,
    NewObj = 0x81,
    Tuple1 = 0x85,
    Tuple2 = 0x86,
    Tuple3 = 0x87,
    NewTrue = 0x88,
    NewFalse = 0x89,
    Long1 = 0x8a,
    Long4 = 0x8b,
    ShortBinUnicode = 0x8c,
    BinUnicode8 = 0x8d,
    BinBytes8 = 0x8e,
    StackGlobal = 0x93,
    Memoize = 0x94,
    Frame = 0x95,
}
