using Nabla.Onnx.Export;
using Nabla.Onnx.Model;
using Nabla.Onnx.Tracing;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// batch_norm with running statistics (evaluation mode) as BatchNormalization, and layer_norm as
/// LayerNormalization (opset 17). Both take inputs [input, weight?, bias?] and <see cref="NormArgs"/>.
/// </summary>
internal static class Normalization
{
    public static readonly OpMapping BatchNorm = new(c =>
    {
        var a = c.Args<NormArgs>();
        if (a.BatchStatistics)
            throw c.Unsupported("normalises with the batch's own statistics (training mode, or trackRunningStats: false): " +
                "ONNX's BatchNormalization takes running statistics. Export a model with running statistics (the exporter runs it in Eval mode).");
        var (mean, variance) = RunningStatistics(c.Op, c.Ops) ?? throw c.Unsupported("could not find the running mean and variance it was given.");
        var dtype = c.ResultType;
        int channels = c.InputTensor(0).Size(1);
        c.Bind(c.Node("BatchNormalization",
            [c.Input(0, dtype), Affine(c, 1, channels, 1), Affine(c, 2, channels, 0), c.Value(mean, "running_mean"), c.Value(variance, "running_var")],
            OnnxAttribute.Of("epsilon", (float)a.Eps)));
    }, (op, ops) => OpMapping.Inputs(op).Concat(RunningStatistics(op, ops) is var (m, v) ? [m, v] : []));

    public static readonly OpMapping LayerNorm = new(c =>
    {
        var a = c.Args<NormArgs>();
        var dtype = c.ResultType;
        int normalized = a.ParamShape.Length;
        string scale = c.HasInput(1) ? c.Input(1, dtype) : c.Constant(Tensor.Ones(a.ParamShape, dtype));   // ONNX needs a scale
        string[] bias = c.HasInput(2) ? [c.Input(2, dtype)] : [];
        c.Bind(c.Node("LayerNormalization", [c.Input(0, dtype), scale, .. bias], OnnxAttribute.Of("axis", (long)-normalized), OnnxAttribute.Of("epsilon", (float)a.Eps)));
    });

    // γ or β of batch norm, or the constant that stands for it (ones or zeros) when the layer has none.
    private static string Affine(EmitContext c, int input, int channels, double absent)
        => c.HasInput(input) ? c.Input(input, c.ResultType) : c.Constant(Tensor.Full([channels], absent, c.ResultType));

    // In evaluation mode the op saved the mean and 1/√(var + eps) computed from the running buffers by
    // traced views, conversions and arithmetic (running_mean.View(...), (running_var.View(...) + eps).Pow(-0.5)):
    // the buffers are the leaves at the ends of those chains.
    private static (ValueRef Mean, ValueRef Variance)? RunningStatistics(TracedOp op, IReadOnlyList<TracedOp> ops)
        => (Root(op.SavedRef(Slot.Result1), ops), Root(op.SavedRef(Slot.Result2), ops)) is ({ } mean, { } variance) ? (mean, variance) : null;

    private static ValueRef? Root(ValueRef value, IReadOnlyList<TracedOp> ops)
    {
        while (value.IsOpOutput && ops[value.Op].Name is "ViewBackward0" or "ToCopyBackward0" or "AddBackward0" or "PowBackward0")
            value = ops[value.Op].Inputs[0];
        return value.IsLeaf ? value : null;
    }
}
