namespace Nabla;

/// <summary>The gradient of one input from the output gradient <paramref name="grad"/> (null: none).</summary>
internal delegate Tensor? Formula<TArgs>(OpNode<TArgs> n, Tensor grad);

/// <summary>The gradients of all inputs at once, for ops whose gradients share work (conv, norms, cat).</summary>
internal delegate Tensor?[] JointFormula<TArgs>(OpNode<TArgs> n, Tensor grad);

/// <summary>The gradients of all inputs of a multi-output op from its outputs' gradients (null where an output got none).</summary>
internal delegate Tensor?[] OutputsFormula<TArgs>(OpNode<TArgs> n, Tensor?[] grads);

/// <summary>The argument type of an op that has none.</summary>
internal readonly record struct NoArgs;

/// <summary>
/// A row of the derivative table: PyTorch's node name and how each input's gradient follows from the
/// output gradient, reading saved values by name. See <see cref="Derivative{TArgs}"/>.
/// </summary>
internal abstract class Derivative(string name)
{
    private protected Slot[] _inputs = [];

    /// <summary>PyTorch's node name (<c>MulBackward0</c>).</summary>
    public string Name { get; } = name;

    /// <summary>Where the input named <paramref name="input"/> is in the op's input list (-1: not an input of this op).</summary>
    public int IndexOf(Slot input)
    {
        for (int i = 0; i < _inputs.Length; i++) if (_inputs[i] == input) return i;   // two or three names: a loop beats Array.IndexOf's comparer
        return -1;
    }

    public override string ToString() => Name;
}

/// <summary>
/// A row of the derivative table (<see cref="Derivatives"/>), PyTorch's <c>derivatives.yaml</c> in C#:
/// the node name, then a formula per input (<c>Grad</c>), or one for all inputs
/// (<see cref="Joint"/>), each declaring the saved values it reads. Formulas are tensor code, so
/// that a graph of the backward pass can be recorded (double backward) and forward mode can be
/// derived from them. <typeparamref name="TArgs"/> holds the op's non-tensor arguments.
/// </summary>
internal sealed class Derivative<TArgs>(string name) : Derivative(name)
{
    private Slot[] _reads = [];
    private Formula<TArgs>[] _formulas = [];
    private JointFormula<TArgs>? _joint;
    private OutputsFormula<TArgs>? _ofOutputs;
    private Slot _jointReads;
    private bool _variadic;

    /// <summary>Adds the next input, <paramref name="input"/>, whose gradient is <paramref name="formula"/>, reading the saved <paramref name="reads"/>.</summary>
    public Derivative<TArgs> Grad(Slot input, Slot reads, Formula<TArgs> formula)
    {
        _inputs = [.. _inputs, input];
        _reads = [.. _reads, reads];
        _formulas = [.. _formulas, formula];
        return this;
    }

    /// <summary>Adds the next input, whose gradient reads nothing saved.</summary>
    public Derivative<TArgs> Grad(Slot input, Formula<TArgs> formula) => Grad(input, Slot.None, formula);

    /// <summary>The inputs <paramref name="inputs"/> (trailing ones may be omitted, as an optional bias), all differentiated by one <paramref name="formula"/>.</summary>
    public Derivative<TArgs> Joint(Slot[] inputs, Slot reads, JointFormula<TArgs> formula)
    {
        _inputs = inputs;
        _jointReads = reads;
        _joint = formula;
        return this;
    }

    /// <summary>Any number of inputs (cat, stack), differentiated by one formula.</summary>
    public Derivative<TArgs> Variadic(Slot reads, JointFormula<TArgs> formula)
    {
        _variadic = true;
        _jointReads = reads;
        _joint = formula;
        return this;
    }

    /// <summary>A multi-output op's inputs, differentiated by one formula over the gradients of every output.</summary>
    public Derivative<TArgs> OfOutputs(Slot[] inputs, Slot reads, OutputsFormula<TArgs> formula)
    {
        _inputs = inputs;
        _jointReads = reads;
        _ofOutputs = formula;
        return this;
    }

    /// <summary>
    /// Records this op as the history of <paramref name="result"/>, computed from <paramref name="inputs"/>
    /// (when grad mode is on and an input requires grad), and gives it forward-mode tangents (when a dual
    /// level is open). <paramref name="saved"/> offers values that are neither inputs nor the result.
    /// </summary>
    public Tensor Record(Tensor result, ReadOnlySpan<Tensor> inputs, TArgs args, params ReadOnlySpan<(Slot, Tensor)> saved)
    {
        Record(new ReadOnlySpan<Tensor>(in result), inputs, args, saved);
        return result;
    }

