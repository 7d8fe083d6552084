using Nabla.NN;

namespace Nabla.Onnx.Tests;

/// <summary>A module whose Forward is a function: one op case of the export tests.</summary>
internal sealed class Lambda(Func<Tensor, Tensor> forward) : Module
{
    public override Tensor Forward(Tensor input) => forward(input);
}

/// <summary>A module whose Forward reads a bool mask and int64 indices that it holds as buffers (exported as initializers).</summary>
internal sealed class IndexingModule : Module
{
    public IndexingModule()
    {
        Mask = RegisterBuffer("mask", Tensor.FromArray<bool>([true, false, true, true, false, false, true, false, true, true, true, false], [3, 4]));
        Index = RegisterBuffer("index", Tensor.FromArray<long>([3, 0, 1, 1, 2, 0, 0, 3, 2, 1, 3, 3], [2, 3, 2]));
        Rows = RegisterBuffer("rows", Tensor.FromArray(new long[] { 2, 0 }));
    }

    public Tensor Mask { get; }

    public Tensor Index { get; }

    public Tensor Rows { get; }

    public override Tensor Forward(Tensor input) => Tensor.Cat(
    [
        input.Where(Mask, input * 0.5).Reshape(-1),
        input.Gather(2, Index).Reshape(-1),
        input.IndexSelect(1, Rows).Reshape(-1),
        input.ScatterAdd(2, Index, input.Narrow(2, 0, 2)).Reshape(-1),
    ]);
}

/// <summary>A module that hides scores with masked_fill through a bool mask it holds as a buffer.</summary>
internal sealed class MaskedFillModule : Module
{
    public MaskedFillModule() => Mask = RegisterBuffer("mask", Tensor.Ones([3, 4], DType.Bool).Triu(1));

    public Tensor Mask { get; }

    public override Tensor Forward(Tensor input) => input.MaskedFill(Mask, -1e4).Softmax(-1) + input.MaskedFill(Mask, 0.5);
}

/// <summary>Self-attention of a sequence: the attention module with the input as query, key and value.</summary>
internal sealed class SelfAttention : Module
{
    private readonly bool _needWeights;

    public SelfAttention(MultiheadAttention attention, bool needWeights)
    {
        Attention = RegisterModule("attention", attention);
        _needWeights = needWeights;
    }

    public MultiheadAttention Attention { get; }

    public override Tensor Forward(Tensor input) => Attention.Forward(input, input, input, needWeights: _needWeights).AttnOutput;
}

/// <summary>A transformer encoder over [N, 6, E] sequences, masked causally (isCausal) or by a float mask of -∞ above the diagonal held as a buffer.</summary>
internal sealed class Encoder : Module
{
    private readonly bool _causal;

    public Encoder(TransformerEncoder encoder, bool causal)
    {
        Stack = RegisterModule("stack", encoder);
        _causal = causal;
        Mask = RegisterBuffer("mask", Tensor.Zeros(6, 6).MaskedFill(Tensor.Ones([6, 6], DType.Bool).Triu(1), double.NegativeInfinity));
    }

    public TransformerEncoder Stack { get; }

    public Tensor Mask { get; }

    public override Tensor Forward(Tensor input) => _causal ? Stack.Forward(input, null, isCausal: true) : Stack.Forward(input, Mask);
}

/// <summary>A module around another whose Forward takes or returns more than one tensor (a recurrent layer): the function picks one.</summary>
internal sealed class Wrapper<TModule> : Module where TModule : Module
{
    private readonly Func<TModule, Tensor, Tensor> _forward;

    public Wrapper(TModule inner, Func<TModule, Tensor, Tensor> forward)
    {
        Inner = RegisterModule("inner", inner);
        _forward = forward;
    }

    public TModule Inner { get; }

    public override Tensor Forward(Tensor input) => _forward(Inner, input);
}
