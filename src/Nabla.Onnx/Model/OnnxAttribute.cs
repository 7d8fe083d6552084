namespace Nabla.Onnx.Model;

/// <summary>A node attribute (AttributeProto): an int, ints, a float, a string or a tensor.</summary>
internal sealed record OnnxAttribute(string Name, OnnxAttributeType Type, long Int = 0, long[]? Ints = null, float Float = 0, string? String = null, OnnxTensor? Tensor = null)
{
    public static OnnxAttribute Of(string name, long value) => new(name, OnnxAttributeType.Int, Int: value);

    public static OnnxAttribute Of(string name, params long[] values) => new(name, OnnxAttributeType.Ints, Ints: values);

    public static OnnxAttribute Of(string name, float value) => new(name, OnnxAttributeType.Float, Float: value);

    public static OnnxAttribute Of(string name, string value) => new(name, OnnxAttributeType.String, String: value);

    public static OnnxAttribute Of(string name, OnnxTensor value) => new(name, OnnxAttributeType.Tensor, Tensor: value);
}

/// <summary>AttributeProto.AttributeType, the values ONNX assigns to the kinds used here.</summary>
internal enum OnnxAttributeType
{
    Float = 1,
    Int = 2,
    String = 3,
    Tensor = 4,
    Ints = 7,
}
