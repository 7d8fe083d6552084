using Nabla.NN;
using static Nabla.Onnx.Tests.OnnxRuntimeOracle;

namespace Nabla.Onnx.Tests;

/// <summary>
/// The tensor ops mapped by issue 14's sweep of the derivative table: elementwise functions, scans, sorting, shapes,
/// padding and masks, exported and run in ONNX Runtime against Nabla, on random values and on special values (zeros of
/// both signs, infinities, NaN), where NaN must meet NaN and a zero must keep its sign.
/// </summary>
public sealed class TensorOpExportTests
{
    private static readonly Dictionary<string, Func<Tensor, Tensor>> s_cases = new()
    {
        ["rounding, exp2, sgn, logit, division by a number"] = x => Tensor.Cat(
        [
            (x * 3).Trunc(), (x * 3).Frac(), (x * 10).Round(1), (x * 100).Round(-1), x.Exp2(), x.Sgn(), x.Sigmoid().Logit(), x.Sigmoid().Logit(eps: 0.2), x.DivScalar(3),
        ]),
        ["binary math"] = x => Tensor.Cat(
        [
            x.Atan2(x.Flip(0)), (x * 4).Fmod(x.Flip(1) + 0.1), (x * 4).Fmod(1.5), (x * 4).Remainder(x.Flip(1) - 0.1), (x * 4).Remainder(-1.5),
            x.Hypot(x.Flip(2)), x.LogAddExp(x.Flip(0)), x.LogAddExp2(x.Flip(0)), x.XLogY(x.Abs()), x.XLogY(2.0), Tensor.XLogY(3.0, x.Abs() + 0.5),
            x.CopySign(x.Flip(0)), x.CopySign(-1.0), x.Fmax(x.Flip(1)), x.Fmin(x.Flip(1)),
            x.Lerp(x.Flip(0), 0.3), x.Lerp(x.Flip(0), 0.8), x.Lerp(x.Flip(0), x.Sigmoid() * 2 - 0.5),
            x.Addcmul(x.Flip(0), x.Flip(1), value: 0.5), x.Addcdiv(x.Flip(0), x.Abs() + 1, value: -2),
        ]),
        ["scans"] = x => Tensor.Cat([(x * 2).CumProd(1), x.CumMax(2).Values, x.CumMin(0).Values, x.LogCumSumExp(1), x.LogCumSumExp(2), x.CumProd(0)]),
        ["sorting"] = x => Tensor.Cat(
        [
            x.Sort(2).Values.Reshape(-1), x.Sort(1, descending: true).Values.Reshape(-1), x.Sort(0, stable: true).Values.Reshape(-1),
            x.TopK(2, 2).Values.Reshape(-1), x.TopK(2, 1, largest: false).Values.Reshape(-1), x.TopK(3, 2, sorted: false).Values.Reshape(-1),
            x.Kthvalue(2, 2).Values.Reshape(-1), x.Kthvalue(1, 0, keepDim: true).Values.Reshape(-1),
            x.Median().Reshape(1), x.Median(2).Values.Reshape(-1), x.NanMedian().Reshape(1), x.NanMedian(1, keepDim: true).Values.Reshape(-1),
        ]),
        ["reductions with two outputs, nansum"] = x => Tensor.Cat(
        [
            Tensor.VarMean(x, 1).Var.Reshape(-1), Tensor.VarMean(x, [0, 2], keepDim: true).Mean.Reshape(-1), Tensor.StdMean(x, 2, correction: 0).Std.Reshape(-1),
            Tensor.StdMean(x).Mean.Reshape(1), x.NanSum(1).Reshape(-1), x.NanSum().Reshape(1),
        ]),
        ["roll, diagonal, trace"] = x => Tensor.Cat(
        [
            x.Roll(1, 0).Reshape(-1), x.Roll([1, -5], [1, 2]).Reshape(-1), x.Roll(7).Reshape(-1),
            x.Diagonal().Reshape(-1), x.Diagonal(1, 1, 2).Reshape(-1), x.Diagonal(-1, 2, 1).Reshape(-1), x[0].Diag(1).Reshape(-1), x[1].Trace().Reshape(1),
        ]),
        ["padding"] = x => Tensor.Cat(
        [
            F.Pad(x, [1, 2]).Reshape(-1), F.Pad(x, [1, 0, 0, 2], value: 0.5).Reshape(-1), F.Pad(x, [-1, 2, 1, -1], value: -3).Reshape(-1),
            F.Pad(x, [2, 1], PaddingMode.Reflect).Reshape(-1), F.Pad(x, [1, 2, 2, 1], PaddingMode.Reflect).Reshape(-1),
            F.Pad(x, [2, 1], PaddingMode.Replicate).Reshape(-1), F.Pad(x.Unsqueeze(0), [1, 2, 2, 1], PaddingMode.Replicate).Reshape(-1),
            F.Pad(x.Unsqueeze(0), [1, 1, 1, 1, 1, 1], PaddingMode.Reflect).Reshape(-1),
        ]),
        ["determinant, cross product"] = x => Tensor.Cat([Linalg.Det(x[.., ..3, ..3]), Linalg.Cross(x[.., .., 1..], x[.., .., ..3], dim: 2).Reshape(-1)]),
        ["products with a sum, norms"] = x => Tensor.Cat(
        [
            x.MatMul(x.Transpose(1, 2)).Baddbmm(x, x.Transpose(1, 2), beta: 0.5, alpha: 2).Reshape(-1), x[0, .., ..3].Addbmm(x, x.Transpose(1, 2), alpha: -1).Reshape(-1),
            x[0, .., 0].Addmv(x[1], x[0, 0], beta: 0).Reshape(-1), x[1, .., 1].Addmv(x[0], x[1, 1]).Reshape(-1),
            x.Norm(3, 1).Reshape(-1), x.Norm(double.PositiveInfinity, 2).Reshape(-1), x.Norm(double.NegativeInfinity).Reshape(1), (x * 3).Round().Norm(0, 0).Reshape(-1), x.Norm(0.5).Reshape(1),
        ]),
    };

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void RunsInOnnxRuntimeWithNablasValues(string name)
        => ExportAndCompare(new Lambda(s_cases[name]), Tensor.Randn([2, 3, 4], generator: new Generator(21)));

