namespace Nabla;

/// <summary>Facts about <see cref="DType"/>s: element types, names and PyTorch's type promotion.</summary>
internal static partial class DTypes
{
    /// <summary>The default floating dtype (<c>torch.get_default_dtype()</c>).</summary>
    public const DType DefaultFloat = DType.Float32;

    public static bool IsFloatingPoint(this DType d) => d is DType.Float32 or DType.Float64;

    public static bool IsIntegral(this DType d) => d is DType.Int64 or DType.Int32;

    /// <summary>PyTorch's printed name without the <c>torch.</c> prefix (<c>float64</c>).</summary>
    public static string Name(this DType d) => d switch
    {
        DType.Float32 => "float32",
        DType.Float64 => "float64",
        DType.Int64 => "int64",
        DType.Int32 => "int32",
        DType.Bool => "bool",
        _ => throw new ArgumentOutOfRangeException(nameof(d)),
    };

    /// <summary>Bytes per element.</summary>
    public static int ElementSize(this DType d) => d switch
    {
        DType.Float32 or DType.Int32 => 4,
        DType.Float64 or DType.Int64 => 8,
        _ => 1,
    };

    /// <summary>The dtype a CLR element type maps to (bool, int, long, float, double).</summary>
    public static DType Of<T>()
    {
        if (typeof(T) == typeof(float)) return DType.Float32;
        if (typeof(T) == typeof(double)) return DType.Float64;
        if (typeof(T) == typeof(long)) return DType.Int64;
        if (typeof(T) == typeof(int)) return DType.Int32;
        if (typeof(T) == typeof(bool)) return DType.Bool;
        throw new NotSupportedException($"Nabla has no dtype for element type {typeof(T).Name}; use float, double, long, int or bool.");
    }

    // bool < int32 < int64 < float32 < float64 (torch.promote_types on these five).
    private static int Rank(DType d) => d switch
    {
        DType.Bool => 0,
        DType.Int32 => 1,
        DType.Int64 => 2,
        DType.Float32 => 3,
        _ => 4,
    };

    /// <summary><c>torch.promote_types</c>.</summary>
    public static DType Promote(DType a, DType b) => Rank(a) >= Rank(b) ? a : b;

    /// <summary>
    /// PyTorch's <c>combine_categories</c>: a lower-priority operand (zero-dim tensor, wrapped
    /// number) changes the result only when it is of a higher category (bool, integer, float).
    /// </summary>
    public static DType CombineCategories(DType? higher, DType? lower)
    {
        if (higher is null) return lower ?? DefaultFloat;
        if (lower is null || higher.Value.IsFloatingPoint()) return higher.Value;
        if (higher == DType.Bool || lower.Value.IsFloatingPoint()) return Promote(higher.Value, lower.Value);
        return higher.Value;
    }
}
