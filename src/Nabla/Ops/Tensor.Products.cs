using Nabla.Kernels;

namespace Nabla;

// More products: outer, trace, kron, the fused baddbmm / addbmm / addmv, cdist and tensordot.
public partial class Tensor
{
    /// <summary>The outer product of two vectors, like <c>torch.outer</c>: composed as PyTorch does (a reshape and a broadcast multiply).</summary>
    /// <exception cref="ArgumentException">When either operand is not 1-d.</exception>
    public Tensor Outer(Tensor vec2)
    {
        ArgumentNullException.ThrowIfNull(vec2);
        if (Dim != 1) throw new ArgumentException($"outer: Expected 1-D argument self, but got {Dim}-D");
        if (vec2.Dim != 1) throw new ArgumentException($"outer: Expected 1-D argument vec2, but got {vec2.Dim}-D", nameof(vec2));
        return Reshape(ShapeArray[0], 1) * vec2;
    }

    /// <summary>The sum of the main diagonal of a matrix, like <c>torch.trace</c> (node <c>TraceBackward0</c>); integer matrices give int64.</summary>
    /// <exception cref="ArgumentException">When the tensor is not 2-d.</exception>
    public Tensor Trace()
    {
        if (Dim != 2) throw new ArgumentException($"trace: expected a matrix, but got tensor with dim {Dim}");
        var diagonal = Detach().ViewAs([Math.Min(ShapeArray[0], ShapeArray[1])], [StrideArray[0] + StrideArray[1]], Offset);
        return Derivatives.Trace.Record(diagonal.Sum(), this);
    }

