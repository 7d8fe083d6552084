namespace Nabla.NN;

/// <summary>
/// What <see cref="Rnn"/>, <see cref="Lstm"/> and <see cref="Gru"/> share, like <c>torch.nn.RNNBase</c>: the
/// settings, the parameters under PyTorch's names and shapes (so that a state dict moves between the two),
/// their initialisation, the input checks and the run over the layers and directions.
/// </summary>
/// <remarks>
/// Per layer k and direction (suffix <c>_reverse</c> for the second), in this order: <c>weight_ih_l{k}</c>
/// [G·H, in] (in = inputSize for layer 0, D·Hout after), <c>weight_hh_l{k}</c> [G·H, Hout], <c>bias_ih_l{k}</c>
/// and <c>bias_hh_l{k}</c> [G·H] (with <c>bias</c>), and for an LSTM with projections <c>weight_hr_l{k}</c>
/// [P, H]; G is 4 for an LSTM (gates i, f, g, o), 3 for a GRU (r, z, n), 1 for an Elman RNN, and Hout is P with
/// projections, else H. Every parameter starts uniform in [-1/√H, 1/√H], as in PyTorch.
/// </remarks>
public abstract class RnnBase : Module
{
    private readonly CellKind _kind;
    private readonly Parameter?[][] _weights;   // per layer and direction: w_ih, w_hh, b_ih, b_hh, w_hr (null where absent)

