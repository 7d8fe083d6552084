using Nabla.IO;
using Nabla.NN;

namespace Nabla.Tests;

/// <summary>Module.Save and Module.Load: a model's state dict through a safetensors file.</summary>
public sealed class SafetensorsModuleTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"nabla-model-{Guid.NewGuid():N}.safetensors");

    public void Dispose() => File.Delete(_path);

    /// <summary>A test-only affine layer with a buffer, so these tests need no library layers.</summary>
    private sealed class Affine : Module
    {
        private readonly Parameter _weight, _bias;

        public Affine(int inputs, int outputs, Generator g)
        {
            _weight = RegisterParameter("weight", new Parameter(Tensor.Randn([outputs, inputs], generator: g)));
            _bias = RegisterParameter("bias", new Parameter(Tensor.Randn([outputs], generator: g)));
            RegisterBuffer("calls", Tensor.FromArray([0L]));
        }

        public override Tensor Forward(Tensor input) => input.MatMul(_weight.T) + _bias;
    }

    private static Sequential Model(int seed, int hidden = 4)
    {
        var g = new Generator(seed);
        return new Sequential(new Affine(3, hidden, g), new Affine(hidden, 2, g));
    }

    [Fact]
    public void SaveThenLoadRestoresEveryParameterAndBuffer()
    {
        var model = Model(seed: 1);
        model.Save(_path);
        var other = Model(seed: 2);
        other.Load(_path);
        var x = Tensor.Randn([5, 3], generator: new Generator(3));
        Assert.Equal(model.Forward(x).ToArray<float>(), other.Forward(x).ToArray<float>());
        Assert.Equal(["0.weight", "0.bias", "0.calls", "1.weight", "1.bias", "1.calls"], model.StateDict().Keys);   // PyTorch order: module by module
        Assert.Equal(model.StateDict().Keys.Order(), Safetensors.Load(_path).Keys.Order());
        Assert.Equal("pt", Safetensors.LoadMetadata(_path)["format"]);
    }

    [Fact]
    public void LoadReportsEveryMismatchAndChangesNothing()
    {
        Model(seed: 1).Save(_path);
        var other = Model(seed: 2, hidden: 5);
        var before = other.StateDict().Values.Select(t => t.ToArray<double>()).ToArray();
        var ex = Assert.Throws<InvalidDataException>(() => other.Load(_path));
        Assert.Contains("size mismatch for '0.weight'", ex.Message);
        Assert.Contains("size mismatch for '1.weight'", ex.Message);
        Assert.Contains(_path, ex.Message);
        Assert.Equal(before, other.StateDict().Values.Select(t => t.ToArray<double>()));
    }

    [Fact]
    public void StrictFalseAllowsMissingAndUnexpectedNames()
    {
        Safetensors.Save(_path, new Dictionary<string, Tensor> { ["0.bias"] = Tensor.Ones(4), ["extra"] = Tensor.Zeros(1) });
        var model = Model(seed: 1);
        Assert.Contains("unexpected key 'extra'", Assert.Throws<InvalidDataException>(() => model.Load(_path)).Message);
        model.Load(_path, strict: false);
        Assert.Equal([1f, 1f, 1f, 1f], model.StateDict()["0.bias"].ToArray<float>());
    }
}
