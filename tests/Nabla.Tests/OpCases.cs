namespace Nabla.Tests;

/// <summary>Where an op's inputs are drawn from, so that finite differences only see smooth stretches.</summary>
public enum Domain
{
    /// <summary>Standard normal values.</summary>
    Any,

    /// <summary>Uniform in [0.5, 2): for log, sqrt, fractional and negative powers, divisors, bases.</summary>
    Positive,

    /// <summary>
    /// k + u with k in {-2, -1, 0, 1} and u uniform in [0.2, 0.8]: at least 0.2 from every integer,
    /// so |x|, relu and clamp at 0 or ±1 never meet a kink within eps.
    /// </summary>
    AwayFromIntegers,
}

/// <summary>One input of an op case: its shape and the domain its values come from.</summary>
public sealed record Arg(int[] Shape, Domain Domain);

/// <summary>
/// One row of the op table (PyTorch's OpInfo, cut down): a name, a function over float64 leaf
/// inputs, and the inputs' shapes and domains. <see cref="GradGrad"/> says whether the rule is
/// checked twice (false only where a derivative rule is not twice differentiable).
/// </summary>
public sealed record OpCase(string Name, Func<Tensor[], Tensor> F, Arg[] Args, bool GradGrad = true)
{
    /// <summary>Fresh float64 leaves that require grad, the same for every run (the seed comes from the name).</summary>
    public Tensor[] Inputs()
    {
        var generator = new Generator(StableHash(Name));
        return [.. Args.Select(a => Draw(a, generator))];
    }

    public override string ToString() => Name;

    private static Tensor Draw(Arg arg, Generator generator)
    {
        int n = arg.Shape.Aggregate(1, (p, s) => p * s);
        double[] values;
        switch (arg.Domain)
        {
            case Domain.Positive:
                values = Uniform(n, generator).Select(u => 0.5 + 1.5 * u).ToArray();
                break;
            case Domain.AwayFromIntegers:
                var k = Tensor.RandInt(-2, 2, [n], generator: generator).ToArray<long>();
                values = Uniform(n, generator).Select((u, i) => k[i] + 0.2 + 0.6 * u).ToArray();
                break;
            default:
                values = Tensor.Randn([n], DType.Float64, generator: generator).ToArray<double>();
                break;
        }
        return Tensor.FromArray(values, arg.Shape, DType.Float64, requiresGrad: true);
    }

    private static double[] Uniform(int n, Generator generator) => Tensor.Rand([n], DType.Float64, generator: generator).ToArray<double>();

    // FNV-1a: string.GetHashCode is randomised per process, and the inputs must not be.
    private static long StableHash(string s)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in s) h = (h ^ c) * 1099511628211UL;
        return (long)(h >> 1);
    }
}

/// <summary>
/// The op table: every differentiable op, with broadcasting and non-contiguous variants, checked
/// by <see cref="OpTableTests"/> with finite differences (PyTorch's OpInfo + gradcheck habit).
/// </summary>
public static class OpCases
{
    private static Arg A(params int[] shape) => new(shape, Domain.Any);
    private static Arg P(params int[] shape) => new(shape, Domain.Positive);
    private static Arg Z(params int[] shape) => new(shape, Domain.AwayFromIntegers);

    private static OpCase Case(string name, Func<Tensor[], Tensor> f, params Arg[] args) => new(name, f, args);

    // Constant, non-differentiable operands (indices, conditions) shared by the cases below.
    private static readonly Tensor GatherIndex1 = Tensor.FromArray(new long[] { 0, 2, 2, 1, 0, 0 }, [2, 3]);
    private static readonly Tensor GatherIndex0 = Tensor.FromArray(new long[] { 1, 0, 1, 1 }, [2, 2]);
    private static readonly Tensor SelectIndex = Tensor.FromArray(new long[] { 2, 0, 2 });
    private static readonly Tensor Condition = Tensor.FromArray(new[] { true, false, true, false, false, true }, [2, 3]);
    private static readonly Tensor RowCondition = Tensor.FromArray(new[] { true, false, true });