    // Every pair of these values (a in row 0, b in row 1): zeros of both signs, the four quadrants, infinities and NaN.
    private static readonly float[] s_specials = [0f, -0f, 1f, -1f, 2.5f, -2.5f, 7f, -0.75f, float.PositiveInfinity, float.NegativeInfinity, float.NaN];

    private static readonly Dictionary<string, Func<Tensor, Tensor, Tensor>> s_pairs = new()
    {
        ["atan2"] = (a, b) => a.Atan2(b),
        ["fmod"] = (a, b) => a.Fmod(b),
        ["remainder"] = (a, b) => a.Remainder(b),
        ["hypot"] = (a, b) => a.Hypot(b),
        ["logaddexp"] = (a, b) => a.LogAddExp(b),
        ["logaddexp2"] = (a, b) => a.LogAddExp2(b),
        ["xlogy"] = (a, b) => a.XLogY(b),
        ["fmax, fmin"] = (a, b) => a.Fmax(b) + a.Fmin(b) * 3,
        ["lerp"] = (a, b) => a.Lerp(b, b.Sigmoid()),
        ["trunc, frac, numbers"] = (a, b) => Tensor.Stack([a.Trunc(), a.Frac(), a.Fmod(-0.75), a.Remainder(0.75), a.CopySign(-0.0), a.XLogY(0.0), Tensor.XLogY(0.0, b)]),
    };

    public static TheoryData<string> Pairs => [.. s_pairs.Keys];

    [Theory]
    [MemberData(nameof(Pairs))]
    public void SpecialValuesComeOutAsInNabla(string name)
    {
        var a = s_specials.SelectMany(v => s_specials.Select(_ => v)).ToArray();
        var b = s_specials.SelectMany(_ => s_specials).ToArray();
        ExportAndCompareSpecials(new Lambda(x => s_pairs[name](x[0], x[1])), Tensor.FromArray<float>([.. a, .. b], [2, a.Length]), zeroSigns: name != "fmax, fmin");
    }

