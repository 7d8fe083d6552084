using Nabla.NN;

namespace Nabla.Tests;

/// <summary>
/// The convolution, pooling and upsampling layers beyond the PyTorch fixture: initialisation bounds,
/// PyTorch's errors, ceil mode's output-size rule, special values, and the transposed convolution as
/// the adjoint of the convolution.
/// </summary>
public sealed class ConvPoolLayerTests
{
    [Theory]
    [InlineData("conv1d")]
    [InlineData("conv_transpose1d")]
    [InlineData("conv_transpose2d")]
    public void ParametersStartWithinPyTorchsBound(string kind)
    {
        // fan_in is the weight's dims from 1 on: in/groups·k for a convolution, out/groups·k for a transposed one.
        (ConvNd layer, int[] shape, int fanIn) = kind switch
        {
            "conv1d" => ((ConvNd)new Conv1d(8, 6, 5, groups: 2, generator: new Generator(1)), new[] { 6, 4, 5 }, 4 * 5),
            "conv_transpose1d" => (new ConvTranspose1d(8, 6, 5, groups: 2, generator: new Generator(1)), new[] { 8, 3, 5 }, 3 * 5),
            _ => (new ConvTranspose2d(4, 6, (2, 3), generator: new Generator(1)), new[] { 4, 6, 2, 3 }, 6 * 2 * 3),
        };
        Assert.Equal(shape, layer.Weight.Shape.ToArray());
        double bound = 1 / Math.Sqrt(fanIn), weightMax = layer.Weight.Abs().Max().Item<float>(), biasMax = layer.Bias!.Abs().Max().Item<float>();
        Assert.InRange(weightMax, 0.7 * bound, bound);   // kaiming_uniform(a=√5) is U(±1/√fan_in)
        Assert.InRange(biasMax, 0.2 * bound, bound);
        Assert.Equal(["weight", "bias"], layer.StateDict().Keys);
    }

    [Fact]
    public void ConvTransposeIsTheAdjointOfConv()
    {
        var g = new Generator(3);
        var x = Tensor.Randn([2, 4, 7, 6], DType.Float64, generator: g);
        var w = Tensor.Randn([6, 2, 3, 2], DType.Float64, generator: g);
        var y = Tensor.Randn([2, 6, 4, 2], DType.Float64, generator: g);
        // ⟨conv(x, W), y⟩ = ⟨x, conv_transpose(y, W)⟩ when conv_transpose comes out at x's size.
        var forward = (F.Conv2d(x, w, stride: 2, padding: (1, 0), groups: 2, dilation: (1, 2)) * y).Sum().Item<double>();
        var adjoint = (x * F.ConvTranspose2d(y, w, stride: 2, padding: (1, 0), outputPadding: (0, 1), groups: 2, dilation: (1, 2))).Sum().Item<double>();
        Assert.Equal(forward, adjoint, 1e-10);
    }

    [Fact]
    public void CeilModeDropsAWindowThatWouldStartInTheRightPadding()
    {
        // PyTorch: avg_pool1d(ones(1, 1, 5), 2, 2, 1, ceil_mode=True) is [0.5, 1, 1] (3 windows, not 4),
        // and with count_include_pad=False [1, 1, 1].
        var ones = Tensor.Ones([1, 1, 5], DType.Float64);
        Assert.Equal([0.5, 1, 1], F.AvgPool1d(ones, 2, 2, 1, ceilMode: true).ToArray<double>());
        Assert.Equal([1.0, 1, 1], F.AvgPool1d(ones, 2, 2, 1, ceilMode: true, countIncludePad: false).ToArray<double>());
        Assert.Equal([1, 1, 3], F.MaxPool1d(ones, 2, 2, 1, ceilMode: true).Shape.ToArray());
        Assert.Equal([1, 1, 2], F.MaxPool1d(ones, 2, 2, 0, ceilMode: false).Shape.ToArray());
    }

    [Fact]
    public void NearestUpsamplingCopiesSpecialValues()
    {
        var x = Tensor.FromArray(new[] { float.PositiveInfinity, float.NaN, -0f, 1f }, [1, 1, 2, 2]);
        var y = F.Interpolate(x, scaleFactor: 2).ToArray<float>();
        Assert.Equal(float.PositiveInfinity, y[0]);
        Assert.True(float.IsNaN(y[2]));
        Assert.True(float.IsNegative(y[8 + 0]) && y[8] == 0);
        Assert.Equal(1f, y[15]);
        // linear weighs both neighbours even at weight 0, so an infinity makes NaN there, as in PyTorch:
        // interpolate([1, 2, inf], size=5, mode='linear', align_corners=True) is [1, 1.5, nan, inf, nan].
        var line = F.Interpolate(Tensor.FromArray(new[] { 1.0, 2.0, double.PositiveInfinity }, [1, 1, 3]), size: 5, mode: "linear", alignCorners: true);
        Assert.Equal([1.0, 1.5, double.NaN, double.PositiveInfinity, double.NaN], line.ToArray<double>());
    }