    /// <summary>Every case, in table order.</summary>
    public static readonly OpCase[] All = [.. Binary(), .. Unary(), .. Reductions(), .. LinearAlgebra(), .. Shapes(), .. Indexing(), .. Softmax()];

    /// <summary>The cases by name (names are unique: checked by a test).</summary>
    public static readonly IReadOnlyDictionary<string, OpCase> ByName = All.ToDictionary(c => c.Name);

    // add, sub, mul, div, pow(tensor): same shapes, three broadcasts, 0-d on either side, non-contiguous operands.
    private static IEnumerable<OpCase> Binary()
    {
        (string Name, Func<Tensor, Tensor, Tensor> F, Domain Left, Domain Right)[] ops =
        [
            ("add", (a, b) => a + b, Domain.Any, Domain.Any),
            ("sub", (a, b) => a - b, Domain.Any, Domain.Any),
            ("mul", (a, b) => a * b, Domain.Any, Domain.Any),
            ("div", (a, b) => a / b, Domain.Any, Domain.Positive),
            ("pow(tensor)", (a, b) => a.Pow(b), Domain.Positive, Domain.Any),
        ];
        foreach (var (name, f, l, r) in ops)
        {
            yield return Case($"{name} [2,3] [2,3]", x => f(x[0], x[1]), new([2, 3], l), new([2, 3], r));
            yield return Case($"{name} [3,1] [1,4]", x => f(x[0], x[1]), new([3, 1], l), new([1, 4], r));
            yield return Case($"{name} [2,3] [3]", x => f(x[0], x[1]), new([2, 3], l), new([3], r));
            yield return Case($"{name} [3] [2,3]", x => f(x[0], x[1]), new([3], l), new([2, 3], r));
            yield return Case($"{name} 0-d [2,3]", x => f(x[0], x[1]), new([], l), new([2, 3], r));
            yield return Case($"{name} [2,3] 0-d", x => f(x[0], x[1]), new([2, 3], l), new([], r));
            yield return Case($"{name} transposed [3,2]ᵀ [2,3]", x => f(x[0].T, x[1]), new([3, 2], l), new([2, 3], r));
            yield return Case($"{name} [2,3] sliced [2,4][..,1..]", x => f(x[0], x[1][.., 1..]), new([2, 3], l), new([2, 4], r));
        }
        yield return Case("add alpha=2.5", x => x[0].Add(x[1], alpha: 2.5), A(2, 3), A(2, 3));
        yield return Case("add alpha=-3 broadcast", x => x[0].Add(x[1], alpha: -3), A(3, 1), A(1, 4));
        yield return Case("sub alpha=0.5", x => x[0].Sub(x[1], alpha: 0.5), A(2, 3), A(2, 3));
        yield return Case("sub alpha=2 broadcast", x => x[0].Sub(x[1], alpha: 2), A(2, 3), A(3));
        yield return Case("add number", x => x[0] + 1.5, A(2, 3));
        yield return Case("sub number", x => x[0] - 1.5, A(2, 3));
        yield return Case("rsub 2.0 - x", x => 2.0 - x[0], A(2, 3));
        yield return Case("rsub transposed", x => 2.0 - x[0].T, A(3, 2));
        yield return Case("mul number", x => x[0] * -1.5, A(2, 3));
        yield return Case("div number", x => x[0] / 4.0, A(2, 3));
        yield return Case("2.0 / x", x => 2.0 / x[0], P(2, 3));
        yield return Case("2.0 / x negative", x => 2.0 / -x[0], P(2, 3));
        yield return Case("mul self", x => x[0] * x[0], A(2, 3));
        yield return Case("div self-broadcast", x => x[0] / x[0].Sum(1, keepDim: true), P(2, 3));
    }

