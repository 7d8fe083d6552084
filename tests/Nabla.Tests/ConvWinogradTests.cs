using Nabla.Kernels;
using Nabla.NN;

namespace Nabla.Tests;

/// <summary>
/// 3×3 stride-1 convolutions with many channels run as Winograd F(2×2, 3×3): the output and both gradients
/// against plain loops, in float64 (the float32 path against float64 is in <see cref="NNFunctionalTests"/>).
/// </summary>
public sealed class ConvWinogradTests
{
    [Theory]
    [InlineData(3, 17, 19, 9, 9, 1)]     // an odd output: the last tile of every row and column half outside
    [InlineData(2, 18, 17, 7, 9, 2)]     // padding 2: the input gradient pads by 0
    [InlineData(1, 33, 20, 11, 13, 0)]   // padding 0 (the input gradient pads by 2), one sample: the GEMMs get all threads
    [InlineData(5, 24, 32, 30, 29, 1)]   // several blocks of tile rows, the last one short, and samples in parallel
    [InlineData(2, 17, 17, 3, 130, 1)]   // tile rows wider than a block: one row per block
    [InlineData(1, 64, 64, 24, 24, 1)]   // one sample with enough work for several cores: its blocks in parallel
    [InlineData(2, 64, 3, 10, 10, 1)]    // three output channels: a GEMM of three rows
    public void OutputAndGradientsMatchPlainLoops(int n, int c, int o, int h, int w, int padding)
    {
        var geometry = ConvGeometry.Of([n, c, h, w], [o, c, 3, 3], (1, 1), (padding, padding), (1, 1), 1);
        Assert.True(Conv2dWinograd.Applies(geometry));   // else this test checks another kernel
        var x = Tensor.Randn([n, c, h, w], DType.Float64, generator: new Generator(11)).RequiresGradInPlace();
        var weight = Tensor.Randn([o, c, 3, 3], DType.Float64, generator: new Generator(12)).RequiresGradInPlace();
        var y = F.Conv2d(x, weight, padding: padding);
        Assert.Equal([n, o, geometry.OH, geometry.OW], y.Shape.ToArray());
        var g = Tensor.Randn([n, o, geometry.OH, geometry.OW], DType.Float64, generator: new Generator(13));
        var grads = Autograd.Grad([y], [x, weight], [g]);

        var (ey, edx, edw) = Reference(x.ToArray<double>(), weight.ToArray<double>(), g.ToArray<double>(), n, c, o, h, w, padding);
        var comparer = new ToleranceComparer(1e-10);
        Assert.Equal(ey, y.ToArray<double>(), comparer);
        Assert.Equal(edx, grads[0]!.ToArray<double>(), comparer);
        Assert.Equal(edw, grads[1]!.ToArray<double>(), comparer);
    }

    [Fact]
    public void StaleScratchLeavesNoTraceInTheWeightGradient()
    {
        // The weight gradient sums a dropped tile per tile row times a zero gradient, and the last one reads past the
        // input planes into their slack: NaN left there by an earlier use must not reach the sum (0 · NaN = NaN).
        // A small convolution runs on this thread, so it gets this thread's scratch.
        Array.Fill(Scratch<double>.Uninitialized(ScratchSlot.TileInputs, 1 << 16), double.NaN);
        var x = Tensor.Randn([1, 17, 9, 9], DType.Float64, generator: new Generator(14)).RequiresGradInPlace();
        var weight = Tensor.Randn([2, 17, 3, 3], DType.Float64, generator: new Generator(15)).RequiresGradInPlace();
        var g = Tensor.Randn([1, 2, 9, 9], DType.Float64, generator: new Generator(16));
        Assert.True(Conv2dWinograd.Applies(ConvGeometry.Of([1, 17, 9, 9], [2, 17, 3, 3], (1, 1), (1, 1), (1, 1), 1)));
        var grads = Autograd.Grad([F.Conv2d(x, weight, padding: 1)], [x, weight], [g]);
        var (_, _, edw) = Reference(x.ToArray<double>(), weight.ToArray<double>(), g.ToArray<double>(), 1, 17, 2, 9, 9, 1);
        Assert.Equal(edw, grads[1]!.ToArray<double>(), new ToleranceComparer(1e-10));
    }

    [Fact]
    public void LayersThatOtherKernelsRunFasterDoNotRunHere()
    {
        static bool Winograd(int c, int o, int k, int stride, int padding, int groups = 1, int size = 16) =>
            Conv2dWinograd.Applies(ConvGeometry.Of([1, c, size, size], [o, c / groups, k, k], (stride, stride), (padding, padding), (1, 1), groups));
        Assert.True(Winograd(17, 4, 3, 1, 1));
        Assert.True(Winograd(64, 3, 3, 1, 1));
        Assert.False(Winograd(16, 16, 3, 1, 1));   // few channels: the direct kernels
        Assert.False(Winograd(3, 64, 3, 1, 1));    // an input layer: im2col's GEMMs, nine times as deep
        Assert.False(Winograd(32, 32, 3, 1, 1, size: 8));   // 16 tiles: GEMMs mostly of dropped columns
        Assert.True(Winograd(32, 32, 3, 1, 1, size: 10));   // 25 tiles
        Assert.False(Winograd(32, 32, 5, 1, 2));   // a 5×5 kernel
        Assert.False(Winograd(32, 32, 3, 2, 1));   // stride 2
        Assert.False(Winograd(32, 32, 3, 1, 3));   // padding 3: the input gradient would pad by -1
        Assert.False(Winograd(32, 32, 3, 1, 1, groups: 2));
    }

    // y = w ⋆ x, dx = Σ_o gy ⋆ᵀ w, dw = Σ_n gy ⋆ x, each as the defining sum.
    private static (double[] Y, double[] Dx, double[] Dw) Reference(double[] x, double[] w, double[] g, int n, int c, int o, int h, int wd, int p)
    {
        int oh = h + 2 * p - 2, ow = wd + 2 * p - 2;
        var y = new double[n * o * oh * ow];
        var dx = new double[x.Length];
        var dw = new double[w.Length];
        for (int b = 0; b < n; b++)
            for (int oc = 0; oc < o; oc++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        int at = ((b * o + oc) * oh + i) * ow + j;
                        double sum = 0;
                        for (int ic = 0; ic < c; ic++)
                            for (int u = 0; u < 3; u++)
                                for (int v = 0; v < 3; v++)
                                {
                                    int r = i - p + u, q = j - p + v;
                                    if (r < 0 || r >= h || q < 0 || q >= wd) continue;
                                    int xi = ((b * c + ic) * h + r) * wd + q, wi = ((oc * c + ic) * 3 + u) * 3 + v;
                                    sum += x[xi] * w[wi];
                                    dx[xi] += g[at] * w[wi];
                                    dw[wi] += g[at] * x[xi];
                                }
                        y[at] = sum;
                    }
        return (y, dx, dw);
    }
}
