using Nabla.NN;
using static Nabla.Tests.NNTesting;

namespace Nabla.Tests;

/// <summary>Forward values of the NN functions against hand-derived numbers and a naive reference, node names, and errors.</summary>
public sealed class NNFunctionalTests
{
    private static readonly double[] Sixteen = [.. Enumerable.Range(0, 16).Select(i => (double)i)];

    [Fact]
    public void ConvolutionOfA4x4RampWithA3x3KernelByHand()
    {
        var x = Doubles(Sixteen, 1, 1, 4, 4);
        var w = Doubles([1, 1, 1, 1, 1, 1, 1, 1, 1], 1, 1, 3, 3);
        // Each output sums a 3×3 window: 0+1+2+4+5+6+8+9+10 = 45, then +9 per column step and +36 per row step; bias 1.
        AssertClose([46, 55, 82, 91], F.Conv2d(x, w, Tensor.FromArray(new double[] { 1 })));
        // A kernel that picks the centre minus the top-left corner: x[i+1, j+1] - x[i, j] = 5 everywhere.
        var centre = Doubles([-1, 0, 0, 0, 1, 0, 0, 0, 0], 1, 1, 3, 3);
        AssertClose([5, 5, 5, 5], F.Conv2d(x, centre));
        // Padding 1 and stride 2: windows centred on (0, 0), (0, 2), (2, 0), (2, 2) of the ones kernel.
        AssertClose([0 + 1 + 4 + 5, 1 + 2 + 3 + 5 + 6 + 7, 4 + 5 + 8 + 9 + 12 + 13, 5 + 6 + 7 + 9 + 10 + 11 + 13 + 14 + 15], F.Conv2d(x, w, stride: 2, padding: 1));
    }

    [Theory]
    [InlineData(2, 3, 4, 7, 6, 3, 1, 0, 1, 1)]
    [InlineData(1, 4, 6, 9, 8, 2, 2, 1, 1, 2)]
    [InlineData(3, 2, 2, 6, 6, 3, 1, 2, 2, 1)]
    [InlineData(2, 6, 6, 5, 5, 1, 1, 0, 1, 3)]
    [InlineData(8, 8, 16, 30, 30, 3, 1, 1, 1, 1)]   // big enough to run the samples in parallel
    [InlineData(3, 1, 6, 28, 28, 5, 1, 2, 1, 1)]    // LeNet's convolutions: the direct kernels, rows 4 vectors wide ...
    [InlineData(3, 6, 16, 14, 14, 5, 1, 0, 1, 1)]   // ... and 2 vectors wide
    [InlineData(2, 20, 24, 9, 9, 3, 1, 1, 1, 1)]    // more channels: im2col + GEMM
    [InlineData(2, 20, 8, 6, 37, 3, 1, 1, 1, 1)]    // im2col rows of 36-37 elements: whole vectors, an overlapping last one, the padding
    public void ConvolutionMatchesANaiveLoop(int n, int c, int o, int h, int w, int k, int stride, int padding, int dilation, int groups)
    {
        var x = Tensor.Randn([n, c, h, w], generator: new Generator(1));
        var weight = Tensor.Randn([o, c / groups, k, k], generator: new Generator(2));
        var bias = Tensor.Randn([o], generator: new Generator(3));
        var expected = NaiveConv(x.ToArray<float>(), weight.ToArray<float>(), bias.ToArray<float>(), n, c, o, h, w, k, stride, padding, dilation, groups);
        AssertClose(expected, F.Conv2d(x, weight, bias, stride, padding, dilation, groups), 1e-4);
    }

