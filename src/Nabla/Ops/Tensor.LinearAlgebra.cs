using Nabla.Kernels;

namespace Nabla;

// Matrix products: mm, bmm and matmul's broadcasting rules.
public partial class Tensor
{
    /// <summary>The product of two matrices [n,m]·[m,p], like <c>torch.mm</c>.</summary>
    public Tensor Mm(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Dim != 2 || other.Dim != 2 || ShapeArray[1] != other.ShapeArray[0])
            throw new ArgumentException($"mm: shapes {ShapeMath.Format(ShapeArray)} and {ShapeMath.Format(other.ShapeArray)} cannot be multiplied (expected two matrices [n, m] and [m, p])");
        CheckSameDType(other, "mm");
        return Derivatives.Mm.Record(MatrixProducts.Mm(this, other), [this, other], (IsColumnMajor(this), IsColumnMajor(other)));
    }

    /// <summary>Whether a matrix is stored column by column (a transposed view): its gradient is then made in that layout.</summary>
    internal static bool IsColumnMajor(Tensor m) => m.StrideArray[0] == 1 && m.StrideArray[1] == m.ShapeArray[0] && m.ShapeArray[1] > 1;

    /// <summary>
    /// this + mat1·mat2 with this broadcast over the rows, like <c>torch.addmm</c> (node <c>AddmmBackward0</c>):
    /// the fused bias and product of a linear layer.
    /// </summary>
    /// <exception cref="ArgumentException">When the operands are not matrices that multiply, their dtypes differ, or this does not broadcast to the product.</exception>
    public Tensor Addmm(Tensor mat1, Tensor mat2)
    {
        ArgumentNullException.ThrowIfNull(mat1);
        ArgumentNullException.ThrowIfNull(mat2);
        if (mat1.Dim != 2 || mat2.Dim != 2 || mat1.ShapeArray[1] != mat2.ShapeArray[0])
            throw new ArgumentException($"addmm: shapes {ShapeMath.Format(mat1.ShapeArray)} and {ShapeMath.Format(mat2.ShapeArray)} cannot be multiplied (expected two matrices [n, m] and [m, p])");
        mat1.CheckSameDType(mat2, "addmm");
        mat1.CheckSameDType(this, "addmm");
        int[] product = [mat1.ShapeArray[0], mat2.ShapeArray[1]];
        if (!ShapeMath.SameShape(ShapeMath.Broadcast(ShapeArray, product), product))
            throw new ArgumentException($"addmm: the input of shape {ShapeMath.Format(ShapeArray)} does not broadcast to the product's shape {ShapeMath.Format(product)}");
        var result = MatrixProducts.Mm(mat1, mat2);
        Compute.BinaryInto<AddOp>(result, result, this);
        return Derivatives.Addmm.Record(result, [this, mat1, mat2], (IsColumnMajor(mat1), IsColumnMajor(mat2)));
    }

    /// <summary>Batched matrix product [b,n,m]·[b,m,p], like <c>torch.bmm</c>.</summary>
    public Tensor Bmm(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Dim != 3 || other.Dim != 3 || ShapeArray[0] != other.ShapeArray[0] || ShapeArray[2] != other.ShapeArray[1])
            throw new ArgumentException($"bmm: shapes {ShapeMath.Format(ShapeArray)} and {ShapeMath.Format(other.ShapeArray)} cannot be multiplied (expected [b, n, m] and [b, m, p])");
        CheckSameDType(other, "bmm");
        return Derivatives.Bmm.Record(MatrixProducts.Bmm(this, other), this, other);
    }

    /// <summary>
    /// The matrix product with PyTorch's rules, like <c>torch.matmul</c>: 1-d·1-d is a dot product,
    /// 2-d·2-d is <see cref="Mm"/>, a 1-d operand gains (then loses) a dim, and leading batch dims broadcast.
    /// </summary>
    public Tensor MatMul(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Dim == 0 || other.Dim == 0)
            throw new ArgumentException($"both arguments to matmul need to be at least 1D, but they are {Dim}D and {other.Dim}D (shapes {ShapeMath.Format(ShapeArray)} and {ShapeMath.Format(other.ShapeArray)})");
        int k1 = ShapeArray[^1], k2 = other.Dim == 1 ? other.ShapeArray[0] : other.ShapeArray[^2];
        if (k1 != k2)
            throw new ArgumentException($"mat1 and mat2 shapes cannot be multiplied: {ShapeMath.Format(ShapeArray)} and {ShapeMath.Format(other.ShapeArray)} (inner sizes {k1} and {k2} differ)");
        if (Dim == 1 && other.Dim == 1) return Dot(other);
        if (Dim == 2 && other.Dim == 1) return Mv(other);
        if (Dim == 1 && other.Dim == 2) return SqueezeInPlace(Unsqueeze(0).Mm(other));
        if (Dim == 2 && other.Dim == 2) return Mm(other);
        if (Dim >= 3 && other.Dim <= 2) return FoldedMatMul(other);
        // [k] or [n, k] times a batch: PyTorch folds the batch into rows when the small operand requires grad
        // (so that its gradient is one mm, not a sum over a batch of products), else it runs bmm.
        if (Dim <= 2 && other.Dim >= 3 && RequiresGrad) return FoldedMatMulOnTheLeft(other);
        return BatchedMatMul(other);
    }

    // matmul's [k]·[k, p] squeezes the [1, p] product in place: its node is squeeze_'s (SqueezeBackward4).
    private static Tensor SqueezeInPlace(Tensor product)
        => Derivatives.SqueezeDimInPlace.Record(product.ViewAs(product.ShapeArray[1..], product.StrideArray[1..], product.Offset), product);

    // [k] or [n, k] times [..., k, p]: the batch's transpose [..., p, k] folded into rows, as PyTorch's matmul does;
    // a matrix operand's product comes out transposed and is made contiguous (a copy, as in PyTorch).
    private Tensor FoldedMatMulOnTheLeft(Tensor other)
    {
        var folded = other.MT.FoldedMatMul(Dim == 2 ? T : this);
        return Dim == 2 ? folded.MT.Contiguous() : folded;
    }

    /// <summary>The dot product of two 1-d tensors, like <c>torch.dot</c>.</summary>
    public Tensor Dot(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Dim != 1 || other.Dim != 1 || ShapeArray[0] != other.ShapeArray[0])
            throw new ArgumentException($"dot: expected two 1-d tensors of the same size, but got shapes {ShapeMath.Format(ShapeArray)} and {ShapeMath.Format(other.ShapeArray)}");
        CheckSameDType(other, "dot");
        var result = MatrixProducts.Mm(Detach().Unsqueeze(0), other.Detach().Unsqueeze(1)).View([]);
        return Derivatives.Dot.Record(result, this, other);
    }

    /// <summary>The product of a matrix and a vector, like <c>torch.mv</c>.</summary>
    public Tensor Mv(Tensor vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        if (Dim != 2 || vector.Dim != 1 || ShapeArray[1] != vector.ShapeArray[0])
            throw new ArgumentException($"mv: shapes {ShapeMath.Format(ShapeArray)} and {ShapeMath.Format(vector.ShapeArray)} cannot be multiplied (expected [n, m] and [m])");
        CheckSameDType(vector, "mv");
        var result = MatrixProducts.Mm(this, vector.Detach().Unsqueeze(1)).View(ShapeArray[0]);
        return Derivatives.Mv.Record(result, this, vector);
    }

    // [..., n, k]·[k, p] (or [k]) folds the batch into rows: one mm, as PyTorch does.
    private Tensor FoldedMatMul(Tensor other)
    {
        var lead = ShapeArray[..^1];
        int k = ShapeArray[^1];
        var rows = Reshape(-1, k);
        var product = other.Dim == 2 ? rows.Mm(other) : rows.Mv(other);
        int[] shape = other.Dim == 2 ? [.. lead, other.ShapeArray[1]] : lead;
        return product.UnsafeView(shape);
    }

    private Tensor BatchedMatMul(Tensor other)
    {
        var a = Dim == 1 ? Unsqueeze(0) : this;
        var b = other.Dim == 1 ? other.Unsqueeze(1) : other;
        var batch = ShapeMath.Broadcast(a.ShapeArray[..^2], b.ShapeArray[..^2]);
        int n = a.ShapeArray[^2], k = a.ShapeArray[^1], p = b.ShapeArray[^1];
        int count = ShapeMath.Numel(batch);
        var a3 = a.Expand([.. batch, n, k]).Reshape(count, n, k);
        var b3 = b.Expand([.. batch, k, p]).Reshape(count, k, p);
        // One view to the result's shape, the dims of vector operands dropped (PyTorch's _unsafe_view).
        int[] shape = [.. batch, .. (Dim == 1 ? (int[])[] : [n]), .. (other.Dim == 1 ? (int[])[] : [p])];
        return a3.Bmm(b3).UnsafeView(shape);
    }

    /// <summary>A view of a contiguous result under another shape, recorded as PyTorch's <c>_unsafe_view</c>.</summary>
    // PyTorch's _unsafe_view: this tensor's storage under another shape, but not a view for autograd (its input
    // is always a fresh result), so an in-place op on it records its own node, as on any result, not a CopySlices.
    private Tensor UnsafeView(int[] shape)
        => Derivatives.UnsafeView.Record(new Tensor(Storage, shape, ShapeMath.ContiguousStrides(shape), Offset), this);

    internal void CheckSameDType(Tensor other, string op)
    {
        if (DType != other.DType)
            throw new ArgumentException($"{op}: expected both operands to have the same dtype, but got {DType.Name()} and {other.DType.Name()}");
    }
}
