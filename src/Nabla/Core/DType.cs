namespace Nabla;

/// <summary>The element type of a <see cref="Tensor"/>, like <c>torch.dtype</c>.</summary>
public enum DType
{
    /// <summary>32-bit IEEE float (<c>torch.float32</c>), the default.</summary>
    Float32,
    /// <summary>64-bit IEEE float (<c>torch.float64</c>).</summary>
    Float64,
    /// <summary>64-bit signed integer (<c>torch.int64</c>), the default integer type.</summary>
    Int64,
    /// <summary>32-bit signed integer (<c>torch.int32</c>).</summary>
    Int32,
    /// <summary>Boolean (<c>torch.bool</c>).</summary>
    Bool,
}
