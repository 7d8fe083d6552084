using System.Text.Json;

namespace Nabla.Tests;

/// <summary>
/// The elementwise ops of issue 10 part 2 against tests/fixtures/elementwise/elementwise.json
/// (make_fixture.py): forward values and gradients as PyTorch 1.13 computes them in float64 and
/// float32, and the exact values (mpmath, 200 bits) of the functions whose accuracy is the point,
/// checked in ulps on both the vector (contiguous) and the scalar (strided) path.
/// </summary>
public class ElementwiseFixtureTests
{
    private static readonly Lazy<JsonElement> s_fixture = new(() => JsonDocument.Parse(File.ReadAllText(
        Path.Combine(DocsTests.Root, "tests", "fixtures", "elementwise", "elementwise.json"))).RootElement);

    private static JsonElement Torch(string group) => s_fixture.Value.GetProperty("torch").GetProperty(group);

    private static readonly Dictionary<string, Func<Tensor, Tensor>> Unary = new()
    {
        ["tan"] = x => x.Tan(), ["asin"] = x => x.Asin(), ["acos"] = x => x.Acos(), ["sinh"] = x => x.Sinh(), ["cosh"] = x => x.Cosh(),
        ["asinh"] = x => x.Asinh(), ["acosh"] = x => x.Acosh(), ["atanh"] = x => x.Atanh(), ["log1p"] = x => x.Log1p(), ["expm1"] = x => x.Expm1(),
        ["exp2"] = x => x.Exp2(), ["log2"] = x => x.Log2(), ["log10"] = x => x.Log10(), ["rsqrt"] = x => x.Rsqrt(), ["erfc"] = x => x.Erfc(),
        ["erfinv"] = x => x.ErfInv(), ["square"] = x => x.Square(), ["floor"] = x => x.Floor(), ["ceil"] = x => x.Ceil(), ["round"] = x => x.Round(),
        ["round_decimals_2"] = x => x.Round(decimals: 2), ["round_decimals_-1"] = x => x.Round(decimals: -1), ["trunc"] = x => x.Trunc(),
        ["frac"] = x => x.Frac(), ["sgn"] = x => x.Sgn(), ["logit"] = x => x.Logit(), ["logit_eps_0.05"] = x => x.Logit(eps: 0.05),
        ["nan_to_num"] = x => x.NanToNum(), ["nan_to_num_values"] = x => x.NanToNum(nan: 1.5, posinf: 2.0, neginf: -3.0),
        ["tanh"] = x => x.Tanh(),
    };

    private static readonly Dictionary<string, Func<Tensor[], Tensor>> Other = new()
    {
        ["maximum"] = x => x[0].Maximum(x[1]), ["minimum"] = x => x[0].Minimum(x[1]), ["fmax"] = x => x[0].Fmax(x[1]), ["fmin"] = x => x[0].Fmin(x[1]),
        ["fmod"] = x => x[0].Fmod(x[1]), ["remainder"] = x => x[0].Remainder(x[1]), ["hypot"] = x => x[0].Hypot(x[1]),
        ["logaddexp"] = x => x[0].LogAddExp(x[1]), ["logaddexp2"] = x => x[0].LogAddExp2(x[1]), ["xlogy"] = x => x[0].XLogY(x[1]),
        ["copysign"] = x => x[0].CopySign(x[1]), ["fmod_number"] = x => x[0].Fmod(1.5), ["remainder_number"] = x => x[0].Remainder(-1.5),
        ["xlogy_number"] = x => x[0].XLogY(2.0), ["copysign_number"] = x => x[0].CopySign(-1.0),
        ["lerp_0.3"] = x => x[0].Lerp(x[1], 0.3), ["lerp_0.8"] = x => x[0].Lerp(x[1], 0.8), ["lerp_tensor"] = x => x[0].Lerp(x[1], x[2]),
        ["addcmul"] = x => x[0].Addcmul(x[1], x[2], value: -0.5), ["addcdiv"] = x => x[0].Addcdiv(x[1], x[2], value: 2.0),
    };

