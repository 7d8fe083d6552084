using Nabla.NN;

namespace Nabla.Tests;

/// <summary>
/// The fused attention against attention composed from ops (PyTorch's math backend), across tile
/// boundaries (L and S past 64), with masks of every kind, causal masking and cross-attention.
/// </summary>
public sealed class AttentionTests
{
    private static Tensor Leaf(int seed, params int[] shape) => Tensor.Randn(shape, DType.Float64, requiresGrad: true, generator: new Generator(seed));

    // softmax(q·kᵀ·scale + mask)·v from ops; a bool mask (true: take part) becomes -∞ where false.
    private static Tensor Composed(Tensor q, Tensor k, Tensor v, Tensor? mask, bool causal, double? scale)
    {
        var scores = q.MatMul(k.MT) * (scale ?? 1 / Math.Sqrt(q.Size(-1)));
        int l = q.Size(-2), s = k.Size(-2);
        if (causal) mask = Tensor.FromArray(Enumerable.Range(0, l * s).Select(i => i % s <= i / s).ToArray(), [l, s]);
        if (mask is { DType: DType.Bool }) scores = scores.Where(mask, double.NegativeInfinity);
        else if (mask is not null) scores = scores + mask;
        return scores.Softmax(-1).MatMul(v);
    }

    public static TheoryData<string> Configurations => ["self", "cross", "causal", "causal cross", "bool mask [L,S]", "float mask [B,1,L,S]", "scale"];

    [Theory]
    [MemberData(nameof(Configurations))]
    public void MatchesTheComposedAttentionInValueAndGradient(string configuration)
    {
        bool cross = configuration.Contains("cross"), causal = configuration.StartsWith("causal", StringComparison.Ordinal);
        int b = 2, h = 3, l = 70, s = cross ? 130 : 70, e = 16, ev = 12;
        var (q, k, v) = (Leaf(1, b, h, l, e), Leaf(2, b, h, s, e), Leaf(3, b, h, s, ev));
        Tensor? mask = configuration switch
        {
            "bool mask [L,S]" => Tensor.Rand([l, s], generator: new Generator(4)).Gt(0.3),
            "float mask [B,1,L,S]" => Tensor.Randn([b, 1, l, s], DType.Float64, generator: new Generator(5)),
            _ => null,
        };
        double? scale = configuration == "scale" ? 0.3 : null;
        var fused = F.ScaledDotProductAttention(q, k, v, mask, isCausal: causal, scale: scale);
        var composed = Composed(q, k, v, mask, causal, scale);
        Assert.Equal("ScaledDotProductFlashAttentionForCpuBackward0", fused.GradFn!.Name);
        Assert.Equal(composed.Shape, fused.Shape);
        NNTesting.AssertClose(composed.ToArray<double>(), fused, 1e-12);
        var upstream = Tensor.Randn(composed.ShapeArray, DType.Float64, generator: new Generator(6));
        var expected = Autograd.Grad([composed], [q, k, v], [upstream]);
        var actual = Autograd.Grad([fused], [q, k, v], [upstream]);
        for (int i = 0; i < 3; i++) NNTesting.AssertClose(expected[i]!.ToArray<double>(), actual[i]!, 1e-11);
    }

    [Fact]
    public void Float32MatchesFloat64()
    {
        var (q, k, v) = (Leaf(7, 2, 100, 32), Leaf(8, 2, 100, 32), Leaf(9, 2, 100, 32));
        var y64 = F.ScaledDotProductAttention(q, k, v, isCausal: true);
        var y32 = F.ScaledDotProductAttention(q.To(DType.Float32), k.To(DType.Float32), v.To(DType.Float32), isCausal: true);
        Assert.Equal(DType.Float32, y32.DType);
        NNTesting.AssertClose(y64.ToArray<double>(), y32.To(DType.Float64), 1e-5);
    }

    [Fact]
    public void AQueryWhoseKeysAreAllMaskedOutGivesZerosAndZeroGradients()
    {
        var (q, k, v) = (Leaf(10, 3, 4), Leaf(11, 5, 4), Leaf(12, 5, 2));
        var mask = Tensor.FromArray(new[] { true, true, false, false, false, false, false, false, false, false, false, true, false, true, false }, [3, 5]);
        var y = F.ScaledDotProductAttention(q, k, v, mask);
        Assert.Equal([0.0, 0.0], y[1].ToArray<double>());
        y.Sum().Backward();
        Assert.Equal([0.0, 0.0, 0.0, 0.0], q.Grad![1].ToArray<double>());
        Assert.DoesNotContain(q.Grad.ToArray<double>(), double.IsNaN);
    }

    [Fact]
    public void DropoutKeepsTheExpectedValueAndRepeatsWithTheGenerator()
    {
        var (q, k, v) = (Leaf(13, 1, 64, 8), Leaf(14, 1, 64, 8), Tensor.Ones([1, 64, 8], DType.Float64));
        var a = F.ScaledDotProductAttention(q, k, v, dropoutP: 0.5, generator: new Generator(3));
        var b = F.ScaledDotProductAttention(q, k, v, dropoutP: 0.5, generator: new Generator(3));
        Assert.Equal(a.ToArray<double>(), b.ToArray<double>());
        double mean = a.Mean().Item<double>();   // each output is Σ kept weights / (1 - p): 1 on average
        Assert.InRange(mean, 0.9, 1.1);
        Assert.NotEqual(1.0, a[0, 0, 0].Item<double>(), 1e-9);
    }

    [Fact]
    public void ItsBackwardIsNotDifferentiableAgainAsInPyTorch()
    {
        var (q, k, v) = (Leaf(15, 2, 3), Leaf(16, 2, 3), Leaf(17, 2, 3));
        var dq = Autograd.Grad(F.ScaledDotProductAttention(q, k, v).Sum(), q, createGraph: true)!;
        var error = Assert.Throws<NotSupportedException>(() => dq.Sum().Backward());
        Assert.Contains("not implemented (as in PyTorch's flash attention)", error.Message);
    }

    [Fact]
    public void BadArgumentsAreRefusedWithPyTorchsMessages()
    {
        var x = Leaf(18, 2, 3, 4);
        Assert.Contains("should not be set when is_causal=True",
            Assert.Throws<ArgumentException>(() => F.ScaledDotProductAttention(x, x, x, Tensor.Ones([3, 3]).Gt(0.0), isCausal: true)).Message);
        Assert.Throws<ArgumentException>(() => F.ScaledDotProductAttention(x, Leaf(19, 2, 3, 5), x));
        Assert.Throws<ArgumentOutOfRangeException>(() => F.ScaledDotProductAttention(x, x, x, dropoutP: 1.0));
        Assert.Throws<ArgumentException>(() => F.ScaledDotProductAttention(x, x, x, Tensor.Ones([4, 3]).Gt(0.0)));
    }
}