    [Theory]
    [InlineData(1, 0)]   // stride 1, padding 0
    [InlineData(1, 1)]
    [InlineData(2, 1)]   // stride 2
    public void ConvolutionInSlabsOfOneOutputRowMatchesWholeSamples(int stride, int padding)
    {
        // More than 16 channels, so im2col + GEMM runs (not the direct kernels), forward and both gradients;
        // a 2×2 kernel, so that Winograd's 3×3 path does not take the stride-1 cases.
        var x = Tensor.Randn([2, 18, 7, 9], DType.Float64, generator: new Generator(4));
        var w = Tensor.Randn([20, 18, 2, 2], DType.Float64, generator: new Generator(5));
        var g = Tensor.Randn([.. F.Conv2d(x, w, stride: stride, padding: padding).Shape.ToArray()], DType.Float64, generator: new Generator(6));
        (double[] Y, double[] Dx, double[] Dw) Run()
        {
            var xr = x.Detach().RequiresGradInPlace();
            var wr = w.Detach().RequiresGradInPlace();
            var y = F.Conv2d(xr, wr, stride: stride, padding: padding);
            y.Backward(g);
            return (y.ToArray<double>(), xr.Grad!.ToArray<double>(), wr.Grad!.ToArray<double>());
        }
        var whole = Run();
        Nabla.Kernels.Conv2dKernels.ThreadSlabBytes = 1;   // one output row per slab
        try
        {
            var slabs = Run();
            Assert.Equal(whole.Y, slabs.Y, new ToleranceComparer(1e-12));
            Assert.Equal(whole.Dx, slabs.Dx, new ToleranceComparer(1e-12));
            Assert.Equal(whole.Dw, slabs.Dw, new ToleranceComparer(1e-12));
        }
        finally { Nabla.Kernels.Conv2dKernels.ThreadSlabBytes = 0; }
        var expected = NaiveConv(x.ToArray<double>().Select(v => (float)v).ToArray(), w.ToArray<double>().Select(v => (float)v).ToArray(),
            new float[20], 2, 18, 20, 7, 9, 2, stride, padding, 1, 1);
        Assert.Equal(expected, whole.Y, new ToleranceComparer(1e-4));
    }

