using Nabla.Kernels;

namespace Nabla;

internal static partial class NNOps
{
    /// <summary>one_hot: int64 [..., numClasses] with a 1 at each class of the int64 <paramref name="tensor"/> (not differentiable).</summary>
    public static Tensor OneHot(Tensor tensor, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.DType != DType.Int64)
            throw new ArgumentException($"one_hot is only applicable to index tensor (int64), but got {tensor.DType.Name()}", nameof(tensor));
        if (numClasses < -1)
            throw new ArgumentOutOfRangeException(nameof(numClasses), $"num_classes should be -1 (inferred) or at least 0, got {numClasses}");
        var classes = tensor.ToArray<long>();
        if (numClasses == -1)
        {
            if (classes.Length == 0) throw new ArgumentException("Can not infer total number of classes from empty tensor.", nameof(tensor));
            numClasses = checked((int)classes.Max() + 1);
        }
        foreach (long c in classes)
        {
            if (c < 0) throw new ArgumentOutOfRangeException(nameof(tensor), $"Class values must be non-negative, got {c}.");
            if (c >= numClasses) throw new ArgumentOutOfRangeException(nameof(tensor), $"Class values must be smaller than num_classes ({numClasses}), got {c}.");
        }
        int[] shape = [.. tensor.ShapeArray, numClasses];
        var result = Tensor.Zeros(shape, DType.Int64);
        Indexing.Scatter<Overwrite>(result, shape.Length - 1, Tensor.FromArray(classes, [.. tensor.ShapeArray, 1]), Tensor.Wrap(1, DType.Int64));
        return result;
    }
}
