using TorchSharp;
using TT = TorchSharp.torch.Tensor;

namespace Nabla.Bench;

/// <summary>Rows where the tensors are tiny, so the time is the per-op cost of dispatch and graph recording.</summary>
internal static class OverheadCases
{
    private const int ChainLength = 100;

    public static IEnumerable<Case> All()
    {
        yield return new Case("tiny x*2+1, fwd, requires_grad", "4 el, per op", TinyOps, PerCall: 2);
        yield return new Case($"{ChainLength} scalar ops fwd+bwd", "0-d, per op", Chain, PerCall: ChainLength);
    }

    private static Pair TinyOps()
    {
        var owned = new List<IDisposable>();
        var (x, xt) = Inputs.Both([0.5f, -1.5f, 2f, 3.25f], [4], owned, requiresGrad: true);
        return KernelCases.Single(() => x * 2 + 1, () => xt * 2 + 1, owned);
    }

    /// <summary>y = x, then 50 times y = y·1.01 and y = y + 0.5; then backward to x.</summary>
    private static Pair Chain()
    {
        var owned = new List<IDisposable>();
        var (x, xt) = Inputs.Both([0.75f], [], owned, requiresGrad: true);
        return new Pair(
            () => NablaChain(x).Backward(),
            () => { using var scope = torch.NewDisposeScope(); TorchChain(xt).backward(); },
            () =>
            {
                var fresh = Tensor.Scalar(0.75f, requiresGrad: true);
                var y = NablaChain(fresh);
                y.Backward();
                return [Inputs.Read(y), Inputs.Read(fresh.Grad!)];
            },
            () =>
            {
                using var scope = torch.NewDisposeScope();
                var fresh = torch.tensor(0.75f, requires_grad: true);
                var y = TorchChain(fresh);
                y.backward();
                return [Inputs.Read(y), Inputs.Read(fresh.grad!)];
            },
            owned);
    }

    private static Tensor NablaChain(Tensor x)
    {
        var y = x;
        for (int i = 0; i < ChainLength / 2; i++) y = y * 1.01 + 0.5;
        return y;
    }

    private static TT TorchChain(TT x)
    {
        var y = x;
        for (int i = 0; i < ChainLength / 2; i++) y = y * 1.01 + 0.5;
        return y;
    }
}