    // Elementwise functions, each on a contiguous and a transposed input, a few on a slice.
    private static IEnumerable<OpCase> Unary()
    {
        (string Name, Func<Tensor, Tensor> F, Domain Domain)[] ops =
        [
            ("neg", x => -x, Domain.Any),
            ("exp", x => x.Exp(), Domain.Any),
            ("log", x => x.Log(), Domain.Positive),
            ("sqrt", x => x.Sqrt(), Domain.Positive),
            ("abs", x => x.Abs(), Domain.AwayFromIntegers),
            ("sin", x => x.Sin(), Domain.Any),
            ("cos", x => x.Cos(), Domain.Any),
            ("tanh", x => x.Tanh(), Domain.Any),
            ("sigmoid", x => x.Sigmoid(), Domain.Any),
            ("relu", x => x.Relu(), Domain.AwayFromIntegers),
            ("clamp(-1,1)", x => x.Clamp(-1, 1), Domain.AwayFromIntegers),
            ("clamp(min=0)", x => x.Clamp(min: 0), Domain.AwayFromIntegers),
            ("clamp(max=-1)", x => x.Clamp(max: -1), Domain.AwayFromIntegers),
            ("pow 2", x => x.Pow(2.0), Domain.Any),
            ("pow 3", x => x.Pow(3.0), Domain.Any),
            ("pow 0.5", x => x.Pow(0.5), Domain.Positive),
            ("pow -1", x => x.Pow(-1.0), Domain.Positive),
            ("pow -2.5", x => x.Pow(-2.5), Domain.Positive),
            ("pow 0", x => x.Pow(0.0), Domain.Any),
            ("pow 1", x => x.Pow(1.0), Domain.Any),
        ];
        foreach (var (name, f, domain) in ops)
        {
            yield return Case($"{name} [2,3]", x => f(x[0]), new Arg([2, 3], domain));
            yield return Case($"{name} transposed", x => f(x[0].T), new Arg([3, 2], domain));
        }
        yield return Case("exp 0-d", x => x[0].Exp(), A());
        yield return Case("exp sliced", x => x[0][1.., ..2].Exp(), A(3, 4));
        yield return Case("log sliced", x => x[0][.., 1].Log(), P(3, 4));
        yield return Case("tanh permuted 3-d", x => x[0].Permute(2, 0, 1).Tanh(), A(2, 3, 2));
        yield return Case("clamp expanded", x => x[0].Expand(2, 3).Clamp(-1, 1), Z(3));
    }

