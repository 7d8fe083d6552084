using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>The activations that are not a single elementwise operator, and softmax.</summary>
internal static class Activations
{
    /// <summary>
    /// GELU. The exact one x·½(1 + erf(x/√2)) from Div, Erf, Add and Mul; the approximate one (<c>Args</c>
    /// "tanh") as x·½(1 + tanh(√(2/π)(x + 0.044715x³))). ONNX has a Gelu operator only from opset 20 on;
    /// these forms run on every runtime that reads opset 18 (PyTorch exports the same).
    /// </summary>
    public static readonly OpMapping Gelu = new(c =>
    {
        var dtype = c.ResultType;
        string x = c.Input(0, dtype);
        string onePlus = c.Op.Args switch
        {
            NoArgs => c.Node("Add", [c.Node("Erf", [c.Node("Div", [x, c.Scalar(Math.Sqrt(2), dtype)])]), c.Scalar(1, dtype)]),
            "tanh" => c.Node("Add", [c.Node("Tanh", [TanhApproximationArgument(c, x)]), c.Scalar(1, dtype)]),
            var other => throw c.Unsupported($"has arguments ({other}) that this mapping does not know: it writes the exact GELU and the tanh approximation."),
        };
        c.Bind(c.Node("Mul", [c.Node("Mul", [x, onePlus]), c.Scalar(0.5, dtype)]));
    });

    // √(2/π)(x + 0.044715x³), as Nabla computes it.
    private static string TanhApproximationArgument(EmitContext c, string x)
    {
        var dtype = c.ResultType;
        string cube = c.Node("Mul", [c.Node("Mul", [x, x]), x]);
        string inner = c.Node("Add", [c.Node("Mul", [cube, c.Scalar(NNOps.GeluCubic, dtype)]), x]);
        return c.Node("Mul", [inner, c.Scalar(NNOps.Sqrt2OverPi, dtype)]);
    }

    /// <summary>SiLU x·σ(x): Sigmoid and Mul.</summary>
    public static readonly OpMapping Silu = new(c =>
    {
        string x = c.Input(0, c.ResultType);
        c.Bind(c.Node("Mul", [x, c.Node("Sigmoid", [x])]));
    });

    /// <summary>
    /// softplus log(1 + e^(βx))/β (<c>Args</c>: β and the threshold above which βx returns x): Softplus of
    /// βx, divided by β, and Where above the threshold.
    /// </summary>
    public static readonly OpMapping Softplus = new(c =>
    {
        var a = c.Args<SoftplusArgs>();
        var dtype = c.ResultType;
        string x = c.Input(0, dtype);
        string scaled = a.Beta == 1 ? x : c.Node("Mul", [x, c.Scalar(a.Beta, dtype)]);
        string softplus = c.Node("Softplus", [scaled]);
        if (a.Beta != 1) softplus = c.Node("Div", [softplus, c.Scalar(a.Beta, dtype)]);
        c.Bind(c.Node("Where", [c.Node("Greater", [scaled, c.Scalar(a.Threshold, dtype)]), x, softplus]));
    });

    /// <summary>log σ(x) = -softplus(-x): Neg, Softplus, Neg.</summary>
    public static readonly OpMapping LogSigmoid = new(c => c.Bind(c.Node("Neg", [c.Node("Softplus", [c.Node("Neg", [c.Input(0, c.ResultType)])])])));

    /// <summary>mish x·tanh(softplus x): Softplus, Tanh and Mul (ONNX's Mish operator is opset 18, but not every runtime has it).</summary>
    public static readonly OpMapping Mish = new(c =>
    {
        string x = c.Input(0, c.ResultType);
        c.Bind(c.Node("Mul", [x, c.Node("Tanh", [c.Node("Softplus", [x])])]));
    });

    /// <summary>glu a·σ(b) along the dim <c>Args</c>: Split into the halves a and b, Sigmoid and Mul.</summary>
    public static readonly OpMapping Glu = new(c =>
    {
        int dim = c.Args<int>();
        if (c.DynamicDims(c.Op.Inputs[0])[dim])
            throw c.Unsupported($"halves dim {dim}, which follows the batch size. Export with dynamicBatch: false.");
        long half = c.InputTensor(0).Size(dim) / 2;
        var halves = c.Node("Split", [c.Input(0, c.ResultType), c.Ints(half, half)], 2, OnnxAttribute.Of("axis", (long)dim));
        c.Bind(c.Node("Mul", [halves[0], c.Node("Sigmoid", [halves[1]])]));
    });

    /// <summary>leaky_relu with its slope (<c>Args</c>).</summary>
    public static readonly OpMapping LeakyRelu = new(c => c.Bind(c.Node("LeakyRelu", [c.Input(0, c.ResultType)], OnnxAttribute.Of("alpha", (float)c.Args<double>()))));

    /// <summary>softmax or log_softmax along the dim (<c>Args</c>): ONNX's operator of the same name, whose axis means one dim since opset 13.</summary>
    public static OpMapping Softmax(string onnxOp) => new(c => c.Bind(c.Node(onnxOp, [c.Input(0, c.ResultType)], OnnxAttribute.Of("axis", (long)c.Args<int>()))));
}
