namespace Nabla.Tests;

/// <summary>
/// PyTorch's type promotion (<c>torch.result_type</c>): dimensioned tensors outrank 0-d tensors,
/// which outrank C# numbers; a lower-ranked operand only matters when it is of a higher category
/// (bool &lt; integer &lt; floating). The expected dtype of each case is what PyTorch 2.x gives.
/// </summary>
public class PromotionTests
{
    private static Tensor F32(params float[] v) => Tensor.FromArray(v);
    private static Tensor F64(params double[] v) => Tensor.FromArray(v);
    private static Tensor I64(params long[] v) => Tensor.FromArray(v);
    private static Tensor I32(params int[] v) => Tensor.FromArray(v);
    private static Tensor B(params bool[] v) => Tensor.FromArray(v);

    // ---- tensor with a C# number ----

    [Fact]
    public void Float32TensorPlusDoubleStaysFloat32()
    {
        var r = F32(1, 2) + 0.5;   // torch.result_type(float32 tensor, 0.5) = float32
        Assert.Equal(DType.Float32, r.DType);
        Assert.Equal(new[] { 1.5f, 2.5f }, r.ToArray<float>());
        Assert.Equal(DType.Float32, (2.5 * F32(1)).DType);
        Assert.Equal(DType.Float32, (F32(1) - 1e300).DType);
    }

    [Fact]
    public void Float64TensorPlusDoubleStaysFloat64()
    {
        var r = F64(1) + 0.1;
        Assert.Equal(DType.Float64, r.DType);
        Assert.Equal(1.1, r.Item<double>());
    }

    [Fact]
    public void Int64TensorPlusDoubleIsFloat32()
    {
        var r = I64(1, 2, 3) + 0.5;
        Assert.Equal(DType.Float32, r.DType);   // the default float dtype, not float64
        Assert.Equal(new[] { 1.5f, 2.5f, 3.5f }, r.ToArray<float>());
        var m = I64(3) * 0.5;
        Assert.Equal(DType.Float32, m.DType);
        Assert.Equal(1.5f, m.Item<float>());
    }

    [Fact]
    public void Int32TensorPlusIntStaysInt32()
    {
        var r = I32(1, 2) + 3;
        Assert.Equal(DType.Int32, r.DType);
        Assert.Equal(new[] { 4, 5 }, r.ToArray<int>());
        Assert.Equal(DType.Int32, (I32(1) * 2).DType);
        Assert.Equal(DType.Int32, (I32(1) - 5L).DType);
        Assert.Equal(DType.Int32, (10 - I32(1)).DType);
        Assert.Equal(9, (10 - I32(1)).Item<int>());
    }

    [Fact]
    public void Int32TensorPlusDoubleIsFloat32()
    {
        var r = I32(1) + 0.25;
        Assert.Equal(DType.Float32, r.DType);
        Assert.Equal(1.25f, r.Item<float>());
    }

    [Fact]
    public void BoolTensorPlusIntIsInt64()
    {
        var r = B(true, false) + 1;
        Assert.Equal(DType.Int64, r.DType);
        Assert.Equal(new long[] { 2, 1 }, r.ToArray<long>());
    }

    [Fact]
    public void BoolTensorPlusDoubleIsFloat32()
    {
        var r = B(true, false) * 1.5;
        Assert.Equal(DType.Float32, r.DType);
        Assert.Equal(new[] { 1.5f, 0f }, r.ToArray<float>());
    }

    [Fact]
    public void FloatTensorTimesIntStaysFloat()
    {
        Assert.Equal(DType.Float32, (F32(1.5f) * 2).DType);
        Assert.Equal(3f, (F32(1.5f) * 2).Item<float>());
        Assert.Equal(DType.Float64, (F64(1.5) * 2).DType);
    }

    [Fact]
    public void NumberMinusIntegerTensor()
    {
        var r = 1.0 - I64(3);   // rsub
        Assert.Equal(DType.Float32, r.DType);
        Assert.Equal(-2f, r.Item<float>());
        var s = 1 - I32(3);
        Assert.Equal(DType.Int32, s.DType);
        Assert.Equal(-2, s.Item<int>());
    }

    // ---- division ----

    [Fact]
    public void Int64DividedByInt64IsTrueDivisionInFloat32()
    {
        var r = I64(1, 7, -7) / I64(2, 2, 2);
        Assert.Equal(DType.Float32, r.DType);
        Assert.Equal(new[] { 0.5f, 3.5f, -3.5f }, r.ToArray<float>());
    }