    // sum/mean (all, one dim, several, keepDim), max/min (all, per dim), norm (p = 2, 1, 3, inf).
    private static IEnumerable<OpCase> Reductions()
    {
        yield return Case("sum all", x => x[0].Sum(), A(2, 3));
        yield return Case("sum dim 1", x => x[0].Sum(1), A(2, 3));
        yield return Case("sum dim -1 keepDim", x => x[0].Sum(-1, keepDim: true), A(2, 3));
        yield return Case("sum dims [0,2]", x => x[0].Sum([0, 2]), A(2, 3, 2));
        yield return Case("sum dims [0,2] keepDim", x => x[0].Sum([0, 2], keepDim: true), A(2, 3, 2));
        yield return Case("sum all transposed", x => x[0].T.Sum(), A(3, 2));
        yield return Case("sum dim 0 transposed", x => x[0].T.Sum(0), A(3, 2));
        yield return Case("sum dim 1 sliced", x => x[0][.., 1..3].Sum(1), A(2, 4));
        yield return Case("mean all", x => x[0].Mean(), A(2, 3));
        yield return Case("mean dim 0", x => x[0].Mean(0), A(2, 3));
        yield return Case("mean dim 1 keepDim", x => x[0].Mean(1, keepDim: true), A(2, 3));
        yield return Case("mean dims [1,2]", x => x[0].Mean([1, 2]), A(2, 3, 2));
        yield return Case("mean dims [0,1] keepDim", x => x[0].Mean([0, 1], keepDim: true), A(2, 3, 2));
        yield return Case("mean all transposed", x => x[0].T.Mean(), A(3, 2));
        yield return Case("mean dim 1 permuted", x => x[0].Permute(2, 0, 1).Mean(1), A(2, 3, 2));
        yield return Case("max all", x => x[0].Max(), A(2, 3));
        yield return Case("min all", x => x[0].Min(), A(2, 3));
        yield return Case("max all transposed", x => x[0].T.Max(), A(3, 2));
        yield return Case("max dim 1", x => x[0].Max(1).Values, A(2, 3));
        yield return Case("max dim 0 keepDim", x => x[0].Max(0, keepDim: true).Values, A(2, 3));
        yield return Case("max dim 1 3-d", x => x[0].Max(1).Values, A(2, 3, 2));
        yield return Case("min dim 1", x => x[0].Min(1).Values, A(2, 3));
        yield return Case("min dim -1 keepDim", x => x[0].Min(-1, keepDim: true).Values, A(2, 3));
        yield return Case("min dim 0 transposed", x => x[0].T.Min(0).Values, A(3, 2));
        yield return Case("max dim 0 0-d", x => x[0].Max(0).Values, A());
        yield return Case("norm p=2", x => x[0].Norm(), A(2, 3));
        yield return Case("norm p=1", x => x[0].Norm(1), Z(2, 3));
        yield return Case("norm p=3", x => x[0].Norm(3), Z(2, 3));
        yield return Case("norm p=inf", x => x[0].Norm(double.PositiveInfinity), A(2, 3));
        yield return Case("norm p=1.5", x => x[0].Norm(1.5), Z(2, 3));
        yield return Case("norm p=0.5", x => x[0].Norm(0.5), Z(2, 3));
        yield return Case("norm p=-inf", x => x[0].Norm(double.NegativeInfinity), A(2, 3));
        yield return Case("norm p=0 (flat)", x => x[0].Norm(0), Z(2, 3));
        yield return Case("norm p=2 dim 1", x => x[0].Norm(2, 1), A(2, 3));
        yield return Case("norm p=2 dim 0 keepDim", x => x[0].Norm(2, 0, keepDim: true), A(2, 3));
        yield return Case("norm p=1 dim 1 keepDim", x => x[0].Norm(1, 1, keepDim: true), Z(2, 3));
        yield return Case("norm p=3 dim -1", x => x[0].Norm(3, -1), Z(2, 3));
        yield return Case("norm p=inf dim 1 keepDim", x => x[0].Norm(double.PositiveInfinity, 1, keepDim: true), A(2, 3));
        yield return Case("norm p=1.5 dim 0", x => x[0].Norm(1.5, 0), Z(2, 3));
        yield return Case("norm p=-inf dim 1", x => x[0].Norm(double.NegativeInfinity, 1), A(2, 3));
        yield return Case("norm p=2 transposed", x => x[0].T.Norm(), A(3, 2));
        yield return Case("norm p=3 dim 0 transposed", x => x[0].T.Norm(3, 0), Z(3, 2));
    }

    // matmul in each of its modes, mm, bmm.
    private static IEnumerable<OpCase> LinearAlgebra()
    {
        yield return Case("matmul 1-d·1-d", x => x[0].MatMul(x[1]), A(3), A(3));
        yield return Case("matmul 2-d·1-d", x => x[0].MatMul(x[1]), A(2, 3), A(3));
        yield return Case("matmul 1-d·2-d", x => x[0].MatMul(x[1]), A(3), A(3, 2));
        yield return Case("matmul 2-d·2-d", x => x[0].MatMul(x[1]), A(2, 3), A(3, 2));
        yield return Case("matmul [2,3,4]·[4,5]", x => x[0].MatMul(x[1]), A(2, 3, 4), A(4, 5));
        yield return Case("matmul [2,1,3,4]·[3,4,2]", x => x[0].MatMul(x[1]), A(2, 1, 3, 4), A(3, 4, 2));
        yield return Case("matmul [3,2]·[2,2,3]", x => x[0].MatMul(x[1]), A(3, 2), A(2, 2, 3));
        yield return Case("matmul 1-d·3-d", x => x[0].MatMul(x[1]), A(3), A(2, 3, 2));
        yield return Case("matmul 3-d·1-d", x => x[0].MatMul(x[1]), A(2, 2, 3), A(3));
        yield return Case("matmul transposed", x => x[0].T.MatMul(x[1]), A(3, 2), A(3, 2));
        yield return Case("mm", x => x[0].Mm(x[1]), A(2, 3), A(3, 2));
        yield return Case("mm transposed operands", x => x[0].T.Mm(x[1].T), A(3, 2), A(4, 3));
        yield return Case("mm self", x => x[0].Mm(x[0]), A(3, 3));
        yield return Case("bmm", x => x[0].Bmm(x[1]), A(2, 2, 3), A(2, 3, 2));
        yield return Case("bmm transposed", x => x[0].Transpose(1, 2).Bmm(x[1]), A(2, 3, 2), A(2, 3, 2));
    }

