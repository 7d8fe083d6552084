using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>The activations that are not a single elementwise operator, and softmax.</summary>
internal static class Activations
{
    /// <summary>
    /// The exact GELU x·½(1 + erf(x/√2)) from Div, Erf, Add and Mul. ONNX has a Gelu operator only
    /// from opset 20 on; this form runs on every runtime that reads opset 18 (PyTorch exports the same).
    /// </summary>
    public static readonly OpMapping Gelu = new(c =>
    {
        if (c.Op.Args is not NoArgs)   // an approximate="tanh" GELU would carry its mode: not this formula
            throw c.Unsupported($"has arguments ({c.Op.Args}) that this mapping does not know; it writes the exact GELU only.");
        var dtype = c.ResultType;
        string x = c.Input(0, dtype);
        string erf = c.Node("Erf", [c.Node("Div", [x, c.Scalar(Math.Sqrt(2), dtype)])]);
        string onePlusErf = c.Node("Add", [erf, c.Scalar(1, dtype)]);
        c.Bind(c.Node("Mul", [c.Node("Mul", [x, onePlusErf]), c.Scalar(0.5, dtype)]));
    });

    /// <summary>SiLU x·σ(x): Sigmoid and Mul.</summary>
    public static readonly OpMapping Silu = new(c =>
    {
        string x = c.Input(0, c.ResultType);
        c.Bind(c.Node("Mul", [x, c.Node("Sigmoid", [x])]));
    });

    /// <summary>leaky_relu with its slope (<c>Args</c>).</summary>
    public static readonly OpMapping LeakyRelu = new(c => c.Bind(c.Node("LeakyRelu", [c.Input(0, c.ResultType)], OnnxAttribute.Of("alpha", (float)c.Args<double>()))));

    /// <summary>softmax or log_softmax along the dim (<c>Args</c>): ONNX's operator of the same name, whose axis means one dim since opset 13.</summary>
    public static OpMapping Softmax(string onnxOp) => new(c => c.Bind(c.Node(onnxOp, [c.Input(0, c.ResultType)], OnnxAttribute.Of("axis", (long)c.Args<int>()))));
}
