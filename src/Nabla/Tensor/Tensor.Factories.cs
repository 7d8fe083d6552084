using Nabla.Kernels;

namespace Nabla;

public partial class Tensor
{
    /// <summary>A tensor of zeros, like <c>torch.zeros(3, 4)</c>.</summary>
    public static Tensor Zeros(params ReadOnlySpan<int> shape) => Zeros(shape, null);

    /// <summary>A tensor of zeros, like <c>torch.zeros(shape, dtype=..., requires_grad=...)</c>.</summary>
    public static Tensor Zeros(ReadOnlySpan<int> shape, DType? dtype = null, bool requiresGrad = false)
        => Leaf(new Tensor(Storage.Zeros(dtype ?? DTypes.DefaultFloat, ShapeMath.Numel(shape)), shape.ToArray()), requiresGrad);

    /// <summary>A tensor of ones, like <c>torch.ones(2, 2)</c>.</summary>
    public static Tensor Ones(params ReadOnlySpan<int> shape) => Ones(shape, null);

    /// <summary>A tensor of ones, like <c>torch.ones(shape, dtype=..., requires_grad=...)</c>.</summary>
    public static Tensor Ones(ReadOnlySpan<int> shape, DType? dtype = null, bool requiresGrad = false)
        => Full(shape, 1.0, dtype ?? DTypes.DefaultFloat, requiresGrad);

    /// <summary>An uninitialised tensor, like <c>torch.empty</c> (here: zero-filled, as a managed array is).</summary>
    public static Tensor Empty(params ReadOnlySpan<int> shape) => Zeros(shape, null);

    /// <summary>An uninitialised tensor, like <c>torch.empty(shape, dtype=..., requires_grad=...)</c>.</summary>
    public static Tensor Empty(ReadOnlySpan<int> shape, DType? dtype = null, bool requiresGrad = false) => Zeros(shape, dtype, requiresGrad);

    /// <summary>A tensor filled with <paramref name="value"/> (float32 unless <paramref name="dtype"/> says otherwise), like <c>torch.full</c>.</summary>
    public static Tensor Full(ReadOnlySpan<int> shape, double value, DType? dtype = null, bool requiresGrad = false)
    {
        var t = new Tensor(Storage.Uninitialized(dtype ?? DTypes.DefaultFloat, ShapeMath.Numel(shape)), shape.ToArray());
        Compute.FillInto(t, value);
        return Leaf(t, requiresGrad);
    }

    /// <summary>A tensor filled with an integer (int64 unless <paramref name="dtype"/> says otherwise), like <c>torch.full((2,), 3)</c>.</summary>
    public static Tensor Full(ReadOnlySpan<int> shape, long value, DType? dtype = null, bool requiresGrad = false)
        => Full(shape, (double)value, dtype ?? DType.Int64, requiresGrad);

    /// <summary>A tensor of zeros with the shape (and dtype) of <paramref name="like"/>.</summary>
    public static Tensor ZerosLike(Tensor like, DType? dtype = null, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(like);
        return Zeros(like.ShapeArray, dtype ?? like.DType, requiresGrad);
    }

    /// <summary>A tensor of ones with the shape (and dtype) of <paramref name="like"/>.</summary>
    public static Tensor OnesLike(Tensor like, DType? dtype = null, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(like);
        return Ones(like.ShapeArray, dtype ?? like.DType, requiresGrad);
    }

    /// <summary>A 1-d float32 tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor FromArray(float[] data, DType? dtype = null, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromData(data, [data.Length], dtype, requiresGrad);
    }

    /// <summary>A 1-d float64 tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor FromArray(double[] data, DType? dtype = null, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromData(data, [data.Length], dtype, requiresGrad);
    }

    /// <summary>A 1-d int64 tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor FromArray(long[] data, DType? dtype = null, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromData(data, [data.Length], dtype, requiresGrad);
    }

    /// <summary>A 1-d int32 tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor FromArray(int[] data, DType? dtype = null, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromData(data, [data.Length], dtype, requiresGrad);
    }

    /// <summary>A 1-d bool tensor holding a copy of <paramref name="data"/>.</summary>
    public static Tensor FromArray(bool[] data, DType? dtype = null, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        return FromData(data, [data.Length], dtype, requiresGrad);
    }

    /// <summary>A tensor of <paramref name="shape"/> holding a copy of the row-major <paramref name="data"/> (float, double, long, int or bool).</summary>
    public static Tensor FromArray<T>(T[] data, ReadOnlySpan<int> shape, DType? dtype = null, bool requiresGrad = false) where T : unmanaged
        => FromData(data, shape, dtype, requiresGrad);

    /// <summary>A 2-d float32 tensor from a rectangular array.</summary>
    public static Tensor FromArray(float[,] data, DType? dtype = null, bool requiresGrad = false)
        => FromData(Flatten(data), [data.GetLength(0), data.GetLength(1)], dtype, requiresGrad);

    /// <summary>A 2-d float64 tensor from a rectangular array.</summary>
    public static Tensor FromArray(double[,] data, DType? dtype = null, bool requiresGrad = false)
        => FromData(Flatten(data), [data.GetLength(0), data.GetLength(1)], dtype, requiresGrad);

    private static T[] Flatten<T>(T[,] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var flat = new T[data.Length];
        int i = 0;
        foreach (var v in data) flat[i++] = v;
        return flat;
    }

    private static Tensor FromData<T>(T[] data, ReadOnlySpan<int> shape, DType? dtype, bool requiresGrad)
    {
        ArgumentNullException.ThrowIfNull(data);
        int count = ShapeMath.Numel(shape);
        if (count != data.Length)
            throw new ArgumentException($"FromArray got {data.Length} elements for shape {ShapeMath.Format(shape)}, which holds {count}");
        var t = new Tensor(Storage.Wrap((T[])data.Clone()), shape.ToArray());
        return Leaf(dtype is { } d && d != t.DType ? Compute.Cast(t, d) : t, requiresGrad);
    }

    /// <summary>A 0-d float32 tensor, like <c>torch.tensor(3.0)</c>.</summary>
    public static Tensor Scalar(float value, DType? dtype = null, bool requiresGrad = false) => FromData([value], [], dtype, requiresGrad);

    /// <summary>A 0-d tensor from a double: float64, as <c>torch.tensor(3.0, dtype=torch.float64)</c> (pass <paramref name="dtype"/> to choose).</summary>
    public static Tensor Scalar(double value, DType? dtype = null, bool requiresGrad = false) => FromData([value], [], dtype, requiresGrad);

    /// <summary>A 0-d int64 tensor, like <c>torch.tensor(3)</c>.</summary>
    public static Tensor Scalar(long value, DType? dtype = null, bool requiresGrad = false) => FromData([value], [], dtype, requiresGrad);

    /// <summary>A 0-d bool tensor, like <c>torch.tensor(True)</c>.</summary>
    public static Tensor Scalar(bool value, DType? dtype = null, bool requiresGrad = false) => FromData([value], [], dtype, requiresGrad);

    /// <summary>Sets requiresGrad on a new leaf (checking the dtype allows it).</summary>
    private static Tensor Leaf(Tensor t, bool requiresGrad)
    {
        if (requiresGrad) t.RequiresGrad = true;
        return t;
    }
}