    // Views and copies: each is linear, so its rule is checked once and again (double backward).
    private static IEnumerable<OpCase> Shapes()
    {
        yield return Case("t", x => x[0].T, A(2, 3));
        yield return Case("t 1-d", x => x[0].T, A(3));
        yield return Case("transpose(0,2)", x => x[0].Transpose(0, 2), A(2, 3, 2));
        yield return Case("transpose(-1,0)", x => x[0].Transpose(-1, 0), A(2, 3));
        yield return Case("permute(2,0,1)", x => x[0].Permute(2, 0, 1), A(2, 3, 2));
        yield return Case("reshape contiguous", x => x[0].Reshape(3, 2), A(2, 3));
        yield return Case("reshape -1", x => x[0].Reshape(-1), A(2, 3, 2));
        yield return Case("reshape transposed (copy)", x => x[0].T.Reshape(-1), A(2, 3));
        yield return Case("reshape permuted", x => x[0].Permute(2, 0, 1).Reshape(2, 6), A(2, 3, 2));
        yield return Case("view", x => x[0].View(6), A(2, 3));
        yield return Case("view 3-d", x => x[0].View(3, 2, 1), A(2, 3));
        yield return Case("view of transposed (split dim)", x => x[0].T.View(2, 2, 3), A(3, 4));
        yield return Case("flatten", x => x[0].Flatten(), A(2, 3, 2));
        yield return Case("flatten(1)", x => x[0].Flatten(1), A(2, 3, 2));
        yield return Case("flatten transposed", x => x[0].T.Flatten(), A(2, 3));
        yield return Case("squeeze all", x => x[0].Squeeze(), A(2, 1, 3, 1));
        yield return Case("squeeze dim 1", x => x[0].Squeeze(1), A(2, 1, 3));
        yield return Case("squeeze dim 0 (not 1)", x => x[0].Squeeze(0), A(2, 1, 3));
        yield return Case("unsqueeze 1", x => x[0].Unsqueeze(1), A(2, 3));
        yield return Case("unsqueeze -1", x => x[0].Unsqueeze(-1), A(2, 3));
        yield return Case("expand [3,1]→[2,3,4]", x => x[0].Expand(2, 3, 4), A(3, 1));
        yield return Case("expand -1", x => x[0].Expand(2, -1), A(3));
        yield return Case("expand 0-d", x => x[0].Expand(2, 2), A());
        yield return Case("contiguous transposed", x => x[0].T.Contiguous(), A(2, 3));
        yield return Case("clone", x => x[0].Clone(), A(2, 3));
        yield return Case("clone transposed", x => x[0].T.Clone(), A(2, 3));
    }

