using Nabla.NN;
using TorchSharp;
using TT = TorchSharp.torch.Tensor;
using Tnn = TorchSharp.torch.nn;
using L = Nabla.Bench.LayerRow;

namespace Nabla.Bench;

internal static partial class LayerRows
{
    // Activations: the input is scaled by 4 on both sides so that the kinks and thresholds (Relu6 at 6, Hardtanh's
    // bounds, Softplus's threshold, the hard functions' ±3) fall inside its range.
    private static IEnumerable<LayerRow> Activations()
    {
        yield return Unary("GELU approximate=tanh", () => new Gelu("tanh"), () => Tnn.GELU(TorchSharp.Modules.GELU.Approximate.tanh));
        yield return Unary("Softplus beta=2 threshold=3", () => new Softplus(2, 3), () => Tnn.Softplus(2, 3));
        yield return Unary("ELU alpha=0.5", () => new Elu(0.5), () => Tnn.ELU(0.5));
        yield return Unary("SELU", () => new Selu(), () => Tnn.SELU());
        yield return Unary("CELU alpha=1.5", () => new Celu(1.5), () => Tnn.CELU(1.5));
        yield return Unary("Mish", () => new Mish(), () => Tnn.Mish());
        yield return Unary("PReLU", () => new PRelu(), () => Tnn.PReLU(1));
        yield return Unary("PReLU num_parameters=3 init=0.1", () => new PRelu(3, 0.1), () => Tnn.PReLU(3, 0.1));
        yield return Unary("Hardswish", () => new Hardswish(), () => Tnn.Hardswish());
        yield return Unary("Hardsigmoid", () => new Hardsigmoid(), () => Tnn.Hardsigmoid());
        // TorchSharp 0.107's nn.Hardtanh(-0.5, 2) and functional.hardtanh(x, -0.5, 2) both compute something else (relative
        // difference 0.9), where Nabla matches ATen's hardtanh exactly in the op check (through TorchScript): libtorch's side is
        // clamp, which has hardtanh's values and, off the bounds, its gradient.
        yield return L.Of("Hardtanh min=-0.5 max=2", [X(2, 3, 5)], () => new Hardtanh(-0.5, 2), () => Tnn.Identity(),
            (m, x) => [m.Forward(x[0] * 4)], (m, x) => [(x[0] * 4).clamp(-0.5, 2)]);
        yield return Unary("ReLU6", () => new Relu6(), () => Tnn.ReLU6());
        yield return Unary("LogSigmoid", () => new LogSigmoid(), () => Tnn.LogSigmoid());
        yield return Unary("GLU dim=1", () => new Glu(1), () => Tnn.GLU(1), X(2, 4, 3));
        yield return Unary("GLU", () => new Glu(), () => Tnn.GLU(), X(2, 3, 4));
        yield return Unary("Softsign", () => new Softsign(), () => Tnn.Softsign());
        yield return Unary("Tanhshrink", () => new Tanhshrink(), () => Tnn.Tanhshrink());
    }

    private static LayerRow Unary(string title, Func<Module> nabla, Func<Tnn.Module<TT, TT>> libtorch, In? input = null)
        => L.Of(title, [input ?? X(2, 3, 5)], nabla, libtorch, (m, x) => [m.Forward(x[0] * 4)], (m, x) => [m.forward(x[0] * 4)]);

    /// <summary>A row of a module with one input and one output, called as it is.</summary>
    private static LayerRow One(string title, In input, Func<Module> nabla, Func<Tnn.Module<TT, TT>> libtorch)
        => L.Of(title, [input], nabla, libtorch, (m, x) => [m.Forward(x[0])], (m, x) => [m.forward(x[0])]);
}
