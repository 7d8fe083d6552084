namespace Nabla.Onnx.Model;

/// <summary>Nabla's dtypes as ONNX element types (TensorProto.DataType).</summary>
internal static class OnnxTypes
{
    public const int Float = 1, Int32 = 6, Int64 = 7, Bool = 9, Double = 11;

    public static int ElementType(DType dtype) => dtype switch
    {
        DType.Float32 => Float,
        DType.Float64 => Double,
        DType.Int64 => Int64,
        DType.Int32 => Int32,
        DType.Bool => Bool,
        _ => throw new NotSupportedException($"ONNX export: no ONNX element type for dtype {dtype}"),
    };
}
