using Nabla.Kernels;

namespace Nabla;

// In-place updates (PyTorch's trailing underscore): they bump the version counter, refuse leaves
// that require grad, and, when recording, give the tensor a new grad_fn (PyTorch's rebase_history).
public partial class Tensor
{
    /// <summary>this += alpha·other in place, like <c>x.add_(other, alpha=...)</c>; returns this tensor.</summary>
    public Tensor AddInPlace(Tensor other, double alpha = 1)
    {
        ArgumentNullException.ThrowIfNull(other);
        return UpdateInPlace<AddOp>(other, alpha, x => x.Add(other, alpha), savesSelf: false);
    }

    /// <summary>this += a number in place.</summary>
    public Tensor AddInPlace(double other) => AddInPlace(WrapScalar(other));

    /// <summary>this -= alpha·other in place, like <c>x.sub_(other, alpha=...)</c>.</summary>
    public Tensor SubInPlace(Tensor other, double alpha = 1)
    {
        ArgumentNullException.ThrowIfNull(other);
        return UpdateInPlace<SubOp>(other, alpha, x => x.Sub(other, alpha), savesSelf: false);
    }

    /// <summary>this -= a number in place.</summary>
    public Tensor SubInPlace(double other) => SubInPlace(WrapScalar(other));

    /// <summary>this *= other in place, like <c>x.mul_(other)</c>.</summary>
    public Tensor MulInPlace(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return UpdateInPlace<MulOp>(other, 1, x => x.Mul(other), savesSelf: true);
    }

    /// <summary>this *= a number in place.</summary>
    public Tensor MulInPlace(double other) => MulInPlace(WrapScalar(other));

    /// <summary>this /= other in place, like <c>x.div_(other)</c>.</summary>
    public Tensor DivInPlace(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return UpdateInPlace<DivOp>(other, 1, x => x.Div(other), savesSelf: true);
    }

    /// <summary>this /= a number in place.</summary>
    public Tensor DivInPlace(double other) => DivInPlace(WrapScalar(other));

    /// <summary>Sets every element to zero, like <c>x.zero_()</c>.</summary>
    public Tensor ZeroInPlace() => FillCore(0, Derivatives.Zero_);

    /// <summary>Sets every element to <paramref name="value"/>, like <c>x.fill_(value)</c>.</summary>
    public Tensor FillInPlace(double value) => FillCore(value, Derivatives.Fill_);

    private Tensor FillCore(double value, Derivative<NoArgs> row)
    {
        CheckInPlaceAllowed();
        bool record = ShouldRecord([this]);
        if (record && Base is not null) return UpdateViewInPlace(v => v * 0 + value, savesSelf: false);
        var node = record ? row.Node(this, [this], default) : null;   // made before the write: its edge is the old history
        Compute.FillInto(this, value);
        Storage.Version++;
        if (record) SetHistory(node);
        return this;
    }

    /// <summary>Copies <paramref name="source"/> (broadcast, converted) into this tensor, like <c>x.copy_(source)</c>.</summary>
    public Tensor CopyFromInPlace(Tensor source)
    {
        ArgumentNullException.ThrowIfNull(source);
        CheckInPlaceAllowed();
        CheckBroadcastsToSelf(source);
        bool record = ShouldRecord([this, source]);
        // a view written with a dual source (forward mode) goes through CopySlices too, which carries the tangent
        bool dual = ForwardGrad.AnyLevelOpen && (source.Tangents is { Count: > 0 } || Tangents is { Count: > 0 });
        if ((record || dual) && Base is not null) return UpdateViewInPlace(v => v * 0 + source, savesSelf: false);
        var node = record ? Derivatives.Copy_.Node(this, [this, source], default) : null;
        Compute.CopyInto(this, source.Storage == Storage ? Compute.Clone(source) : source);
        Storage.Version++;
        if (record) SetHistory(node);
        return this;
    }

    /// <summary>
    /// The shared path of the arithmetic updates: a kernel writing straight into this tensor when
    /// nothing records, else the out-of-place op whose node becomes this tensor's history.
    /// </summary>
    private Tensor UpdateInPlace<TOp>(Tensor other, double alpha, Func<Tensor, Tensor> outOfPlace, bool savesSelf) where TOp : IBinaryOp
    {
        CheckInPlaceAllowed();
        CheckBroadcastsToSelf(other);
        var dtype = DTypes.ResultType(this, other);
        if (typeof(TOp) == typeof(DivOp) && !dtype.IsFloatingPoint()) dtype = DTypes.DefaultFloat;
        if (!CanCast(dtype, DType))
            throw new ArgumentException($"result type {dtype.Name()} can't be cast to the desired output type {DType.Name()} (in-place update of a {DType.Name()} tensor by a {other.DType.Name()} operand)");
        if (ShouldRecord([this, other]) || Tangents is not null || other.Tangents is not null)
            return RecordInPlace(outOfPlace, savesSelf);
        if (dtype == DType && other.Storage != Storage)
            Compute.BinaryInto<TOp>(this, this, Compute.Cast(Scaled(other, alpha), DType));
        else
            Compute.CopyInto(this, outOfPlace(this));
        Storage.Version++;
        return this;
    }

