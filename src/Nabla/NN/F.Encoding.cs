namespace Nabla.NN;

// One-hot encoding (an op in Ops/NN.OneHot.cs).
public static partial class F
{
    /// <summary>
    /// The int64 class indices of <paramref name="tensor"/> as one-hot vectors: a new last dim of size
    /// <paramref name="numClasses"/> (-1: the largest class + 1) with a 1 at each class, like <c>F.one_hot</c>.
    /// The result is int64; convert it (<c>.To(DType.Float32)</c>) to use it in arithmetic with floats.
    /// </summary>
    /// <exception cref="ArgumentException">When the tensor is not int64, or empty with <paramref name="numClasses"/> -1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">When a class is negative or not below <paramref name="numClasses"/>.</exception>
    public static Tensor OneHot(Tensor tensor, int numClasses = -1) => NNOps.OneHot(tensor, numClasses);
}