    [Fact]
    public void CopySignFollowsTheSignOfZerosAndInfinities()
    {
        float[] signs = [0f, -0f, 2f, -2f, float.PositiveInfinity, float.NegativeInfinity];   // a NaN's sign cannot be read in ONNX: left out
        float[] values = [1.5f, -1.5f, 0f, -0f, float.NaN, float.NegativeInfinity];
        ExportAndCompareSpecials(new Lambda(x => x[0].CopySign(x[1])), Tensor.FromArray<float>([.. values, .. signs], [2, 6]));
    }

    [Fact]
    public void IntegerRemainderAndFmodFollowTheDivisorAndTheDividend()
    {
        var input = Tensor.FromArray<long>([7, -7, 7, -7, 0, 5, 3, 3, -3, -3, 4, -2], [2, 6]);
        ExportAndCompare(new Lambda(x => Tensor.Cat([x[0].Remainder(x[1]), x[0].Fmod(x[1]), x[0].Remainder(-4L)]).To(DType.Float32)), input);
    }

    [Fact]
    public void ScansAndSortsPlaceNaNAndInfinitiesAsNabla()
    {
        float nan = float.NaN, inf = float.PositiveInfinity;
        var input = Tensor.FromArray<float>(
            [3, nan, -1, 2, 0, -inf, -inf, 1, nan, -2, 0, -0f, 5, 0, inf, nan, nan, nan, nan, nan, 2, 2, -1, -1, 2], [5, 5]);
        ExportAndCompareSpecials(new Lambda(x => Tensor.Cat(
        [
            x.CumProd(1), x.CumMax(1).Values, x.CumMin(1).Values, x.LogCumSumExp(1),
            x.Sort(1).Values, x.Sort(1, descending: true).Values, x.TopK(2, 1).Values, x.TopK(3, 1, largest: false).Values,
            x.Kthvalue(4, 1, keepDim: true).Values, x.Median(1, keepDim: true).Values, x.NanMedian(1, keepDim: true).Values,
            x.Median().Expand(5, 1), x.NanMedian().Expand(5, 1), x[3..].NanMedian().Expand(5, 1), x.NanSum(1, keepDim: true),
        ], 1)), input, zeroSigns: false);
    }

    [Fact]
    public void MaskedOpsAndScattersReadTheirMaskAndIndexFromBuffers()
    {
        var file = OnnxFile.Read(ExportAndCompare(new MaskedOpsModule(), Tensor.Randn([2, 3, 4], generator: new Generator(23))));
        Assert.Contains("Compress", file.OpTypes);
        Assert.Equal(["index", "mask", "repeats", "value"], file.Initializers.Order());
    }

    [Fact]
    public void AScanAlongTheBatchDimIsRefusedWithADynamicBatch()
    {
        var refusal = Assert.Throws<NotSupportedException>(() => ExportToBytes(new Lambda(x => x.CumProd(0)), Tensor.Randn([2, 3], generator: new Generator(1)), dynamicBatch: true));
        Assert.Contains("CumprodBackward0 (aten::cumprod) in the model itself (Lambda) scans along dim 0, which follows the batch size", refusal.Message);
        ExportAndCompare(new Lambda(x => x.CumProd(1) + x.Sort(1).Values + x.Roll(1, 1)), Tensor.Randn([2, 3], generator: new Generator(1)), dynamicBatch: true);
    }

    [Fact]
    public void AScatteredMeanIsRefused()
    {
        var model = new Lambda(x => x.ScatterReduce(1, Tensor.Zeros([2, 2], DType.Int64), x, "mean"));
        var message = Assert.Throws<NotSupportedException>(() => ExportToBytes(model, Tensor.Randn([2, 3], generator: new Generator(2)))).Message;
        Assert.Contains("ScatterReduceBackward0 (aten::scatter_reduce) in the model itself (Lambda) reduces with \"mean\"", message);
    }