    private protected RnnBase(CellKind kind, int inputSize, int hiddenSize, int numLayers, bool bias, bool batchFirst,
        double dropout, bool bidirectional, int projSize, Generator? generator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputSize);
        if (hiddenSize <= 0) throw new ArgumentOutOfRangeException(nameof(hiddenSize), $"hidden_size must be greater than zero, but got {hiddenSize}");
        if (numLayers <= 0) throw new ArgumentOutOfRangeException(nameof(numLayers), $"num_layers must be greater than zero, but got {numLayers}");
        if (!(dropout >= 0 && dropout <= 1))
            throw new ArgumentOutOfRangeException(nameof(dropout), $"dropout should be a number in range [0, 1] representing the probability of an element being zeroed, but got {dropout}");
        if (projSize < 0) throw new ArgumentOutOfRangeException(nameof(projSize), "proj_size should be a positive integer or zero to disable projections");
        if (projSize >= hiddenSize) throw new ArgumentOutOfRangeException(nameof(projSize), $"proj_size has to be smaller than hidden_size (got proj_size={projSize}, hidden_size={hiddenSize})");
        _kind = kind;
        (InputSize, HiddenSize, NumLayers, Bias, BatchFirst, Dropout, Bidirectional, ProjSize) =
            (inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, projSize);
        int directions = bidirectional ? 2 : 1, gates = kind.Gates * hiddenSize;
        _weights = new Parameter?[numLayers * directions][];
        for (int layer = 0; layer < numLayers; layer++)
            for (int d = 0; d < directions; d++)
            {
                string suffix = $"_l{layer}{(d == 1 ? "_reverse" : "")}";
                int layerInput = layer == 0 ? inputSize : OutputSize * directions;
                _weights[layer * directions + d] =
                [
                    Register($"weight_ih{suffix}", gates, layerInput),
                    Register($"weight_hh{suffix}", gates, OutputSize),
                    bias ? Register($"bias_ih{suffix}", gates) : null,
                    bias ? Register($"bias_hh{suffix}", gates) : null,
                    projSize > 0 ? Register($"weight_hr{suffix}", projSize, hiddenSize) : null,
                ];
            }
        ResetParameters(generator);
    }

    /// <summary>The number of features of each input step (<c>input_size</c>).</summary>
    public int InputSize { get; }

    /// <summary>The number of features of the hidden state h (and the cell state c of an LSTM) (<c>hidden_size</c>).</summary>
    public int HiddenSize { get; }

    /// <summary>The number of stacked layers (<c>num_layers</c>).</summary>
    public int NumLayers { get; }

    /// <summary>Whether the layers have the biases b_ih and b_hh (<c>bias</c>).</summary>
    public bool Bias { get; }

    /// <summary>Whether inputs and outputs are [B, T, features] instead of [T, B, features] (<c>batch_first</c>); states are always [layers·directions, B, features].</summary>
    public bool BatchFirst { get; }

    /// <summary>The dropout probability on the output of every layer but the last, in training mode (<c>dropout</c>).</summary>
    public double Dropout { get; }

    /// <summary>Whether each layer also runs the sequence backwards (<c>bidirectional</c>), doubling its output features.</summary>
    public bool Bidirectional { get; }

    /// <summary>The size of the LSTM's projected hidden state (<c>proj_size</c>), 0 for none.</summary>
    public int ProjSize { get; }

    /// <summary>The weights of each layer and direction in PyTorch's order (w_ih, w_hh, b_ih, b_hh, w_hr where present), like <c>all_weights</c>.</summary>
    public IReadOnlyList<IReadOnlyList<Parameter>> AllWeights => [.. _weights.Select(w => (IReadOnlyList<Parameter>)[.. w.OfType<Parameter>()])];

    /// <summary>The features of h: <see cref="ProjSize"/> with projections, else <see cref="HiddenSize"/>.</summary>
    private int OutputSize => ProjSize > 0 ? ProjSize : HiddenSize;

    /// <summary>Re-draws every parameter uniform in [-1/√H, 1/√H] as the constructor does, like <c>reset_parameters()</c>.</summary>
    public void ResetParameters(Generator? generator = null)
    {
        double bound = 1 / Math.Sqrt(HiddenSize);
        foreach (var p in Parameters()) Init.Uniform(p, -bound, bound, generator);
    }

    /// <summary>Does nothing: PyTorch's <c>flatten_parameters()</c> compacts the weights for cuDNN, which Nabla does not use. Kept so that ported code runs unchanged.</summary>
    public void FlattenParameters() { }

    /// <summary>The layers over a padded batch [T, B, in] ([B, T, in] with <see cref="BatchFirst"/>, [T, in] unbatched), from the initial states or zeros.</summary>
    private protected (Tensor Output, Tensor H, Tensor? C) ForwardPadded(Tensor input, Tensor? h0, Tensor? c0)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Dim is not (2 or 3))
            throw new ArgumentException($"{TypeName}: Expected input to be 2-D or 3-D but received {input.Dim}-D tensor", nameof(input));
        bool batched = input.Dim == 3;
        CheckStateRank(h0, c0, batched);
        if (!batched) (input, h0, c0) = (input.Unsqueeze(BatchFirst ? 0 : 1), h0?.Unsqueeze(1), c0?.Unsqueeze(1));
        var x = BatchFirst ? input.Transpose(0, 1) : input;
        int steps = x.Size(0), batch = x.Size(1);
        if (steps == 0) throw new ArgumentException("Expected sequence length to be larger than 0 in RNN", nameof(input));
        CheckInput(x);
        var (hx, cx) = InitialState(h0, c0, batch, x.DType);
        var (data, h, c) = Run(x.Reshape(steps * batch, x.Size(2)), [.. Enumerable.Repeat(batch, steps)], hx, cx);
        var output = data.View(steps, batch, data.Size(1));
        if (BatchFirst) output = output.Transpose(0, 1);
        return batched ? (output, h, c) : (output.Squeeze(BatchFirst ? 0 : 1), h.Squeeze(1), c?.Squeeze(1));
    }

    /// <summary>The layers over a packed batch; the states are in the batch's original order, each sequence's final state taken at its own last step.</summary>
    private protected (PackedSequence Output, Tensor H, Tensor? C) ForwardPacked(PackedSequence input, Tensor? h0, Tensor? c0)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Data.Dim != 2) throw new ArgumentException($"input must have 2 dimensions, got {input.Data.Dim}", nameof(input));
        CheckStateRank(h0, c0, batched: true);
        CheckInput(input.Data);
        var (hx, cx) = InitialState(h0, c0, input.Steps[0], input.Data.DType);
        if (input.SortedIndices is { } sorted) (hx, cx) = (hx.IndexSelect(1, sorted), cx?.IndexSelect(1, sorted));
        var (data, h, c) = Run(input.Data, input.Steps, hx, cx);
        if (input.UnsortedIndices is { } unsorted) (h, c) = (h.IndexSelect(1, unsorted), c?.IndexSelect(1, unsorted));
        return (input.WithData(data), h, c);
    }

    /// <summary>The output and h of a layer without a cell state (GRU, RNN).</summary>
    private protected static (T Output, Tensor H) WithoutCell<T>((T Output, Tensor H, Tensor? C) result) => (result.Output, result.H);

    private (Tensor Output, Tensor H, Tensor? C) Run(Tensor data, int[] batchSizes, Tensor h0, Tensor? c0)
    {
        var layers = new CellWeights[NumLayers][];
        int directions = Bidirectional ? 2 : 1;
        for (int layer = 0; layer < NumLayers; layer++)
            layers[layer] = [.. _weights.Skip(layer * directions).Take(directions).Select(w => new CellWeights(w[0]!, w[1]!, w[2], w[3], w[4]))];
        return Recurrence.Run(_kind, layers, data, batchSizes, h0, c0, Training ? Dropout : 0);
    }

    private void CheckInput(Tensor x)
    {
        if (x.Size(-1) != InputSize)
            throw new ArgumentException($"input.size(-1) must be equal to input_size. Expected {InputSize}, got {x.Size(-1)}", "input");
        var dtype = _weights[0][0]!.DType;
        if (x.DType != dtype) throw new ArgumentException($"input must have the type torch.{dtype.Name()}, got type torch.{x.DType.Name()}", "input");
    }

    private void CheckStateRank(Tensor? h0, Tensor? c0, bool batched)
    {
        int rank = batched ? 3 : 2;
        string form = batched ? "batched 3-D" : "unbatched 2-D";
        if (_kind.HasCell && h0 is not null && (h0.Dim != rank || c0!.Dim != rank))
            throw new ArgumentException($"For {form} input, hx and cx should also be {rank}-D but got ({h0.Dim}-D, {c0!.Dim}-D) tensors", "hx");
        if (!_kind.HasCell && h0 is not null && h0.Dim != rank)
            throw new ArgumentException($"For {form} input, hx should also be {rank}-D but got {h0.Dim}-D tensor", "hx");
    }

    // The given initial states, checked against [L·D, B, Hout] and [L·D, B, H], or zeros.
    private (Tensor H, Tensor? C) InitialState(Tensor? h0, Tensor? c0, int batch, DType dtype)
    {
        int layers = NumLayers * (Bidirectional ? 2 : 1);
        int[] hShape = [layers, batch, OutputSize], cShape = [layers, batch, HiddenSize];
        var h = CheckState(h0, hShape, dtype, _kind.HasCell ? "hidden[0]" : "hidden") ?? Tensor.Zeros(hShape, dtype);
        if (!_kind.HasCell) return (h, null);
        return (h, CheckState(c0, cShape, dtype, "hidden[1]") ?? Tensor.Zeros(cShape, dtype));
    }

    private static Tensor? CheckState(Tensor? state, int[] shape, DType dtype, string name)
    {
        if (state is null) return null;
        if (!state.Shape.AsSpan().SequenceEqual(shape))
            throw new ArgumentException($"Expected {name} size {PythonRepr.Tuple(shape)}, got [{string.Join(", ", state.ShapeArray)}]", "hx");
        if (state.DType != dtype) throw new ArgumentException($"{name} must have the type torch.{dtype.Name()}, got type torch.{state.DType.Name()}", "hx");
        return state;
    }

    private Parameter Register(string name, params int[] shape) => RegisterParameter(name, new Parameter(Tensor.Empty(shape)));

    /// <inheritdoc/>
    protected override string ExtraRepr()
    {
        string s = $"{InputSize}, {HiddenSize}";
        if (ProjSize != 0) s += $", proj_size={ProjSize}";
        if (NumLayers != 1) s += $", num_layers={NumLayers}";
        if (!Bias) s += ", bias=False";
        if (BatchFirst) s += ", batch_first=True";
        if (Dropout != 0) s += $", dropout={PythonRepr.Float(Dropout)}";
        if (Bidirectional) s += ", bidirectional=True";
        return s;
    }
}
