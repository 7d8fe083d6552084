using Nabla.NN;

namespace Nabla.Tests;

/// <summary>ModuleList, ModuleDict, Identity and Unflatten: PyTorch's names, numbering, printing and errors.</summary>
public sealed class NNContainerTests
{
    private sealed class Gpt : Module
    {
        public Gpt(int layers)
        {
            H = RegisterModule("h", new ModuleList(Enumerable.Range(0, layers).Select(i => new Linear(2, 2, generator: new Generator(i)))));
        }

        public ModuleList H { get; }

        public override Tensor Forward(Tensor input)
        {
            foreach (var block in H) input = block.Call(input);
            return input;
        }
    }

    [Fact]
    public void ModuleListRegistersItsModulesUnderTheirPositions()
    {
        var blocks = new ModuleList(new Linear(4, 4), new Linear(4, 4));
        Assert.Equal(["0.weight", "0.bias", "1.weight", "1.bias"], blocks.StateDict().Keys);
        Assert.Equal(2, blocks.Count);
        Assert.Equal(["h.0.weight", "h.0.bias", "h.1.weight", "h.1.bias", "h.2.weight", "h.2.bias"], new Gpt(3).NamedParameters().Select(p => p.Name));
        Assert.Empty(new ModuleList());

        var x = Tensor.Ones(1, 2);
        var gpt = new Gpt(2);
        Assert.Equal(gpt.H[1].Forward(gpt.H[0].Forward(x)).ToArray<float>(), gpt.Forward(x).ToArray<float>());
    }

    [Fact]
    public void ModuleListEditsRenumberAsPyTorchDoes()
    {
        Module a = new Relu(), b = new Tanh(), c = new Sigmoid(), d = new Gelu();
        var list = new ModuleList(a);
        Assert.Same(list, list.Append(b));
        list.Add(c);
        Assert.Same(list, list.Extend([d]));
        Assert.Equal([a, b, c, d], list);
        list.Insert(0, new Linear(1, 1));
        Assert.Equal(["0.weight", "0.bias"], list.StateDict().Keys);
        Assert.Equal(["0", "1", "2", "3", "4"], list.NamedChildren().Select(n => n.Name));
        list.RemoveAt(0);
        Assert.Empty(list.StateDict());
        Assert.Same(d, list[^1]);
        list[1] = new Linear(1, 1);
        Assert.Equal(["1.weight", "1.bias"], list.StateDict().Keys);
        Assert.True(list.Remove(a));
        Assert.False(list.Remove(a));
        Assert.Equal(["0", "1", "2"], list.NamedChildren().Select(n => n.Name));
        Assert.Equal(1, list.IndexOf(c));
        Assert.True(list.Contains(d) && !list.Contains(a));   // ModuleList.Contains: the same object

        var slice = list[1..];
        Assert.Equal([c, d], slice);
        Assert.Equal(["0", "1"], slice.NamedChildren().Select(n => n.Name));
        Assert.Equal(3, list.Count);   // slicing shares the modules, the list is unchanged

        ModuleList fromCollectionExpression = [new Relu(), new Relu()];
        Assert.Equal(2, fromCollectionExpression.Count);
        list.Clear();
        Assert.Empty(list.Children());
    }

