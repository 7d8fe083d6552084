using Nabla.Onnx.Export;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// Rounding that ONNX has no operator for: trunc as Floor |x| with the sign of x (exact, signed zeros
/// included), frac as x - trunc x, round(decimals) as Round of the scaled value (Round rounds
/// half to even, as PyTorch).
/// </summary>
internal static class Rounding
{
    /// <summary>trunc: Floor(|x|)·(±1 by the sign of x).</summary>
    public static readonly OpMapping Trunc = Elementwise.Composed(Truncated);

    /// <summary>frac: x - trunc x.</summary>
    public static readonly OpMapping Frac = Elementwise.Composed((c, x) => c.Node("Sub", [x, Truncated(c, x)]));

    /// <summary>round(decimals) (<c>Args</c>): Round(x·10ᵈ)/10ᵈ, or Round(x/10⁻ᵈ)·10⁻ᵈ for negative d, as Nabla computes it.</summary>
    public static readonly OpMapping RoundDecimals = Elementwise.Composed((c, x) =>
    {
        int decimals = c.Args<int>();
        string scale = c.Scalar(Math.Pow(10, Math.Abs(decimals)), c.ResultType);
        return decimals >= 0
            ? c.Node("Div", [c.Node("Round", [c.Node("Mul", [x, scale])]), scale])
            : c.Node("Mul", [c.Node("Round", [c.Node("Div", [x, scale])]), scale]);
    });

    private static string Truncated(EmitContext c, string x)
        => c.Node("Mul", [c.Node("Floor", [c.Node("Abs", [x])]), BinaryMath.SignOf(c, x)]);
}
