using Nabla.Printing;

namespace Nabla.Tests;

/// <summary>
/// Exact-string checks of <see cref="TensorFormatter"/> against PyTorch 2.x's <c>str(tensor)</c>
/// (default print options). Expected strings follow torch/_tensor_str.py step by step.
/// </summary>
public class PrintingTests
{
    private static string F32(float[] values, int[]? shape = null, string? gradFn = null, bool requiresGrad = false) =>
        TensorFormatter.Format(values, shape ?? [values.Length], DType.Float32, gradFn, requiresGrad);

    private static string F64(double[] values, int[]? shape = null, string? gradFn = null, bool requiresGrad = false) =>
        TensorFormatter.Format(values, shape ?? [values.Length], DType.Float64, gradFn, requiresGrad);

    private static string I64(long[] values, int[]? shape = null) =>
        TensorFormatter.Format(values, shape ?? [values.Length], DType.Int64, null, false);

    private static float[] Range(int count, Func<int, float> f) => Enumerable.Range(0, count).Select(f).ToArray();

    // ---- float modes: int mode, fixed, scientific ----

    [Fact]
    public void IntModeMatrixWithGradFn() =>
        Assert.Equal("tensor([[3., 3.],\n        [3., 3.]], grad_fn=<AddBackward0>)", F32([3, 3, 3, 3], [2, 2], "AddBackward0"));

    [Fact]
    public void ScalarWithGradFn() =>
        Assert.Equal("tensor(27., grad_fn=<MeanBackward0>)", F32([27f], [], "MeanBackward0"));

    [Fact]
    public void LeafRequiresGrad() =>
        Assert.Equal("tensor([[1., 1.],\n        [1., 1.]], requires_grad=True)", F32([1, 1, 1, 1], [2, 2], requiresGrad: true));

    [Fact]
    public void GradFnWinsOverRequiresGrad() =>
        Assert.Equal("tensor([0.1000, 0.2000, 0.3000], grad_fn=<MulBackward0>)", F32([0.1f, 0.2f, 0.3f], null, "MulBackward0", true));

    [Fact]
    public void ScientificWhenRatioExceeds1000() =>
        Assert.Equal("tensor([1.0240e+02, 1.0240e+03, 1.0240e-01])", F32([102.4f, 1024f, 0.1024f]));

    [Fact]
    public void ScientificBecauseFloat32TenToMinusFourIsBelowOneEMinusFour() =>
        // float32(1e-4) is 9.99999974e-05 < 1e-4, and 1/1e-4 > 1000 anyway.
        Assert.Equal("tensor([1.0000e-01, 1.0000e+00, 1.0000e-04])", F32([0.1f, 1.0f, 0.0001f]));

    [Fact]
    public void FixedFloat64() =>
        Assert.Equal("tensor([0.1000, 1.0000, 0.0010], dtype=float64)", F64([0.1, 1.0, 0.001]));

    [Fact]
    public void ScientificForTinyValues() =>
        Assert.Equal("tensor([1.0000e-05, 1.0000e+00])", F32([1e-5f, 1f]));

    [Fact]
    public void ScientificWidthAlignsInf() =>
        Assert.Equal("tensor([1.0000e-05,        inf])", F32([1e-5f, float.PositiveInfinity]));

    [Fact]
    public void IntModeRatioBoundaryIsExclusive()
    {
        Assert.Equal("tensor([   1., 1000.])", F32([1f, 1000f]));
        Assert.Equal("tensor([1.0000e+00, 1.0010e+03])", F32([1f, 1001f]));
        Assert.Equal("tensor([   1.5000, 1500.0000])", F32([1.5f, 1500f]));
    }

    [Fact]
    public void IntModeSwitchesToScientificAboveOneE8() =>
        Assert.Equal("tensor([1.0000e+00, 1.0000e+09])", F32([1f, 1e9f]));

    [Fact]
    public void IntModeLargeValuesRightAligned() =>
        Assert.Equal("tensor([12345678.,   123456.], dtype=float64)", F64([12345678, 123456]));

    [Fact]
    public void MixedSignsAlign() =>
        Assert.Equal("tensor([-1.5000,  2.2500])", F32([-1.5f, 2.25f]));

    [Fact]
    public void NegativeTinyValueInScientific() =>
        Assert.Equal("tensor([-9.5367e-07,  3.0000e+00])", F32([-MathF.Pow(2, -20), 3f]));

    [Fact]
    public void RoundsHalfToEvenOnExactBinaryValue() =>
        Assert.Equal("tensor(0.0312)", F32([0.03125f], []));

    [Fact]
    public void RoundingCanReachNextInteger() =>
        Assert.Equal("tensor([1.0000, 1.0000], dtype=float64)", F64([0.99999, 1.0]));

    // ---- special values ----

    [Fact]
    public void NonFiniteOnly() =>
        Assert.Equal("tensor([nan, inf, -inf])", F32([float.NaN, float.PositiveInfinity, float.NegativeInfinity]));

