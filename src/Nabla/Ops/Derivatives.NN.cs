using Nabla.Kernels;
using static Nabla.Slot;
using Row = Nabla.Derivative<Nabla.NoArgs>;

namespace Nabla;

// The derivative table, continued (Derivatives.cs has the table's description and its first themes): in-place writes and the neural-network ops, layers of issue 11 included.
internal static partial class Derivatives
{
    // ---- in-place writes ----------------------------------------------------------------------

    public static Row Zero_ => field ??= Op("ZeroBackward0")
        .Grad(Self, (n, g) => g * 0);                                  // the old values are gone

    public static Row Fill_ => field ??= Op("FillBackward2")   // fill_.Scalar (fill.Scalar, fill.Tensor are 0 and 1)
        .Grad(Self, (n, g) => g * 0);

    public static Row Copy_ => field ??= Op("CopyBackwards")
        .Grad(Self, (n, g) => g * 0)                                   // overwritten
        .Grad(Source, (n, g) => g);                                    // copied through

    // ---- neural-network ops -------------------------------------------------------------------
    // (issue 11's new layers: the section "more neural-network ops" at the end)


    public static Row Erf => field ??= Op("ErfBackward0")
        .Grad(Self, reads: Self, (n, g) => g * (n.Self * n.Self * -1).Exp() * (2 / Math.Sqrt(Math.PI)));   // d/dx erf x = 2/√π·e^(-x²)

    public static Row Gelu => field ??= Op("GeluBackward0")
        .Grad(Self, reads: Self, (n, g) => NNOps.GeluBackward(g, n.Self));   // g·(Φ(x) + x·φ(x)), one fused kernel

    /// <summary>gelu's backward g·(Φ(x) + x·φ(x)) (PyTorch's gelu_backward; Self is g, Other is x), differentiable in both.</summary>
    public static Row GeluGrad => field ??= Op("GeluBackwardBackward0")
        .Grad(Self, reads: Other, (n, gg) => gg * GeluDerivative(n.Other))                          // linear in g
        .Grad(Other, reads: Self | Other, (n, gg) => gg * n.Self * GeluSecondDerivative(n.Other));   // φ(x)·(2 - x²)

    public static Row Silu => field ??= Op("SiluBackward0")
        .Grad(Self, reads: Self, (n, g) => g * SiluDerivative(n.Self));   // σ(x)·(1 + x·(1 - σ(x)))

    /// <summary>leaky_relu with slope <c>Args</c>.</summary>
    public static Derivative<double> LeakyRelu => field ??= Op<double>("LeakyReluBackward0")
        .Grad(Self, reads: Self, (n, g) => g * SlopeOf(n.Self, n.Args));   // 1 or the slope

    /// <summary>conv2d y = C(x, W) + b: bilinear, so each input's gradient is an adjoint of C (a further op).</summary>
    public static Derivative<ConvGeometry> Convolution => field ??= Op<ConvGeometry>("ConvolutionBackward0")
        .Grad(Input, reads: Weight, (n, g) => NNOps.ConvInputGrad(g, n[Weight], n.Args))    // d/dx ⟨G, C(x, W)⟩ = Cᵢ*(G, W)
        .Grad(Weight, reads: Input, (n, g) => NNOps.ConvWeightGrad(n[Input], g, n.Args))    // d/dW ⟨G, C(x, W)⟩ = C_w*(x, G)
        .Grad(Bias, (n, g) => g.Sum(NNOps.AllDimsExcept(g.Dim, 1)));                       // db = Σ G over batch and positions

    /// <summary>The input gradient Cᵢ*(G, W) as an op: ⟨H, Cᵢ*(G, W)⟩ = ⟨G, C(H, W)⟩.</summary>
    public static Derivative<ConvGeometry> ConvolutionInputGrad => field ??= Op<ConvGeometry>("ConvolutionBackwardBackward0")
        .Grad(Self, reads: Weight, (n, g) => NNOps.Convolve(g, n[Weight], null, n.Args))   // d/dG = C(H, W)
        .Grad(Weight, reads: Self, (n, g) => NNOps.ConvWeightGrad(g, n.Self, n.Args));     // d/dW = C_w*(H, G)