    [Fact]
    public void IntegerDividedByNumberIsFloat32()
    {
        var r = I32(7) / 2;   // an int literal: true division still
        Assert.Equal(DType.Float32, r.DType);
        Assert.Equal(3.5f, r.Item<float>());
        var b = B(true) / B(true);
        Assert.Equal(DType.Float32, b.DType);
        Assert.Equal(1f, b.Item<float>());
    }

    [Fact]
    public void Float64DividedByInt64StaysFloat64()
    {
        var r = F64(1) / I64(3);
        Assert.Equal(DType.Float64, r.DType);
        Assert.Equal(1.0 / 3.0, r.Item<double>());
    }

    // ---- tensor with tensor ----

    [Fact]
    public void Float32PlusFloat64TensorsIsFloat64()
    {
        var r = F32(0.5f, 1) + F64(0.25, 2);
        Assert.Equal(DType.Float64, r.DType);
        Assert.Equal(new[] { 0.75, 3.0 }, r.ToArray<double>());
        Assert.Equal(DType.Float64, (F64(1) * F32(1)).DType);
    }

    [Fact]
    public void Int32PlusInt64TensorsIsInt64()
    {
        var r = I32(1) + I64(long.MaxValue - 1);
        Assert.Equal(DType.Int64, r.DType);
        Assert.Equal(long.MaxValue, r.Item<long>());
    }

    [Fact]
    public void IntegerPlusFloatTensorsIsTheFloat()
    {
        Assert.Equal(DType.Float32, (I64(1) + F32(1)).DType);
        Assert.Equal(DType.Float64, (I32(1) + F64(1)).DType);
        Assert.Equal(DType.Float32, (B(true) + F32(0.5f)).DType);
        Assert.Equal(1.5f, (B(true) + F32(0.5f)).Item<float>());
    }

    [Fact]
    public void BoolPlusBoolStaysBool()
    {
        var r = B(true, true, false) + B(true, false, false);   // torch: logical or
        Assert.Equal(DType.Bool, r.DType);
        Assert.Equal(new[] { true, true, false }, r.ToArray<bool>());
        var m = B(true, true, false) * B(true, false, false);   // logical and
        Assert.Equal(DType.Bool, m.DType);
        Assert.Equal(new[] { true, false, false }, m.ToArray<bool>());
        Assert.Equal(DType.Int32, (B(true) + I32(2)).DType);
    }

    // ---- 0-d tensors rank below dimensioned ones ----

    [Fact]
    public void ZeroDimFloat64PlusOneDimFloat32IsFloat32()
    {
        var r = Tensor.Scalar(0.5) + F32(1, 2);   // same category: the dimensioned tensor wins
        Assert.Equal(DType.Float32, r.DType);
        Assert.Equal(new[] { 1.5f, 2.5f }, r.ToArray<float>());
        Assert.Equal(DType.Float32, (F32(1, 2) * Tensor.Scalar(2.0)).DType);
    }

    [Fact]
    public void OneDimIntegerPlusZeroDimFloat64IsFloat64()
    {
        // A 0-d tensor of a higher category promotes to its own dtype (not the default float).
        var r = I64(1, 2) + Tensor.Scalar(0.5);
        Assert.Equal(DType.Float64, r.DType);
        Assert.Equal(new[] { 1.5, 2.5 }, r.ToArray<double>());
        Assert.Equal(DType.Float32, (I32(1) + Tensor.Scalar(0.5f)).DType);
    }

    [Fact]
    public void OneDimInt32PlusZeroDimInt64StaysInt32()
    {
        var r = I32(1, 2) + Tensor.Scalar(3L);
        Assert.Equal(DType.Int32, r.DType);
        Assert.Equal(new[] { 4, 5 }, r.ToArray<int>());
    }

    [Fact]
    public void OneDimBoolPlusZeroDimIntIsTheZeroDimDType()
    {
        Assert.Equal(DType.Int32, (B(true) + Tensor.Scalar(2L, DType.Int32)).DType);
        Assert.Equal(DType.Int64, (B(true) + Tensor.Scalar(2L)).DType);
        Assert.Equal(DType.Int32, (I32(1) + Tensor.Scalar(true)).DType);
    }

    [Fact]
    public void TwoZeroDimTensorsPromoteNormally()
    {
        Assert.Equal(DType.Float64, (Tensor.Scalar(1f) + Tensor.Scalar(1.0)).DType);
        Assert.Equal(DType.Int64, (Tensor.Scalar(1L, DType.Int32) + Tensor.Scalar(1L)).DType);
        Assert.Equal(0, (Tensor.Scalar(1f) + Tensor.Scalar(1.0)).Dim);
    }

