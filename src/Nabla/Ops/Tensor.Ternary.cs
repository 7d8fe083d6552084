using Nabla.Kernels;

namespace Nabla;

// Elementwise ops of three tensors (issue 10 part 2): lerp, addcmul, addcdiv, each one kernel pass
// over the three broadcast operands, and their in-place forms (the optimiser and moving-average idioms).
public partial class Tensor
{
    /// <summary>
    /// this + <paramref name="weight"/>·(<paramref name="end"/> - this) elementwise, like <c>torch.lerp</c>,
    /// computed as PyTorch does (from the nearer end, so exact at weight 0 and 1). Floating tensors of one dtype.
    /// </summary>
    /// <exception cref="ArgumentException">When the tensors are not floating, or end's dtype differs from this one's.</exception>
    public Tensor Lerp(Tensor end, double weight)
    {
        var result = Ternary.Run<LerpOp>(this, end, Wrap(weight, LerpType(end, null)), 0, DType);
        return Derivatives.Lerp.Record(result, [this, end], weight);
    }

    /// <summary>Lerp with an elementwise <paramref name="weight"/> (broadcast with this and end), like <c>torch.lerp(x, end, weight)</c> (<c>LerpBackward1</c>).</summary>
    /// <exception cref="ArgumentException">When the tensors are not floating, or end's or weight's dtype differs from this one's.</exception>
    public Tensor Lerp(Tensor end, Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        return Derivatives.LerpTensor.Record(Ternary.Run<LerpOp>(this, end, weight, 0, LerpType(end, weight)), this, end, weight);
    }

    /// <summary>
    /// this + value·tensor1·tensor2 elementwise with broadcasting, like <c>torch.addcmul</c>. Integer tensors
    /// stay integers (value is then truncated to an integer, as PyTorch converts it).
    /// </summary>
    /// <exception cref="ArgumentException">For bool operands only (PyTorch refuses them).</exception>
    public Tensor Addcmul(Tensor tensor1, Tensor tensor2, double value = 1)
        => Derivatives.Addcmul.Record(Ternary.Run<AddcmulOp>(this, tensor1, tensor2, value, AddcmulType(tensor1, tensor2)), [this, tensor1, tensor2], value);

    /// <summary>this + value·tensor1/tensor2 elementwise with broadcasting, like <c>torch.addcdiv</c>; tensor1 and tensor2 must not both be integral.</summary>
    /// <exception cref="ArgumentException">When tensor1 and tensor2 are both integer or bool (PyTorch no longer divides integers here).</exception>
    public Tensor Addcdiv(Tensor tensor1, Tensor tensor2, double value = 1)
        => Derivatives.Addcdiv.Record(Ternary.Run<AddcdivOp>(this, tensor1, tensor2, value, AddcdivType(tensor1, tensor2)), [this, tensor1, tensor2], value);

    /// <summary>this ← lerp(this, end, weight) in place, like <c>x.lerp_(end, weight)</c> (a moving average: <c>avg.LerpInPlace(x, 0.1)</c>); returns this tensor.</summary>
    public Tensor LerpInPlace(Tensor end, double weight)
        => UpdateTernaryInPlace<LerpOp>(x => x.Lerp(end, weight), LerpType(end, null), savesSelf: false, end, Wrap(weight, DType), 0);

    /// <summary>this ← lerp(this, end, weight) in place with an elementwise weight, like <c>x.lerp_(end, weight)</c>.</summary>
    public Tensor LerpInPlace(Tensor end, Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        return UpdateTernaryInPlace<LerpOp>(x => x.Lerp(end, weight), LerpType(end, weight), savesSelf: true, end, weight, 0);
    }