    [Fact]
    public void NanInIntModeGetsNoDot() =>
        Assert.Equal("tensor([1., nan, 2.])", F32([1f, float.NaN, 2f]));

    [Fact]
    public void NanInFixedModeIsPadded() =>
        Assert.Equal("tensor([1.5000,    nan])", F32([1.5f, float.NaN]));

    [Fact]
    public void ZerosAndNegativeZero()
    {
        Assert.Equal("tensor([0., 0., 0.])", F32([0f, 0f, 0f]));
        Assert.Equal("tensor([-0., 1.])", F32([-0f, 1f]));
        Assert.Equal("tensor(-0.)", F32([-0f], []));
    }

    // ---- integer and bool dtypes ----

    [Fact]
    public void Int32ShowsDtype() =>
        Assert.Equal("tensor([1, 2, 3], dtype=int32)", TensorFormatter.Format(new[] { 1, 2, 3 }, [3], DType.Int32, null, false));

    [Fact]
    public void NegativeIntsRightAligned() =>
        Assert.Equal("tensor([ -1,  10, 100], dtype=int32)", TensorFormatter.Format(new[] { -1, 10, 100 }, [3], DType.Int32, null, false));

    [Fact]
    public void BoolPadsToFalseWidth() =>
        Assert.Equal("tensor([ True, False])", TensorFormatter.Format(new[] { true, false }, [2], DType.Bool, null, false));

    [Fact]
    public void ZeroDimIntAndBool()
    {
        Assert.Equal("tensor(5)", I64([5], []));
        Assert.Equal("tensor(True)", TensorFormatter.Format(new[] { true }, [], DType.Bool, null, false));
    }

    [Fact]
    public void Float64ShowsDtype() =>
        Assert.Equal("tensor([1., 2.], dtype=float64)", F64([1, 2]));

    // ---- empty tensors ----

    [Fact]
    public void EmptyTensors()
    {
        Assert.Equal("tensor([])", F32([]));
        Assert.Equal("tensor([], size=(0, 3))", F32([], [0, 3]));
        Assert.Equal("tensor([], dtype=int64)", I64([]));
        Assert.Equal("tensor([], dtype=bool)", TensorFormatter.Format(Array.Empty<bool>(), [0], DType.Bool, null, false));
        Assert.Equal("tensor([], size=(2, 0), dtype=float64, requires_grad=True)", F64([], [2, 0], requiresGrad: true));
    }

    // ---- layout: wrapping, nesting, summarization ----

    [Fact]
    public void VectorWrapsAtLineWidth() =>
        Assert.Equal(
            "tensor([0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143, 0.8571, 1.0000, 1.1429,\n" +
            "        1.2857, 1.4286, 1.5714, 1.7143, 1.8571, 2.0000, 2.1429, 2.2857, 2.4286,\n" +
            "        2.5714, 2.7143])",
            F32(Range(20, i => i / 7f)));

    [Fact]
    public void IntVectorWraps() =>
        Assert.Equal(
            "tensor([ 0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11, 12, 13, 14, 15, 16, 17,\n" +
            "        18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29])",
            I64(Enumerable.Range(0, 30).Select(i => (long)i).ToArray()));

    [Fact]
    public void MatrixRowsWrapWithDeeperIndent() =>
        Assert.Equal(
            "tensor([[ 0.2500,  1.2500,  2.2500,  3.2500,  4.2500,  5.2500,  6.2500,  7.2500,\n" +
            "          8.2500,  9.2500, 10.2500, 11.2500],\n" +
            "        [12.2500, 13.2500, 14.2500, 15.2500, 16.2500, 17.2500, 18.2500, 19.2500,\n" +
            "         20.2500, 21.2500, 22.2500, 23.2500]], requires_grad=True)",
            F32(Range(24, i => i + 0.25f), [2, 12], requiresGrad: true));

    [Fact]
    public void ThreeDimsSeparatedByBlankLine() =>
        Assert.Equal(
            "tensor([[[ 0.,  1.,  2.],\n         [ 3.,  4.,  5.]],\n\n        [[ 6.,  7.,  8.],\n         [ 9., 10., 11.]]])",
            F32(Range(12, i => i), [2, 2, 3]));

    [Fact]
    public void FourDimsSeparatedByTwoBlankLines() =>
        Assert.Equal(
            "tensor([[[[0., 1.],\n          [2., 3.]]],\n\n\n        [[[4., 5.],\n          [6., 7.]]]])",
            F32(Range(8, i => i), [2, 1, 2, 2]));

    [Fact]
    public void SingleElementNested() =>
        Assert.Equal("tensor([[[5.]]])", F32([5f], [1, 1, 1]));

    [Fact]
    public void SummarizedFloatArangeUsesScientific() =>
        // Stats over the shown 0,1,2,1997,1998,1999: max/min = 1999 > 1000, hence sci mode.
        Assert.Equal(
            "tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n        1.9990e+03])",
            F32(Range(2000, i => i)));

