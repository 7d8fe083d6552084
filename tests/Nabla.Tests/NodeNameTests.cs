namespace Nabla.Tests;

/// <summary>The node names and edges PyTorch gives each op's graph (grad_fn names, next_functions).</summary>
public class NodeNameTests
{
    private static Tensor Ix(params long[] values) => Tensor.FromArray(values);

    private static readonly Dictionary<string, (string Expected, Func<Tensor, Tensor, Tensor> F)> Nodes = new()
    {
        ["add"] = ("AddBackward0", (x, y) => x + y),
        ["add number"] = ("AddBackward0", (x, y) => x + 2),
        ["add alpha"] = ("AddBackward0", (x, y) => x.Add(y, alpha: 2)),
        ["sub"] = ("SubBackward0", (x, y) => x - y),
        ["sub alpha"] = ("SubBackward0", (x, y) => x.Sub(y, alpha: 2)),
        ["rsub"] = ("RsubBackward1", (x, y) => 2.0 - x),
        ["mul"] = ("MulBackward0", (x, y) => x * y),
        ["mul number"] = ("MulBackward0", (x, y) => x * 3.0),
        ["div"] = ("DivBackward0", (x, y) => x / y),
        ["2.0 / x"] = ("MulBackward0", (x, y) => 2.0 / x),   // PyTorch: reciprocal(x) * 2
        ["neg"] = ("NegBackward0", (x, y) => -x),
        ["pow scalar"] = ("PowBackward0", (x, y) => x.Pow(2.0)),
        ["pow tensor"] = ("PowBackward1", (x, y) => x.Pow(y)),
        ["exp"] = ("ExpBackward0", (x, y) => x.Exp()),
        ["log"] = ("LogBackward0", (x, y) => x.Log()),
        ["sqrt"] = ("SqrtBackward0", (x, y) => x.Sqrt()),
        ["abs"] = ("AbsBackward0", (x, y) => x.Abs()),
        ["sin"] = ("SinBackward0", (x, y) => x.Sin()),
        ["cos"] = ("CosBackward0", (x, y) => x.Cos()),
        ["tanh"] = ("TanhBackward0", (x, y) => x.Tanh()),
        ["sigmoid"] = ("SigmoidBackward0", (x, y) => x.Sigmoid()),
        ["relu"] = ("ReluBackward0", (x, y) => x.Relu()),
        ["clamp"] = ("ClampBackward1", (x, y) => x.Clamp(-1, 1)),
        ["clamp min"] = ("ClampMinBackward0", (x, y) => x.Clamp(min: 0)),
        ["clamp max"] = ("ClampMaxBackward0", (x, y) => x.Clamp(max: 0)),
        ["sum all"] = ("SumBackward0", (x, y) => x.Sum()),
        ["sum dim"] = ("SumBackward1", (x, y) => x.Sum(1)),
        ["sum dims"] = ("SumBackward1", (x, y) => x.Sum([0, 1], keepDim: true)),
        ["mean all"] = ("MeanBackward0", (x, y) => x.Mean()),
        ["mean dim"] = ("MeanBackward1", (x, y) => x.Mean(0)),
        ["max all"] = ("MaxBackward1", (x, y) => x.Max()),
        ["max dim"] = ("MaxBackward0", (x, y) => x.Max(1).Values),
        ["min all"] = ("MinBackward1", (x, y) => x.Min()),
        ["min dim"] = ("MinBackward0", (x, y) => x.Min(0, keepDim: true).Values),
        ["norm"] = ("LinalgVectorNormBackward0", (x, y) => x.Norm()),
        ["norm p=1 dim"] = ("LinalgVectorNormBackward0", (x, y) => x.Norm(1, 1)),
        ["norm p=inf"] = ("LinalgVectorNormBackward0", (x, y) => x.Norm(double.PositiveInfinity)),
        ["matmul 2-d"] = ("MmBackward0", (x, y) => x.MatMul(y.T)),
        ["mm"] = ("MmBackward0", (x, y) => x.Mm(y.T)),
        ["bmm"] = ("BmmBackward0", (x, y) => x.Unsqueeze(0).Bmm(y.T.Unsqueeze(0))),
        ["t"] = ("TBackward0", (x, y) => x.T),
        ["transpose"] = ("TransposeBackward0", (x, y) => x.Transpose(0, 1)),
        ["permute"] = ("PermuteBackward0", (x, y) => x.Permute(1, 0)),
        ["view"] = ("ViewBackward0", (x, y) => x.View(6)),
        ["reshape contiguous"] = ("ViewBackward0", (x, y) => x.Reshape(3, 2)),
        ["reshape non-contiguous"] = ("UnsafeViewBackward0", (x, y) => x.T.Reshape(6)),
        ["flatten"] = ("ViewBackward0", (x, y) => x.Flatten()),
        ["squeeze"] = ("SqueezeBackward0", (x, y) => x.Squeeze()),
        ["squeeze dim"] = ("SqueezeBackward1", (x, y) => x.Unsqueeze(0).Squeeze(0)),
        ["unsqueeze"] = ("UnsqueezeBackward0", (x, y) => x.Unsqueeze(0)),
        ["expand"] = ("ExpandBackward0", (x, y) => x.Expand(4, 2, 3)),
        ["clone"] = ("CloneBackward0", (x, y) => x.Clone()),
        ["contiguous of transposed"] = ("CloneBackward0", (x, y) => x.T.Contiguous()),
        ["x[0]"] = ("SelectBackward0", (x, y) => x[0]),
        ["x[.., 1]"] = ("SelectBackward0", (x, y) => x[.., 1]),
        ["x[^1]"] = ("SelectBackward0", (x, y) => x[^1]),
        ["select"] = ("SelectBackward0", (x, y) => x.Select(1, 2)),
        ["x[.., 1..]"] = ("SliceBackward0", (x, y) => x[.., 1..]),
        ["narrow"] = ("SliceBackward0", (x, y) => x.Narrow(1, 0, 2)),
        ["cat"] = ("CatBackward0", (x, y) => Tensor.Cat([x, y], 1)),
        ["stack"] = ("StackBackward0", (x, y) => Tensor.Stack([x, y])),
        ["softmax"] = ("SoftmaxBackward0", (x, y) => x.Softmax(1)),
        ["log_softmax"] = ("LogSoftmaxBackward0", (x, y) => x.LogSoftmax(0)),
        ["where"] = ("WhereBackward0", (x, y) => x.Where(x.Gt(0.0), y)),
        ["gather"] = ("GatherBackward0", (x, y) => x.Gather(1, Tensor.FromArray(new long[] { 0, 1 }, [2, 1]))),
        ["index_select"] = ("IndexSelectBackward0", (x, y) => x.IndexSelect(1, Ix(0, 2))),
        ["to"] = ("ToCopyBackward0", (x, y) => x.To(DType.Float32)),
    };