    /// <summary>this += value·tensor1·tensor2 in place, like <c>x.addcmul_(tensor1, tensor2, value=...)</c>; returns this tensor.</summary>
    public Tensor AddcmulInPlace(Tensor tensor1, Tensor tensor2, double value = 1)
        => UpdateTernaryInPlace<AddcmulOp>(x => x.Addcmul(tensor1, tensor2, value), AddcmulType(tensor1, tensor2), savesSelf: false, tensor1, tensor2, value);

    /// <summary>this += value·tensor1/tensor2 in place, like <c>x.addcdiv_(tensor1, tensor2, value=...)</c>; returns this tensor.</summary>
    public Tensor AddcdivInPlace(Tensor tensor1, Tensor tensor2, double value = 1)
        => UpdateTernaryInPlace<AddcdivOp>(x => x.Addcdiv(tensor1, tensor2, value), AddcdivType(tensor1, tensor2), savesSelf: false, tensor1, tensor2, value);

    /// <summary>
    /// this ← f(this, y, w; value) in place, <paramref name="resultType"/> the checked dtype of the out-of-place
    /// op: one kernel pass into this tensor when nothing records, else the out-of-place op whose node
    /// becomes this tensor's history. Every check runs before anything is written.
    /// </summary>
    private Tensor UpdateTernaryInPlace<TOp>(Func<Tensor, Tensor> outOfPlace, DType resultType, bool savesSelf, Tensor y, Tensor w, double value)
        where TOp : ITernaryOp
    {
        CheckInPlaceAllowed();
        CheckBroadcastsToSelf(y);
        CheckBroadcastsToSelf(w);
        if (!CanCast(resultType, DType))
            throw new ArgumentException($"result type {resultType.Name()} can't be cast to the desired output type {DType.Name()} (in-place update of a {DType.Name()} tensor)");
        if (ShouldRecord([this, y, w]) || Tangents is not null || y.Tangents is not null || w.Tangents is not null) return RecordInPlace(outOfPlace, savesSelf);
        if (resultType == DType && y.Storage != Storage && w.Storage != Storage) Ternary.RunInto<TOp>(this, this, y, w, value);
        else Compute.CopyInto(this, outOfPlace(this));
        Storage.Version++;
        return this;
    }

    // lerp takes floating tensors of one dtype and does not promote (PyTorch's messages).
    private DType LerpType(Tensor end, Tensor? weight)
    {
        ArgumentNullException.ThrowIfNull(end);
        if (!DType.IsFloatingPoint())
            throw new ArgumentException($"lerp is not implemented for {DType.Name()} tensors (nor in PyTorch); it needs floating tensors");
        foreach (var (operand, name) in new[] { (end, "end"), (weight, "weight") })
            if (operand is not null && operand.DType != DType)
                throw new ArgumentException($"expected dtype {DType.Name()} for `{name}` but got dtype {operand.DType.Name()} (lerp does not promote, as in PyTorch)");
        return DType;
    }

    private DType AddcmulType(Tensor tensor1, Tensor tensor2)
    {
        var dtype = PointwiseResultType(tensor1, tensor2);
        if (dtype == DType.Bool) throw new ArgumentException("addcmul is not implemented for bool tensors (nor in PyTorch); convert them with To(DType.Int64) first");
        return dtype;
    }

    private DType AddcdivType(Tensor tensor1, Tensor tensor2)
    {
        var dtype = PointwiseResultType(tensor1, tensor2);
        if (!tensor1.DType.IsFloatingPoint() && !tensor2.DType.IsFloatingPoint())
            throw new ArgumentException("Integer division with addcdiv is no longer supported (as in PyTorch): use (x + value * (tensor1 / tensor2).Trunc()).To(x.DType) for the old integer behaviour, or x + value * tensor1 / tensor2 for true division.");
        return dtype;
    }

    private DType PointwiseResultType(Tensor tensor1, Tensor tensor2)
    {
        ArgumentNullException.ThrowIfNull(tensor1);
        ArgumentNullException.ThrowIfNull(tensor2);
        return DTypes.ResultType(this, tensor1, tensor2);
    }
}