    // Basic indexing, narrow/select, cat/stack, where, gather, index_select.
    private static IEnumerable<OpCase> Indexing()
    {
        yield return Case("x[0]", x => x[0][0], A(4, 3));
        yield return Case("x[.., 1]", x => x[0][.., 1], A(4, 3));
        yield return Case("x[1..3, ^1]", x => x[0][1..3, ^1], A(4, 3));
        yield return Case("x[^1]", x => x[0][^1], A(4, 3));
        yield return Case("x[-2, 1..]", x => x[0][-2, 1..], A(4, 3));
        yield return Case("xᵀ[1..3, ..2]", x => x[0].T[1..3, ..2], A(3, 4));
        yield return Case("narrow(1, 1, 2)", x => x[0].Narrow(1, 1, 2), A(2, 4));
        yield return Case("narrow(0, 0, 1)", x => x[0].Narrow(0, 0, 1), A(3, 2));
        yield return Case("select(1, -1)", x => x[0].Select(1, -1), A(2, 3, 2));
        yield return Case("select(0, 1) transposed", x => x[0].T.Select(0, 1), A(2, 3));
        yield return Case("cat dim 0", x => Tensor.Cat([x[0], x[1]]), A(2, 3), A(1, 3));
        yield return Case("cat dim 1", x => Tensor.Cat([x[0], x[1]], 1), A(2, 3), A(2, 1));
        yield return Case("cat three dim -1", x => Tensor.Cat([x[0], x[1], x[2]], -1), A(2), A(3), A(1));
        yield return Case("cat same input twice", x => Tensor.Cat([x[0], x[0].T], 0), A(2, 2));
        yield return Case("cat transposed", x => Tensor.Cat([x[0].T, x[1]], 1), A(2, 3), A(3, 2));
        yield return Case("stack dim 0", x => Tensor.Stack([x[0], x[1]]), A(2, 3), A(2, 3));
        yield return Case("stack dim 1", x => Tensor.Stack([x[0], x[1], x[2]], 1), A(2, 2), A(2, 2), A(2, 2));
        yield return Case("stack dim -1 transposed", x => Tensor.Stack([x[0].T, x[1]], -1), A(3, 2), A(2, 3));
        yield return Case("where", x => x[0].Where(Condition, x[1]), A(2, 3), A(2, 3));
        yield return Case("where broadcast", x => x[0].Where(RowCondition, x[1]), A(2, 1), A(3));
        yield return Case("where 0-d other", x => x[0].Where(Condition, x[1]), A(2, 3), A());
        yield return Case("where number", x => x[0].Where(Condition, 0.5), A(2, 3));
        yield return Case("where transposed", x => x[0].T.Where(Condition, x[1]), A(3, 2), A(2, 3));
        yield return Case("gather dim 1", x => x[0].Gather(1, GatherIndex1), A(2, 3));
        yield return Case("gather dim 0", x => x[0].Gather(0, GatherIndex0), A(2, 3));
        yield return Case("gather transposed", x => x[0].T.Gather(1, GatherIndex1), A(3, 2));
        yield return Case("index_select dim 0", x => x[0].IndexSelect(0, SelectIndex), A(3, 2));
        yield return Case("index_select dim 1", x => x[0].IndexSelect(1, SelectIndex), A(2, 3));
        yield return Case("index_select transposed", x => x[0].T.IndexSelect(1, SelectIndex), A(3, 2));
    }

    private static IEnumerable<OpCase> Softmax()
    {
        yield return Case("softmax dim 1", x => x[0].Softmax(1), A(2, 3));
        yield return Case("softmax dim 0", x => x[0].Softmax(0), A(2, 3));
        yield return Case("softmax dim 1 3-d", x => x[0].Softmax(1), A(2, 3, 2));
        yield return Case("softmax dim -1 transposed", x => x[0].T.Softmax(-1), A(3, 2));
        yield return Case("softmax 1-d", x => x[0].Softmax(0), A(4));
        yield return Case("log_softmax dim 1", x => x[0].LogSoftmax(1), A(2, 3));
        yield return Case("log_softmax dim 0", x => x[0].LogSoftmax(0), A(2, 3));
        yield return Case("log_softmax dim 2 3-d", x => x[0].LogSoftmax(2), A(2, 3, 2));
        yield return Case("log_softmax dim 0 3-d", x => x[0].LogSoftmax(0), A(2, 3, 2));
        yield return Case("log_softmax dim -1 transposed", x => x[0].T.LogSoftmax(-1), A(3, 2));
        yield return Case("softmax then log", x => x[0].Softmax(1).Log(), A(2, 3));
    }
}
