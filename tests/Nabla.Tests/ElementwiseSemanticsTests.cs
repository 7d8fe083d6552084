using Nabla.Kernels;

namespace Nabla.Tests;

/// <summary>
/// The PyTorch semantics of the elementwise ops of issue 10 part 2 beyond float values: integer and bool
/// inputs and result dtypes, the gradient conventions at ties, zeros and NaN, the in-place forms and C#
/// operators, and the errors (values as PyTorch 1.13 prints them for the same calls).
/// </summary>
public class ElementwiseSemanticsTests
{
    private static readonly Tensor I = Tensor.FromArray(new long[] { 7, -7, 0 });
    private static readonly Tensor J = Tensor.FromArray(new long[] { 2, 3, -2 });
    private static readonly Tensor B = Tensor.FromArray(new[] { true, false, true });
    private static readonly Tensor C = Tensor.FromArray(new[] { true, true, false });
    private static readonly Tensor F = Tensor.FromArray([1.5f, -2.5f, 0f]);

    private static void Same<T>(T[] expected, Tensor actual, DType dtype) where T : unmanaged
    {
        Assert.Equal(dtype, actual.DType);
        Assert.Equal(expected, actual.ToArray<T>());
    }

    // ---- integer and bool inputs ----

    [Fact]
    public void RoundingReturnsIntegerTensorsUnchangedAsACopy()
    {
        foreach (var op in new Func<Tensor, Tensor>[] { x => x.Floor(), x => x.Ceil(), x => x.Round(), x => x.Trunc() })
        {
            var y = op(I);
            Same([7L, -7, 0], y, DType.Int64);
            y.FillInPlace(1);
            Same([7L, -7, 0], I, DType.Int64);   // a copy, not a view
        }
    }

    [Fact]
    public void RoundingRefusesBoolAndFracAndDecimalsRefuseIntegers()
    {
        Assert.Contains("floor is not implemented for bool", Assert.Throws<ArgumentException>(() => B.Floor()).Message);
        Assert.Contains("frac is not implemented for int64", Assert.Throws<ArgumentException>(() => I.Frac()).Message);
        Assert.Contains("round(decimals) is not implemented for int64", Assert.Throws<ArgumentException>(() => I.Round(decimals: 1)).Message);
    }

    [Fact]
    public void SquareSgnAndNanToNumKeepIntegerDTypes()
    {
        Same([49L, 49, 0], I.Square(), DType.Int64);
        Same([1L, 0, 1], B.Square(), DType.Int64);               // PyTorch: pow(bool, 2) is int64
        Same([1L, -1, 0], I.Sgn(), DType.Int64);
        Same([true, false, true], B.Sgn(), DType.Bool);
        Same([7L, -7, 0], I.NanToNum(), DType.Int64);
        Same([2.25f, 6.25f, 0f], F.Square(), DType.Float32);
    }

    [Fact]
    public void FloatFunctionsOfIntegersGiveTheDefaultFloat()
    {
        var t = Tensor.FromArray(new long[] { 3, -7 });
        var tan = t.Tan();
        Assert.Equal(DType.Float32, tan.DType);
        Assert.Equal([-0.142546549f, -0.871447980f], tan.ToArray<float>(), (a, b) => Math.Abs(a - b) <= 1e-6f * Math.Abs(a));
        Same([8f, 0.0078125f], t.Exp2(), DType.Float32);
        Assert.True(t.Logit().ToArray<float>().All(float.IsNaN));
        Same([1f, float.PositiveInfinity], Tensor.FromArray(new[] { true, false }).Rsqrt(), DType.Float32);
    }

    [Fact]
    public void MaximumAndMinimumPromoteAsPyTorch()
    {
        Same([7L, 3, 0], I.Maximum(J), DType.Int64);
        Same([2L, -7, -2], I.Minimum(J), DType.Int64);
        Same([true, true, true], B.Maximum(C), DType.Bool);
        Same([true, false, false], B.Minimum(C), DType.Bool);
        Same([7f, -2.5f, 0f], I.Maximum(F), DType.Float32);
        Same([7L, 0, 1], B.Maximum(Tensor.FromArray(new long[] { 7, -7, 0 })), DType.Int64);
        Same([7L, 3, 0], I.Fmax(J), DType.Int64);
        Same([2L, -7, -2], I.Fmin(J), DType.Int64);
    }