    /// <summary>
    /// The Kronecker product, like <c>torch.kron</c>: each element of this tensor times the whole of
    /// <paramref name="other"/>, over any number of dims. Composed as PyTorch does: both are viewed with their
    /// dims interleaved with size-1 dims, multiplied with broadcasting, and the product viewed back.
    /// </summary>
    public Tensor Kron(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        int rank = Math.Max(Dim, other.Dim), padSelf = rank - Dim, padOther = rank - other.Dim;
        var selfShape = new int[2 * rank];
        var otherShape = new int[2 * rank];
        var shape = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            selfShape[2 * i] = i >= padSelf ? ShapeArray[i - padSelf] : 1;
            selfShape[2 * i + 1] = 1;
            otherShape[2 * i] = 1;
            otherShape[2 * i + 1] = i >= padOther ? other.ShapeArray[i - padOther] : 1;
            shape[i] = selfShape[2 * i] * otherShape[2 * i + 1];
        }
        return (UnsafeViewStrided(selfShape) * other.UnsafeViewStrided(otherShape)).UnsafeView(shape);
    }

    /// <summary>A view under another shape recorded as PyTorch's <c>_unsafe_view</c>, for any layout that allows the view.</summary>
    private Tensor UnsafeViewStrided(int[] shape)
    {
        var strides = ViewStrides(shape) ?? throw new InvalidOperationException($"no view of shape {ShapeMath.Format(shape)} for a tensor of shape {ShapeMath.Format(ShapeArray)}");
        return Derivatives.UnsafeView.Record(ViewAs(shape, strides, Offset), this);
    }

    /// <summary>
    /// beta·this + alpha·(batch1[i]·batch2[i]) for each i, like <c>torch.baddbmm</c> (node <c>BaddbmmBackward0</c>);
    /// this broadcasts to [b, n, p]. With beta = 0 this tensor is ignored (its NaN and infinities do not spread);
    /// for integer tensors alpha and beta are truncated to integers, as in PyTorch.
    /// </summary>
    /// <exception cref="ArgumentException">When the batches are not 3-d, do not multiply, or the dtypes differ.</exception>
    public Tensor Baddbmm(Tensor batch1, Tensor batch2, double beta = 1, double alpha = 1)
    {
        CheckBatchedProduct(batch1, batch2, "baddbmm");
        CheckFusedDTypes(batch1, batch2, "batch1", "batch2");
        int[] shape = [batch1.ShapeArray[0], batch1.ShapeArray[1], batch2.ShapeArray[2]];
        CheckExpandsTo(shape);
        var product = MatrixProducts.Bmm(batch1.Detach(), batch2.Detach());
        return Derivatives.Baddbmm.Record(FusedSum(product, beta, alpha), [this, batch1, batch2], (beta, alpha));
    }

    /// <summary>
    /// beta·this + alpha·Σᵢ batch1[i]·batch2[i], like <c>torch.addbmm</c> (node <c>AddbmmBackward0</c>): the products of
    /// a batch, summed; this broadcasts to [n, p].
    /// </summary>
    /// <exception cref="ArgumentException">When the batches are not 3-d, do not multiply, or the dtypes differ.</exception>
    public Tensor Addbmm(Tensor batch1, Tensor batch2, double beta = 1, double alpha = 1)
    {
        CheckBatchedProduct(batch1, batch2, "addbmm");
        CheckFusedDTypes(batch1, batch2, "batch1", "batch2");
        int b = batch1.ShapeArray[0], n = batch1.ShapeArray[1], m = batch1.ShapeArray[2], p = batch2.ShapeArray[2];
        CheckExpandsTo([n, p]);
        // Σᵢ B1ᵢ B2ᵢ is one product: [n, b·m] (the batches side by side) times [b·m, p] (stacked).
        var product = MatrixProducts.Mm(batch1.Detach().Permute(1, 0, 2).Reshape(n, b * m), batch2.Detach().Reshape(b * m, p));
        return Derivatives.Addbmm.Record(FusedSum(product, beta, alpha), [this, batch1, batch2], (beta, alpha));
    }

    /// <summary>beta·this + alpha·mat·vec, like <c>torch.addmv</c> (node <c>AddmvBackward0</c>); this broadcasts to [n].</summary>
    /// <exception cref="ArgumentException">When the shapes do not fit a matrix-vector product or the dtypes differ.</exception>
    public Tensor Addmv(Tensor mat, Tensor vec, double beta = 1, double alpha = 1)
    {
        ArgumentNullException.ThrowIfNull(mat);
        ArgumentNullException.ThrowIfNull(vec);
        if (mat.Dim != 2 || vec.Dim != 1 || Dim > 1)
            throw new ArgumentException($"vector + matrix @ vector expected, got {Dim}, {mat.Dim}, {vec.Dim}");
        if (mat.ShapeArray[1] != vec.ShapeArray[0] || (Dim == 1 && ShapeArray[0] != mat.ShapeArray[0] && ShapeArray[0] != 1))
            throw new ArgumentException($"size mismatch, got input ({(Dim == 0 ? 1 : ShapeArray[0])}), mat ({mat.ShapeArray[0]}x{mat.ShapeArray[1]}), vec ({vec.ShapeArray[0]})");
        CheckFusedDTypes(mat, vec, "mat", "vec");
        var product = MatrixProducts.Mm(mat.Detach(), vec.Detach().Unsqueeze(1));
        var flat = new Tensor(product.Storage, [mat.ShapeArray[0]], [1], product.Offset);
        return Derivatives.Addmv.Record(FusedSum(flat, beta, alpha), [this, mat, vec], (beta, alpha));
    }

    private static void CheckBatchedProduct(Tensor batch1, Tensor batch2, string op)
    {
        ArgumentNullException.ThrowIfNull(batch1);
        ArgumentNullException.ThrowIfNull(batch2);
        if (batch1.Dim != 3) throw new ArgumentException($"{op}: batch1 must be a 3D tensor, but got {batch1.Dim}-D", nameof(batch1));
        if (batch2.Dim != 3) throw new ArgumentException($"{op}: batch2 must be a 3D tensor, but got {batch2.Dim}-D", nameof(batch2));
        if (batch1.ShapeArray[0] != batch2.ShapeArray[0])
            throw new ArgumentException($"batch1 and batch2 must have same number of batches, got {batch1.ShapeArray[0]} and {batch2.ShapeArray[0]}", nameof(batch2));
        if (batch1.ShapeArray[2] != batch2.ShapeArray[1])
            throw new ArgumentException($"Expected size for first two dimensions of batch2 tensor to be: [{batch1.ShapeArray[0]}, {batch1.ShapeArray[2]}] but got: [{batch2.ShapeArray[0]}, {batch2.ShapeArray[1]}].", nameof(batch2));
    }

    private void CheckFusedDTypes(Tensor first, Tensor second, string firstName, string secondName)
    {
        if (DType != first.DType || DType != second.DType)
            throw new ArgumentException($"Input dtypes must be the same, got: input {DType.Name()}, {firstName}: {first.DType.Name()}, {secondName}: {second.DType.Name()}");
    }

    private void CheckExpandsTo(int[] shape)
    {
        bool fits = Dim <= shape.Length;
        for (int i = 1; fits && i <= Dim; i++) fits = ShapeArray[^i] == 1 || ShapeArray[^i] == shape[^i];
        if (!fits)
            throw new ArgumentException($"The expanded size of the tensor must match the existing size: the input of shape {ShapeMath.Format(ShapeArray)} does not broadcast to the product's shape {ShapeMath.Format(shape)}");
    }

    // beta·this + alpha·product in this tensor's dtype (integer factors truncated, as PyTorch converts them); beta = 0 drops this.
    private Tensor FusedSum(Tensor product, double beta, double alpha)
    {
        Tensor Factor(double value) => Wrap(DType.IsFloatingPoint() ? value : Math.Truncate(value), DType);
        var scaled = alpha == 1 ? product : product * Factor(alpha);
        if (beta == 0) return scaled;
        var self = Detach();
        return (beta == 1 ? self : self * Factor(beta)) + scaled;
    }

    /// <summary>
    /// The p-norm distance between each row of <paramref name="x1"/> [..., P, M] and each row of
    /// <paramref name="x2"/> [..., R, M], like <c>torch.cdist</c> (node <c>CdistBackward0</c>): [..., P, R], batch dims
    /// broadcasting. For p = 2 with more than 25 rows (or <paramref name="computeMode"/> "use_mm_for_euclid_dist")
    /// the distances come from a matrix product, faster but less accurate for near points, as in PyTorch
    /// (node <c>ViewBackward0</c> over <c>EuclideanDistBackward0</c>); "donot_use_mm_for_euclid_dist" never does.
    /// </summary>
    /// <exception cref="ArgumentException">When the inputs are not float tensors of one dtype with at least 2 dims and equal columns, p is negative or the mode is unknown.</exception>
    public static Tensor Cdist(Tensor x1, Tensor x2, double p = 2, string? computeMode = null)
    {
        ArgumentNullException.ThrowIfNull(x1);
        ArgumentNullException.ThrowIfNull(x2);
        if (x1.Dim < 2) throw new ArgumentException($"cdist only supports at least 2D tensors, X1 got: {x1.Dim}D", nameof(x1));
        if (x2.Dim < 2) throw new ArgumentException($"cdist only supports at least 2D tensors, X2 got: {x2.Dim}D", nameof(x2));
        if (x1.ShapeArray[^1] != x2.ShapeArray[^1])
            throw new ArgumentException($"X1 and X2 must have the same number of columns. X1: {x1.ShapeArray[^1]} X2: {x2.ShapeArray[^1]}", nameof(x2));
        if (!x1.DType.IsFloatingPoint()) throw new ArgumentException($"cdist only supports floating-point dtypes, X1 got: {x1.DType.Name()}", nameof(x1));
        if (!x2.DType.IsFloatingPoint()) throw new ArgumentException($"cdist only supports floating-point dtypes, X2 got: {x2.DType.Name()}", nameof(x2));
        x1.CheckSameDType(x2, "cdist");
        if (!(p >= 0)) throw new ArgumentException("cdist only supports non-negative p values", nameof(p));
        int mode = computeMode switch
        {
            null or "use_mm_for_euclid_dist_if_necessary" => 0,
            "use_mm_for_euclid_dist" => 1,
            "donot_use_mm_for_euclid_dist" => 2,
            _ => throw new ArgumentException($"{computeMode} is not a valid value for compute_mode", nameof(computeMode)),
        };
        int r1 = x1.ShapeArray[^2], r2 = x2.ShapeArray[^2];
        if (p == 2 && (mode == 1 || (mode == 0 && (r1 > 25 || r2 > 25))) && x1.Numel > 0 && x2.Numel > 0)
            return EuclideanCdist(x1, x2);
        var distances = (x1.Detach().Unsqueeze(-2) - x2.Detach().Unsqueeze(-3)).Norm(p, -1);
        return Derivatives.Cdist.Record(distances, [x1, x2], p);
    }

    // PyTorch's cdist_impl for p = 2 by matrix product: batch dims expanded and folded, then viewed back.
    private static Tensor EuclideanCdist(Tensor x1, Tensor x2)
    {
        var batch = ShapeMath.Broadcast(x1.ShapeArray[..^2], x2.ShapeArray[..^2]);
        int r1 = x1.ShapeArray[^2], r2 = x2.ShapeArray[^2], c = x1.ShapeArray[^1], count = ShapeMath.Numel(batch);
        if (count != 1)
        {
            x1 = x1.Expand([.. batch, r1, c]).Reshape(count, r1, c);
            x2 = x2.Expand([.. batch, r2, c]).Reshape(count, r2, c);
        }
        return EuclideanDistance(x1, x2).View([.. batch, r1, r2]);
    }

    // √(‖a‖² - 2a·b + ‖b‖²) as one product of [-2a, ‖a‖², 1] and [b, 1, ‖b‖²], clamped above 0 (PyTorch's _euclidean_dist).
    private static Tensor EuclideanDistance(Tensor x1, Tensor x2)
    {
        var (a, b) = (x1.Detach(), x2.Detach());
        var aSquared = (a * a).Sum(-1, keepDim: true);
        var bSquared = (b * b).Sum(-1, keepDim: true);
        var left = Cat([a * -2, aSquared, OnesLike(aSquared)], -1);
        var right = Cat([b, OnesLike(bSquared), bSquared], -1);
        var distances = left.MatMul(right.Transpose(-2, -1)).Clamp(min: 1e-30).Sqrt();
        return Derivatives.EuclideanDist.Record(distances, x1, x2);
    }

    /// <summary>
    /// The sum of products over the last <paramref name="dims"/> dims of <paramref name="a"/> and the first
    /// <paramref name="dims"/> of <paramref name="b"/>, like <c>torch.tensordot(a, b, dims=n)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">When dims is negative or the contracted sizes differ.</exception>
    public static Tensor Tensordot(Tensor a, Tensor b, int dims = 2)
    {
        if (dims < 0) throw new ArgumentException($"tensordot expects dims >= 0, but got dims={dims}", nameof(dims));
        return Tensordot(a, b, ([.. Enumerable.Range(-dims, dims)], [.. Enumerable.Range(0, dims)]));
    }

    /// <summary>
    /// The sum of products over the dims <c>dims.Item1</c> of <paramref name="a"/> paired with <c>dims.Item2</c> of
    /// <paramref name="b"/>, like <c>torch.tensordot(a, b, dims=([1, 0], [0, 1]))</c>: composed as PyTorch does, one
    /// permute and reshape per operand, one mm and a reshape. A contracted dim of size 1 on one side is summed first.
    /// </summary>
    /// <exception cref="ArgumentException">When the dim lists differ in length, the dtypes differ or the contracted sizes differ.</exception>
    public static Tensor Tensordot(Tensor a, Tensor b, (int[], int[]) dims)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (dimsA, dimsB) = dims;
        ArgumentNullException.ThrowIfNull(dimsA, nameof(dims));
        ArgumentNullException.ThrowIfNull(dimsB, nameof(dims));
        if (dimsA.Length != dimsB.Length) throw new ArgumentException("both dimension lists should have same length", nameof(dims));
        if (a.DType != b.DType) throw new ArgumentException($"both inputs should have same dtype, but got {a.DType.Name()} and {b.DType.Name()}", nameof(b));
        var (ta, tb) = (a, b);
        int contracted = 1;
        for (int i = 0; i < dimsA.Length; i++)
        {
            int sa = a.Size(dimsA[i]), sb = b.Size(dimsB[i]);
            if (sb == 1) ta = ta.Sum(dimsA[i], keepDim: true);   // broadcast dims can be summed right away
            else if (sa == 1) tb = tb.Sum(dimsB[i], keepDim: true);
            else if (sa != sb)
                throw new ArgumentException($"contracted dimensions need to match, but first has size {sa} in dim {dimsA[i]} and second has size {sb} in dim {dimsB[i]}", nameof(dims));
            else contracted *= sa;
        }
        var maskA = ShapeMath.DimMask(dimsA, a.Dim);
        var maskB = ShapeMath.DimMask(dimsB, b.Dim);
        var keptA = Enumerable.Range(0, a.Dim).Where(d => !maskA[d]).ToArray();
        var keptB = Enumerable.Range(0, b.Dim).Where(d => !maskB[d]).ToArray();
        int[] shape = [.. keptA.Select(d => ta.ShapeArray[d]), .. keptB.Select(d => tb.ShapeArray[d])];
        int sizeA = keptA.Aggregate(1, (n, d) => n * ta.ShapeArray[d]), sizeB = keptB.Aggregate(1, (n, d) => n * tb.ShapeArray[d]);
        ta = ta.Permute([.. keptA, .. dimsA]).Reshape(sizeA, contracted);
        tb = tb.Permute([.. dimsB, .. keptB]).Reshape(contracted, sizeB);
        return ta.Mm(tb).Reshape(shape);
    }
}