    /// <summary>
    /// An in-place update while recording (or carrying tangents): the out-of-place op's result is written
    /// into this tensor and its node becomes this tensor's history (PyTorch's rebase_history).
    /// <paramref name="savesSelf"/>: the op's rule reads the old value, which is then kept as a copy.
    /// </summary>
    private Tensor RecordInPlace(Func<Tensor, Tensor> outOfPlace, bool savesSelf)
    {
        if (Base is not null) return UpdateViewInPlace(outOfPlace, savesSelf);
        var result = outOfPlace(savesSelf ? CopyWithHistory() : this);
        Compute.CopyInto(this, result);
        Storage.Version++;
        SetHistory(result.GradFn, result.OutputNr);
        Tangents = result.Tangents;   // forward mode: the updated tensor carries the result's tangents
        return this;
    }

    /// <summary>
    /// An in-place update of a view while recording: the base's new value is recorded as one node named as
    /// PyTorch's, <c>CopySlices</c>, of the old base (its gradient outside the view's place) and the updated
    /// region (the gradient at the view's place); the data is written through the view, and base and view
    /// take that history.
    /// </summary>
    private Tensor UpdateViewInPlace(Func<Tensor, Tensor> newRegion, bool savesSelf)
    {
        var b = Base!;
        if (!b.IsContiguous)
            throw new NotSupportedException("In-place operations on a view of a non-contiguous tensor that requires grad are not supported; Clone() the base first.");
        var geometry = new StridedGeometry(ShapeArray, StrideArray, Offset - b.Offset);
        Tensor Region(Tensor t) => t.Contiguous().StridedView(geometry);
        var oldBase = savesSelf ? b.CopyWithHistory() : b;
        var region = Region(oldBase);
        var updated = newRegion(region);
        var newValue = Compute.Clone(oldBase);
        Compute.CopyInto(newValue.ViewAs(ShapeArray, StrideArray, newValue.Offset + geometry.Offset), updated);
        var newBase = Derivatives.CopySlices.Record(newValue, [oldBase, updated], geometry);
        Compute.CopyInto(this, updated);
        Storage.Version++;
        b.SetHistory(newBase.GradFn, newBase.OutputNr);
        b.Tangents = newBase.Tangents;   // forward mode: the base carries CopySlices' tangents, the view its region of them
        var view = Region(b);
        SetHistory(view.GradFn, view.OutputNr);
        Tangents = view.Tangents;
        return this;
    }

    /// <summary>A view of a contiguous tensor with explicit geometry (offset relative to its start), like <c>as_strided</c>.</summary>
    internal Tensor StridedView(StridedGeometry view)
        => Derivatives.AsStrided.Record(ViewAs(view.Shape, view.Strides, Offset + view.Offset), [this], view);

    /// <summary>as_strided's backward: this gradient written into the viewed region of zeros of <paramref name="shape"/>.</summary>
    internal Tensor AsStridedBackward(int[] shape, StridedGeometry view)
        => Derivatives.AsStridedBackward.Record(EmbeddedIn(shape, t => t.Contiguous().StridedView(view)), [this], view);

    /// <summary>A private copy of the data that carries this tensor's place in the graph (for rules that save the input).</summary>
    private Tensor CopyWithHistory()
    {
        var copy = Compute.Clone(this);
        copy.SetHistory(_gradFn, _outputNr);
        copy.Tangents = Tangents;
        return copy;
    }

    private void CheckInPlaceAllowed()
    {
        if (IsInference && !GradMode.IsInference)
            throw new InvalidOperationException(
                "In-place update to an inference tensor outside InferenceMode is not allowed (it was created under Autograd.InferenceMode()). Clone() it to get a normal tensor before the in-place update.");
        for (int d = 0; d < Dim; d++)
            if (StrideArray[d] == 0 && ShapeArray[d] > 1)
                throw new InvalidOperationException(
                    $"unsupported operation: more than one element of the written-to tensor (shape {ShapeMath.Format(ShapeArray)}, strides {ShapeMath.Format(StrideArray)}) refers to a single memory location. Please Clone() the tensor before performing the operation.");
        if (!GradMode.IsEnabled) return;
        if (MultiOutputViewOrigin is { } origin)
            throw new InvalidOperationException(
                $"{origin} is a view and is being modified inplace. This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one.");
        if (IsLeaf && _requiresGrad)
            throw new InvalidOperationException(
                "a leaf Variable that requires grad is being used in an in-place operation. Update parameters inside `using (Autograd.NoGrad()) { ... }`, or use the out-of-place form.");
        if (Base is { } b && b.IsLeaf && b._requiresGrad)
            throw new InvalidOperationException(
                "a view of a leaf Variable that requires grad is being used in an in-place operation. Update it inside `using (Autograd.NoGrad()) { ... }`.");
    }

    private void CheckBroadcastsToSelf(Tensor other)
    {
        if (!ShapeMath.SameShape(ShapeMath.Broadcast(ShapeArray, other.ShapeArray), ShapeArray))
            throw new ArgumentException(
                $"output with shape {ShapeMath.Format(ShapeArray)} doesn't match the broadcast shape {ShapeMath.Format(ShapeMath.Broadcast(ShapeArray, other.ShapeArray))} (operand shape {ShapeMath.Format(other.ShapeArray)})");
    }

    // PyTorch's canCast: no float → integer, and nothing non-bool → bool.
    private static bool CanCast(DType from, DType to)
        => !(from.IsFloatingPoint() && !to.IsFloatingPoint()) && !(from != DType.Bool && to == DType.Bool);
}