    [Fact]
    public void FmodAndRemainderOfIntegers()
    {
        Same([1L, -1, 0], I.Fmod(J), DType.Int64);        // the dividend's sign
        Same([1L, 2, 0], I.Remainder(J), DType.Int64);    // the divisor's sign
        Same([1L, -1, 0], I.Fmod(2), DType.Int64);
        Same([1L, 1, 0], I.Remainder(2), DType.Int64);
        Same([1L, 2, 0], I % J, DType.Int64);                       // PyTorch's %, not C#'s
        Same([1.5f, 1.5f, 0f], F % 2.0, DType.Float32);
        Same([0f], Tensor.FromArray(new long[] { 5 }).Fmod(2.5), DType.Float32);
        Same([0L, 0], Tensor.FromArray(new[] { long.MinValue, 5L }).Fmod(-1), DType.Int64);   // no overflow trap
        Same([1L, 0, 1], B.Remainder(Tensor.FromArray(new long[] { 2, 8, 3 })), DType.Int64);   // bool with int64: int64
    }

    [Fact]
    public void IntegerDivisionByZeroRaisesAsPyTorch()
    {
        var zero = Tensor.FromArray(new long[] { 2, 0, 1 });
        Assert.Contains("ZeroDivisionError", Assert.Throws<DivideByZeroException>(() => I.Fmod(zero)).Message);
        Assert.Contains("ZeroDivisionError", Assert.Throws<DivideByZeroException>(() => I.Remainder(0)).Message);
        Assert.Contains("two bool tensors", Assert.Throws<ArgumentException>(() => B.Fmod(C)).Message);
        Assert.True(F.Fmod(0.0).ToArray<float>().All(float.IsNaN));   // floats give NaN
    }

    [Fact]
    public void FloatOnlyBinaryOpsRefuseIntegersOrPromoteThem()
    {
        Assert.Contains("hypot is not implemented for int64", Assert.Throws<ArgumentException>(() => I.Hypot(J)).Message);
        Assert.Throws<ArgumentException>(() => I.LogAddExp(J));
        Assert.Throws<ArgumentException>(() => B.LogAddExp2(C));
        Assert.Equal(DType.Float32, I.Hypot(F).DType);
        Assert.Equal([7.0, 7, double.NegativeZero], I.CopySign(J).To(DType.Float64).ToArray<double>());
        var xlogy = I.XLogY(J);
        Assert.Equal(DType.Float32, xlogy.DType);
        Assert.Equal([4.852030277252197, -7.690286159515381, 0.0], xlogy.To(DType.Float64).ToArray<double>());
    }

    [Fact]
    public void AddcmulTakesIntegersAddcdivAndLerpDoNot()
    {
        Same([35L, -49, 0], I.Addcmul(I, J, value: 2), DType.Int64);
        Same([1L], Tensor.FromArray(new long[] { 1 }).Addcmul(Tensor.FromArray(new long[] { 1 }), Tensor.FromArray(new long[] { 2 }), value: 0.5), DType.Int64);   // value truncated to 0
        Assert.Contains("bool", Assert.Throws<ArgumentException>(() => B.Addcmul(B, C)).Message);
        Assert.Contains("Integer division with addcdiv is no longer supported", Assert.Throws<ArgumentException>(() => I.Addcdiv(I, J)).Message);
        Assert.Equal(DType.Float32, I.Addcdiv(I, F).DType);
        Assert.Contains("lerp is not implemented for int64", Assert.Throws<ArgumentException>(() => I.Lerp(J, 0.5)).Message);
        var error = Assert.Throws<ArgumentException>(() => F.Lerp(F.To(DType.Float64), 0.5));
        Assert.Contains("expected dtype float32 for `end` but got dtype float64", error.Message);
        Assert.Contains("`weight`", Assert.Throws<ArgumentException>(() => F.Lerp(F, F.To(DType.Float64))).Message);
    }

    // ---- logical and bitwise ----