    [Fact]
    public void ModulesBuiltToReturnIndicesPointToForwardWithIndices()
    {
        var x = Tensor.Randn([1, 2, 4, 4]);
        var pool = new AdaptiveMaxPool2d(2, returnIndices: true);
        var error = Assert.Throws<NotSupportedException>(() => pool.Forward(x));
        Assert.Contains("ForwardWithIndices(input)", error.Message);
        var (output, indices) = pool.ForwardWithIndices(x);
        Assert.Equal(output.ToArray<float>(), x.Flatten(2).Gather(2, indices.Flatten(2)).ToArray<float>());
        Assert.Throws<NotSupportedException>(() => new MaxPool1d(2, returnIndices: true).Forward(x[0]));
    }

    [Fact]
    public void BadArgumentsGetPyTorchsMessages()
    {
        var signal = Tensor.Zeros([1, 2, 5]);
        var image = Tensor.Zeros([1, 3, 5, 5]);
        Assert.Contains("padding='same' is not supported for strided convolutions",
            Assert.Throws<ArgumentException>(() => F.Conv1d(signal, Tensor.Zeros([3, 2, 3]), padding: "same", stride: 2)).Message);
        Assert.Contains("padding='same' is not supported for strided convolutions",
            Assert.Throws<ArgumentException>(() => new Conv2d(3, 4, 3, stride: 2, padding: "same")).Message);
        Assert.Equal("Invalid padding string 'full', should be one of {'valid', 'same'} (Parameter 'padding')",
            Assert.Throws<ArgumentException>(() => F.Conv2d(image, Tensor.Zeros([4, 3, 3, 3]), padding: "full")).Message);
        Assert.Equal("Given groups=1, weight of size [4, 2, 3, 3], expected input[1, 3, 5, 5] to have 2 channels, but got 3 channels instead",
            Assert.Throws<ArgumentException>(() => F.Conv2d(image, Tensor.Zeros([4, 2, 3, 3]))).Message);
        Assert.Equal("Given transposed=1, weight of size [2, 2, 3, 3], expected input[1, 3, 5, 5] to have 2 channels, but got 3 channels instead",
            Assert.Throws<ArgumentException>(() => F.ConvTranspose2d(image, Tensor.Zeros([2, 2, 3, 3]))).Message);
        Assert.Contains("output padding must be smaller than either stride or dilation",
            Assert.Throws<ArgumentException>(() => F.ConvTranspose1d(signal, Tensor.Zeros([2, 2, 3]), outputPadding: 1)).Message);
        Assert.Equal("Calculated padded input size per channel: (2). Kernel size: (3). Kernel size can't be greater than actual input size",
            Assert.Throws<ArgumentException>(() => F.Conv1d(Tensor.Zeros([1, 2, 2]), Tensor.Zeros([3, 2, 3]))).Message);
        Assert.Contains("expected padding to be a single integer value",
            Assert.Throws<ArgumentException>(() => F.Conv1d(signal, Tensor.Zeros([3, 2, 3]), padding: (1, 1))).Message);
        Assert.Contains("Expected 2D (unbatched) or 3D (batched) input to conv1d",
            Assert.Throws<ArgumentException>(() => F.Conv1d(image, Tensor.Zeros([3, 2, 3]))).Message);
        Assert.Contains("pad should be at most half of effective kernel size",
            Assert.Throws<ArgumentException>(() => F.MaxPool2d(image, 2, padding: 2)).Message);
        Assert.Contains("max_pool1d: Expected 2D or 3D",
            Assert.Throws<ArgumentException>(() => F.MaxPool1d(image, 2)).Message);
        Assert.Equal("only one of size or scale_factor should be defined",
            Assert.Throws<ArgumentException>(() => F.Interpolate(image, size: [4, 4], scaleFactor: [2])).Message);
        Assert.StartsWith("align_corners option can only be set with the interpolating modes",
            Assert.Throws<ArgumentException>(() => F.Interpolate(image, scaleFactor: 2, alignCorners: true)).Message);
        Assert.Equal("Got 3D input, but bilinear mode needs 4D input",
            Assert.Throws<ArgumentException>(() => F.Interpolate(signal, scaleFactor: 2, mode: "bilinear")).Message);
        Assert.Throws<NotSupportedException>(() => F.Interpolate(image, scaleFactor: 2, mode: "bicubic"));
    }
}
