using static Nabla.Slot;

namespace Nabla;

// Row builders for the upsampling ops (issue 11's convolutions, pooling and upsampling): the four modes
// share one formula each way and differ only in their node names.
internal static partial class Derivatives
{
    /// <summary>An upsampling: d/dx ⟨G, R(x)⟩ = R*(G), the adjoint resampling.</summary>
    private static Derivative<ResampleArgs> Resampling(string name) => Op<ResampleArgs>(name)
        .Grad(Self, (n, g) => NNOps.ResampleBackward(g, n.InputShape(0), n.Args));

    /// <summary>An upsampling's backward R*(G): linear in G, so its gradient is R(H).</summary>
    private static Derivative<ResampleArgs> ResamplingAdjoint(string name) => Op<ResampleArgs>(name)
        .Grad(Self, (n, g) => NNOps.Resample(g, n.Args));
}
