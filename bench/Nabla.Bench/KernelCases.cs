using TorchSharp;
using TT = TorchSharp.torch.Tensor;

namespace Nabla.Bench;

/// <summary>Rows for single kernels: matrix products, elementwise streams, reductions and softmax.</summary>
internal static class KernelCases
{
    public static IEnumerable<Case> MatMul()
    {
        foreach (int n in (int[])[64, 256, 512, 1024, 2048])
        {
            double flops = 2.0 * n * n * n;
            yield return new Case("matmul a·b", $"{n}²", () => Product(n, false, false), RateKind.GFlops, flops);
            yield return new Case("matmul aᵀ·b", $"{n}²", () => Product(n, true, false), RateKind.GFlops, flops);
            yield return new Case("matmul a·bᵀ", $"{n}²", () => Product(n, false, true), RateKind.GFlops, flops);
        }
    }

    /// <summary>C = A·B with A (or B) stored transposed and used through a transposed view, as backward does.</summary>
    private static Pair Product(int n, bool transposeA, bool transposeB)
    {
        var owned = new List<IDisposable>();
        var (a, at) = Inputs.Both(Inputs.Uniform(n * n, 1), [n, n], owned);
        var (b, bt) = Inputs.Both(Inputs.Uniform(n * n, 2), [n, n], owned);
        if (transposeA) { a = a.T; at = at.t(); owned.Add(at); }
        if (transposeB) { b = b.T; bt = bt.t(); owned.Add(bt); }
        return Single(() => a.MatMul(b), () => at.matmul(bt), owned);
    }

    public static IEnumerable<Case> Elementwise()
    {
        foreach (var (size, n) in ((string, int)[])[("1M", 1 << 20), ("16M", 1 << 24)])
        {
            yield return Stream("add", size, [n], 2, x => x[0] + x[1], x => x[0] + x[1]);
            yield return Stream("mul", size, [n], 2, x => x[0] * x[1], x => x[0] * x[1]);
            yield return Stream("exp", size, [n], 1, x => x[0].Exp(), x => x[0].exp());
            yield return Stream("tanh", size, [n], 1, x => x[0].Tanh(), x => x[0].tanh());
            yield return Stream("sigmoid", size, [n], 1, x => x[0].Sigmoid(), x => x[0].sigmoid());
            yield return Stream("relu", size, [n], 1, x => x[0].Relu(), x => x[0].relu());
        }
    }

    /// <summary>
    /// Elementwise ops of issue 10 part 2 whose kernels Nabla writes itself: the accurate exp/log family
    /// (float32: one reduction per element on 512-bit lanes, FloatExpLog), erfinv (float32: Giles'
    /// approximation on vectors of doubles), and the one-pass ternary kernels (lerp, addcmul).
    /// </summary>
    public static IEnumerable<Case> MoreElementwise()
    {
        const int n = 1 << 20;
        yield return Stream("expm1", "1M", [n], 1, x => x[0].Expm1(), x => x[0].expm1());
        yield return Stream("log1p", "1M", [n], 1, x => x[0].Log1p(), x => x[0].log1p());
        yield return Stream("sinh", "1M", [n], 1, x => x[0].Sinh(), x => x[0].sinh());
        yield return Stream("erfinv", "1M", [n], 1, x => x[0].ErfInv(), x => x[0].erfinv());
        yield return Stream("hypot", "1M", [n], 2, x => x[0].Hypot(x[1]), x => x[0].hypot(x[1]));
        yield return Stream("logaddexp", "1M", [n], 2, x => x[0].LogAddExp(x[1]), x => x[0].logaddexp(x[1]));
        yield return Stream("lerp", "1M", [n], 2, x => x[0].Lerp(x[1], 0.3), x => x[0].lerp(x[1], 0.3));
        yield return Stream("addcmul", "1M", [n], 3, x => x[0].Addcmul(x[1], x[2], value: 0.5), x => x[0].addcmul(x[1], x[2], 0.5));
    }

    public static IEnumerable<Case> Reductions()
    {
        foreach (var (size, n) in ((string, int)[])[("1M (1024²)", 1024), ("16M (4096²)", 4096)])
        {
            // Positive data, so that the sum is large and its relative error means something.
            yield return Stream("sum", size, [n, n], 1, x => x[0].Sum(), x => x[0].sum(), low: 0);
            yield return Stream("softmax(dim=-1)", size, [n, n], 1, x => x[0].Softmax(-1), x => x[0].softmax(-1));
        }
    }

    /// <summary>An out-of-place op over fresh inputs of <paramref name="shape"/>, timed as users write it.</summary>
    private static Case Stream(string op, string size, int[] shape, int arity, Func<Tensor[], Tensor> nabla, Func<TT[], TT> torchOp,
        float low = -1, float high = 1)
    {
        long count = 1;
        foreach (int d in shape) count *= d;
        return new Case(op, size, () =>
        {
            var owned = new List<IDisposable>();
            var ns = new Tensor[arity];
            var ts = new TT[arity];
            for (int i = 0; i < arity; i++) (ns[i], ts[i]) = Inputs.Both(Inputs.Uniform(count, 10 + i, low, high), shape, owned);
            return Single(() => nabla(ns), () => torchOp(ts), owned);
        }, RateKind.NsPerElement, count);
    }

    /// <summary>A row whose call returns one tensor: libtorch's results are freed after each call, as a loop in a dispose scope would.</summary>
    internal static Pair Single(Func<Tensor> nabla, Func<TT> torchOp, List<IDisposable> owned, double tolerance = 1e-4) => new(
        () => nabla(),
        () => { using var scope = torch.NewDisposeScope(); torchOp(); },
        () => [Inputs.Read(nabla())],
        () => { using var scope = torch.NewDisposeScope(); return [Inputs.Read(torchOp())]; },
        owned, tolerance);
}
