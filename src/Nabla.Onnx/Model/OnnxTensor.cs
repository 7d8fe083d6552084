using System.Runtime.InteropServices;

namespace Nabla.Onnx.Model;

/// <summary>A tensor value (TensorProto): an initializer or a Constant's value, its elements as little-endian raw data.</summary>
internal sealed record OnnxTensor(string Name, int ElementType, long[] Dims, byte[] RawData)
{
    /// <summary>The elements of <paramref name="tensor"/>, row-major, under <paramref name="name"/>.</summary>
    public static OnnxTensor From(string name, Tensor tensor)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX export writes little-endian data and needs a little-endian machine");
        byte[] raw = tensor.ToTypedArray() switch
        {
            float[] a => MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
            double[] a => MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
            long[] a => MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
            int[] a => MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),
            bool[] a => MemoryMarshal.AsBytes(a.AsSpan()).ToArray(),   // one byte per element, 0 or 1, as ONNX stores bool
            var other => throw new NotSupportedException($"ONNX export: no ONNX element type for {other.GetType().Name}"),
        };
        return new(name, OnnxTypes.ElementType(tensor.DType), [.. tensor.Shape.Select(d => (long)d)], raw);
    }
}
