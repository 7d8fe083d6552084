using System.Text.Json;
using Nabla.NN;

namespace Nabla.Tests;

/// <summary>
/// The convolution, pooling and upsampling layers against PyTorch 1.13 (Fixtures/conv_pool_reference.json,
/// written by Fixtures/conv_pool_reference.py): repr, state-dict keys, output, input and parameter
/// gradients, and the max poolings' indices, on float64 inputs.
/// </summary>
public sealed class ConvPoolReferenceTests
{
    // The modules the fixture's cases build in PyTorch, written as a port would write them.
    private static readonly Dictionary<string, Func<Module>> s_modules = new()
    {
        ["conv1d"] = () => new Conv1d(4, 6, 3, stride: 2, padding: 1, dilation: 2, groups: 2),
        ["conv1d_same_even"] = () => new Conv1d(2, 3, 4, padding: "same", bias: false),
        ["conv1d_valid_unbatched"] = () => new Conv1d(2, 3, 3, padding: "valid"),
        ["conv2d_tuples"] = () => new Conv2d(2, 4, (3, 2), stride: (2, 1), padding: (1, 0), dilation: (1, 2)),
        ["conv2d_same_dilated"] = () => new Conv2d(3, 2, (2, 3), padding: "same", dilation: (3, 1)),
        ["conv_transpose1d"] = () => new ConvTranspose1d(4, 6, 3, stride: 2, padding: 1, outputPadding: 1, groups: 2, dilation: 2),
        ["conv_transpose2d"] = () => new ConvTranspose2d(3, 2, 3, stride: 2, padding: 1, outputPadding: 1),
        ["conv_transpose2d_tuples_no_bias"] = () => new ConvTranspose2d(2, 4, (2, 3), stride: (1, 2), padding: (0, 1), outputPadding: (0, 1),
            groups: 2, bias: false, dilation: (2, 1)),
        ["max_pool1d_ceil"] = () => new MaxPool1d(3, stride: 2, padding: 1, ceilMode: true),
        ["max_pool2d_tuple_ceil"] = () => new MaxPool2d((3, 2), stride: (2, 2), padding: (1, 0), ceilMode: true),
        ["avg_pool1d_exclude_pad"] = () => new AvgPool1d(3, stride: 2, padding: 1, ceilMode: true, countIncludePad: false),
        ["avg_pool2d_ceil_include_pad"] = () => new AvgPool2d(3, stride: 2, padding: 1, ceilMode: true),
        ["avg_pool2d_divisor_override"] = () => new AvgPool2d((2, 3), stride: (1, 2), divisorOverride: 4),
        ["adaptive_max_pool2d"] = () => new AdaptiveMaxPool2d((2, 3)),
        ["upsample_nearest2d_scale"] = () => new Upsample(scaleFactor: [2, 1.5]),
        ["upsample_nearest2d_size"] = () => new Upsample(size: [5, 7]),
        ["upsample_nearest1d_scale"] = () => new Upsample(scaleFactor: 2.5),
        ["upsample_linear1d"] = () => new Upsample(size: 7, mode: "linear"),
        ["upsample_linear1d_align_corners"] = () => new Upsample(scaleFactor: 1.7, mode: "linear", alignCorners: true),
        ["upsample_bilinear2d_scale"] = () => new Upsample(scaleFactor: 2, mode: "bilinear"),
        ["upsample_bilinear2d_size_align_corners"] = () => new Upsample(size: [4, 7], mode: "bilinear", alignCorners: true),
        ["upsample_bilinear2d_downsample"] = () => new Upsample(size: [3, 2], mode: "bilinear"),
    };

    private static readonly Lazy<JsonElement> s_cases = new(() =>
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "conv_pool_reference.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("cases");
    });

    public static TheoryData<string> Names => [.. s_cases.Value.EnumerateObject().Select(c => c.Name)];

    [Fact]
    public void EveryFixtureCaseHasAModule() =>
        Assert.Equal(s_cases.Value.EnumerateObject().Select(c => c.Name).Order(), s_modules.Keys.Order());

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchesPyTorch(string name)
    {
        var c = s_cases.Value.GetProperty(name);
        var module = s_modules[name]().To(DType.Float64);
        Assert.Equal(c.GetProperty("repr").GetString(), module.ToString());
        var state = c.GetProperty("state_dict").EnumerateObject().ToList();
        Assert.Equal(state.Select(p => p.Name), module.StateDict().Keys);
        module.LoadStateDict(state.Select(p => KeyValuePair.Create(p.Name, RecurrentReference.Tensor(p.Value, DType.Float64))));

        var x = RecurrentReference.Tensor(c.GetProperty("input"), DType.Float64, requiresGrad: true);
        var y = module.Forward(x);
        RecurrentReference.AssertClose(c.GetProperty("output"), y, 1e-12, $"{name} output");
        (y * RecurrentReference.Tensor(c.GetProperty("grad_output"), DType.Float64)).Sum().Backward();
        RecurrentReference.AssertClose(c.GetProperty("grad_input"), x.Grad, 1e-12, $"{name} input grad");
        foreach (var (key, parameter) in module.NamedParameters())
            RecurrentReference.AssertClose(c.GetProperty("grads").GetProperty(key), parameter.Grad, 1e-12, $"{name} {key} grad");

        if (c.TryGetProperty("indices", out var indices))
        {
            var found = Assert.IsAssignableFrom<MaxPoolNd>(module).ForwardWithIndices(x).Indices;
            Assert.Equal(DType.Int64, found.DType);
            RecurrentReference.AssertClose(indices, found.To(DType.Float64), 0, $"{name} indices");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Float32MatchesPyTorch(string name)
    {
        var c = s_cases.Value.GetProperty(name);
        var module = s_modules[name]();
        module.LoadStateDict(c.GetProperty("state_dict").EnumerateObject().Select(p => KeyValuePair.Create(p.Name, RecurrentReference.Tensor(p.Value, DType.Float32))));
        var y = module.Forward(RecurrentReference.Tensor(c.GetProperty("input"), DType.Float32));
        Assert.Equal(DType.Float32, y.DType);
        RecurrentReference.AssertClose(c.GetProperty("output"), y.To(DType.Float64), 1e-5, $"{name} float32 output");
    }
}