    /// <summary>The weight gradient C_w*(x, G) as an op: ⟨H, C_w*(x, G)⟩ = ⟨G, C(x, H)⟩.</summary>
    public static Derivative<ConvGeometry> ConvolutionWeightGrad => field ??= Op<ConvGeometry>("ConvolutionBackwardBackward0")
        .Grad(Input, reads: Self, (n, g) => NNOps.ConvInputGrad(n.Self, g, n.Args))        // d/dx = Cᵢ*(G, H)
        .Grad(Self, reads: Input, (n, g) => NNOps.Convolve(n[Input], g, null, n.Args));    // d/dG = C(x, H)

    /// <summary>max_pool2d (<c>Args</c>: kernel, stride, padding): the gradient goes to the element each window picked.</summary>
    public static Derivative<PoolKernel> MaxPool2d => field ??= Op<PoolKernel>("MaxPool2DWithIndicesBackward0")
        .Grad(Self, reads: Indices, (n, g) => MaxPoolBackward(g, n[Indices], n.InputShape(0)));

    /// <summary>avg_pool2d; its gradient is the adjoint of the window means, itself an op.</summary>
    public static Derivative<AveragePoolArgs> AvgPool2d => field ??= Op<AveragePoolArgs>("AvgPool2DBackward0")
        .Grad(Self, (n, g) => NNOps.AveragePoolBackward(g, n.InputShape(0), n.Args));

    public static Derivative<AveragePoolArgs> AdaptiveAvgPool2d => field ??= Op<AveragePoolArgs>("AdaptiveAvgPool2DBackward0")
        .Grad(Self, (n, g) => NNOps.AveragePoolBackward(g, n.InputShape(0), n.Args));

    /// <summary>The adjoint of average pooling; its own adjoint is the pooling again.</summary>
    public static Derivative<AveragePoolArgs> AvgPool2dBackward => field ??= Op<AveragePoolArgs>("AvgPool2DBackwardBackward0")
        .Grad(Self, (n, g) => NNOps.AveragePool(g, n.Args));

    public static Derivative<AveragePoolArgs> AdaptiveAvgPool2dBackward => field ??= Op<AveragePoolArgs>("AdaptiveAvgPool2DBackwardBackward0")
        .Grad(Self, (n, g) => NNOps.AveragePool(g, n.Args));

    /// <summary>batch norm, (x - mean)·invstd·γ + β over all dims but the channels.</summary>
    public static Derivative<NormArgs> BatchNorm => field ??= Op<NormArgs>("NativeBatchNormBackward0")
        .Joint([Input, Weight, Bias], reads: Input | Weight | Result1 | Result2, NormalizationBackward);

    /// <summary>layer norm over the trailing dims.</summary>
    public static Derivative<NormArgs> LayerNorm => field ??= Op<NormArgs>("NativeLayerNormBackward0")
        .Joint([Input, Weight, Bias], reads: Input | Weight, NormalizationBackward);

    /// <summary>embedding: weight rows looked up by <see cref="Slot.Index"/>; each row's gradient adds up the lookups (<c>Args</c>: padding_idx, scale_grad_by_freq).</summary>
    public static Derivative<EmbeddingOptions> Embedding => field ??= Op<EmbeddingOptions>("EmbeddingBackward0")
        .Grad(Weight, reads: Slot.Index, (n, g) => EmbeddingBackward(g, n[Slot.Index], n.InputShape(0), n.Args));   // dW[i] = Σ of the gradients of the rows that looked up i

    public static Derivative<LossArgs> MseLoss => field ??= Op<LossArgs>("MseLossBackward0")
        .Grad(Input, reads: Input | Target, (n, g) => LossScale(n, g) * (n[Input] - n[Target]) * 2)     // d/dx (x - y)² = 2(x - y)
        .Grad(Target, reads: Input | Target, (n, g) => LossScale(n, g) * (n[Input] - n[Target]) * -2); // d/dy (x - y)² = -2(x - y)

    public static Derivative<LossArgs> BinaryCrossEntropy => field ??= Op<LossArgs>("BinaryCrossEntropyBackward0")
        .Grad(Input, reads: Input | Target | Weight, (n, g) => LossScale(n, g) * BceInputGrad(n))
        .Grad(Target, reads: Input | Weight, (n, g) => LossScale(n, g) * BceTargetGrad(n));

    public static Derivative<LossArgs> BinaryCrossEntropyWithLogits => field ??= Op<LossArgs>("BinaryCrossEntropyWithLogitsBackward0")
        .Grad(Input, reads: Input | Target | Weight | PosWeight, (n, g) => LossScale(n, g) * BceLogitsInputGrad(n))
        .Grad(Target, reads: Input | Weight | PosWeight, (n, g) => LossScale(n, g) * BceLogitsTargetGrad(n));

