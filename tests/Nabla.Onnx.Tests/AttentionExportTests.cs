using Nabla.NN;
using static Nabla.Onnx.Tests.OnnxRuntimeOracle;

namespace Nabla.Onnx.Tests;

/// <summary>F.ScaledDotProductAttention as MatMul, Softmax and MatMul, with each kind of mask; what it cannot export.</summary>
public sealed class AttentionExportTests
{
    // Queries [2, 3, 4, 5]; keys and values [2, 3, 3, 5] (fewer keys than queries, so causal masking is not square).
    private static readonly Tensor s_x = Tensor.Randn([2, 3, 4, 5], generator: new Generator(12));

    /// <summary>A float mask [4, 3] and a bool mask [2, 1, 4, 3] (true takes part), held as buffers.</summary>
    private sealed class MaskedAttention : Module
    {
        public MaskedAttention()
        {
            FloatMask = RegisterBuffer("float_mask", Tensor.Randn([4, 3], generator: new Generator(13)));
            BoolMask = RegisterBuffer("bool_mask", Tensor.FromArray<bool>([true, false, true, true, true, false, false, true, true, true, true, true,
                false, true, true, true, false, true, true, true, false, true, true, true], [2, 1, 4, 3]));
        }

        public Tensor FloatMask { get; }

        public Tensor BoolMask { get; }

        public override Tensor Forward(Tensor input)
        {
            var (keys, values) = (input.Narrow(2, 1, 3) * 0.5, input.Narrow(2, 0, 3));
            return Tensor.Cat(
            [
                F.ScaledDotProductAttention(input, keys, values),
                F.ScaledDotProductAttention(input, keys, values, FloatMask),
                F.ScaledDotProductAttention(input, keys, values, BoolMask),
                F.ScaledDotProductAttention(input, keys, values, isCausal: true),
                F.ScaledDotProductAttention(input, keys, values, scale: 0.3),
            ], -1);
        }
    }

    [Fact]
    public void EachKindOfMaskRunsInOnnxRuntimeWithNablasValues()
    {
        var file = OnnxFile.Read(ExportAndCompare(new MaskedAttention(), s_x));
        Assert.Equal(["bool_mask", "float_mask"], file.Initializers.Order());
        Assert.Equal(5, file.OpTypes.Count(op => op == "Softmax"));
        Assert.DoesNotContain("Attention", file.OpTypes);   // opset 18 has none
    }

    [Fact]
    public void MultiheadAttentionRunsWithAndWithoutBatchFirst()
    {
        var sequenceFirst = new SelfAttention(new MultiheadAttention(6, 3, kdim: null, vdim: null, batchFirst: false), needWeights: false);
        ExportAndCompare(sequenceFirst, Tensor.Randn([4, 2, 6], generator: new Generator(14)));
        ExportAndCompare(new SelfAttention(new MultiheadAttention(6, 2, bias: false, batchFirst: true), needWeights: true), Tensor.Randn([2, 4, 6], generator: new Generator(15)));
    }

    [Fact]
    public void DropoutOnTheWeightsIsRefused()
    {
        string message = Assert.Throws<NotSupportedException>(() => ExportToBytes(new Lambda(x => F.ScaledDotProductAttention(x, x, x, dropoutP: 0.1)), s_x)).Message;
        Assert.StartsWith("ONNX export: ScaledDotProductFlashAttentionForCpuBackward0 (aten::scaled_dot_product_flash_attention_for_cpu) in the model itself (Lambda) " +
            "drops attention weights with probability 0.1", message);
        Assert.Contains("Pass dropoutP: 0", message);
    }

    /// <summary>Self-attention with a bool attn_mask (true: hidden), as MultiheadAttention takes it, held as a buffer.</summary>
    private sealed class BoolMaskedSelfAttention : Module
    {
        public BoolMaskedSelfAttention()
        {
            Attention = RegisterModule("attention", new MultiheadAttention(6, 2, batchFirst: true));
            Mask = RegisterBuffer("mask", Tensor.Ones([4, 4], DType.Bool).Triu(1));
        }

        public MultiheadAttention Attention { get; }

        public Tensor Mask { get; }

        public override Tensor Forward(Tensor input) => Attention.Forward(input, input, input, needWeights: false, attnMask: Mask).AttnOutput;
    }

    [Fact]
    public void AModulesBoolMaskIsFollowedBackToItsBuffer()
    {
        var file = OnnxFile.Read(ExportAndCompare(new BoolMaskedSelfAttention(), Tensor.Randn([2, 4, 6], generator: new Generator(16))));
        Assert.Contains("mask", file.Initializers);
    }
}
