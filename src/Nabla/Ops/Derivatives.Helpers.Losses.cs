using Nabla.NN;
using static Nabla.Slot;

namespace Nabla;

// The formulas of the losses of issue 11 that PyTorch records as one node (huber_loss, smooth_l1_loss).
internal static partial class Derivatives
{
    // d mean / d element = 1/count (as LossScale, for the losses that carry a threshold).
    private static Tensor ThresholdLossScale(OpNode<ThresholdLossArgs> n, Tensor g) => n.Args.Reduction == Reduction.Mean ? g / n.Args.Count : g;

    // Huber: ½d² inside [-δ, δ], δ(|d| - ½δ) outside, so the slope is d clamped to ±δ (clamp's own rule gives the second derivative).
    private static Tensor HuberSlope(OpNode<ThresholdLossArgs> n) => (n[Input] - n[Target]).Clamp(-n.Args.Threshold, n.Args.Threshold);

    // Smooth L1: ½d²/β inside [-β, β], |d| - ½β outside: the slope is d/β clamped to ±1.
    private static Tensor SmoothL1Slope(OpNode<ThresholdLossArgs> n) => ((n[Input] - n[Target]) / n.Args.Threshold).Clamp(-1, 1);
}
