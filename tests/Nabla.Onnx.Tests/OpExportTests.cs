using Nabla.NN;
using static Nabla.Onnx.Tests.OnnxRuntimeOracle;

namespace Nabla.Onnx.Tests;

/// <summary>The mapping table, op by op: small forward functions exported and run in ONNX Runtime against Nabla.</summary>
public sealed class OpExportTests
{
    private static readonly Tensor s_weight = Tensor.Randn([4, 5], generator: new Generator(3));

    private static readonly Dictionary<string, Func<Tensor, Tensor>> s_cases = new()
    {
        ["arithmetic"] = x => (x + 2) * 3 - x / 4 + (1 - x) + x.Add(x * x, alpha: 2) - x.Sub(x, alpha: 0.5) + -x + 2.5 / (x.Abs() + 1),
        ["powers and logs"] = x => x.Pow(2) + (x.Abs() + 1).Log() + (x.Abs() + 0.5).Sqrt() + (x * 0.5).Exp() + (x.Abs() + 1).Pow(x.Sigmoid()) + x.Sign(),
        ["trigonometry and erf"] = x => x.Sin() + x.Cos() + x.Atan() + x.Erf(),
        ["activations"] = x => F.Relu(x) + F.Silu(x) + F.LeakyRelu(x, 0.2) + F.Tanh(x) + F.Sigmoid(x) + F.Gelu(x) + x.Softmax(1) + x.LogSoftmax(0),
        ["clamp"] = x => x.Clamp(-0.5, 0.5) + x.Clamp(min: 0) + x.Clamp(max: 0.2),
        ["more elementwise functions"] = x => Tensor.Cat(
        [
            (x.Abs() + 0.5).Rsqrt(), (x.Abs() + 0.5).Log1p(), x.Expm1(), (x.Abs() + 0.5).Log2(), (x.Abs() + 0.5).Log10(), x.Erfc(),
            x.Tan(), (x.Tanh() * 0.9).Asin(), (x.Tanh() * 0.9).Acos(), x.Sinh(), x.Cosh(), x.Asinh(), (x.Abs() + 1.5).Acosh(), (x.Tanh() * 0.9).Atanh(),
            (x * 3).Floor(), (x * 3).Ceil(), (x * 3).Round(), x.Maximum(x.Flip(0)), x.Minimum(x * 0.5), F.Softsign(x), F.Tanhshrink(x),
        ]),
        ["more activations"] = x => Tensor.Cat(
        [
            F.Softplus(x), F.Softplus(x * 4, beta: 2, threshold: 3), F.LogSigmoid(x * 5), F.Mish(x), F.Gelu(x, approximate: "tanh"),
            F.Elu(x), F.Elu(x, alpha: 0.5), F.Selu(x), F.Celu(x, alpha: 2), F.Hardswish(x * 4), F.Hardsigmoid(x * 4), F.Hardtanh(x * 2, -0.5, 1.5), F.Relu6(x * 8),
            F.Glu(x, 2).Repeat(1, 1, 2), F.PRelu(x, Tensor.FromArray(new float[] { 0.1f, 0.2f, 0.3f })),   // a weight made in Forward, viewed to [1, 3, 1]
        ]),
        ["more reductions"] = x => Tensor.Cat(
        [
            x.Amax([0, 2]).Reshape(-1), x.Amin(1, keepDim: true).Reshape(-1), x.Amax().Reshape(-1), x.LogSumExp(2).Reshape(-1), x.LogSumExp([0, 1], keepDim: true).Reshape(-1),
            x.Prod().Reshape(1), x.Prod(1).Reshape(-1), x.Var().Reshape(1), x.Var(1).Reshape(-1), x.Std([0, 2], correction: 0, keepDim: true).Reshape(-1), x.Std().Reshape(1),
        ]),
        ["reductions"] = x => Tensor.Cat(
        [
            x.Sum().Reshape(1), x.Mean().Reshape(1), x.Max().Reshape(1), x.Min().Reshape(1),
            x.Sum(1).Reshape(-1), x.Mean([0, 2], keepDim: true).Reshape(-1), x.Max(2).Values.Reshape(-1), x.Min(0, keepDim: true).Values.Reshape(-1),
            x.Norm(2, 1).Reshape(-1), x.Norm(1, 2).Reshape(-1), x.CumSum(1).Reshape(-1),
        ]),
        ["views and shapes"] = x => Tensor.Cat(
        [
            x.Transpose(0, 2).Permute(1, 0, 2).Reshape(3, -1).T.Unsqueeze(0).Squeeze(0).Flip(0).Flatten(),
            x.Unsqueeze(1).Expand(2, 5, 3, 4).Sum(1).Reshape(-1),
            x.Reshape(6, 4)[..].Clone().Contiguous().Reshape(-1),
        ]),
        ["indexing"] = x => Tensor.Cat(
        [
            x.Select(1, 2).Reshape(-1), x.Narrow(2, 1, 2).Reshape(-1), x[.., 1..].Reshape(-1), x[0, ^1].Reshape(-1), x.Slice(2, 0, 4, 2).Reshape(-1), x.Slice(1, 1, 3, 2).Reshape(-1),
            Tensor.Stack([x, x * 2], 1).Reshape(-1),
        ]),
        ["matrix products"] = x => Tensor.Cat(
        [
            x.MatMul(s_weight).Reshape(-1), x.MatMul(x.Transpose(1, 2)).Reshape(-1), x[0, 0].Dot(x[1, 0]).Reshape(1), x[0].Mv(x[1, 0]),
            x[0].Mm(x[1].T).Reshape(-1),
        ]),
        ["split, unbind, chunk"] = x => Tensor.Cat(
        [
            .. x.Split(2, 2).Select(p => (p * 2).Reshape(-1)), .. x.Split([1, 2], 1).Select(p => p.Reshape(-1)),
            .. x.Unbind(1).Select(p => p.Reshape(-1)), .. x.Chunk(2, 0).Select(p => p.Reshape(-1)),
        ]),
        ["triangles and repeats"] = x => Tensor.Cat([x.Tril().Reshape(-1), x.Triu(1).Reshape(-1), x.Tril(-1).Reshape(-1), x.Repeat(2, 1, 3).Reshape(-1), x.Repeat(2, 1, 1, 2).Reshape(-1)]),
        ["dtype conversion"] = x => (x.To(DType.Float64).Exp() * 2).To(DType.Float32),
        ["a constant made in Forward"] = x => x * Tensor.Arange(4.0).To(DType.Float32) + Tensor.Ones(3, 4),
    };

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void RunsInOnnxRuntimeWithNablasValues(string name)
        => ExportAndCompare(new Lambda(s_cases[name]), Tensor.Randn([2, 3, 4], generator: new Generator(11)));