    [Fact]
    public void BitwiseOpsOnIntegersAndBools()
    {
        Same([2L, 1, 0], I.BitwiseAnd(J), DType.Int64);
        Same([7L, -5, -2], I.BitwiseOr(J), DType.Int64);
        Same([5L, -6, -2], I.BitwiseXor(J), DType.Int64);
        Same([true, false, false], B & C, DType.Bool);
        Same([true, true, true], B | C, DType.Bool);
        Same([false, true, true], B ^ C, DType.Bool);
        Same([false, true, false], ~B, DType.Bool);
        Same([-8L, 6, -1], ~I, DType.Int64);
        Same([1L, 0, 0], B & I, DType.Int64);
        Same([1L], Tensor.FromArray(new[] { true }) & 1, DType.Int64);
        Same([6L, 5], Tensor.FromArray(new long[] { 5, 6 }) ^ 3, DType.Int64);
        Same([7, 7], 3 | Tensor.FromArray(new[] { 5, 6 }), DType.Int32);
    }

    [Fact]
    public void BitwiseOpsRefuseFloats()
    {
        Assert.Contains("bitwise_and is only implemented on integer and bool tensors, not float32", Assert.Throws<ArgumentException>(() => I & F).Message);
        Assert.Throws<ArgumentException>(() => F | F);
        Assert.Throws<ArgumentException>(() => B ^ F);
        Assert.Contains("only implemented on integer and bool tensors", Assert.Throws<ArgumentException>(() => ~F).Message);
    }

    [Fact]
    public void LogicalOpsReadAnyDTypeAsBool()
    {
        Same([true, true, false], I.LogicalAnd(F), DType.Bool);
        Same([true, false, false], B.LogicalAnd(F), DType.Bool);
        Same([true, true, false], I.LogicalOr(F), DType.Bool);
        Same([false, true, true], I.LogicalXor(Tensor.FromArray(new long[] { 2, 0, -2 })), DType.Bool);
        Same([false, false, true], I.LogicalNot(), DType.Bool);
        Same([false, true], Tensor.FromArray([float.NaN, 0f]).LogicalNot(), DType.Bool);   // NaN is true
        var wide = Tensor.Arange(300).Remainder(3);   // longer than a vector: the span paths
        Assert.Equal(Enumerable.Range(0, 300).Select(k => k % 3 == 0), wide.LogicalNot().ToArray<bool>());
    }

    [Fact]
    public void ClassTestsOfFloatsAndIntegers()
    {
        var x = Tensor.FromArray([1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f]);
        Same([false, true, false, false, false], x.IsNan(), DType.Bool);
        Same([false, false, true, true, false], x.IsInf(), DType.Bool);
        Same([true, false, false, false, true], x.IsFinite(), DType.Bool);
        Same([false, false, true, false, false], x.IsPosInf(), DType.Bool);
        Same([false, false, false, true, false], x.IsNegInf(), DType.Bool);
        Same([false, false, false], I.IsNan(), DType.Bool);
        Same([false, false, false], B.IsInf(), DType.Bool);
        Same([true, true, true], I.IsFinite(), DType.Bool);
        Same([false, true], x[..2].T.IsNan(), DType.Bool);
    }

    // ---- gradients with a convention ----

    [Fact]
    public void MaximumAndMinimumSplitTheGradientAtTies()
    {
        var x = Tensor.FromArray([1.0, 2, 3], requiresGrad: true);
        var y = Tensor.FromArray([1.0, 0, 5], requiresGrad: true);
        x.Maximum(y).Sum().Backward();
        Assert.Equal([0.5, 1, 0], x.Grad!.ToArray<double>());
        Assert.Equal([0.5, 0, 1], y.Grad!.ToArray<double>());
        x.Grad = y.Grad = null;
        x.Minimum(y).Sum().Backward();
        Assert.Equal([0.5, 0, 1], x.Grad!.ToArray<double>());
        Assert.Equal([0.5, 1, 0], y.Grad!.ToArray<double>());
    }

    [Fact]
    public void FmaxGivesTheGradientToTheNumberBesideANaN()
    {
        var x = Tensor.FromArray([double.NaN, 1, 2], requiresGrad: true);
        var y = Tensor.FromArray([1.0, double.NaN, 2], requiresGrad: true);
        var z = x.Fmax(y);
        Assert.Equal([1.0, 1, 2], z.ToArray<double>());
        z.Sum().Backward();
        Assert.Equal([0.0, 1, 1], x.Grad!.ToArray<double>());   // self wins ties, as PyTorch's (self >= other)
        Assert.Equal([1.0, 0, 0], y.Grad!.ToArray<double>());
        Assert.Equal([1.0, 1, 2], x.Detach().Fmin(y.Detach()).ToArray<double>());
        Assert.Equal(2, x.Detach().Maximum(y.Detach()).ToArray<double>().Count(double.IsNaN));   // maximum propagates NaN
    }

