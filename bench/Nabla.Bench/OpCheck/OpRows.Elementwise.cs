using TorchSharp;

namespace Nabla.Bench;

internal static partial class OpRows
{
    // Elementwise functions of one or two tensors (the arithmetic operators: OpRows.Arithmetic.cs).
    private static IEnumerable<OpRow> Elementwise()
    {
        yield return R("exp", A(2, 3), a => a.Exp(), a => a.exp());
        yield return R("log", P(2, 3), a => a.Log(), a => a.log());
        yield return R("sqrt", P(2, 3), a => a.Sqrt(), a => a.sqrt());
        yield return R("abs", Z(2, 3), a => a.Abs(), a => a.abs());
        yield return R("sign", Z(2, 3), a => a.Sign(), a => a.sign());
        yield return R("sin", W(2, 3), a => a.Sin(), a => a.sin());
        yield return R("cos", W(2, 3), a => a.Cos(), a => a.cos());
        yield return R("tanh", A(2, 3), a => a.Tanh(), a => a.tanh());
        yield return R("sigmoid", W(2, 3), a => a.Sigmoid(), a => a.sigmoid());
        yield return R("relu", Z(2, 3), a => a.Relu(), a => a.relu());
        yield return R("erf", A(2, 3), a => a.Erf(), a => a.erf());
        yield return R("atan", W(2, 3), a => a.Atan(), a => a.atan());
        yield return R("atan2", A(2, 3), A(2, 3), (a, b) => a.Atan2(b), (a, b) => a.atan2(b));
        yield return R("atan2 broadcast", A(3, 1), A(4), (a, b) => a.Atan2(b), (a, b) => a.atan2(b));
        yield return R("clamp", Z(2, 3), a => a.Clamp(-1, 1), a => a.clamp(-1.0, 1.0));
        yield return R("clamp min", Z(2, 3), a => a.Clamp(min: 0), a => a.clamp(min: 0.0));
        yield return R("clamp max", Z(2, 3), a => a.Clamp(max: 0), a => a.clamp(max: 0.0));
        yield return S("clamp_min", Z(2, 3), a => a.ClampMin(0), "torch.clamp_min(a, 0.0)");
        yield return S("clamp_max", Z(2, 3), a => a.ClampMax(0.5), "torch.clamp_max(a, 0.5)");
    }
}