    public static TheoryData<string, string> TorchCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var group in new[] { "unary", "binary", "scalar", "ternary" })
            foreach (var op in Torch(group).EnumerateObject()) data.Add(group, op.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(TorchCases))]
    public void ValuesAndGradientsMatchPyTorch(string group, string name)
    {
        var entry = Torch(group).GetProperty(name);
        Func<Tensor[], Tensor> f = group == "unary" ? x => Unary[name](x[0]) : Other[name];
        var inputs = entry.GetProperty("inputs").EnumerateArray().Select(Numbers).ToArray();
        // float32: a few ulps each way, more for gradients of steep functions (erfinv near 1 multiplies the
        // float32 rounding of its saved result by 2·erfinv(x)·erfinv'(x), and PyTorch's float32 erfinv differs).
        foreach (var (dtype, tolerance) in new[] { (DType.Float64, 1e-13), (DType.Float32, 5e-6) })
        {
            var expected = entry.GetProperty(dtype == DType.Float64 ? "float64" : "float32");
            var leaves = inputs.Select(x => Tensor.FromArray(x, DType.Float64).To(dtype).RequiresGradInPlace()).ToArray();
            var y = f(leaves);
            Assert.Equal(dtype, y.DType);
            AssertClose(Numbers(expected.GetProperty("values")), y, tolerance, $"{name} {dtype} values");
            var weights = Tensor.FromArray(LinearWeights(y.Count), DType.Float64).To(dtype);
            (y * weights).Sum().Backward();
            var grads = expected.GetProperty("grads").EnumerateArray().Select(Numbers).ToArray();
            for (int i = 0; i < leaves.Length; i++)   // an input the op ignores (lerp's unused third) gets none; PyTorch's zeros stand for it
                AssertClose(grads[i], leaves[i].Grad ?? Tensor.ZerosLike(leaves[i]), tolerance, $"{name} {dtype} gradient of input {i}");
        }
        if (entry.TryGetProperty("specials", out var specials))
            AssertClose(Numbers(entry.GetProperty("specials_float64")), f([Tensor.FromArray(Numbers(specials))]), 1e-13, $"{name} at NaN and infinities");
    }

    public static TheoryData<string> ExactCases() => [.. s_fixture.Value.GetProperty("exact").EnumerateObject().Select(p => p.Name)];

    /// <summary>Within a few ulps of the exact value near 0, far out and near overflow, on both paths.</summary>
    [Theory]
    [MemberData(nameof(ExactCases))]
    public void AccurateToAFewUlps(string name)
    {
        var pairs = s_fixture.Value.GetProperty("exact").GetProperty(name).EnumerateArray().Select(Numbers).ToArray();
        double[] x = [.. pairs.Select(p => p[0])], exact = [.. pairs.Select(p => p[1])];
        int ulps = name == "erfc" ? 6 : 4;   // Cody's rational approximations: ~5e-16 relative (measured up to 5 ulps)
        var contiguous = Unary[name](Tensor.FromArray(x)).ToArray<double>();
        var strided = Unary[name](Tensor.FromArray(x.SelectMany(v => new[] { v, 0.0 }).ToArray(), [x.Length, 2])[.., 0]).ToArray<double>();
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(UlpsApart(exact[i], contiguous[i]) <= ulps, $"{name}({x[i]:R}) = {contiguous[i]:R} on the vector path, exactly {exact[i]:R}");
            Assert.True(UlpsApart(exact[i], strided[i]) <= ulps, $"{name}({x[i]:R}) = {strided[i]:R} on the scalar path, exactly {exact[i]:R}");
        }
    }

    // torch.linspace(0.5, 1.5, n): the weights of sum(y * w), so that each gradient element differs.
    private static double[] LinearWeights(int n) => [.. Enumerable.Range(0, n).Select(i => n == 1 ? 0.5 : 0.5 + (double)i / (n - 1))];

    private static double[] Numbers(JsonElement array) => [.. array.EnumerateArray().Select(TorchFixtures.Number)];

    // Relative to the value, absolute below 1 (a result that cancels to about 0, as logaddexp2(-1, -1), is
    // only as accurate as its operands' scale); the ulp-level accuracy is AccurateToAFewUlps's job.
    private static void AssertClose(double[] expected, Tensor actual, double tolerance, string what)
    {
        var got = actual.To(DType.Float64).ToArray<double>();
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < got.Length; i++)
        {
            bool ok = double.IsNaN(expected[i]) ? double.IsNaN(got[i])
                : expected[i] == got[i] || Math.Abs(expected[i] - got[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i]));   // absolute below 1: results that cancel to 0
            Assert.True(ok, $"{what}[{i}]: PyTorch {expected[i]:R}, Nabla {got[i]:R}");
        }
    }

    private static long UlpsApart(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b) ? 0 : long.MaxValue;
        long ia = BitConverter.DoubleToInt64Bits(a), ib = BitConverter.DoubleToInt64Bits(b);
        if (ia < 0) ia = long.MinValue - ia;
        if (ib < 0) ib = long.MinValue - ib;
        return Math.Abs(ia - ib);
    }
}