    [Fact]
    public void WhereGatherIndexSelectAndScatterAddReadTheirIndicesFromBuffers()
    {
        var file = OnnxFile.Read(ExportAndCompare(new IndexingModule(), Tensor.Randn([2, 3, 4], generator: new Generator(5))));
        Assert.Equal(["index", "mask", "rows"], file.Initializers.Order());
        Assert.Contains("GatherElements", file.OpTypes);
        Assert.Contains("ScatterElements", file.OpTypes);
    }

    [Fact]
    public void MaskedFillWritesItsNumberWhereTheBufferMaskHolds()
    {
        var file = OnnxFile.Read(ExportAndCompare(new MaskedFillModule(), Tensor.Randn([2, 3, 4], generator: new Generator(7))));
        Assert.Equal(["mask"], file.Initializers);
        Assert.Contains("Where", file.OpTypes);
    }

    [Fact]
    public void RecurrentLayersUnrollOverTheTracedSequenceLength()
    {
        var input = Tensor.Randn([5, 2, 3], generator: new Generator(17));   // [L, N, features]
        var lstm = new Wrapper<Lstm>(new Lstm(3, 4, numLayers: 2), (m, x) => m.Forward(x).Output);
        var lstmFile = OnnxFile.Read(ExportAndCompare(lstm, input));
        Assert.Equal(5 * 2 * 2, lstmFile.OpTypes.Count(op => op == "Tanh"));   // two per cell: one cell per step and layer
        ExportAndCompare(new Wrapper<Gru>(new Gru(3, 4, batchFirst: true), (m, x) => m.Forward(x).H), input);
        ExportAndCompare(new Wrapper<Rnn>(new Rnn(3, 4, nonlinearity: "relu"), (m, x) => m.Forward(x).Output), input);
    }

    [Fact]
    public void AdaptivePoolingToADivisorOfTheInputIsAnAveragePool()
    {
        var file = OnnxFile.Read(ExportAndCompare(new AdaptiveAvgPool2d((2, 3)), Tensor.Randn([2, 3, 4, 6], generator: new Generator(1))));
        Assert.Equal(["AveragePool"], file.OpTypes);
    }

    [Fact]
    public void AnUnbatchedImageIsConvolvedAndPooledAsABatchOfOne()
    {
        var model = new Sequential(new Conv2d(2, 3, 3, stride: 2, padding: 1, dilation: 1, groups: 1), new MaxPool2d(2, padding: 1), new AvgPool2d(3, stride: 1, padding: 1));
        ExportAndCompare(model, Tensor.Randn([2, 9, 9], generator: new Generator(2)));
    }

    [Fact]
    public void GroupedAndDilatedConvolutionsWithAndWithoutBias()
    {
        var model = new Sequential(new Conv2d(4, 6, 3, stride: 2, padding: 2, dilation: 2, groups: 2), new Conv2d(6, 3, 1, bias: false));
        var file = OnnxFile.Read(ExportAndCompare(model, Tensor.Randn([2, 4, 9, 9], generator: new Generator(4))));
        Assert.Equal([3, 2], file.NodeInputs.Select(inputs => inputs.Length));
    }

    [Fact]
    public void NormalisationsWithoutAffineParametersGetConstantOnesAndZeros()
    {
        var model = new Sequential(new Linear(3, 4), new BatchNorm1d(4, affine: false), new LayerNorm(4, elementwiseAffine: false), new LayerNorm([4], bias: false));
        using (Autograd.NoGrad()) model.Call(Tensor.Randn([8, 3], generator: new Generator(8)) + 1);   // running statistics away from 0 and 1
        var file = OnnxFile.Read(ExportAndCompare(model.Eval(), Tensor.Randn([2, 3], generator: new Generator(10))));
        Assert.Equal(["0.bias", "0.weight", "1.running_mean", "1.running_var", "3.weight"], file.Initializers.Order());
    }

    [Fact]
    public void AModelThatReturnsItsInputBecomesAnIdentity()
    {
        var file = OnnxFile.Read(ExportAndCompare(new Lambda(x => x), Tensor.Randn([2, 3], generator: new Generator(6))));
        Assert.Equal(["Identity"], file.OpTypes);
    }
}
