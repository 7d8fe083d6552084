using System.Text;
using Nabla.IO;

namespace Nabla.Tests;

/// <summary>Hand-made data.pkl streams for files that PyTorch would not write: well-formed parts from PickleWriter, odd ones byte by byte.</summary>
internal static class TorchPickles
{
    /// <summary>Bytes from chars and ints (opcodes, lengths) and strings (UTF-8), in order.</summary>
    public static byte[] Bytes(params object[] parts) => [.. parts.SelectMany(part => part switch
    {
        string s => Encoding.UTF8.GetBytes(s),
        char c => [(byte)c],
        int n => [(byte)n],
        byte[] b => b,
        _ => throw new ArgumentException($"no bytes for {part}"),
    })];

    /// <summary>
    /// <c>OrderedDict(w=_rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict()))</c>,
    /// the storage <c>('storage', torch.TYPE, key, 'cpu', numel)</c>: one tensor as torch.save writes it.
    /// </summary>
    public static byte[] OneTensor(string storageType = "FloatStorage", string key = "0", long numel = 2, long offset = 0, int[]? shape = null, int[]? stride = null)
    {
        var p = new PickleWriter();
        p.Global("collections", "OrderedDict");
        p.EmptyTuple();
        p.Reduce();
        p.Mark();
        p.String("w");
        p.Global("torch._utils", "_rebuild_tensor_v2");
        p.Mark();
        p.Mark();
        p.String("storage");
        p.Global("torch", storageType);
        p.String(key);
        p.String("cpu");
        p.Int(numel);
        p.TupleFromMark();
        p.BinPersId();
        p.Int(offset);
        p.IntTuple(shape ?? [2]);
        p.IntTuple(stride ?? [1]);
        p.Bool(false);
        p.Global("collections", "OrderedDict");
        p.EmptyTuple();
        p.Reduce();
        p.TupleFromMark();
        p.Reduce();
        p.SetItems();
        return p.Finish();
    }

    /// <summary>The bytes of <paramref name="values"/> as a little-endian float32 storage.</summary>
    public static byte[] Floats(params float[] values) => [.. values.SelectMany(BitConverter.GetBytes)];
}