    /// <summary>Records a multi-output op: output k becomes output k of one node.</summary>
    public void Record(ReadOnlySpan<Tensor> results, ReadOnlySpan<Tensor> inputs, TArgs args, params ReadOnlySpan<(Slot, Tensor)> saved)
    {
        if (OpTracer.Current is { } tracer) tracer.OnOp(this, args, results, inputs, saved);
        if (!results[0].DType.IsFloatingPoint()) return;
        CheckInputCount(inputs.Length);
        if (Tensor.ShouldRecord(inputs))
        {
            var node = NewNode(EdgesOf(inputs), results, inputs, args, saved);
            for (int k = 0; k < results.Length; k++) results[k].SetHistory(node, k);
        }
        // After the history: a formula that uses the result then connects the tangent to the graph too.
        if (ForwardGrad.AnyLevelOpen) ForwardGrad.Propagate(this, results, inputs, args, saved);
    }

    /// <summary>The node this op would record, without attaching it (in-place ops attach it after writing).</summary>
    public OpNode<TArgs> Node(Tensor result, ReadOnlySpan<Tensor> inputs, TArgs args)
    {
        CheckInputCount(inputs.Length);
        return NewNode(EdgesOf(inputs), new ReadOnlySpan<Tensor>(in result), inputs, args, []);
    }

    /// <summary>
    /// A node with the given edges, saving exactly what the formulas of the inputs with an edge read
    /// (so that, as in PyTorch, <c>x * 2</c> keeps no reference to <c>x</c>).
    /// </summary>
    internal OpNode<TArgs> NewNode((Node?, int)[] edges, ReadOnlySpan<Tensor> results, ReadOnlySpan<Tensor> inputs, TArgs args,
        ReadOnlySpan<(Slot, Tensor)> saved)
    {
        var reads = Slot.None;
        for (int i = 0; i < edges.Length; i++)
            if (edges[i].Item1 is not null) reads |= _formulas.Length > 0 ? _reads[i] : _jointReads;
        return new OpNode<TArgs>(this, edges, inputs, Save(reads, results, inputs, saved), results.Length, args);
    }

    private (Slot, SavedTensor)[] Save(Slot reads, ReadOnlySpan<Tensor> results, ReadOnlySpan<Tensor> inputs, ReadOnlySpan<(Slot, Tensor)> saved)
    {
        if (reads == Slot.None) return [];
        var values = new (Slot, SavedTensor)[System.Numerics.BitOperations.PopCount((ulong)reads)];
        int k = 0;
        for (ulong bits = (ulong)reads; bits != 0; bits &= bits - 1)
        {
            var slot = (Slot)(bits & (~bits + 1));
            if (Find(slot, results, inputs, saved) is { } value) values[k++] = (slot, new SavedTensor(value));   // null: an optional value not given
        }
        return k == values.Length ? values : values[..k];
    }

    private Tensor? Find(Slot slot, ReadOnlySpan<Tensor> results, ReadOnlySpan<Tensor> inputs, ReadOnlySpan<(Slot, Tensor)> saved)
    {
        int i = IndexOf(slot);
        if (i >= 0) return i < inputs.Length ? inputs[i] : null;   // an optional input (a bias) may be null or omitted
        int output = slot switch { Slot.Result => 0, Slot.Result1 => 1, Slot.Result2 => 2, _ => -1 };
        if (output >= 0 && output < results.Length) return results[output];
        foreach (var (name, value) in saved)
            if (name == slot) return value;
        throw new InvalidOperationException($"{Name}: a formula reads {slot}, which the op neither takes as an input nor passed to Record");
    }

    private void CheckInputCount(int count)
    {
        if (!_variadic && (count > _inputs.Length || count == 0))
            throw new InvalidOperationException($"{Name} takes up to {_inputs.Length} inputs, got {count}");
    }

    private static (Node?, int)[] EdgesOf(ReadOnlySpan<Tensor> inputs)
    {
        var edges = new (Node?, int)[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) edges[i] = inputs[i]?.GradientEdge() ?? (null, 0);   // null: an optional input not given
        return edges;
    }

    /// <summary>The gradients of the inputs of <paramref name="n"/>, one per input (null: not needed).</summary>
    internal Tensor?[] Apply(OpNode<TArgs> n, Tensor?[] gradOutputs)
    {
        if (_ofOutputs is not null)
            return Array.TrueForAll(gradOutputs, g => g is null) ? new Tensor?[n.Edges.Length] : _ofOutputs(n, gradOutputs);
        if (gradOutputs[0] is not { } grad) return new Tensor?[n.Edges.Length];
        if (_joint is not null) return _joint(n, grad);
        var grads = new Tensor?[n.Edges.Length];
        for (int i = 0; i < grads.Length; i++)
            if (n.Needs(i)) grads[i] = _formulas[i](n, grad);
        return grads;
    }
}

/// <summary>The recording calls of ops without arguments.</summary>
internal static class DerivativeExtensions
{
    extension(Derivative<NoArgs> derivative)
    {
        /// <summary>Records the op as <paramref name="result"/>'s history (see <see cref="Derivative{TArgs}.Record(Tensor, ReadOnlySpan{Tensor}, TArgs, ReadOnlySpan{ValueTuple{Slot, Tensor}})"/>).</summary>
        public Tensor Record(Tensor result, params ReadOnlySpan<Tensor> inputs) => derivative.Record(result, inputs, default);
    }
}