    [Fact]
    public void ZeroDimTensorWithANumber()
    {
        var r = Tensor.Scalar(3L) + 2.5;   // torch.tensor(3) + 2.5 is float32
        Assert.Equal(DType.Float32, r.DType);
        Assert.Equal(5.5f, r.Item<float>());
        Assert.Equal(DType.Float64, (Tensor.Scalar(1.0) + 2).DType);
        Assert.Equal(DType.Float64, (Tensor.Scalar(1.0) * 2.5).DType);
        Assert.Equal(DType.Int32, (Tensor.Scalar(1L, DType.Int32) + 2).DType);
        Assert.Equal(DType.Int64, (Tensor.Scalar(true) + 2).DType);
    }

    [Fact]
    public void OneDimWithOneElementIsNotZeroDim()
    {
        // [0.5] float64 has a dimension, so it takes part as a full tensor: float32 + it = float64.
        Assert.Equal(DType.Float64, (F32(1, 2) + F64(0.5)).DType);
    }

    // ---- other ops ----

    [Fact]
    public void ComparisonsGiveBool()
    {
        var gt = F32(0.25f, 0.75f).Gt(0.5);
        Assert.Equal(DType.Bool, gt.DType);
        Assert.Equal(new[] { false, true }, gt.ToArray<bool>());
        Assert.Equal(DType.Bool, I64(1, 2).Lt(I32(2, 2)).DType);
        Assert.Equal(DType.Bool, F64(1).Eq(F32(1)).DType);
        Assert.Equal(DType.Bool, B(true).Ne(B(false)).DType);
        Assert.Equal(new[] { true, false }, I64(1, 2).Le(F32(1.5f, 1.5f)).ToArray<bool>());
        Assert.Equal(new[] { false, true }, I64(1, 2).Ge(F32(1.5f, 1.5f)).ToArray<bool>());
    }

    [Fact]
    public void ComparisonsHappenInThePromotedDType()
    {
        // An int64 tensor compared with 1.5 compares in float32: nothing equals 1.5.
        Assert.Equal(new[] { false, false }, I64(1, 2).Eq(1.5).ToArray<bool>());
        Assert.Equal(new[] { true, false }, I64(1, 2).Lt(1.5).ToArray<bool>());
        // float32(0.1) == 0.1 in PyTorch: the number is converted to float32 first.
        Assert.Equal(new[] { true }, F32(0.1f).Eq(0.1).ToArray<bool>());
        Assert.Equal(new[] { true, false }, I32(2, 3).Eq(2.0).ToArray<bool>());
    }

    [Fact]
    public void SumOfIntegersAndBoolsIsInt64()
    {
        var s = I32(1, 2, 3).Sum();
        Assert.Equal(DType.Int64, s.DType);
        Assert.Equal(6L, s.Item<long>());
        var b = B(true, false, true, true).Sum();
        Assert.Equal(DType.Int64, b.DType);
        Assert.Equal(3L, b.Item<long>());
        var d = Tensor.FromArray(new int[] { 1, 2, 3, 4 }, [2, 2]).Sum(0);
        Assert.Equal(DType.Int64, d.DType);
        Assert.Equal(new long[] { 4, 6 }, d.ToArray<long>());
        Assert.Equal(DType.Int64, I64(1).Sum().DType);
        Assert.Equal(DType.Float32, F32(1).Sum().DType);
        Assert.Equal(DType.Float64, F64(1).Sum().DType);
    }

    [Fact]
    public void MeanOfIntegersThrows()
    {
        var ex = Assert.Throws<ArgumentException>(() => I64(1, 2).Mean());
        Assert.Contains("int64", ex.Message);
    }

    [Fact]
    public void FloatingFunctionsOfIntegersAreFloat32()
    {
        var e = I64(0, 1).Exp();
        Assert.Equal(DType.Float32, e.DType);
        Assert.Equal(1f, e.ToArray<float>()[0]);
        Assert.Equal(MathF.E, e.ToArray<float>()[1], 1e-6f);
        Assert.Equal(DType.Float32, I32(4).Sqrt().DType);
        Assert.Equal(2f, I32(4).Sqrt().Item<float>());
        Assert.Equal(DType.Float32, B(true).Sigmoid().DType);
        Assert.Equal(DType.Float64, F64(1).Exp().DType);
    }