    [Fact]
    public void XLogYCopySignLogitAndNanToNumGradientsAtTheirSpecialPoints()
    {
        var x = Tensor.FromArray([0.0, 0, 2], requiresGrad: true);
        var y = Tensor.FromArray([0.0, -1, 3], requiresGrad: true);
        var z = x.XLogY(y);
        Assert.Equal([0.0, 0, 2 * Math.Log(3)], z.ToArray<double>(), (a, b) => Math.Abs(a - b) <= 1e-15 * Math.Abs(a));
        z.Sum().Backward();
        Assert.Equal([0.0, 0, Math.Log(3)], x.Grad!.ToArray<double>(), (a, b) => Math.Abs(a - b) <= 1e-15 * Math.Abs(a));   // 0 at x = 0, y ≤ 0 (PyTorch's choice)

        var a = Tensor.FromArray([0.0, 2, -3], requiresGrad: true);
        a.CopySign(Tensor.FromArray([-1.0, -1, -1])).Sum().Backward();
        Assert.Equal([0.0, -1, 1], a.Grad!.ToArray<double>());

        var p = Tensor.FromArray([0.05, 0.5, 0.95], requiresGrad: true);
        p.Logit(eps: 0.1).Sum().Backward();
        Assert.Equal([0.0, 4, 0], p.Grad!.ToArray<double>());

        var q = Tensor.FromArray([double.NaN, 1, double.NegativeInfinity], requiresGrad: true);
        var r = q.NanToNum();
        Assert.Equal([0.0, 1, -double.MaxValue], r.ToArray<double>());
        r.Sum().Backward();
        Assert.Equal([0.0, 1, 0], q.Grad!.ToArray<double>());
    }

    [Fact]
    public void RoundingHasZeroGradientAndFracOne()
    {
        var x = Tensor.FromArray([0.3, -1.7], requiresGrad: true);
        (x.Floor() + x.Ceil() + x.Round() + x.Round(decimals: 1) + x.Trunc() + x.Sgn()).Sum().Backward();
        Assert.Equal([0.0, 0], x.Grad!.ToArray<double>());
        x.Grad = null;
        x.Frac().Sum().Backward();
        Assert.Equal([1.0, 1], x.Grad!.ToArray<double>());
    }

    // ---- in place and operators ----

    [Fact]
    public void TernaryInPlaceFormsUpdateAndReturnThisTensor()
    {
        var avg = Tensor.FromArray([0.0, 10]);
        var version = avg.Version;
        Assert.Same(avg, avg.LerpInPlace(Tensor.FromArray([10.0, 0]), 0.1));   // a moving average
        Assert.Equal([1.0, 9], avg.ToArray<double>());
        Assert.True(avg.Version > version);
        avg.AddcmulInPlace(Tensor.FromArray([2.0, 3]), Tensor.FromArray([4.0, 5]), value: 0.5);
        Assert.Equal([5.0, 16.5], avg.ToArray<double>());
        avg.AddcdivInPlace(Tensor.FromArray([1.0, 1]), Tensor.FromArray([4.0, -2]), value: 2);
        Assert.Equal([5.5, 15.5], avg.ToArray<double>());
        avg.LerpInPlace(Tensor.FromArray([7.5, 0]), Tensor.FromArray([1.0, 0]));
        Assert.Equal([7.5, 15.5], avg.ToArray<double>());
        var column = Tensor.Zeros([2, 2], DType.Float64).T[0];   // a strided view: written through
        column.AddcmulInPlace(Tensor.FromArray([1.0, 2]), Tensor.FromArray([3.0, 4]));
        Assert.Equal([3.0, 8], column.ToArray<double>());
    }