    public static TheoryData<string> NodeCases => [.. Nodes.Keys];

    [Theory]
    [MemberData(nameof(NodeCases))]
    public void NodeName(string op)
    {
        var x = Tensor.Rand([2, 3], DType.Float64, requiresGrad: true, generator: new Generator(1));
        var y = Tensor.Rand([2, 3], DType.Float64, requiresGrad: true, generator: new Generator(2));
        var (expected, f) = Nodes[op];
        Assert.Equal(expected, f(x, y).GradFn?.Name);
    }

    [Fact]
    public void NextFunctionsFollowPyTorch()
    {
        var x = Tensor.Ones([2, 3], DType.Float64, requiresGrad: true);
        // x + 2: the number is not an input with a gradient.
        var add = (x + 2).GradFn!;
        Assert.Equal(2, add.NextFunctions.Count);
        Assert.Equal("AccumulateGrad", add.NextFunctions[0].Node!.Name);
        Assert.Null(add.NextFunctions[1].Node);
        // x[1..2, ^1]: a select on top of a slice; x[.., 1] skips the full slice.
        Assert.Equal("SliceBackward0", x[0..1, ^1].GradFn!.NextFunctions[0].Node!.Name);
        Assert.Equal("AccumulateGrad", x[.., 1].GradFn!.NextFunctions[0].Node!.Name);
        // reshape of a non-contiguous tensor: a copy (clone) then an unsafe view.
        Assert.Equal("CloneBackward0", x.T.Reshape(6).GradFn!.NextFunctions[0].Node!.Name);
        // 2.0 / x: reciprocal, then a multiplication by the number.
        Assert.Equal("ReciprocalBackward0", (2.0 / x).GradFn!.NextFunctions[0].Node!.Name);
        // contiguous of a contiguous tensor is the tensor itself.
        Assert.Same(x, x.Contiguous());
    }