    [Fact]
    public void PowKeepsIntegersWithIntegerExponent()
    {
        var p = I64(2, 3).Pow(2L);
        Assert.Equal(DType.Int64, p.DType);
        Assert.Equal(new long[] { 4, 9 }, p.ToArray<long>());
        var q = I64(2, 3).Pow(0.5);   // torch.tensor([2, 3]) ** 0.5 is float32
        Assert.Equal(DType.Float32, q.DType);
        Assert.Equal(MathF.Sqrt(2), q.ToArray<float>()[0], 1e-6f);
    }

    [Fact]
    public void WhereCatAndToPromote()
    {
        var w = F32(1, 2).Where(B(true, false), F64(9, 9));
        Assert.Equal(DType.Float64, w.DType);
        Assert.Equal(new[] { 1.0, 9.0 }, w.ToArray<double>());
        var c = Tensor.Cat([I32(1), F32(0.5f)]);
        Assert.Equal(DType.Float32, c.DType);
        Assert.Equal(new[] { 1f, 0.5f }, c.ToArray<float>());
        var t = F32(1.9f, -1.9f).To(DType.Int32);
        Assert.Equal(DType.Int32, t.DType);
        Assert.Equal(new[] { 1, -1 }, t.ToArray<int>());
    }

    [Fact]
    public void AlphaScalesInThePromotedDType()
    {
        var r = I64(1, 2).Add(I64(10, 20), alpha: 2);
        Assert.Equal(DType.Int64, r.DType);
        Assert.Equal(new long[] { 21, 42 }, r.ToArray<long>());
        var f = F32(1).Sub(I64(1), alpha: 0.5);
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(0.5f, f.Item<float>());
    }

    [Fact]
    public void FractionalAlphaOnIntegerTensorsThrows()
    {
        // torch.add(torch.tensor([1]), torch.tensor([1]), alpha=0.5) raises
        // "For integral input tensors, argument alpha must not be a floating point number."
        Assert.Throws<ArgumentException>(() => I64(1).Add(I64(1), alpha: 0.5));
        Assert.Throws<ArgumentException>(() => I32(1).Sub(I32(1), alpha: 1.5));
    }

    [Fact]
    public void NegationAndSubtractionOfBoolsThrow()
    {
        Assert.Throws<ArgumentException>(() => -B(true));
        Assert.Throws<ArgumentException>(() => B(true) - B(false));
    }

    // ---- in-place updates keep the tensor's dtype, and refuse what cannot be cast ----

    [Fact]
    public void InPlaceInt64PlusFractionThrowsNamingBothDTypes()
    {
        var x = I64(1, 2);
        var ex = Assert.Throws<ArgumentException>(() => x += 1.5);
        Assert.Contains("float32", ex.Message);   // the result type
        Assert.Contains("int64", ex.Message);     // the tensor's type
        Assert.Equal(new long[] { 1, 2 }, x.ToArray<long>());
        Assert.Equal(0L, x.Version);
    }

    [Fact]
    public void InPlaceDivisionOfIntegersThrows()
    {
        var x = I32(4, 6);
        var ex = Assert.Throws<ArgumentException>(() => x /= 2);
        Assert.Contains("float32", ex.Message);
        Assert.Contains("int32", ex.Message);
        Assert.Equal(new[] { 4, 6 }, x.ToArray<int>());
    }

    [Fact]
    public void InPlaceIntoBoolThrows()
    {
        var b = B(true, false);
        var ex = Assert.Throws<ArgumentException>(() => b.AddInPlace(Tensor.FromArray(new long[] { 1, 1 })));
        Assert.Contains("int64", ex.Message);
        Assert.Contains("bool", ex.Message);
    }

    [Fact]
    public void InPlaceKeepsTheTensorDType()
    {
        var f = F32(1, 2);
        f += F64(0.5, 0.25);   // float64 result cast back to float32: allowed
        Assert.Equal(DType.Float32, f.DType);
        Assert.Equal(new[] { 1.5f, 2.25f }, f.ToArray<float>());

        var i = I32(1, 2);
        i += I64(10, 20);      // int64 -> int32 is allowed (same category)
        Assert.Equal(DType.Int32, i.DType);
        Assert.Equal(new[] { 11, 22 }, i.ToArray<int>());

        var l = I64(5);
        l += 2;
        l *= 3;
        l -= 1;
        Assert.Equal(DType.Int64, l.DType);
        Assert.Equal(20L, l.Item<long>());

        var g = F32(3);
        g /= 2;
        Assert.Equal(1.5f, g.Item<float>());
        var h = F32(1);
        h.AddInPlace(I64(2), alpha: 3);
        Assert.Equal(7f, h.Item<float>());
    }
}
