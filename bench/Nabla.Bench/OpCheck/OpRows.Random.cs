using TorchSharp;
using F = Nabla.NN.F;

namespace Nabla.Bench;

internal static partial class OpRows
{
    // Sampling: the engines' random streams differ (TorchSharp's torch.normal(mean, std) is a composition of its
    // own, so that row is TorchScript), so the "random" rows compare shapes, dtypes and nodes only;
    // the degenerate rows (probabilities 0 and 1, one possible category, p = 0) compare values and gradients too.
    private static IEnumerable<OpRow> Random()
    {
        yield return R("multinomial", Pr(2, 4), p => Tensor.Multinomial(p, 3), p => p.multinomial(3)) with { Random = true };
        yield return R("multinomial replacement", Pr(4), p => Tensor.Multinomial(p, 6, replacement: true), p => p.multinomial(6, replacement: true)) with { Random = true };
        yield return R("multinomial one category", V([0, 0, 1, 0, 1, 0, 0, 0], [2, 4]), p => Tensor.Multinomial(p, 1), p => p.multinomial(1));
        yield return R("bernoulli", Pr(2, 3), p => p.Bernoulli(), p => p.bernoulli()) with { Random = true };
        yield return R("bernoulli 0 and 1", V([0, 1, 1, 0, 0, 1], [2, 3]), p => p.Bernoulli(), p => p.bernoulli());
        yield return S("bernoulli p=0.3", A(2, 3), a => a.Bernoulli(0.3), "torch.bernoulli(a, 0.3)") with
        {
            Random = true,
            KnownNodeDifference = "libtorch 2.10 records NotImplemented (its backward raises); PyTorch 1.13 records no node, as Nabla",
        };
        yield return S("normal", A(2, 3), P(2, 3), (m, s) => Tensor.Normal(m, s), "torch.normal(a, b)") with { Random = true };
        yield return S("normal std number", A(2, 3), m => Tensor.Normal(m, 2.0), "torch.normal(a, 2.0)") with { Random = true };
        yield return S("normal mean number", P(2, 3), s => Tensor.Normal(1.0, s), "torch.normal(1.0, a)") with { Random = true };
        yield return R("poisson", P(2, 3), r => Tensor.Poisson(r), r => torch.poisson(r)) with { Random = true };
        yield return R("poisson rate 0", V([0, 0, 0], [3]), r => Tensor.Poisson(r), r => torch.poisson(r));
        yield return S("nn.functional.dropout", A(2, 3), a => F.Dropout(a, 0.5), "torch.dropout(a, 0.5, True)") with { Random = true };
        yield return S("nn.functional.dropout p=0", A(2, 3), a => F.Dropout(a, 0.0), "torch.dropout(a, 0.0, True)");
        yield return S("nn.functional.dropout eval", A(2, 3), a => F.Dropout(a, 0.5, training: false), "torch.dropout(a, 0.5, False)");
    }
}
