using Nabla.Kernels;
using static Nabla.Slot;

namespace Nabla;

// The backward of the fused recurrent cells, as PyTorch's derivatives.yaml has it: outside a
// recorded pass the fused kernel (one pass per row over the saved workspace); when the pass is
// recorded (createGraph, forward mode) the same gradients as tensor ops on the saved inputs, so
// that they can be differentiated again (PyTorch's _thnn_differentiable_*_cell_backward).
internal static partial class Derivatives
{
    private static Tensor?[] LstmCellBackward(OpNode<NoArgs> n, Tensor?[] grads)
    {
        var cx = n[Cx];
        var gradHy = grads[0] ?? Tensor.ZerosLike(cx);
        var gradCy = grads[1] ?? Tensor.ZerosLike(cx);
        if (!GradMode.IsEnabled)
        {
            var (gates, gradCx) = LstmCellKernels.Backward(NNOps.Dense(gradHy), NNOps.Dense(gradCy), NNOps.Dense(cx), n[Result1], n[Result2]);
            return [gates, gates, gradCx];
        }
        return DifferentiableLstmCellBackward(gradHy, gradCy, n[InputGates] + n[HiddenGates], cx);
    }

    // With t = tanh(cy) and dc = dcy + dhy·o·(1 - t²): di = dc·g, df = dc·cx, dg = dc·i, do = dhy·t, dcx = dc·f,
    // each gate then through its nonlinearity (σ' = σ(1-σ), tanh' = 1 - tanh²).
    private static Tensor?[] DifferentiableLstmCellBackward(Tensor gradHy, Tensor gradCy, Tensor gates, Tensor cx)
    {
        int h = cx.Size(1);
        Tensor i = gates.Narrow(1, 0, h).Sigmoid(), f = gates.Narrow(1, h, h).Sigmoid(),
            g = gates.Narrow(1, 2 * h, h).Tanh(), o = gates.Narrow(1, 3 * h, h).Sigmoid();
        var t = (f * cx + i * g).Tanh();
        var dc = gradCy + gradHy * o * (1 - t * t);
        var gradGates = Tensor.Cat([dc * g * SigmoidSlope(i), dc * cx * SigmoidSlope(f), dc * i * (1 - g * g), gradHy * t * SigmoidSlope(o)], 1);
        return [gradGates, gradGates, dc * f];
    }

    private static Tensor?[] GruCellBackward(OpNode<NoArgs> n, Tensor gradHy)
    {
        var hx = n[Hx];
        if (!GradMode.IsEnabled)
        {
            var (input, hidden, gradHx) = GruCellKernels.Backward(NNOps.Dense(gradHy), NNOps.Dense(hx), n[Result1]);
            return [input, hidden, gradHx];
        }
        return DifferentiableGruCellBackward(gradHy, n[InputGates], n[HiddenGates], hx);
    }

    // dn = dhy·(1-z), dz = dhy·(hx-n), dhx = dhy·z; n's pre-activation gets dn·(1-n²), of which the hidden
    // part is scaled by r, and r's gets that times hg_n.
    private static Tensor?[] DifferentiableGruCellBackward(Tensor gradHy, Tensor inputGates, Tensor hiddenGates, Tensor hx)
    {
        int h = hx.Size(1);
        var r = (inputGates.Narrow(1, 0, h) + hiddenGates.Narrow(1, 0, h)).Sigmoid();
        var z = (inputGates.Narrow(1, h, h) + hiddenGates.Narrow(1, h, h)).Sigmoid();
        var hiddenN = hiddenGates.Narrow(1, 2 * h, h);
        var n = (inputGates.Narrow(1, 2 * h, h) + r * hiddenN).Tanh();
        var dn = gradHy * (1 - z) * (1 - n * n);
        var dr = dn * hiddenN * SigmoidSlope(r);
        var dz = gradHy * (hx - n) * SigmoidSlope(z);
        return [Tensor.Cat([dr, dz, dn], 1), Tensor.Cat([dr, dz, dn * r], 1), gradHy * z];
    }

    // σ'(x) from s = σ(x).
    private static Tensor SigmoidSlope(Tensor s) => s * (1 - s);
}
