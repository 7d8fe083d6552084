namespace Nabla;

/// <summary>
/// The node of a built-in op: a row of the derivative table (<see cref="Derivatives"/>) together with
/// what the op saved for it: the saved values by name, its inputs' shapes and dtypes (to reduce
/// broadcast gradients and check them) and, in <see cref="OpNode{TArgs}"/>, the op's arguments.
/// </summary>
internal abstract class OpNode : Node
{
    private readonly Derivative _derivative;
    private readonly (Slot Slot, SavedTensor Value)[] _saved;
    private readonly (int[] Shape, DType DType)[] _inputs;   // one array for both: one allocation fewer per op
    private readonly int _outputCount;

    private protected OpNode(Derivative derivative, (Node?, int)[] edges, ReadOnlySpan<Tensor> inputs,
        (Slot, SavedTensor)[] saved, int outputCount) : base(edges)
    {
        _derivative = derivative;
        _saved = saved;
        _outputCount = outputCount;
        _inputs = new (int[], DType)[inputs.Length];
        for (int i = 0; i < inputs.Length; i++) _inputs[i] = inputs[i] is { } t ? (t.ShapeArray, t.DType) : (null!, default);   // an optional input not given
    }

    public override string Name => _derivative.Name;

    internal override int OutputCount => _outputCount;

    /// <summary>A saved value by its name, checked against in-place changes and freeing.</summary>
    /// <exception cref="InvalidOperationException">When the op did not save it: no formula of an input that needs a gradient declared it.</exception>
    public Tensor this[Slot slot]
    {
        get
        {
            foreach (var (name, value) in _saved)
                if (name == slot) return value.Unpack(this);
            throw new InvalidOperationException($"{Name} did not save {slot}: no formula of an input that needs a gradient reads it.");
        }
    }

    /// <summary>A saved value the op may lack (an optional weight): null when it was not given.</summary>
    public Tensor? Optional(Slot slot)
    {
        foreach (var (name, value) in _saved)
            if (name == slot) return value.Unpack(this);
        return null;
    }

    /// <summary>The saved <c>self</c>.</summary>
    public Tensor Self => this[Slot.Self];

    /// <summary>The saved <c>other</c>.</summary>
    public Tensor Other => this[Slot.Other];

    /// <summary>The saved output.</summary>
    public Tensor Result => this[Slot.Result];

    /// <summary>Whether input <paramref name="i"/> needs a gradient (PyTorch's <c>needs_input_grad</c>).</summary>
    public bool Needs(int i) => i < Edges.Length && Edges[i].Node is not null;

    /// <summary>Whether the input named <paramref name="input"/> was given and needs a gradient.</summary>
    public bool Needs(Slot input) => Needs(_derivative.IndexOf(input));

    public int[] InputShape(int i) => _inputs[i].Shape;

    public int[] InputShape(Slot input) => _inputs[_derivative.IndexOf(input)].Shape;

    public DType InputDType(int i) => _inputs[i].DType;

    /// <summary>How many inputs the op was given (a variadic op such as cat, or one with an optional bias).</summary>
    public int InputCount => _inputs.Length;

    /// <summary>Whether a saved-tensors hooks scope packed what this node saved (its formulas then see the hooks' tensors).</summary>
    public bool PackedSaves
    {
        get
        {
            foreach (var (_, value) in _saved) if (value.IsPacked) return true;
            return false;
        }
    }

    internal override bool HasTrustedRule => !PackedSaves;

    internal override Tensor?[] Apply(Tensor?[] gradOutputs)
    {
        var grads = Formulas(gradOutputs);
        if (grads.Length != Edges.Length)
            throw new InvalidOperationException($"{Name} returned {grads.Length} gradients for {Edges.Length} inputs");
        for (int i = 0; i < grads.Length; i++)
            grads[i] = grads[i] is { } g && Needs(i) ? Gradients.Conform(Name, g, i, _inputs[i].Shape, _inputs[i].DType) : null;
        return grads;
    }

    /// <summary>The table row's formulas applied to the output gradients: one gradient (or null) per input.</summary>
    private protected abstract Tensor?[] Formulas(Tensor?[] gradOutputs);

    internal override void Release()
    {
        for (int i = 0; i < _saved.Length; i++) _saved[i].Value.Release();
    }
}

/// <summary>An <see cref="OpNode"/> with the op's non-tensor arguments (dims, scalars, geometry) as <see cref="Args"/>.</summary>
internal sealed class OpNode<TArgs> : OpNode
{
    private readonly Derivative<TArgs> _derivative;

    public OpNode(Derivative<TArgs> derivative, (Node?, int)[] edges, ReadOnlySpan<Tensor> inputs, (Slot, SavedTensor)[] saved,
        int outputCount, TArgs args) : base(derivative, edges, inputs, saved, outputCount)
    {
        _derivative = derivative;
        Args = args;
    }

    /// <summary>The op's arguments, as the forward call received them.</summary>
    public TArgs Args { get; }

    private protected override Tensor?[] Formulas(Tensor?[] gradOutputs) => _derivative.Apply(this, gradOutputs);
}
