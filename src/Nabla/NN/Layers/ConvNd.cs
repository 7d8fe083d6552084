namespace Nabla.NN;

/// <summary>
/// What the convolution layers share, like PyTorch's <c>_ConvNd</c>: the channel counts, the
/// parameters (weight [out, in/groups, k...], or [in, out/groups, k...] when transposed, and bias
/// [out]), PyTorch's initialisation U(±1/√fan_in) and PyTorch's repr. The sizes are kept as
/// PyTorch's tuples (one entry per spatial dim); each layer shows them typed.
/// </summary>
public abstract class ConvNd : Module
{
    private readonly int[] _kernel, _stride, _padding, _dilation, _outputPadding;
    private readonly string? _paddingMode;

    private protected ConvNd(int inChannels, int outChannels, int[] kernelSize, int[] stride, ConvPadding padding, int[] dilation,
        int[] outputPadding, bool transposed, int groups, bool bias, Generator? generator)
    {
        if (groups < 1) throw new ArgumentException($"groups must be a positive integer, got {groups}", nameof(groups));
        if (inChannels % groups != 0) throw new ArgumentException($"in_channels must be divisible by groups (in_channels={inChannels}, groups={groups})", nameof(inChannels));
        if (outChannels % groups != 0) throw new ArgumentException($"out_channels must be divisible by groups (out_channels={outChannels}, groups={groups})", nameof(outChannels));
        if (kernelSize.Any(k => k < 1) || stride.Any(s => s < 1) || dilation.Any(d => d < 1))
            throw new ArgumentException($"{GetType().Name}: expected kernel_size, stride and dilation >= 1, got kernel_size={PythonRepr.Tuple(kernelSize)}, stride={PythonRepr.Tuple(stride)}, dilation={PythonRepr.Tuple(dilation)}");
        int[] pads = kernelSize.Length == 1 ? [padding.Size.Width] : [padding.Size.Height, padding.Size.Width];
        if (pads.Any(p => p < 0) || outputPadding.Any(p => p < 0))
            throw new ArgumentException($"{GetType().Name}: negative padding is not supported (got padding={padding}, output_padding={PythonRepr.Tuple(outputPadding)})", nameof(padding));
        if (padding.Mode == "same" && stride.Any(s => s != 1))
            throw new ArgumentException("padding='same' is not supported for strided convolutions", nameof(padding));
        (InChannels, OutChannels, Groups) = (inChannels, outChannels, groups);
        (_kernel, _stride, _padding, _dilation, _outputPadding, _paddingMode) = (kernelSize, stride, pads, dilation, outputPadding, padding.Mode);
        int[] weightShape = transposed ? [inChannels, outChannels / groups, .. kernelSize] : [outChannels, inChannels / groups, .. kernelSize];
        Weight = RegisterParameter("weight", new Parameter(Tensor.Empty(weightShape)));
        Bias = bias ? RegisterParameter("bias", new Parameter(Tensor.Empty([outChannels]))) : null;
        ResetParameters(generator);
    }

    /// <summary>Channels of the input.</summary>
    public int InChannels { get; }

    /// <summary>Channels of the output.</summary>
    public int OutChannels { get; }

    /// <summary>The number of blocked connections from input to output channels.</summary>
    public int Groups { get; }

    /// <summary>The weight: [out, in/groups, k...] for a convolution, [in, out/groups, k...] for a transposed one.</summary>
    public Parameter Weight { get; }

    /// <summary>The bias [out], or null when created with <c>bias: false</c>.</summary>
    public Parameter? Bias { get; }

    /// <summary>Re-draws the parameters as the constructor does, like <c>reset_parameters()</c> (fan_in from the weight's dims 1 and up).</summary>
    public void ResetParameters(Generator? generator = null) => Init.ResetAffine(Weight, Bias, generator);

    /// <inheritdoc/>
    protected override string ExtraRepr()
    {
        var text = $"{InChannels}, {OutChannels}, kernel_size={PythonRepr.Tuple(_kernel)}, stride={PythonRepr.Tuple(_stride)}";
        if (_paddingMode is not null) text += $", padding={_paddingMode}";
        else if (_padding.Any(p => p != 0)) text += $", padding={PythonRepr.Tuple(_padding)}";
        if (_dilation.Any(d => d != 1)) text += $", dilation={PythonRepr.Tuple(_dilation)}";
        if (_outputPadding.Any(p => p != 0)) text += $", output_padding={PythonRepr.Tuple(_outputPadding)}";
        if (Groups != 1) text += $", groups={Groups}";
        if (Bias is null) text += ", bias=False";
        return text;
    }
}
