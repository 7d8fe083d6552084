using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// The activations defined piece by piece: the elu family (Elu, Selu, Celu), the hard ones (HardSigmoid,
/// HardSwish, and Clip for hardtanh and relu6) and PRelu, each one ONNX operator.
/// </summary>
internal static class PiecewiseActivations
{
    /// <summary>
    /// elu, selu and celu (EluBackward0, CeluBackward0) with <c>Args</c> (α, scale, input scale): Elu (scale and input scale 1),
    /// Selu (input scale 1: γ is the scale) or Celu (scale 1, input scale 1/α).
    /// </summary>
    public static readonly OpMapping Elu = new(c =>
    {
        var a = c.Args<EluArgs>();
        string x = c.Input(0, c.ResultType);
        var alpha = OnnxAttribute.Of("alpha", (float)a.Alpha);
        string y = (a.Scale, a.InputScale) switch
        {
            (1, 1) => c.Node("Elu", [x], alpha),
            (_, 1) => c.Node("Selu", [x], alpha, OnnxAttribute.Of("gamma", (float)a.Scale)),
            (1, _) when a.InputScale * a.Alpha == 1 => c.Node("Celu", [x], alpha),
            _ => throw c.Unsupported($"has coefficients α = {a.Alpha}, scale {a.Scale} and input scale {a.InputScale}, which are neither elu's, selu's nor celu's."),
        };
        c.Bind(y);
    });

    /// <summary>hardsigmoid relu6(x + 3)/6: HardSigmoid with α = 1/6, β = ½.</summary>
    public static readonly OpMapping HardSigmoid = new(c =>
        c.Bind(c.Node("HardSigmoid", [c.Input(0, c.ResultType)], OnnxAttribute.Of("alpha", 1f / 6), OnnxAttribute.Of("beta", 0.5f))));

    /// <summary>hardtanh and relu6 (<c>Args</c>: min, max): Clip.</summary>
    public static readonly OpMapping Hardtanh = new(c =>
    {
        var (min, max) = c.Args<(double Min, double Max)>();
        var dtype = c.ResultType;
        c.Bind(c.Node("Clip", [c.Input(0, dtype), c.Scalar(min, dtype), c.Scalar(max, dtype)]));
    });

    /// <summary>_prelu_kernel (inputs [input, weight viewed to broadcast along the channels]): PRelu.</summary>
    public static readonly OpMapping PRelu = Elementwise.Binary("PRelu");
}
