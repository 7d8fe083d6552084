namespace Nabla.NN;

/// <summary>
/// What <see cref="RnnCell"/>, <see cref="LstmCell"/> and <see cref="GruCell"/> share, like <c>torch.nn.RNNCellBase</c>:
/// the parameters <c>weight_ih</c> [G·H, in], <c>weight_hh</c> [G·H, H], <c>bias_ih</c> and <c>bias_hh</c> [G·H]
/// (G = 1, 4 or 3, the gates in PyTorch's order), all starting uniform in [-1/√H, 1/√H], and one step of the cell.
/// </summary>
public abstract class RnnCellBase : Module
{
    private readonly CellKind _kind;

    private protected RnnCellBase(CellKind kind, int inputSize, int hiddenSize, bool bias, Generator? generator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputSize);
        if (hiddenSize <= 0) throw new ArgumentOutOfRangeException(nameof(hiddenSize), $"hidden_size must be greater than zero, but got {hiddenSize}");
        _kind = kind;
        (InputSize, HiddenSize, Bias) = (inputSize, hiddenSize, bias);
        WeightIh = RegisterParameter("weight_ih", new Parameter(Tensor.Empty([kind.Gates * hiddenSize, inputSize])));
        WeightHh = RegisterParameter("weight_hh", new Parameter(Tensor.Empty([kind.Gates * hiddenSize, hiddenSize])));
        BiasIh = bias ? RegisterParameter("bias_ih", new Parameter(Tensor.Empty([kind.Gates * hiddenSize]))) : null;
        BiasHh = bias ? RegisterParameter("bias_hh", new Parameter(Tensor.Empty([kind.Gates * hiddenSize]))) : null;
        ResetParameters(generator);
    }

    /// <summary>The number of features of the input (<c>input_size</c>).</summary>
    public int InputSize { get; }

    /// <summary>The number of features of the state (<c>hidden_size</c>).</summary>
    public int HiddenSize { get; }

    /// <summary>Whether the cell has the biases (<c>bias</c>).</summary>
    public bool Bias { get; }

    /// <summary>The input-to-hidden weights [G·H, in] (parameter <c>weight_ih</c>).</summary>
    public Parameter WeightIh { get; }

    /// <summary>The hidden-to-hidden weights [G·H, H] (parameter <c>weight_hh</c>).</summary>
    public Parameter WeightHh { get; }

    /// <summary>The input-to-hidden bias [G·H] (<c>bias_ih</c>), or null without biases.</summary>
    public Parameter? BiasIh { get; }

    /// <summary>The hidden-to-hidden bias [G·H] (<c>bias_hh</c>), or null without biases.</summary>
    public Parameter? BiasHh { get; }

    /// <summary>Re-draws every parameter uniform in [-1/√H, 1/√H] as the constructor does, like <c>reset_parameters()</c>.</summary>
    public void ResetParameters(Generator? generator = null)
    {
        double bound = 1 / Math.Sqrt(HiddenSize);
        foreach (var p in Parameters()) Init.Uniform(p, -bound, bound, generator);
    }

    /// <summary>
    /// One step from <paramref name="input"/> [B, in] (or [in] unbatched) and the states <paramref name="h0"/>,
    /// <paramref name="c0"/> [B, H] (zeros when null; c only for an LSTM cell), with PyTorch's checks.
    /// </summary>
    private protected (Tensor H, Tensor? C) Step(Tensor input, Tensor? h0, Tensor? c0)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Dim is not (1 or 2))
            throw new ArgumentException($"{TypeName}: Expected input to be 1-D or 2-D but received {input.Dim}-D tensor", nameof(input));
        bool batched = input.Dim == 2;
        if (!batched) (input, h0, c0) = (input.Unsqueeze(0), h0?.Unsqueeze(0), c0?.Unsqueeze(0));
        if (input.Size(1) != InputSize)
            throw new ArgumentException($"input has inconsistent input_size: got {input.Size(1)} expected {InputSize}", nameof(input));
        if (input.DType != WeightIh.DType)
            throw new ArgumentException($"input must have the type torch.{WeightIh.DType.Name()}, got type torch.{input.DType.Name()}", nameof(input));
        var state = new RecurrentState(CheckState(h0, input, "hidden0"), _kind.HasCell ? CheckState(c0, input, "hidden1") : null);
        var w = new CellWeights(WeightIh, WeightHh, BiasIh, BiasHh, null);
        var (h, c) = _kind.Step(_kind.InputGates(input, w), state, w);
        return batched ? (h, c) : (h.Squeeze(0), c?.Squeeze(0));
    }

    private Tensor CheckState(Tensor? state, Tensor input, string name)
    {
        if (state is null) return Tensor.Zeros([input.Size(0), HiddenSize], input.DType);
        if (state.Dim != 2 || state.Size(0) != input.Size(0))
            throw new ArgumentException($"Input batch size {input.Size(0)} doesn't match {name} batch size {(state.Dim == 0 ? 0 : state.Size(0))} (shape {state.Shape})", "hx");
        if (state.Size(1) != HiddenSize)
            throw new ArgumentException($"{name} has inconsistent hidden_size: got {state.Size(1)}, expected {HiddenSize}", "hx");
        if (state.DType != input.DType)
            throw new ArgumentException($"{name} must have the type torch.{input.DType.Name()}, got type torch.{state.DType.Name()}", "hx");
        return state;
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"{InputSize}, {HiddenSize}" + (Bias ? "" : ", bias=False");
}
