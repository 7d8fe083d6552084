namespace Nabla.NN;

/// <summary>
/// A 2-d convolution layer over [N, C, H, W] inputs, like <c>torch.nn.Conv2d</c> with square
/// kernels. The weight [out, in/groups, k, k] and bias [out] start as PyTorch's do: U(±1/√fan_in)
/// with fan_in = in/groups·k².
/// </summary>
/// <example><code>var conv = new Conv2d(1, 8, 3);   // prints Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1))</code></example>
public sealed class Conv2d : Module
{
    /// <summary>A convolution from <paramref name="inChannels"/> to <paramref name="outChannels"/> with a <paramref name="kernelSize"/>² kernel.</summary>
    /// <exception cref="ArgumentException">When the channel counts are not divisible by <paramref name="groups"/>.</exception>
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1, int groups = 1,
        bool bias = true, Generator? generator = null)
    {
        if (groups < 1) throw new ArgumentException($"groups must be a positive integer, got {groups}");
        if (inChannels % groups != 0) throw new ArgumentException($"in_channels must be divisible by groups (in_channels={inChannels}, groups={groups})");
        if (outChannels % groups != 0) throw new ArgumentException($"out_channels must be divisible by groups (out_channels={outChannels}, groups={groups})");
        if (kernelSize < 1 || stride < 1 || dilation < 1 || padding < 0)
            throw new ArgumentException($"Conv2d: expected kernel_size, stride and dilation >= 1 and padding >= 0, got kernel_size={kernelSize}, stride={stride}, dilation={dilation}, padding={padding}");
        (InChannels, OutChannels, KernelSize, Stride, Padding, Dilation, Groups) = (inChannels, outChannels, kernelSize, stride, padding, dilation, groups);
        Weight = RegisterParameter("weight", new Parameter(Tensor.Empty([outChannels, inChannels / groups, kernelSize, kernelSize])));
        Bias = bias ? RegisterParameter("bias", new Parameter(Tensor.Empty([outChannels]))) : null;
        ResetParameters(generator);
    }

    /// <summary>Channels of the input.</summary>
    public int InChannels { get; }

    /// <summary>Channels of the output.</summary>
    public int OutChannels { get; }

    /// <summary>The height and width of the kernel.</summary>
    public int KernelSize { get; }

    /// <summary>The step between kernel positions.</summary>
    public int Stride { get; }

    /// <summary>The zeros added on each side of the input.</summary>
    public int Padding { get; }

    /// <summary>The spacing between kernel elements.</summary>
    public int Dilation { get; }

    /// <summary>The number of blocked connections from input to output channels.</summary>
    public int Groups { get; }

    /// <summary>The weight [out, in/groups, k, k].</summary>
    public Parameter Weight { get; }

    /// <summary>The bias [out], or null when created with <c>bias: false</c>.</summary>
    public Parameter? Bias { get; }

    /// <summary>Re-draws the parameters as the constructor does, like <c>reset_parameters()</c>.</summary>
    public void ResetParameters(Generator? generator = null) => Init.ResetAffine(Weight, Bias, generator);

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.Conv2d(input, Weight, Bias, Stride, Padding, Dilation, Groups);

    /// <inheritdoc/>
    protected override string ExtraRepr()
    {
        string Pair(int v) => PythonRepr.Tuple(v, v);
        var text = $"{InChannels}, {OutChannels}, kernel_size={Pair(KernelSize)}, stride={Pair(Stride)}";
        if (Padding != 0) text += $", padding={Pair(Padding)}";
        if (Dilation != 1) text += $", dilation={Pair(Dilation)}";
        if (Groups != 1) text += $", groups={Groups}";
        if (Bias is null) text += ", bias=False";
        return text;
    }
}
