using Nabla.Onnx.Export;
using Nabla.Onnx.Model;
using Nabla.Onnx.Tracing;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// batch_norm with running statistics (evaluation mode) as BatchNormalization, instance norm (batch norm
/// of a [1, N·C, *] view) as InstanceNormalization, layer_norm as LayerNormalization (opset 17), group_norm
/// as InstanceNormalization over the groups. Batch and layer norm take inputs [input, weight?, bias?] and
/// <see cref="NormArgs"/>.
/// </summary>
internal static class Normalization
{
    public static readonly OpMapping BatchNorm = new(c =>
    {
        if (InstanceNormParts.Of(c.Op, c.Ops) is { } instance)
        {
            InstanceNorm(c, instance);
            return;
        }
        var a = c.Args<NormArgs>();
        if (a.BatchStatistics)
            throw c.Unsupported("normalises with the batch's own statistics (training mode, or trackRunningStats: false): " +
                "ONNX's BatchNormalization takes running statistics. Export a model with running statistics (the exporter runs it in Eval mode).");
        var (mean, variance) = RunningStatistics(c.Op, c.Ops, throughRepeats: false) ?? throw c.Unsupported("could not find the running mean and variance it was given.");
        var dtype = c.ResultType;
        int channels = c.InputTensor(0).Size(1);
        c.Bind(c.Node("BatchNormalization",
            [c.Input(0, dtype), Affine(c, 1, channels, 1), Affine(c, 2, channels, 0), c.Value(mean, "running_mean"), c.Value(variance, "running_var")],
            OnnxAttribute.Of("epsilon", (float)a.Eps)));
    }, (op, ops) => InstanceNormParts.Of(op, ops) is { } instance ? instance.Reads
        : OpMapping.Inputs(op).Concat(RunningStatistics(op, ops, throughRepeats: false) is var (m, v) ? [m, v] : []));

    public static readonly OpMapping LayerNorm = new(c =>
    {
        var a = c.Args<NormArgs>();
        var dtype = c.ResultType;
        int normalized = a.ParamShape.Length;
        string scale = c.HasInput(1) ? c.Input(1, dtype) : c.Constant(Tensor.Ones(a.ParamShape, dtype));   // ONNX needs a scale
        string[] bias = c.HasInput(2) ? [c.Input(2, dtype)] : [];
        c.Bind(c.Node("LayerNormalization", [c.Input(0, dtype), scale, .. bias], OnnxAttribute.Of("axis", (long)-normalized), OnnxAttribute.Of("epsilon", (float)a.Eps)));
    });

    /// <summary>
    /// group_norm (inputs [input, weight?, bias?], <c>Args</c>: <see cref="GroupNormArgs"/>): the input reshaped to
    /// [N, groups, rest], InstanceNormalization without affine parameters, reshaped back, then γ and β per
    /// channel. (ONNX's GroupNormalization of opset 18 takes its scale and bias per group, not per channel.)
    /// </summary>
    public static readonly OpMapping GroupNorm = new(c =>
    {
        var a = c.Args<GroupNormArgs>();
        var dtype = c.ResultType;
        var input = c.InputTensor(0);
        if (c.DynamicDims(c.Op.Inputs[0]).Skip(1).Any(d => d))
            throw c.Unsupported($"normalises an input of shape {input.Shape} whose channel or spatial dims follow the batch size. Export with dynamicBatch: false.");
        string x = c.Input(0, dtype);
        string grouped = c.Node("Reshape", [x, c.Ints(c.DynamicDims(c.Op.Inputs[0])[0] ? 0 : input.Size(0), a.Groups, -1)]);
        string normalized = c.Node("InstanceNormalization", [grouped, c.Constant(Tensor.Ones([a.Groups], dtype)), c.Constant(Tensor.Zeros([a.Groups], dtype))],
            OnnxAttribute.Of("epsilon", (float)a.Eps));
        string y = c.Node("Reshape", [normalized, c.Node("Shape", [x])]);
        long[] perChannel = [input.Size(1), .. Enumerable.Repeat(1L, input.Dim - 2)];   // broadcasts along dim 1
        if (c.HasInput(1)) y = c.Node("Mul", [y, c.Node("Reshape", [c.Input(1, dtype), c.Ints(perChannel)])]);
        if (c.HasInput(2)) y = c.Node("Add", [y, c.Node("Reshape", [c.Input(2, dtype), c.Ints(perChannel)])]);
        c.Bind(y);
    });

