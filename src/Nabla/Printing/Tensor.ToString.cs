namespace Nabla;

// The printing layer gives Tensor its ToString (printing reads values through the Tensor class).
public partial class Tensor
{
    /// <summary>What PyTorch's <c>print(x)</c> shows, e.g. <c>tensor([[3., 3.],\n        [3., 3.]], grad_fn=&lt;AddBackward0&gt;)</c>.</summary>
    public override string ToString()
        => Printing.TensorFormatter.Format(ToTypedArray(), ShapeArray, DType, GradFn?.Name, IsLeaf && RequiresGrad);
}
