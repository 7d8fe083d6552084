namespace Nabla.IO;

/// <summary>
/// A <c>torch.*Storage</c> class, as a checkpoint names it to say what dtype a storage holds, and
/// the safetensors element format with the same bytes, which decodes it (widening float16 and
/// bfloat16 to float32, and int8, uint8 and int16 to int32: Nabla's dtypes, losing nothing).
/// </summary>
internal sealed record TorchStorageType(string Name, string TorchDType, SafetensorsFormat Format)
{
    private static readonly TorchStorageType[] s_all =
    [
        new("FloatStorage", "float32", "F32"), new("DoubleStorage", "float64", "F64"),
        new("HalfStorage", "float16", "F16"), new("BFloat16Storage", "bfloat16", "BF16"),
        new("LongStorage", "int64", "I64"), new("IntStorage", "int32", "I32"), new("ShortStorage", "int16", "I16"),
        new("CharStorage", "int8", "I8"), new("ByteStorage", "uint8", "U8"), new("BoolStorage", "bool", "BOOL"),
    ];

    private TorchStorageType(string name, string torchDType, string format) : this(name, torchDType, SafetensorsFormat.Parse(format)!) { }

    /// <summary>The storage class named <c>torch.<paramref name="name"/></c>, or null when Nabla cannot read it.</summary>
    public static TorchStorageType? Find(string name) => Array.Find(s_all, t => t.Name == name);

    /// <summary>The storage class a tensor of <paramref name="dtype"/> is saved as.</summary>
    public static TorchStorageType Of(DType dtype) => Array.Find(s_all, t => t.Format == SafetensorsFormat.Of(dtype))!;

    /// <summary>The storage classes Nabla reads, for messages.</summary>
    public static string Supported => string.Join(", ", s_all.Select(t => "torch." + t.Name));

    public int ElementSize => Format.Size;

    public override string ToString() => "torch." + Name;
}