    [Fact]
    public void SummarizedIntArange() =>
        Assert.Equal("tensor([   0,    1,    2,  ..., 1997, 1998, 1999])", I64(Enumerable.Range(0, 2000).Select(i => (long)i).ToArray()));

    [Fact]
    public void SummaryStatisticsIgnoreHiddenElements() =>
        // The hidden 1e10 would force sci mode if it were measured.
        Assert.Equal("tensor([1000., 1001., 1002.,  ..., 2997., 2998., 2999.])", F32(Range(2000, i => i == 1000 ? 1e10f : 1000 + i)));

    [Fact]
    public void SummarizedMatrix() =>
        Assert.Equal(
            "tensor([[   0,    1,    2,  ...,   47,   48,   49],\n" +
            "        [  50,   51,   52,  ...,   97,   98,   99],\n" +
            "        [ 100,  101,  102,  ...,  147,  148,  149],\n" +
            "        ...,\n" +
            "        [2350, 2351, 2352,  ..., 2397, 2398, 2399],\n" +
            "        [2400, 2401, 2402,  ..., 2447, 2448, 2449],\n" +
            "        [2450, 2451, 2452,  ..., 2497, 2498, 2499]])",
            I64(Enumerable.Range(0, 2500).Select(i => (long)i).ToArray(), [50, 50]));

    [Fact]
    public void Summarized3D()
    {
        string[] blocks =
        [
            "[[   0,    1,    2,  ...,   57,   58,   59],\n         [  60,   61,   62,  ...,  117,  118,  119]]",
            "[[ 120,  121,  122,  ...,  177,  178,  179],\n         [ 180,  181,  182,  ...,  237,  238,  239]]",
            "[[ 240,  241,  242,  ...,  297,  298,  299],\n         [ 300,  301,  302,  ...,  357,  358,  359]]",
            "...",
            "[[ 840,  841,  842,  ...,  897,  898,  899],\n         [ 900,  901,  902,  ...,  957,  958,  959]]",
            "[[ 960,  961,  962,  ..., 1017, 1018, 1019],\n         [1020, 1021, 1022,  ..., 1077, 1078, 1079]]",
            "[[1080, 1081, 1082,  ..., 1137, 1138, 1139],\n         [1140, 1141, 1142,  ..., 1197, 1198, 1199]]",
        ];
        string expected = "tensor([" + string.Join(",\n\n        ", blocks) + "])";
        Assert.Equal(expected, I64(Enumerable.Range(0, 1200).Select(i => (long)i).ToArray(), [10, 2, 60]));
    }

    // ---- suffixes ----

    [Fact]
    public void SuffixesWrapPastLineWidth() =>
        Assert.Equal(
            "tensor([0.5000, 1.5000, 2.5000, 3.5000, 4.5000, 5.5000, 6.5000, 7.5000, 8.5000],\n" +
            "       dtype=float64, grad_fn=<AddBackward0>)",
            F64([0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5], null, "AddBackward0"));

    [Fact]
    public void SuffixesStayOnShortLine() =>
        Assert.Equal("tensor([[1.2500, 1.2500, 1.2500]], dtype=float64, grad_fn=<MulBackward0>)", F64([1.25, 1.25, 1.25], [1, 3], "MulBackward0"));

    [Fact]
    public void RejectsValueCountMismatch() =>
        Assert.Throws<ArgumentException>(() => F32([1f, 2f], [3]));

    // ---- Python float formatting ----

    [Theory]
    [InlineData(2.5, 0, "2")]
    [InlineData(3.5, 0, "4")]
    [InlineData(0.125, 2, "0.12")]
    [InlineData(0.375, 2, "0.38")]
    [InlineData(-0.4, 0, "-0")]
    [InlineData(1e22, 0, "10000000000000000000000")]
    [InlineData(0.1, 20, "0.10000000000000000555")]
    [InlineData(1.00005, 4, "1.0001")]
    [InlineData(5e-324, 4, "0.0000")]
    [InlineData(double.NaN, 4, "nan")]
    public void PythonFixed(double value, int precision, string expected) =>
        Assert.Equal(expected, PythonFloatFormat.Fixed(value, precision));

    [Theory]
    [InlineData(1.5, 0, "2e+00")]
    [InlineData(2.5, 0, "2e+00")]
    [InlineData(9.99995, 4, "1.0000e+01")]
    [InlineData(1e100, 4, "1.0000e+100")]
    [InlineData(5e-324, 4, "4.9407e-324")]
    [InlineData(1.7976931348623157e308, 4, "1.7977e+308")]
    [InlineData(-0.0, 4, "-0.0000e+00")]
    [InlineData(12345.6789, 2, "1.23e+04")]
    [InlineData(double.NegativeInfinity, 4, "-inf")]
    public void PythonScientific(double value, int precision, string expected) =>
        Assert.Equal(expected, PythonFloatFormat.Scientific(value, precision));
}