    [Fact]
    public void ModuleListRefusesBadPositionsWithoutChangingAnything()
    {
        var list = new ModuleList(new Relu(), new Tanh());
        Assert.Equal("index 2 is out of range for a ModuleList of 2 modules (Parameter 'index')\nActual value was 2.",
            Assert.Throws<ArgumentOutOfRangeException>(() => list[2]).Message.ReplaceLineEndings("\n"));
        Assert.Throws<ArgumentOutOfRangeException>(() => list[-1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => list.Insert(3, new Relu()));
        Assert.Throws<ArgumentNullException>(() => list.Extend([new Relu(), null!]));
        Assert.Equal(2, list.Count);
        Assert.Equal(2, list.Children().Count());
    }

    [Fact]
    public void ModuleListPrintsRunsOfEqualModulesOnOneLineAsPyTorch2Does()
    {
        var list = new ModuleList(new Linear(4, 4), new Linear(4, 4), new Relu(), new Linear(4, 4));
        Assert.Equal("""
            ModuleList(
              (0-1): 2 x Linear(in_features=4, out_features=4, bias=True)
              (2): ReLU()
              (3): Linear(in_features=4, out_features=4, bias=True)
            )
            """.ReplaceLineEndings("\n"), list.ToString());
        Assert.Equal("ModuleList()", new ModuleList().ToString());
        Assert.Equal("ModuleList(\n  (0-2): 3 x Sequential(\n    (0): ReLU()\n  )\n)",
            new ModuleList(new Sequential(new Relu()), new Sequential(new Relu()), new Sequential(new Relu())).ToString());
    }

    [Fact]
    public void ModuleDictKeepsInsertionOrderAndReplacesInPlace()
    {
        var wte = new Embedding(5, 3);
        var heads = new ModuleDict { ["wte"] = wte, ["head"] = new Linear(3, 5, bias: false) };
        Assert.Equal(["wte.weight", "head.weight"], heads.StateDict().Keys);
        Assert.Same(wte, heads["wte"]);
        heads["wte"] = new Linear(2, 2);
        Assert.Equal(["wte", "head"], heads.Keys);   // replaced where it was
        Assert.Equal(["wte.weight", "wte.bias", "head.weight"], heads.StateDict().Keys);
        heads.Add("drop", new Dropout());
        Assert.Equal(3, heads.Count);
        Assert.True(heads.ContainsKey("drop") && heads.TryGetValue("drop", out var drop) && drop is Dropout);
        Assert.True(heads.Remove("wte"));
        Assert.False(heads.Remove("wte"));
        Assert.Equal(["head", "drop"], heads.Select(kv => kv.Key));
        Assert.Equal(["head", "drop"], heads.NamedChildren().Select(c => c.Name));
        Assert.Equal("ModuleDict(\n  (head): Linear(in_features=3, out_features=5, bias=False)\n  (drop): Dropout(p=0.5, inplace=False)\n)", heads.ToString());

        var pairs = new ModuleDict([new("a", new Relu()), new("b", new Tanh())]);
        Assert.Equal(["a", "b"], pairs.Keys);
        pairs.Clear();
        Assert.Empty(pairs.Children());
    }

    [Fact]
    public void ModuleDictRefusesBadKeysBeforeChangingAnything()
    {
        var dict = new ModuleDict { ["a"] = new Relu() };
        Assert.Contains("got 'x.y'", Assert.Throws<ArgumentException>(() => dict.Update([new("b", new Relu()), new("x.y", new Relu())])).Message);
        Assert.Throws<ArgumentException>(() => dict[""] = new Relu());
        Assert.Equal(["a"], dict.Keys);
        Assert.Equal(["a"], dict.NamedChildren().Select(c => c.Name));
        Assert.Equal("'a' is already in this ModuleDict (Parameter 'key')", Assert.Throws<ArgumentException>(() => dict.Add("a", new Relu())).Message);
        Assert.Equal("'z' is not in this ModuleDict (keys: a)", Assert.Throws<KeyNotFoundException>(() => dict["z"]).Message);
    }

    [Fact]
    public void IdentityReturnsItsInput()
    {
        var x = Tensor.Randn([2, 3], requiresGrad: true, generator: new Generator(0));
        Assert.Same(x, new Identity().Forward(x));
        Assert.Equal("Identity()", new Identity().ToString());
        Assert.Empty(new Identity().StateDict());
    }

    [Fact]
    public void UnflattenSplitsOneDimIntoAView()
    {
        var x = Tensor.Arange(24).Reshape(2, 12);
        var y = new Unflatten(1, [3, 4]).Forward(x);
        Assert.Equal([2, 3, 4], y.Shape.ToArray());
        Assert.Equal(x.ToArray<long>(), y.ToArray<long>());
        Assert.Equal([2, 3, 2, 2], new Unflatten(-1, [3, -1, 2]).Forward(x).Shape.ToArray());
        Assert.Equal([2, 1, 12], new Unflatten(0, [2, 1]).Forward(x).Shape.ToArray());
        Assert.Equal(x.Flatten(1).ToArray<long>(), new Flatten().Forward(y).ToArray<long>());

        var w = Tensor.Zeros([2, 6], requiresGrad: true);
        new Unflatten(1, [2, 3]).Forward(w).Sum().Backward();
        Assert.Equal(Enumerable.Repeat(1f, 12), w.Grad!.ToArray<float>());

        Assert.Equal("Unflatten(dim=1, unflattened_size=(2, 3))", new Unflatten(1, [2, 3]).ToString());
        Assert.Equal("Unflatten(dim=0, unflattened_size=(4,))", new Unflatten(0, [4]).ToString());
    }

    [Fact]
    public void UnflattenReportsSizesThatDoNotFitAsPyTorchDoes()
    {
        var x = Tensor.Zeros(2, 6);
        Assert.Equal("unflatten: Provided sizes [2, 4] don't multiply up to the size of dim 1 (6) in the input tensor",
            Assert.Throws<ArgumentException>(() => new Unflatten(1, [2, 4]).Forward(x)).Message);
        Assert.Equal("unflatten: Provided sizes [0, -1] don't multiply up to the size of dim 1 (6) in the input tensor",
            Assert.Throws<ArgumentException>(() => new Unflatten(1, [0, -1]).Forward(x)).Message);
        Assert.Equal("unflatten: only one dimension can be inferred", Assert.Throws<ArgumentException>(() => new Unflatten(1, [-1, -1]).Forward(x)).Message);
        Assert.StartsWith("unflatten: sizes must be non-empty", Assert.Throws<ArgumentException>(() => new Unflatten(1, [])).Message);
        Assert.StartsWith("Dimension out of range (expected to be in range of [-2, 1], but got 3)",
            Assert.Throws<ArgumentOutOfRangeException>(() => new Unflatten(3, [2, 3]).Forward(x)).Message);
    }
}