    [Theory]
    [InlineData("ErfinvBackward0 (aten::erfinv)", "ONNX (opset 18) has no operator for it")]
    [InlineData("LinalgInvExBackward0 (aten::linalg_inv_ex)", "ONNX (opset 18) has no operator for it")]
    [InlineData("NormalBackward1 (aten::normal)", "random draw")]
    public void OpsThatOnnxCannotExpressAreRefusedByName(string op, string reason)
    {
        Func<Tensor, Tensor> forward = op[0] switch
        {
            'E' => x => x.Tanh().ErfInv(),
            'L' => x => Linalg.Inv(x),
            _ => x => Tensor.Normal(mean: x, std: 1.0, generator: new Generator(1)),
        };
        var message = Assert.Throws<NotSupportedException>(() => ExportToBytes(new Lambda(forward), Tensor.Randn([3, 3], generator: new Generator(3)))).Message;
        Assert.StartsWith($"ONNX export: {op} in the model itself (Lambda) has no ONNX mapping in Nabla.Onnx.", message);
        Assert.Contains(reason, message);
    }

    private sealed class MaskedOpsModule : Module
    {
        public MaskedOpsModule()
        {
            Mask = RegisterBuffer("mask", Tensor.FromArray<bool>([true, false, false, true, true, false, true, false, false, true, true, false], [3, 4]));
            Value = RegisterBuffer("value", Tensor.Scalar(2.5f));
            Index = RegisterBuffer("index", Tensor.FromArray<long>([3, 0, 1, 1, 0, 2, 2, 3, 0], [1, 3, 3]));   // no repeats in a line: scatter's result would be unspecified
            Repeats = RegisterBuffer("repeats", Tensor.FromArray<long>([3, 3, 1, 1, 1, 1, 0, 2, 0], [1, 3, 3]));
        }

        public Tensor Index { get; }

        public Tensor Repeats { get; }

        public Tensor Mask { get; }

        public Tensor Value { get; }

        public override Tensor Forward(Tensor input) => Tensor.Cat(
        [
            input.MaskedFill(Mask, Value).Reshape(-1),
            input.MaskedSelect(Mask),
            input.MaskedScatter(Mask, input.Flip(0) * 10).Reshape(-1),
            input.Scatter(2, Index, input.Flip(1) * 10).Reshape(-1),
            input.ScatterReduce(2, Repeats, input.Flip(0), "sum").Reshape(-1), input.ScatterReduce(2, Repeats, input.Flip(0), "prod", includeSelf: false).Reshape(-1),
            input.ScatterReduce(2, Repeats, input.Flip(0), "amax").Reshape(-1), input.ScatterReduce(2, Repeats, input.Flip(0), "amin", includeSelf: false).Reshape(-1),
        ]);
    }

    // As ExportAndCompare, where NaN must meet NaN, an infinity the same infinity and a zero a zero (of the same sign unless
    // zeroSigns is false: ONNX Runtime's Max, Min, TopK and Where do not keep -0 and +0 apart in every case).
    private static void ExportAndCompareSpecials(Module model, Tensor input, bool zeroSigns = true)
    {
        using var session = Load(ExportToBytes(model, input), out var logId);
        var (data, shape) = Run(session, input);
        var expected = Expected(model, input);
        Assert.Equal(expected.Shape.Select(d => (long)d), shape);
        var want = expected.ToArray<float>();
        for (int i = 0; i < want.Length; i++)
        {
            float got = data[i];
            bool same = float.IsNaN(want[i]) ? float.IsNaN(got)
                : want[i] == 0 ? got == 0 && (!zeroSigns || float.IsNegative(got) == float.IsNegative(want[i]))
                : float.IsInfinity(want[i]) ? got == want[i]
                : Math.Abs(got - want[i]) <= 1e-5 + 1e-4 * Math.Abs(want[i]);
            Assert.True(same, $"element {i}: ONNX Runtime gives {got}, Nabla {want[i]}");
        }
        Assert.Empty(Warnings(logId));
    }
}