    /// <summary>nll_loss: -w[y] (over Σ w for the mean) at each target class, 0 elsewhere.</summary>
    public static Derivative<NllArgs> NllLoss => field ??= Op<NllArgs>("NllLossBackward0")
        .Grad(Self, (n, g) => NllBackward(g, n.InputShape(0), n.Args));

    public static Derivative<NllArgs> NllLoss2d => field ??= Op<NllArgs>("NllLoss2DBackward0")
        .Grad(Self, (n, g) => NllBackward(g, n.InputShape(0), n.Args));

    // ---- more neural-network ops (issue 11) ---------------------------------------------------

    /// <summary>
    /// scaled_dot_product_attention as one fused op (PyTorch's CPU flash attention): its backward is a
    /// fused kernel too, recomputing the weights from the saved log-sum-exp (<see cref="Result1"/>).
    /// </summary>
    public static Derivative<AttentionGeometry> ScaledDotProductAttention => field ??= Op<AttentionGeometry>("ScaledDotProductFlashAttentionForCpuBackward0")
        .Joint([Query, Key, Value], reads: Query | Key | Value | Result | Result1, NNOps.ScaledDotProductAttentionBackward);

    /// <summary>The fused backward's outputs: not differentiable again, as in PyTorch.</summary>
    public static Derivative<AttentionGeometry> ScaledDotProductAttentionBackward => field ??= Op<AttentionGeometry>("ScaledDotProductFlashAttentionForCpuBackwardBackward0")
        .OfOutputs([Self, Query, Key, Value], reads: None, (n, g) => throw new NotSupportedException(
            "the derivative of scaled_dot_product_attention's backward is not implemented (as in PyTorch's flash attention); compose the attention from ops (softmax(q.MatMul(k.MT) * scale).MatMul(v)) for double backward or forward mode"));

    /// <summary>
    /// _thnn_fused_lstm_cell: the LSTM gates' nonlinearities and the state update, outputs (hy, cy), the activated
    /// gates saved as the workspace. Both gate inputs get the gradient of the pre-activations.
    /// </summary>
    public static Row FusedLstmCell => field ??= Op("ThnnFusedLstmCellBackward0")
        .OfOutputs([InputGates, HiddenGates, Cx], reads: InputGates | HiddenGates | Cx | Result1 | Result2, LstmCellBackward);

    /// <summary>_thnn_fused_gru_cell: the GRU gates and the state update (the hidden gates include the hidden bias); r, z, n and hg_n saved as the workspace.</summary>
    public static Row FusedGruCell => field ??= Op("ThnnFusedGruCellBackward0")
        .Joint([InputGates, HiddenGates, Hx], reads: InputGates | HiddenGates | Hx | Result1, GruCellBackward);

    // ---- normalisation, activations and embeddings (issue 11 layers) --------------------------

    /// <summary>gelu(approximate='tanh') (<c>Args</c>: "tanh", so that readers of the trace tell it from the exact gelu, the row <see cref="Gelu"/>).</summary>
    public static Derivative<string> GeluTanh => field ??= Op<string>("GeluBackward0")
        .Grad(Self, reads: Self, (n, g) => g * GeluTanhDerivative(n.Self));   // (1 + tanh u)/2 + x/2·(1 - tanh² u)·u'

    public static Derivative<SoftplusArgs> Softplus => field ??= Op<SoftplusArgs>("SoftplusBackward0")
        .Grad(Self, reads: Self, (n, g) => g * SoftplusDerivative(n.Self, n.Args));   // σ(βx), 1 where βx > threshold

    /// <summary>elu, selu and celu (<c>Args</c>: α, scale, input scale).</summary>
    public static Derivative<EluArgs> Elu => field ??= Op<EluArgs>("EluBackward0")
        .Grad(Self, reads: Self, (n, g) => g * EluDerivative(n.Self, n.Args));   // scale for x > 0, else scale·α·inputScale·e^(inputScale·x)

    /// <summary>celu: elu's rule with input scale 1/α, under a node of its own (derivatives.yaml lists celu apart from elu).</summary>
    public static Derivative<EluArgs> Celu => field ??= Op<EluArgs>("CeluBackward0")
        .Grad(Self, reads: Self, (n, g) => g * EluDerivative(n.Self, n.Args));

    public static Row Mish => field ??= Op("MishBackward0")
        .Grad(Self, reads: Self, (n, g) => g * MishDerivative(n.Self));   // tanh(sp x) + x·σ(x)·(1 - tanh²(sp x))

