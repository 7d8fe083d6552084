using Nabla.Kernels;

namespace Nabla.NN;

// 2-d convolution. The forward op and its two adjoints (the gradients for the input and for the
// weight) are each bilinear, and each one's derivatives are the other two, so the three ops
// differentiate one another and double backward works without any further kernel.
public static partial class F
{
    /// <summary>
    /// 2-d cross-correlation of <paramref name="input"/> [N, C, H, W] (or unbatched [C, H, W]) with
    /// <paramref name="weight"/> [O, C/groups, KH, KW], plus an optional <paramref name="bias"/> [O],
    /// like <c>F.conv2d</c> (node <c>ConvolutionBackward0</c>). The output is [N, O, OH, OW] with
    /// OH = ⌊(H + 2·padding - dilation·(KH - 1) - 1) / stride⌋ + 1, and likewise OW.
    /// </summary>
    /// <example><code>var y = F.Conv2d(images, kernels, bias, stride: 1, padding: 1);   // same size for 3×3 kernels</code></example>
    /// <exception cref="ArgumentException">When ranks, channel counts, groups, bias or sizes do not fit (PyTorch's messages).</exception>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        if (input.Dim == 3)   // unbatched: a batch of one, as PyTorch does
            return Conv2d(input.Unsqueeze(0), weight, bias, stride, padding, dilation, groups).Squeeze(0);
        var s = CheckConv(input, weight, bias, stride, padding, dilation, groups);
        return Convolve(input, weight, bias, s);
    }

    /// <summary>y = C(x, W) + b, bilinear in x and W; the bias joins the same node, as in PyTorch.</summary>
    private static Tensor Convolve(Tensor input, Tensor weight, Tensor? bias, ConvGeometry s)
    {
        var output = Conv2dKernels.Forward(Dense(input), Dense(weight), s);
        if (bias is not null) Compute.BinaryInto<AddOp>(output, output, bias.Detach().View(1, -1, 1, 1));
        BackwardRule rule = (n, g) =>
        {
            var grads = new Tensor?[n.NextFunctions.Count];
            if (n.Needs(0)) grads[0] = ConvInputGrad(g, n.Saved(1), s);        // d/dx ⟨G, C(x, W)⟩ = Cᵢ*(G, W)
            if (n.Needs(1)) grads[1] = ConvWeightGrad(n.Saved(0), g, s);       // d/dW ⟨G, C(x, W)⟩ = C_w*(x, G)
            if (grads.Length > 2 && n.Needs(2)) grads[2] = g.Sum([0, 2, 3]);   // db = Σ G over batch and positions
            return grads;
        };
        return bias is null
            ? output.Record("ConvolutionBackward0", rule, [input, weight], [input, weight])
            : output.Record("ConvolutionBackward0", rule, [input, weight, bias], [input, weight]);
    }

    /// <summary>The input gradient Cᵢ*(G, W): the adjoint of x ↦ C(x, W) applied to G.</summary>
    private static Tensor ConvInputGrad(Tensor grad, Tensor weight, ConvGeometry s)
        => Conv2dKernels.InputGrad(Dense(grad), Dense(weight), s).Record("ConvolutionBackwardBackward0", (n, g) => [
            n.Needs(0) ? Convolve(g, n.Saved(1), null, s) : null,    // ⟨H, Cᵢ*(G, W)⟩ = ⟨G, C(H, W)⟩, so d/dG = C(H, W)
            n.Needs(1) ? ConvWeightGrad(g, n.Saved(0), s) : null,    // and d/dW = C_w*(H, G)
        ], [grad, weight], [grad, weight]);

    /// <summary>The weight gradient C_w*(x, G): the adjoint of W ↦ C(x, W) applied to G.</summary>
    private static Tensor ConvWeightGrad(Tensor input, Tensor grad, ConvGeometry s)
        => Conv2dKernels.WeightGrad(Dense(input), Dense(grad), s).Record("ConvolutionBackwardBackward0", (n, g) => [
            n.Needs(0) ? ConvInputGrad(n.Saved(1), g, s) : null,     // ⟨H, C_w*(x, G)⟩ = ⟨G, C(x, H)⟩, so d/dx = Cᵢ*(G, H)
            n.Needs(1) ? Convolve(n.Saved(0), g, null, s) : null,    // and d/dG = C(x, H)
        ], [input, grad], [input, grad]);

    private static ConvGeometry CheckConv(Tensor input, Tensor weight, Tensor? bias, int stride, int padding, int dilation, int groups)
    {
        if (input.Dim != 4)
            throw new ArgumentException($"Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: {input.Shape}");
        if (weight.Dim != 4)
            throw new ArgumentException($"conv2d: expected a 4D weight [out_channels, in_channels/groups, kH, kW], but got weight of size {weight.Shape}");
        CheckFloating(input, "conv2d");
        CheckSameDType(input, weight, "weight", "conv2d");
        CheckSameDType(input, bias, "bias", "conv2d");
        if (stride < 1) throw new ArgumentException($"conv2d: non-positive stride is not supported (got stride={stride})");
        if (padding < 0) throw new ArgumentException($"conv2d: negative padding is not supported (got padding={padding})");
        if (dilation < 1) throw new ArgumentException($"conv2d: dilation should be greater than zero (got dilation={dilation})");
        if (groups < 1) throw new ArgumentException($"conv2d: non-positive groups is not supported (got groups={groups})");
        int outChannels = weight.Size(0);
        if (outChannels % groups != 0)
            throw new ArgumentException($"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but got weight of size {weight.Shape} instead");
        if (input.Size(1) != weight.Size(1) * groups)
            throw new ArgumentException($"Given groups={groups}, weight of size {weight.Shape}, expected input{input.Shape} to have {weight.Size(1) * groups} channels, but got {input.Size(1)} channels instead");
        if (bias is not null && (bias.Dim != 1 || bias.Size(0) != outChannels))
            throw new ArgumentException($"Given weight of size {weight.Shape}, expected bias to be 1-dimensional with {outChannels} elements, but got bias of size {bias.Shape} instead");
        int paddedH = input.Size(2) + 2 * padding, paddedW = input.Size(3) + 2 * padding;
        int kernelH = dilation * (weight.Size(2) - 1) + 1, kernelW = dilation * (weight.Size(3) - 1) + 1;
        if (paddedH < kernelH || paddedW < kernelW)
            throw new ArgumentException($"Calculated padded input size per channel: ({paddedH} x {paddedW}). Kernel size: ({kernelH} x {kernelW}). Kernel size can't be greater than actual input size");
        return ConvGeometry.Of(input.ShapeArray, weight.ShapeArray, stride, padding, dilation, groups);
    }
}
