namespace Nabla;

// Type promotion of tensors (the dtype rules themselves are in Core/DTypes.cs): it reads a tensor's
// rank and whether it wraps a C# number, so it lives with the Tensor class.
internal static partial class DTypes
{
    /// <summary>
    /// <c>torch.result_type</c> of two operands: dimensioned tensors outrank zero-dim tensors, which
    /// outrank wrapped C# numbers (so <c>x + 2.0</c> keeps a float32 <c>x</c> float32).
    /// </summary>
    public static DType ResultType(Tensor a, Tensor b)
    {
        // Most ops: one dtype on both sides (a C# number is wrapped in the tensor's own dtype). Only two
        // wrapped numbers together rank differently (a wrapped float counts as the default float).
        if (a.DType == b.DType && !(a.IsWrappedNumber && b.IsWrappedNumber)) return a.DType;
        DType? dims = null, zeros = null, wrapped = null;
        Accumulate(a, ref dims, ref zeros, ref wrapped);
        Accumulate(b, ref dims, ref zeros, ref wrapped);
        return Combine(dims, zeros, wrapped);
    }

    /// <summary><c>torch.result_type</c> of three operands (addcmul, addcdiv), ranked as for two.</summary>
    public static DType ResultType(Tensor a, Tensor b, Tensor c)
    {
        DType? dims = null, zeros = null, wrapped = null;
        Accumulate(a, ref dims, ref zeros, ref wrapped);
        Accumulate(b, ref dims, ref zeros, ref wrapped);
        Accumulate(c, ref dims, ref zeros, ref wrapped);
        return Combine(dims, zeros, wrapped);
    }

    private static DType Combine(DType? dims, DType? zeros, DType? wrapped)
    {
        DType? lower = zeros is null && wrapped is null ? null : CombineCategories(zeros, wrapped);
        return CombineCategories(dims, lower);
    }

    private static void Accumulate(Tensor t, ref DType? dims, ref DType? zeros, ref DType? wrapped)
    {
        if (t.IsWrappedNumber)
        {
            // A wrapped C# floating number counts as the default float dtype.
            DType d = t.DType.IsFloatingPoint() ? DefaultFloat : t.DType;
            wrapped = wrapped is null ? d : Promote(wrapped.Value, d);
        }
        else if (t.Dim == 0) zeros = zeros is null ? t.DType : Promote(zeros.Value, t.DType);
        else dims = dims is null ? t.DType : Promote(dims.Value, t.DType);
    }
}