    public static Row Hardswish => field ??= Op("HardswishBackward0")
        .Grad(Self, reads: Self, (n, g) => g * HardswishDerivative(n.Self));   // 0 below -3, x/3 + 1/2 up to 3, 1 from 3 on

    public static Row Hardsigmoid => field ??= Op("HardsigmoidBackward0")
        .Grad(Self, reads: Self, (n, g) => g * Inside(n.Self, -3, 3) / 6);   // 1/6 strictly inside (-3, 3)

    /// <summary>hardtanh and relu6 (<c>Args</c>: min, max).</summary>
    public static Derivative<(double Min, double Max)> Hardtanh => field ??= Op<(double Min, double Max)>("HardtanhBackward0")
        .Grad(Self, reads: Self, (n, g) => g * Inside(n.Self, n.Args.Min, n.Args.Max));   // 1 strictly inside (min, max)

    public static Row LogSigmoid => field ??= Op("LogSigmoidBackward0")
        .Grad(Self, reads: Self, (n, g) => g * (-n.Self).Sigmoid());   // d/dx log σ(x) = 1 - σ(x) = σ(-x)

    /// <summary>glu along the dim <c>Args</c>.</summary>
    public static Derivative<int> Glu => field ??= Op<int>("GluBackward0")
        .Grad(Self, reads: Self, (n, g) => GluBackward(g, n.Self, n.Args));   // [g·σ(b), g·a·σ(b)(1 - σ(b))]

    /// <summary>_prelu_kernel, the weight viewed to broadcast along the channels.</summary>
    public static Row PreluKernel => field ??= Op("PreluKernelBackward0")
        .Grad(Self, reads: Self | Weight, (n, g) => g.Where(n.Self.Gt(0.0), g * n[Weight]))   // 1 for x > 0, else w
        .Grad(Weight, reads: Self, (n, g) => (g * n.Self).Where(n.Self.Le(0.0), 0.0));        // x for x ≤ 0, else 0

    /// <summary>
    /// add.Scalar, self + a number: what ATen's C++ composites record (rms_norm's mean + eps), where a
    /// Python <c>x + 1</c> records <c>AddBackward0</c>.
    /// </summary>
    public static Row AddScalar => field ??= Op("AddBackward1")
        .Grad(Self, (n, g) => g);

    /// <summary>native_group_norm: the statistics over each group of channels of each sample.</summary>
    public static Derivative<GroupNormArgs> GroupNorm => field ??= Op<GroupNormArgs>("NativeGroupNormBackward0")
        .Joint([Input, Weight, Bias], reads: Input | Weight, GroupNormBackward);

    /// <summary>
    /// _embedding_bag: each bag the sum, mean or max of its rows (<c>Args</c>: the bags); the per-sample
    /// weights (mode sum) scale each row.
    /// </summary>
    public static Derivative<EmbeddingBagArgs> EmbeddingBag => field ??= Op<EmbeddingBagArgs>("EmbeddingBagBackward0")
        .Grad(Weight, reads: PerSampleWeights, (n, g) => EmbeddingBagWeightGrad(g, n.Optional(PerSampleWeights), n.InputShape(0), n.Args))
        .Grad(PerSampleWeights, reads: Weight, (n, g) => EmbeddingBagPerSampleWeightsGrad(g, n[Weight], n.Args));   // ⟨g of its bag, its row⟩

    // ---- convolutions, pooling and upsampling (issue 11 layers) -------------------------------

    /// <summary>
    /// conv_transpose y = Cᵢ*(x, W) + b, the input gradient of the convolution <c>Args</c> describes: bilinear,
    /// and ⟨G, Cᵢ*(x, W)⟩ = ⟨C(G, W), x⟩, so its gradients are that convolution and its weight gradient.
    /// </summary>
    public static Derivative<ConvGeometry> ConvolutionTransposed => field ??= Op<ConvGeometry>("ConvolutionBackward0")
        .Grad(Input, reads: Weight, (n, g) => NNOps.Convolve(g, n[Weight], null, n.Args.Untransposed))     // d/dx = C(G, W)
        .Grad(Weight, reads: Input, (n, g) => NNOps.ConvWeightGrad(g, n[Input], n.Args.Untransposed))      // d/dW = C_w*(G, x)
        .Grad(Bias, (n, g) => g.Sum(NNOps.AllDimsExcept(g.Dim, 1)));                                         // db = Σ G over batch and positions