    [Fact]
    public void MatMulGraphsMatchPyTorch()
    {
        var v = Tensor.FromArray([1.0, 2.0], requiresGrad: true);
        var m = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, [2, 2], requiresGrad: true);
        var batch = Tensor.Ones([3, 2, 2], DType.Float64, requiresGrad: true);
        Assert.Equal("DotBackward0", v.MatMul(v).GradFn!.Name);
        Assert.Equal(5.0, v.MatMul(v).Item<double>());
        Assert.Equal("MvBackward0", m.MatMul(v).GradFn!.Name);
        Assert.Equal([5.0, 11.0], m.MatMul(v).ToArray<double>());
        var folded = batch.MatMul(m);   // [3,2,2]·[2,2]: rows folded into one mm
        Assert.Equal("UnsafeViewBackward0", folded.GradFn!.Name);
        Assert.Equal("MmBackward0", folded.GradFn.NextFunctions[0].Node!.Name);
        var batched = m.MatMul(batch);  // [2,2]·[3,2,2]: expand + bmm
        Assert.Equal("UnsafeViewBackward0", batched.GradFn!.Name);
        Assert.Equal("BmmBackward0", batched.GradFn.NextFunctions[0].Node!.Name);
        Assert.True(Autograd.GradCheck(xs => xs[0].MatMul(xs[1]), [v, v.Detach().Clone().RequiresGradInPlace()]));
        Assert.True(Autograd.GradGradCheck(xs => xs[0].MatMul(xs[1]), [m, v]));
        Assert.True(Autograd.GradGradCheck(xs => xs[0].MatMul(xs[1]), [batch, m]));
    }

    [Fact]
    public void ReluBackwardIsOneFusedDifferentiableNode()
    {
        var x = Tensor.FromArray([-1.0, 2.0, 0.0, 3.0], requiresGrad: true);
        var g = Tensor.FromArray([10.0, 20.0, 30.0, 40.0], requiresGrad: true);
        var dx = Autograd.Grad(x.Relu(), x, g, createGraph: true)!;
        Assert.Equal("ThresholdBackwardBackward0", dx.GradFn!.Name);
        Assert.Equal([0.0, 20.0, 0.0, 40.0], dx.ToArray<double>());   // relu'(0) = 0, as in PyTorch
        dx.Sum().Backward();
        Assert.Equal([0.0, 1.0, 0.0, 1.0], g.Grad!.ToArray<double>());
    }

    [Fact]
    public void MatMulWeightGradientArrivesInTheWeightsLayout()
    {
        var x = Tensor.Randn([5, 7], DType.Float64);
        var w = Tensor.Randn([3, 7], DType.Float64, requiresGrad: true);
        var b = Tensor.Randn([3], DType.Float64, requiresGrad: true);
        Tensor? arriving = null;
        using (w.RegisterHook(g => { arriving = g; return null; }))
            NN.F.Linear(x, w, b).Sum().Backward();
        Assert.True(arriving!.IsContiguous, "the weight's gradient should arrive contiguous, with no transposing copy left to make");
        Assert.Equal(x.Sum(0).Expand(3, 7).ToArray<double>(), w.Grad.ToArray<double>(), new ToleranceComparer(1e-12));
        Assert.True(Autograd.GradCheck(xs => NN.F.Linear(xs[0], xs[1]), [x.Detach().RequiresGradInPlace(), w]));
        Assert.True(Autograd.GradCheck(xs => xs[0].T.Mm(xs[1]), [Tensor.Randn([7, 5], DType.Float64, requiresGrad: true), w.Detach().T.Contiguous().RequiresGradInPlace()]));
    }
}
