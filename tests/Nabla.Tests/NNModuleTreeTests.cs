using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Tests;

/// <summary>
/// Walking the module tree (NamedModules, NamedChildren, Apply), weight tying and Module.To, with the
/// names and orders PyTorch gives (expected values printed by PyTorch for the same structures).
/// </summary>
public sealed class NNModuleTreeTests
{
    /// <summary>A language model head tied to its embedding, as minGPT and nanoGPT tie them.</summary>
    private sealed class TiedLm : Module
    {
        public TiedLm()
        {
            Wte = RegisterModule("wte", new Embedding(5, 3, new Generator(0)));
            Head = RegisterModule("head", new Linear(3, 5, bias: false, generator: new Generator(1)));
            Head.Weight = Wte.Weight;   // PyTorch: self.head.weight = self.wte.weight
        }

        public Embedding Wte { get; }

        public Linear Head { get; }

        public override Tensor Forward(Tensor input) => Head.Forward(Wte.Forward(input));
    }

    // PyTorch: l = Linear(2, 2); m = Sequential(l, Sequential(ReLU(), l), ModuleList([Linear(2, 3), Identity()]))
    private static (Sequential Model, Linear Shared) SharedLayerModel()
    {
        var shared = new Linear(2, 2);
        return (new Sequential(shared, new Sequential(new Relu(), shared), new ModuleList(new Linear(2, 3), new Identity())), shared);
    }

    [Fact]
    public void NamedModulesVisitsEachModuleOnceInPreOrder()
    {
        var (model, shared) = SharedLayerModel();
        Assert.Equal(["", "0", "1", "1.0", "2", "2.0", "2.1"], model.NamedModules().Select(m => m.Name));
        Assert.Same(model, model.Modules().First());
        Assert.Same(shared, model.NamedModules().Single(m => m.Name == "0").Module);
        Assert.Equal(7, model.Modules().Count());
        Assert.Equal(["0", "1", "2"], model.NamedChildren().Select(c => c.Name));
        Assert.Equal(["0.weight", "0.bias", "2.0.weight", "2.0.bias"], model.NamedParameters().Select(p => p.Name));
        Assert.Equal(["0.weight", "0.bias", "1.1.weight", "1.1.bias", "2.0.weight", "2.0.bias"], model.StateDict().Keys);
        Assert.Equal(["", "0"], new Sequential(shared, shared).NamedModules().Select(m => m.Name));
        Assert.Single(new Sequential(shared, shared).NamedChildren());
    }

    [Fact]
    public void ApplyVisitsChildrenFirstThenSelf()
    {
        var (model, _) = SharedLayerModel();
        var order = new List<string>();
        Assert.Same(model, model.Apply(m => order.Add(m.GetType().Name)));
        Assert.Equal(["Linear", "Relu", "Linear", "Sequential", "Linear", "Identity", "ModuleList", "Sequential"], order);

        var net = new Sequential(new Linear(3, 3), new Relu(), new Linear(3, 1));
        net.Apply(m => { if (m is Linear linear) Init.Zeros(linear.Bias!); });
        Assert.All(net.NamedParameters().Where(p => p.Name.EndsWith("bias")), p => Assert.All(p.Parameter.ToArray<float>(), v => Assert.Equal(0f, v)));
    }

    [Fact]
    public void ATiedParameterIsTrainedOnceAndSavedUnderBothNames()
    {
        var lm = new TiedLm();
        Assert.Same(lm.Wte.Weight, lm.Head.Weight);
        Assert.Equal(["wte.weight"], lm.NamedParameters().Select(p => p.Name));
        Assert.Equal(["wte.weight", "head.weight"], lm.StateDict().Keys);

        // One SGD step: the shared weight moves by lr times the sum of both uses' gradients, once.
        var tokens = Tensor.FromArray(new long[] { 0, 3 });
        var before = lm.Wte.Weight.Clone();
        var opt = new Sgd(lm.Parameters(), lr: 0.5);
        lm.Forward(tokens).Sum().Backward();
        var grad = lm.Wte.Weight.Grad!.Clone();
        opt.Step();
        NNTesting.AssertClose((before - grad * 0.5).ToArray<double>(), lm.Head.Weight, 1e-6);

        // Both keys load (the second wins, as in PyTorch); a missing one is reported.
        var other = new TiedLm();
        other.LoadStateDict(lm.StateDict());
        Assert.Equal(lm.Head.Weight.ToArray<float>(), other.Wte.Weight.ToArray<float>());
        var state = lm.StateDict();
        state.Remove("head.weight");
        Assert.Contains("missing key 'head.weight'", Assert.Throws<ArgumentException>(() => other.LoadStateDict(state)).Message);
        other.LoadStateDict(state, strict: false);
    }

    [Fact]
    public void TyingRefusesAWeightOfAnotherShape()
    {
        var head = new Linear(3, 5);
        var error = Assert.Throws<ArgumentException>(() => head.Weight = new Embedding(4, 3).Weight).Message;
        Assert.StartsWith("cannot assign a parameter of shape [4, 3] to 'weight' of Linear, whose shape is [5, 3]", error);
        Assert.Equal(["weight", "bias"], head.StateDict().Keys);
        Assert.Equal([5, 3], head.Weight.Shape.ToArray());
    }

    [Fact]
    public void ToConvertsFloatingStateInPlaceAndKeepsIntegerBuffers()
    {
        var model = new Sequential(new Linear(3, 2, generator: new Generator(0)), new BatchNorm1d(2));
        var linear = (Linear)model[0];
        var norm = (BatchNorm1d)model[1];
        var weight = linear.Weight;
        var values = weight.ToArray<double>();
        var opt = new Sgd(model.Parameters(), lr: 0.1);
        // Weighted by row: batch norm makes a plain sum independent of the linear layer's weight.
        (model.Forward(Tensor.Randn([4, 3], generator: new Generator(1))) * Tensor.Arange(4).Reshape(4, 1)).Sum().Backward();

        Assert.Same(model, model.To(DType.Float64));
        Assert.Same(weight, linear.Weight);                           // the same Parameter object...
        Assert.Same(weight, model.Parameters().First());
        Assert.Equal(DType.Float64, weight.DType);                    // ...now float64, same values
        Assert.Equal(values, weight.ToArray<double>());
        Assert.Equal(DType.Float64, weight.Grad!.DType);
        Assert.True(weight.RequiresGrad && weight.IsLeaf);
        Assert.Equal(DType.Float64, norm.RunningMean!.DType);
        Assert.Equal(DType.Int64, norm.NumBatchesTracked!.DType);     // integer buffers stay integer
        Assert.Equal(1L, norm.NumBatchesTracked.Item<long>());
        Assert.All(model.StateDict().Where(kv => kv.Key != "1.num_batches_tracked"), kv => Assert.Equal(DType.Float64, kv.Value.DType));

        opt.Step();                                                   // the optimiser built before still updates it
        Assert.NotEqual(values, weight.ToArray<double>());
        var y = model.Forward(Tensor.Randn([4, 3], DType.Float64, generator: new Generator(2)));
        Assert.Equal(DType.Float64, y.DType);

        Assert.Equal("Module.To only accepts floating point dtypes, but got desired dtype=int64 (Parameter 'dtype')",
            Assert.Throws<ArgumentException>(() => model.To(DType.Int64)).Message);
    }
}
