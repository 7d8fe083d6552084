using Nabla.Kernels;

namespace Nabla;

public partial class Tensor
{
    /// <summary>The value of a one-element tensor as <typeparamref name="T"/> (float, double, long, int or bool), like <c>x.item()</c>.</summary>
    /// <exception cref="InvalidOperationException">When the tensor has more than one element.</exception>
    public T Item<T>() where T : unmanaged
    {
        if (Count != 1)
            throw new InvalidOperationException($"a Tensor with {Count} elements cannot be converted to Scalar (shape {ShapeMath.Format(ShapeArray)})");
        return ToArray<T>()[0];
    }

    /// <summary>A flat row-major copy of the elements as <typeparamref name="T"/>[] (converted if needed), like <c>x.flatten().tolist()</c>.</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        var target = DTypes.Of<T>();
        var copy = new Tensor(Storage.Unpooled(target, Count), ShapeArray);   // the array escapes to the caller: never pooled
        Compute.CopyInto(copy, this);
        return (T[])copy.Storage.Data;
    }

    /// <summary>The elements, row-major, in a fresh typed array (float[], double[], long[], int[] or bool[]).</summary>
    internal Array ToTypedArray()
    {
        var copy = new Tensor(Storage.Unpooled(DType, Count), ShapeArray);
        Compute.CopyInto(copy, this);
        return copy.Storage.Data;
    }
}