    [Fact]
    public void TernaryInPlaceFormsRecordTheirOpWhileRecording()
    {
        var x = Tensor.FromArray([1.0, 2], requiresGrad: true);
        var t1 = Tensor.FromArray([3.0, 4], requiresGrad: true);
        var t2 = Tensor.FromArray([5.0, 6], requiresGrad: true);
        var a = x * 1;
        a.AddcmulInPlace(t1, t2, value: 2);
        Assert.Equal("AddcmulBackward0", a.GradFn!.Name);
        Assert.Equal([31.0, 50], a.ToArray<double>());
        a.Sum().Backward();
        Assert.Equal([1.0, 1], x.Grad!.ToArray<double>());
        Assert.Equal([10.0, 12], t1.Grad!.ToArray<double>());
        Assert.Equal([6.0, 8], t2.Grad!.ToArray<double>());
        var w = Tensor.FromArray([0.25, 0.75], requiresGrad: true);
        var b = x * 1;
        b.LerpInPlace(t1, w);
        Assert.Equal("LerpBackward1", b.GradFn!.Name);
        b.Sum().Backward();
        Assert.Equal([2.0, 2], w.Grad!.ToArray<double>());   // end - self
        Assert.Throws<InvalidOperationException>(() => x.AddcmulInPlace(t1, t2));   // a leaf that requires grad
    }

    [Fact]
    public void InPlaceFormsCheckBeforeWriting()
    {
        var ints = Tensor.FromArray(new long[] { 1, 2 });
        var error = Assert.Throws<ArgumentException>(() => ints.AddcmulInPlace(Tensor.FromArray([0.5f, 0.5f]), Tensor.FromArray(new long[] { 1, 1 })));
        Assert.Contains("result type float32 can't be cast to the desired output type int64", error.Message);
        Assert.Equal([1L, 2], ints.ToArray<long>());
        Assert.Throws<ArgumentException>(() => Tensor.Zeros(2).LerpInPlace(Tensor.Zeros(3, 2), 0.5));   // would broadcast this
        var mask = Tensor.FromArray(new[] { true, true, false });
        Assert.Throws<ArgumentException>(() => mask.BitwiseAndInPlace(I));   // bool &= int64 gives int64
        Same([true, true, false], mask, DType.Bool);
    }

    [Fact]
    public void CompoundBitwiseOperatorsWorkInPlace()
    {
        var mask = Tensor.FromArray(new[] { true, true, false });
        var same = mask;
        mask &= C;
        Assert.Same(same, mask);
        Same([true, true, false], mask, DType.Bool);
        mask ^= B;
        Same([false, true, true], mask, DType.Bool);
        mask |= Tensor.FromArray(new[] { true, false, false });
        Same([true, true, true], mask, DType.Bool);
        var bits = Tensor.FromArray(new[] { 12, 10 });
        bits &= Tensor.FromArray(new[] { 10, 6 });
        Same([8, 2], bits, DType.Int32);
    }

    [Fact]
    public void NullOperandsAreRefused()
    {
        Assert.Throws<ArgumentNullException>(() => F.Maximum(null!));
        Assert.Throws<ArgumentNullException>(() => F.Fmod((Tensor)null!));
        Assert.Throws<ArgumentNullException>(() => F.Hypot(null!));
        Assert.Throws<ArgumentNullException>(() => F.Lerp(null!, 0.5));
        Assert.Throws<ArgumentNullException>(() => F.Addcmul(F, null!));
        Assert.Throws<ArgumentNullException>(() => F.LogicalAnd(null!));
        Assert.Throws<ArgumentNullException>(() => Tensor.XLogY(1.0, null!));
    }

    // ---- the accurate kernels across the parallel driver ----

    [Fact]
    public void LargeInputsGoThroughBlocksAndThreadsLikeSmallOnes()
    {
        int n = Strided.ParallelThreshold + 1001;
        var x = Tensor.Linspace(-30, 30, n, DType.Float64);
        var values = x.ToArray<double>();
        foreach (var (f, scalar) in new (Func<Tensor, Tensor>, Func<double, double>)[]
                 { (t => t.Expm1(), Expm1Op.Apply), (t => t.Sinh(), SinhOp.Apply), (t => t.Abs().Log1p(), v => Log1pOp.Apply(Math.Abs(v))) })
        {
            var y = f(x).ToArray<double>();
            for (int i = 0; i < n; i += 97)
            {
                double expected = scalar(values[i]);
                Assert.True(Math.Abs(expected - y[i]) <= 1e-15 * Math.Abs(expected) || y[i] == expected, $"element {i} (x = {values[i]}): {y[i]} vs {expected}");
            }
        }
    }
}