    // Instance norm: InstanceNormalization of the [N, C, *] input with the batch's statistics, or BatchNormalization with
    // the running ones (evaluation mode with trackRunningStats), then viewed as the [1, N·C, *] result batch norm gave.
    private static void InstanceNorm(EmitContext c, InstanceNormParts parts)
    {
        var a = c.Args<NormArgs>();
        var dtype = c.ResultType;
        int channels = c.ShapeOf(parts.Input)[1];
        string Param(ValueRef? p, double absent, string role) => p is { } given ? c.ValueAs(given, dtype, role) : c.Constant(Tensor.Full([channels], absent, dtype));
        string[] inputs = [c.ValueAs(parts.Input, dtype, "the input"), Param(parts.Weight, 1, "weight"), Param(parts.Bias, 0, "bias")];
        var epsilon = OnnxAttribute.Of("epsilon", (float)a.Eps);
        string y = a.BatchStatistics
            ? c.Node("InstanceNormalization", inputs, epsilon)
            : parts.Running is var (mean, variance)
                ? c.Node("BatchNormalization", [.. inputs, c.Value(mean, "running_mean"), c.Value(variance, "running_var")], epsilon)
                : throw c.Unsupported("could not find the running mean and variance it was given.");
        int[] shape = c.Result().ShapeArray;
        long[] target = [.. shape.Select(s => (long)s)];
        if (c.DynamicDims(c.ResultRef())[1]) target[1] = -1;   // N·C follows the batch size
        c.Bind(c.Node("Reshape", [y, c.Ints(target)]));
    }

    // γ or β of batch norm, or the constant that stands for it (ones or zeros) when the layer has none.
    private static string Affine(EmitContext c, int input, int channels, double absent)
        => c.HasInput(input) ? c.Input(input, c.ResultType) : c.Constant(Tensor.Full([channels], absent, c.ResultType));

    // In evaluation mode the op saved the mean and 1/√(var + eps) computed from the running buffers by
    // traced views, conversions and arithmetic (running_mean.View(...), (running_var.View(...) + eps).Pow(-0.5))
    // and, for instance norm, repeats: the buffers are the leaves at the ends of those chains.
    private static (ValueRef Mean, ValueRef Variance)? RunningStatistics(TracedOp op, IReadOnlyList<TracedOp> ops, bool throughRepeats)
        => (Root(op.SavedRef(Slot.Result1), ops, throughRepeats), Root(op.SavedRef(Slot.Result2), ops, throughRepeats)) is ({ } mean, { } variance) ? (mean, variance) : null;

    private static ValueRef? Root(ValueRef value, IReadOnlyList<TracedOp> ops, bool throughRepeats)
    {
        while (value.IsOpOutput && (ops[value.Op].Name is "ViewBackward0" or "ToCopyBackward0" or "AddBackward0" or "PowBackward0"
            || (throughRepeats && ops[value.Op].Name == "RepeatBackward0")))
            value = ops[value.Op].Inputs[0];
        return value.IsLeaf ? value : null;
    }

    /// <summary>
    /// What instance norm gave batch norm, followed back: the input [N, C, *] behind the [1, N·C, *] view, the
    /// weight and bias [C] behind their N-fold repeats, and the running statistics behind theirs.
    /// </summary>
    private sealed record InstanceNormParts(ValueRef Input, ValueRef? Weight, ValueRef? Bias, (ValueRef Mean, ValueRef Variance)? Running)
    {
        public IEnumerable<ValueRef> Reads => [Input, .. new[] { Weight, Bias }.OfType<ValueRef>(), .. Running is var (m, v) ? [m, v] : Array.Empty<ValueRef>()];

        public static InstanceNormParts? Of(TracedOp op, IReadOnlyList<TracedOp> ops)
        {
            if (!(op.Inputs[0].IsOpOutput && ops[op.Inputs[0].Op] is { Name: "ViewBackward0" } view)) return null;
            int[] viewed = op.InputTensors[0]!.ShapeArray, shape = view.InputTensors[0]!.ShapeArray;
            if (shape.Length < 2 || viewed.Length != shape.Length || viewed[0] != 1 || viewed[1] != shape[0] * shape[1] || !viewed.AsSpan(2).SequenceEqual(shape.AsSpan(2)))
                return null;
            ValueRef? Repeated(int i)
            {
                if (i >= op.Inputs.Length || op.Inputs[i].IsMissing) return null;
                var r = op.Inputs[i];
                return r.IsOpOutput && ops[r.Op] is { Name: "RepeatBackward0" } repeat && repeat.InputTensors[0]!.Dim == 1 && repeat.InputTensors[0]!.Size(0) == shape[1]
                    ? repeat.Inputs[0] : ValueRef.Missing;
            }
            ValueRef? weight = Repeated(1), bias = Repeated(2);
            if (weight is { IsMissing: true } || bias is { IsMissing: true }) return null;   // a parameter given otherwise: not instance norm's
            var args = (NormArgs)op.Args!;
            if (args.BatchStatistics) return new(view.Inputs[0], weight, bias, null);
            // Running statistics repeated from [C] ones (a batch norm of its own [N·C] ones is not instance norm).
            var running = RunningStatistics(op, ops, throughRepeats: true);
            return running is var (m, v) && m.Leaf!.Count == shape[1] && v.Leaf!.Count == shape[1] ? new(view.Inputs[0], weight, bias, running) : null;
        }
    }
}