    /// <summary>adaptive_max_pool2d: the gradient goes to the element each window picked, as in max_pool2d.</summary>
    public static Row AdaptiveMaxPool2d => field ??= Op("AdaptiveMaxPool2DBackward0")
        .Grad(Self, reads: Indices, (n, g) => MaxPoolBackward(g, n[Indices], n.InputShape(0)));

    // Upsampling (F.interpolate): linear in the input; the gradient is the adjoint resampling, whose own gradient is the resampling.
    public static Derivative<ResampleArgs> UpsampleNearest1d => field ??= Resampling("UpsampleNearest1DBackward0");
    public static Derivative<ResampleArgs> UpsampleNearest2d => field ??= Resampling("UpsampleNearest2DBackward0");
    public static Derivative<ResampleArgs> UpsampleLinear1d => field ??= Resampling("UpsampleLinear1DBackward0");
    public static Derivative<ResampleArgs> UpsampleBilinear2d => field ??= Resampling("UpsampleBilinear2DBackward0");
    public static Derivative<ResampleArgs> UpsampleNearest1dBackward => field ??= ResamplingAdjoint("UpsampleNearest1DBackwardBackward0");
    public static Derivative<ResampleArgs> UpsampleNearest2dBackward => field ??= ResamplingAdjoint("UpsampleNearest2DBackwardBackward0");
    public static Derivative<ResampleArgs> UpsampleLinear1dBackward => field ??= ResamplingAdjoint("UpsampleLinear1DBackwardBackward0");
    public static Derivative<ResampleArgs> UpsampleBilinear2dBackward => field ??= ResamplingAdjoint("UpsampleBilinear2DBackwardBackward0");

    // ---- losses (issue 11 layers) --------------------------------------------------------------

    /// <summary>huber_loss with <c>Args.Threshold</c> = delta: the gradient of the error d = x - y is clamp(d, -δ, δ).</summary>
    public static Derivative<ThresholdLossArgs> HuberLoss => field ??= Op<ThresholdLossArgs>("HuberLossBackward0")
        .Grad(Input, reads: Input | Target, (n, g) => ThresholdLossScale(n, g) * HuberSlope(n))       // d/dx = clamp(x - y, -δ, δ)
        .Grad(Target, reads: Input | Target, (n, g) => ThresholdLossScale(n, g) * -HuberSlope(n));    // d/dy = -d/dx

    /// <summary>smooth_l1_loss with <c>Args.Threshold</c> = beta &gt; 0: the gradient of d = x - y is clamp(d/β, -1, 1).</summary>
    public static Derivative<ThresholdLossArgs> SmoothL1Loss => field ??= Op<ThresholdLossArgs>("SmoothL1LossBackward0")
        .Grad(Input, reads: Input | Target, (n, g) => ThresholdLossScale(n, g) * SmoothL1Slope(n))    // d/dx = clamp((x - y)/β, -1, 1)
        .Grad(Target, reads: Input | Target, (n, g) => ThresholdLossScale(n, g) * -SmoothL1Slope(n)); // d/dy = -d/dx

    /// <summary>norm(self, p, dim) as ATen's composites call it (pairwise_distance): linalg_vector_norm's formula under its own node.</summary>
    public static Derivative<(double P, bool[] Mask, bool KeepDim)> NormDim => field ??= Op<(double P, bool[] Mask, bool KeepDim)>("NormBackward1")
        .Grad(Self, reads: Self | Result, (n, g) => VectorNormBackward(g, n.Self, n.Result, n.Args.P, n.Args.Mask, n.Args.KeepDim));

    /// <summary>_ctc_loss: the alpha-beta backward (a kernel), scaled per sample by the output gradient.</summary>
    public static Derivative<Kernels.CtcTargets> CtcLoss => field ??= Op<Kernels.CtcTargets>("CtcLossBackward0")
        .Grad(LogProbs, reads: LogProbs | Result | Result1, (n, g) => NNOps.CtcLossBackward(g, n[LogProbs], n.Result, n[Result1], n.Args));

    /// <summary>_ctc_loss_backward's result: PyTorch implements no derivative for it (no double backward, no forward mode).</summary>
    public static Derivative<Kernels.CtcTargets> CtcLossBackward => field ??= Op<Kernels.CtcTargets>("NotImplemented")
        .Joint([Self, LogProbs], reads: None, (n, g) => throw new NotSupportedException("derivative for aten::_ctc_loss_backward is not implemented (as in PyTorch): ctc_loss has no double backward and no forward mode"));
}
