using Nabla.Onnx.Tracing;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// The mapping table: each traced op, by PyTorch's node name (its row in the derivative table, <c>Derivatives*.cs</c>), and
/// the emitter that writes it as ONNX nodes. A new op of the library is exported by adding its row
/// here (with an emitter in the file of its ONNX concept); an op without a row is refused by name.
/// </summary>
internal static class OpMappings
{
    private static readonly Dictionary<string, OpMapping> s_table = new()
    {
        // arithmetic
        ["AddBackward0"] = Elementwise.WithAlpha("Add"),
        ["SubBackward0"] = Elementwise.WithAlpha("Sub"),
        ["RsubBackward1"] = Elementwise.Rsub,
        ["MulBackward0"] = Elementwise.Binary("Mul"),
        ["DivBackward0"] = Elementwise.Binary("Div"),
        ["PowBackward0"] = Elementwise.PowScalar,
        ["PowBackward1"] = Elementwise.Binary("Pow"),
        ["ReciprocalBackward0"] = Elementwise.Unary("Reciprocal"),
        ["NegBackward0"] = Elementwise.Unary("Neg"),
        ["AddBackward1"] = Elementwise.AddNumber,
        ["MaximumBackward0"] = Elementwise.Binary("Max"),
        ["MinimumBackward0"] = Elementwise.Binary("Min"),

        // elementwise functions
        ["ExpBackward0"] = Elementwise.Unary("Exp"),
        ["LogBackward0"] = Elementwise.Unary("Log"),
        ["SqrtBackward0"] = Elementwise.Unary("Sqrt"),
        ["AbsBackward0"] = Elementwise.Unary("Abs"),
        ["SignBackward0"] = Elementwise.Unary("Sign"),
        ["SinBackward0"] = Elementwise.Unary("Sin"),
        ["CosBackward0"] = Elementwise.Unary("Cos"),
        ["AtanBackward0"] = Elementwise.Unary("Atan"),
        ["ErfBackward0"] = Elementwise.Unary("Erf"),
        ["ErfcBackward0"] = Elementwise.Erfc,
        ["RsqrtBackward0"] = Elementwise.Rsqrt,
        ["Log1PBackward0"] = Elementwise.Log1p,
        ["Expm1Backward0"] = Elementwise.Expm1,
        ["Log2Backward0"] = Elementwise.LogBase(2),
        ["Log10Backward0"] = Elementwise.LogBase(10),
        ["TanBackward0"] = Elementwise.Unary("Tan"),
        ["AsinBackward0"] = Elementwise.Unary("Asin"),
        ["AcosBackward0"] = Elementwise.Unary("Acos"),
        ["SinhBackward0"] = Elementwise.Unary("Sinh"),
        ["CoshBackward0"] = Elementwise.Unary("Cosh"),
        ["AsinhBackward0"] = Elementwise.Unary("Asinh"),
        ["AcoshBackward0"] = Elementwise.Unary("Acosh"),
        ["AtanhBackward0"] = Elementwise.Unary("Atanh"),
        ["FloorBackward0"] = Elementwise.Unary("Floor"),
        ["CeilBackward0"] = Elementwise.Unary("Ceil"),
        ["RoundBackward0"] = Elementwise.Unary("Round"),
        ["TanhBackward0"] = Elementwise.Unary("Tanh"),
        ["SigmoidBackward0"] = Elementwise.Unary("Sigmoid"),
        ["ReluBackward0"] = Elementwise.Unary("Relu"),
        ["ClampBackward1"] = Elementwise.Clip,
        ["ClampMinBackward0"] = Elementwise.Clip,
        ["ClampMaxBackward0"] = Elementwise.Clip,
        ["WhereBackward0"] = Elementwise.Where,
        ["MaskedFillBackward0"] = Elementwise.MaskedFill,
        ["ToCopyBackward0"] = Elementwise.Cast,

        // activations and softmax
        ["GeluBackward0"] = Activations.Gelu,
        ["SiluBackward0"] = Activations.Silu,
        ["LeakyReluBackward0"] = Activations.LeakyRelu,
        ["SoftplusBackward0"] = Activations.Softplus,
        ["LogSigmoidBackward0"] = Activations.LogSigmoid,
        ["MishBackward0"] = Activations.Mish,
        ["GluBackward0"] = Activations.Glu,
        ["EluBackward0"] = PiecewiseActivations.Elu,
        ["CeluBackward0"] = PiecewiseActivations.Elu,
        ["HardswishBackward0"] = Elementwise.Unary("HardSwish"),
        ["HardsigmoidBackward0"] = PiecewiseActivations.HardSigmoid,
        ["HardtanhBackward0"] = PiecewiseActivations.Hardtanh,
        ["PreluKernelBackward0"] = PiecewiseActivations.PRelu,
        ["SoftmaxBackward0"] = Activations.Softmax("Softmax"),
        ["LogSoftmaxBackward0"] = Activations.Softmax("LogSoftmax"),

        // reductions and scans
        ["SumBackward0"] = Reductions.All("ReduceSum"),
        ["SumBackward1"] = Reductions.OverMask("ReduceSum"),
        ["MeanBackward0"] = Reductions.All("ReduceMean"),
        ["MeanBackward1"] = Reductions.OverMask("ReduceMean"),
        ["MaxBackward1"] = Reductions.All("ReduceMax"),
        ["MinBackward1"] = Reductions.All("ReduceMin"),
        ["MaxBackward0"] = Reductions.AlongDim("ReduceMax"),
        ["MinBackward0"] = Reductions.AlongDim("ReduceMin"),
        ["AmaxBackward0"] = Reductions.OverMask("ReduceMax"),
        ["AminBackward0"] = Reductions.OverMask("ReduceMin"),
        ["LogsumexpBackward0"] = Reductions.OverMask("ReduceLogSumExp"),
        ["ProdBackward0"] = Reductions.All("ReduceProd"),
        ["ProdBackward1"] = Reductions.AlongDim("ReduceProd"),
        ["VarBackward0"] = Reductions.Moment(std: false),
        ["StdBackward0"] = Reductions.Moment(std: true),
        ["LinalgVectorNormBackward0"] = Reductions.VectorNorm,
        ["CumsumBackward0"] = Reductions.CumSum,

        // views and shapes
        ["ViewBackward0"] = Reshapes.Reshape,
        ["UnsafeViewBackward0"] = Reshapes.Reshape,
        ["SqueezeBackward0"] = Reshapes.Reshape,
        ["SqueezeBackward1"] = Reshapes.Reshape,
        ["UnsqueezeBackward0"] = Reshapes.Reshape,
        ["ExpandBackward0"] = Reshapes.Expand,
        ["CloneBackward0"] = Reshapes.Identity,
        ["AliasBackward0"] = Reshapes.Identity,
        ["TBackward0"] = Transposes.T,
        ["TransposeBackward0"] = Transposes.Transpose,
        ["PermuteBackward0"] = Transposes.FromInverse,
        ["FlipBackward0"] = Indexing.Flip,
        ["SplitBackward0"] = Copies.Split,
        ["SplitWithSizesBackward0"] = Copies.Split,
        ["UnbindBackward0"] = Copies.Unbind,
        ["TrilBackward0"] = Copies.Triangle(upper: false),
        ["TriuBackward0"] = Copies.Triangle(upper: true),
        ["RepeatBackward0"] = Copies.Repeat,

        // indexing and joining
        ["SelectBackward0"] = Indexing.Select,
        ["SliceBackward0"] = Indexing.Slice,
        ["CatBackward0"] = Indexing.Concat,
        ["StackBackward0"] = Indexing.Stack,
        ["GatherBackward0"] = Indexing.GatherElements,
        ["IndexSelectBackward0"] = Indexing.IndexSelect,
        ["ScatterAddBackward0"] = Indexing.ScatterAdd,

        // matrix products
        ["AddmmBackward0"] = MatrixProducts.Gemm(withBias: true),
        ["MmBackward0"] = MatrixProducts.Gemm(withBias: false),
        ["BmmBackward0"] = MatrixProducts.MatMul,
        ["DotBackward0"] = MatrixProducts.MatMul,
        ["MvBackward0"] = MatrixProducts.MatMul,

        // neural-network layers
        ["ConvolutionBackward0"] = Convolution.Conv,
        ["MaxPool2DWithIndicesBackward0"] = Pooling.MaxPool,
        ["AvgPool2DBackward0"] = Pooling.AveragePool,
        ["AdaptiveAvgPool2DBackward0"] = Pooling.AveragePool,
        ["NativeBatchNormBackward0"] = Normalization.BatchNorm,
        ["NativeLayerNormBackward0"] = Normalization.LayerNorm,
        ["NativeGroupNormBackward0"] = Normalization.GroupNorm,
        ["ScaledDotProductFlashAttentionForCpuBackward0"] = Attention.ScaledDotProduct,
        ["ThnnFusedLstmCellBackward0"] = RecurrentCells.Lstm,
        ["ThnnFusedGruCellBackward0"] = RecurrentCells.Gru,
        ["EmbeddingBackward0"] = Embedding.Gather,
        ["EmbeddingBagBackward0"] = EmbeddingBags.Reduce,
        ["AdaptiveMaxPool2DBackward0"] = AdaptivePooling.MaxPool,
        ["UpsampleNearest1DBackward0"] = Resampling.Resize,
        ["UpsampleNearest2DBackward0"] = Resampling.Resize,
        ["UpsampleLinear1DBackward0"] = Resampling.Resize,
        ["UpsampleBilinear2DBackward0"] = Resampling.Resize,
        ["ConstantPadNdBackward0"] = Padding.Constant,
        ["ReflectionPad1DBackward0"] = Padding.Indexed,
        ["ReflectionPad2DBackward0"] = Padding.Indexed,
        ["ReflectionPad3DBackward0"] = Padding.Indexed,
        ["ReplicationPad1DBackward0"] = Padding.Indexed,
        ["ReplicationPad2DBackward0"] = Padding.Indexed,
        ["ReplicationPad3DBackward0"] = Padding.Indexed,
        ["NormBackward1"] = Reductions.VectorNorm,   // pairwise_distance's norm: linalg_vector_norm's arguments
    };

    /// <summary>The row for the node name <paramref name="nodeName"/>, or null when the op is not mapped.</summary>
    public static OpMapping? Find(string nodeName) => s_table.GetValueOrDefault(nodeName);

    /// <summary>The node names that are mapped.</summary>
    public static IEnumerable<string> NodeNames => s_table.Keys;

    /// <summary>What <paramref name="op"/> reads: as its row says, or its inputs (an unmapped op, refused when emitted).</summary>
    public static IEnumerable<ValueRef> Reads(TracedOp op, IReadOnlyList<TracedOp> ops)
        => Find(op.Name)?.Reads is { } reads ? reads(op, ops) : OpMapping.Inputs(op);
}