    [Theory]
    [InlineData(2, 18, 20, 5, 37, 3, 1)]   // im2col: rows of 35-37 elements (two float vectors and a tail, four double ones and a tail)
    [InlineData(3, 1, 6, 28, 28, 5, 2)]    // LeNet's convolutions on the direct kernels, whose wide planes are whole vector pairs ...
    [InlineData(5, 6, 16, 14, 14, 5, 0)]   // ... with the zero-filled fourth block of output channels, and several samples per weight-gradient block
    public void ConvolutionGradientsAgreeInFloatAndDouble(int n, int c, int o, int h, int w, int k, int padding)
    {
        // The double pass is the reference for the float one: their vector loops differ in width and tails.
        var x = Tensor.Randn([n, c, h, w], DType.Float64, generator: new Generator(7));
        var weight = Tensor.Randn([o, c, k, k], DType.Float64, generator: new Generator(8));
        var shape = F.Conv2d(x, weight, padding: padding).Shape.ToArray();
        var g = Tensor.Randn([.. shape], DType.Float64, generator: new Generator(9));
        Tensor[] Grads(DType dtype)
        {
            var (xr, wr) = (x.To(dtype).RequiresGradInPlace(), weight.To(dtype).RequiresGradInPlace());
            var y = F.Conv2d(xr, wr, padding: padding);
            return [y, .. Autograd.Grad([y], [xr, wr], [g.To(dtype)]).Select(t => t!)];
        }
        var (single, reference) = (Grads(DType.Float32), Grads(DType.Float64));
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(DType.Float32, single[i].DType);
            Assert.Equal(reference[i].ToArray<double>(), single[i].To(DType.Float64).ToArray<double>(), new ToleranceComparer(2e-3));
        }
    }

    private static double[] NaiveConv(float[] x, float[] w, float[] b, int n, int c, int o, int h, int wd, int k, int s, int p, int d, int groups)
    {
        int oh = (h + 2 * p - d * (k - 1) - 1) / s + 1, ow = (wd + 2 * p - d * (k - 1) - 1) / s + 1, cg = c / groups, og = o / groups;
        var y = new double[n * o * oh * ow];
        for (int b0 = 0; b0 < n; b0++)
            for (int oc = 0; oc < o; oc++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        double sum = b[oc];
                        for (int ic = 0; ic < cg; ic++)
                            for (int u = 0; u < k; u++)
                                for (int v = 0; v < k; v++)
                                {
                                    int r = i * s - p + u * d, q = j * s - p + v * d;
                                    if (r < 0 || r >= h || q < 0 || q >= wd) continue;
                                    sum += x[((b0 * c + oc / og * cg + ic) * h + r) * wd + q] * w[((oc * cg + ic) * k + u) * k + v];
                                }
                        y[((b0 * o + oc) * oh + i) * ow + j] = sum;
                    }
        return y;
    }

    [Fact]
    public void MaxPoolPicksWindowMaximaAndRoutesTheGradientToThem()
    {
        var x = Doubles([1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, 16], 1, 1, 4, 4).RequiresGradInPlace();
        var y = F.MaxPool2d(x, 2);
        AssertClose([4, 8, 12, 16], y);
        Assert.Equal("MaxPool2DWithIndicesBackward0", y.GradFn!.Name);
        y.Sum().Backward();
        AssertClose([0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1], x.Grad!);
        // Kernel 3, stride 2, padding 1 over 0..15: windows clipped at the border.
        AssertClose([5, 7, 13, 15], F.MaxPool2d(Doubles(Sixteen, 1, 1, 4, 4), 3, 2, 1));
        // NaN wins, as in PyTorch.
        Assert.True(double.IsNaN(F.MaxPool2d(Doubles([1, double.NaN, 3, 2], 1, 2, 2), 2).Item<double>()));
    }

    [Fact]
    public void Float32TwoByTwoMaxPoolMatchesTheScalarRuleOnTiesNaNsAndSignedZeros()
    {
        // Values from a small set, so that windows tie often; NaN and -0 sprinkled in. Rows of 13: six
        // windows a row (four at a time in vectors, then two alone) and an odd column left out.
        const int planes = 3, h = 6, w = 13, oh = h / 2, ow = w / 2;
        float[] pool = [0f, -0f, 1f, 1f, 2f, float.NaN, -3f];
        var rng = new Random(5);
        var values = Enumerable.Range(0, planes * h * w).Select(_ => pool[rng.Next(pool.Length)]).ToArray();
        var x = Tensor.FromArray(values, [planes, h, w]).RequiresGradInPlace();
        var y = F.MaxPool2d(x, 2);
        Assert.Equal([planes, oh, ow], y.Shape.ToArray());
        y.Sum().Backward();
        var picked = x.Grad!.ToArray<float>();
        var got = y.ToArray<float>();
        for (int c = 0, o = 0; c < planes; c++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++, o++)
                {
                    // The scalar rule: scan the window row by row; a larger value or any NaN takes over.
                    int best = (c * h + 2 * i) * w + 2 * j;
                    foreach (int at in new[] { best + 1, best + w, best + w + 1 })
                        if (values[at] > values[best] || float.IsNaN(values[at])) best = at;
                    Assert.Equal(BitConverter.SingleToInt32Bits(values[best]), BitConverter.SingleToInt32Bits(got[o]));
                    Assert.Equal(1f, picked[best]);
                }
        Assert.Equal(planes * oh * ow, picked.Count(g => g == 1f));
    }

    [Theory]
    [InlineData(DType.Float32)]
    [InlineData(DType.Float64)]
    public void MaxPoolGradientsWithoutAGraphMatchTheDifferentiableForm(DType dtype)
    {
        // A backward pass without create_graph takes the fused kernel; with it, zeros + scatter_add.
        // Overlapping windows (3×3, stride 2, padding 1) add several gradients into one element.
        var x = Tensor.Randn([2, 3, 9, 11], dtype, generator: new Generator(8)).RequiresGradInPlace();
        Func<Tensor, Tensor>[] pools =
        [
            t => F.MaxPool2d(t, 2),
            t => F.MaxPool2d(t, 3, 2, 1),
            t => F.MaxPool2d(t, 3, 2, 1, ceilMode: true),
            t => F.AdaptiveMaxPool2d(t, (4, 5)),
        ];
        foreach (var pool in pools)
        {
            var y = pool(x);
            var g = Tensor.Randn([.. y.Shape.ToArray()], dtype, generator: new Generator(9)).RequiresGradInPlace();
            var fused = Autograd.Grad([y], [x], [g], retainGraph: true)[0]!;
            var graphed = Autograd.Grad([y], [x], [g], createGraph: true)[0]!;
            Assert.Equal(dtype, fused.DType);
            Assert.Equal(x.Shape.ToArray(), fused.Shape.ToArray());
            Assert.Null(fused.GradFn);
            Assert.NotNull(graphed.GradFn);
            Assert.Equal(graphed.ToArray<double>(), fused.ToArray<double>());
        }
    }

    [Fact]
    public void AveragePoolsCountPaddingAndAdaptiveWindowsOverlap()
    {
        var x = Doubles(Sixteen, 1, 1, 4, 4);
        AssertClose([2.5, 4.5, 10.5, 12.5], F.AvgPool2d(x, 2));
        // count_include_pad: the clipped windows (e.g. 0, 1, 4, 5 in the corner) are divided by 9, not by their size.
        AssertClose([10 / 9.0, 24 / 9.0, 51 / 9.0, 90 / 9.0], F.AvgPool2d(x, 3, 2, 1));
        // 5 → 3 adaptive windows: [0, 2), [1, 4), [3, 5).
        var row = Doubles([0, 1, 2, 3, 4], 1, 1, 5);
        AssertClose([0.5, 2, 3.5], F.AdaptiveAvgPool2d(row, (1, 3)));
        Assert.Equal([2, 3, 1, 1], F.AdaptiveAvgPool2d(Tensor.Randn([2, 3, 7, 5]), 1).Shape.ToArray());
        Assert.Equal("AvgPool2DBackward0", F.AvgPool2d(x.RequiresGradInPlace(), 2).GradFn!.Name);
        Assert.Equal("AdaptiveAvgPool2DBackward0", F.AdaptiveAvgPool2d(x, 2).GradFn!.Name);
    }

    [Fact]
    public void ActivationsMatchTheirFormulas()
    {
        var x = Doubles([-2, -1, 0, 1, 3], 5);
        AssertClose([-0.04550026389635842, -0.15865525393145707, 0, 0.8413447460685429, 3 * 0.9986501019683699], F.Gelu(x), 1e-12);
        AssertClose([-0.23840584404423515, -0.2689414213699951, 0, 0.7310585786300049, 2.8577223804673], F.Silu(x), 1e-12);
        AssertClose([-0.02, -0.01, 0, 1, 3], F.LeakyRelu(x));
        AssertClose([-0.4, -0.2, 0, 1, 3], F.LeakyRelu(x, 0.2));
        var r = x.RequiresGradInPlace();
        Assert.Equal("GeluBackward0", F.Gelu(r).GradFn!.Name);
        Assert.Equal("SiluBackward0", F.Silu(r).GradFn!.Name);
        Assert.Equal("LeakyReluBackward0", F.LeakyRelu(r).GradFn!.Name);
        Assert.Equal("SoftmaxBackward0", F.Softmax(r, 0).GradFn!.Name);
        Assert.Equal("LogSoftmaxBackward0", F.LogSoftmax(r, -1).GradFn!.Name);
    }

    [Fact]
    public void LinearRecordsAddmmWithTheTransposedWeight()
    {
        var x = Tensor.Randn([4, 3]);
        var w = Tensor.Randn([2, 3], requiresGrad: true);
        var b = Tensor.Randn([2], requiresGrad: true);
        var y = F.Linear(x, w, b);
        AssertClose(x.Mm(w.T).Add(b).ToArray<double>(), y, 1e-5);
        Assert.Equal("AddmmBackward0", y.GradFn!.Name);
        var next = y.GradFn.NextFunctions;
        Assert.Equal("AccumulateGrad", next[0].Node!.Name);   // the bias
        Assert.Null(next[1].Node);                             // the input needs no gradient
        Assert.Equal("TBackward0", next[2].Node!.Name);        // Wᵀ
        Assert.Equal("MmBackward0", F.Linear(x, w).GradFn!.Name);
        Assert.Equal([5, 4, 2], F.Linear(Tensor.Randn([5, 4, 3]), w, b).Shape.ToArray());
        var error = Assert.Throws<ArgumentException>(() => F.Linear(Tensor.Randn([4, 5]), w));
        Assert.Contains("[4, 5]", error.Message);
        Assert.Contains("[2, 3]", error.Message);
    }

    [Fact]
    public void ConvolutionNodesAndErrorsAreTorchs()
    {
        var x = Tensor.Randn([1, 1, 28, 28], requiresGrad: true);
        var y = F.Conv2d(x, Tensor.Randn([8, 1, 3, 3], requiresGrad: true), Tensor.Randn([8], requiresGrad: true));
        Assert.Equal("ConvolutionBackward0", y.GradFn!.Name);
        Assert.Equal(3, y.GradFn.NextFunctions.Count);
        Assert.Equal([1, 8, 26, 26], y.Shape.ToArray());
        Assert.Equal([8, 14, 14], F.Conv2d(x[0], Tensor.Randn([8, 1, 3, 3]), stride: 2, padding: 1).Shape.ToArray());
        var channels = Assert.Throws<ArgumentException>(() => F.Conv2d(x, Tensor.Randn([8, 3, 3, 3])));
        Assert.Contains("Given groups=1, weight of size [8, 3, 3, 3], expected input[1, 1, 28, 28] to have 3 channels, but got 1 channels instead", channels.Message);
        Assert.Contains("Kernel size can't be greater than actual input size", Assert.Throws<ArgumentException>(() => F.Conv2d(Tensor.Randn([1, 1, 2, 2]), Tensor.Randn([1, 1, 3, 3]))).Message);
        Assert.Contains("expected bias to be 1-dimensional with 8 elements", Assert.Throws<ArgumentException>(() => F.Conv2d(x, Tensor.Randn([8, 1, 3, 3]), Tensor.Randn([4]))).Message);
        Assert.Contains("4D (batched) input to conv2d", Assert.Throws<ArgumentException>(() => F.Conv2d(Tensor.Randn([28, 28]), Tensor.Randn([8, 1, 3, 3]))).Message);
    }

    [Fact]
    public void BatchNormNormalisesPerChannelAndUpdatesRunningStatistics()
    {
        var x = Doubles([1, 10, 3, 20, 5, 60], 3, 2);   // channel 0: 1, 3, 5; channel 1: 10, 20, 60
        var mean = Tensor.Zeros([2], DType.Float64);
        var variance = Tensor.Ones([2], DType.Float64);
        var y = F.BatchNorm(x, mean, variance, training: true, eps: 0);
        double s = Math.Sqrt(8 / 3.0);   // channel 0: biased variance 8/3
        AssertClose([-2 / s, 0, 2 / s], y[.., 0]);
        AssertClose([0, 0], y.Mean(0), 1e-12);
        // running = 0.9·old + 0.1·batch, with the unbiased variance (4 and 700).
        AssertClose([0.1 * 3, 0.1 * 30], mean);
        AssertClose([0.9 + 0.1 * 4, 0.9 + 0.1 * 700], variance);
        // Evaluation mode uses the running statistics.
        AssertClose([(1 - 0.3) / Math.Sqrt(1.3), (10 - 3) / Math.Sqrt(70.9)], F.BatchNorm(x, mean, variance, eps: 0)[0]);
        Assert.Equal("NativeBatchNormBackward0", F.BatchNorm(x.RequiresGradInPlace(), mean, variance).GradFn!.Name);
        Assert.Contains("Expected more than 1 value per channel when training, got input size [1, 2]",
            Assert.Throws<ArgumentException>(() => F.BatchNorm(Tensor.Randn([1, 2]), null, null, training: true)).Message);
    }

    [Fact]
    public void LayerNormNormalisesTrailingDims()
    {
        var x = Doubles([1, 2, 3, 10, 10, 40], 2, 3).RequiresGradInPlace();
        var y = F.LayerNorm(x, [3], Tensor.FromArray(new double[] { 1, 2, 3 }), Tensor.FromArray(new double[] { 0, 0, 1 }), eps: 0);
        double s = Math.Sqrt(2 / 3.0);
        AssertClose([-1 / s, 0, 3 / s + 1], y[0]);
        Assert.Equal("NativeLayerNormBackward0", y.GradFn!.Name);
        Assert.Contains("expected input with shape [*, 4]", Assert.Throws<ArgumentException>(() => F.LayerNorm(x, [4])).Message);
    }

    [Fact]
    public void EmbeddingLooksUpRowsAndAccumulatesRepeatedRows()
    {
        var table = Doubles([0, 1, 10, 11, 20, 21], 3, 2).RequiresGradInPlace();
        var rows = F.Embedding(Tensor.FromArray(new long[] { 2, 0, 2, 2 }, [2, 2]), table);
        Assert.Equal([2, 2, 2], rows.Shape.ToArray());
        AssertClose([20, 21, 0, 1, 20, 21, 20, 21], rows);
        Assert.Equal("EmbeddingBackward0", rows.GradFn!.Name);
        rows.Sum().Backward();
        AssertClose([1, 1, 0, 0, 3, 3], table.Grad!);
        Assert.Throws<ArgumentOutOfRangeException>(() => F.Embedding(Tensor.FromArray(new long[] { 3 }), table));
    }

    [Fact]
    public void DropoutScalesKeptValuesAndIsTheIdentityOutsideTraining()
    {
        var x = Tensor.Ones([100, 100]);
        var y = F.Dropout(x, 0.3, generator: new Generator(0)).ToArray<float>();
        Assert.All(y, v => Assert.True(v == 0 || Math.Abs(v - 1 / 0.7) < 1e-6));
        double zeros = y.Count(v => v == 0) / (double)y.Length;
        Assert.InRange(zeros, 0.27, 0.33);
        AssertClose(y.Select(v => (double)v).ToArray(), F.Dropout(x, 0.3, generator: new Generator(0)));   // seeded: reproducible
        Assert.Same(x, F.Dropout(x, 0.3, training: false));
        Assert.Equal(0, F.Dropout(x, 1).Sum().Item<float>());
        Assert.Equal("MulBackward0", F.Dropout(x.RequiresGradInPlace()).GradFn!.Name);
        Assert.Throws<ArgumentOutOfRangeException>(() => F.Dropout(x, 1.5));
    }
}
