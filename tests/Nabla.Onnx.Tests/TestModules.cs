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
