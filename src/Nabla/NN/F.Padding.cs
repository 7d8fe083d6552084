namespace Nabla.NN;

// Padding (the op lives in Ops/NN.Padding.cs).
public static partial class F
{
    /// <summary>
    /// Pads <paramref name="input"/>, like <c>F.pad(input, pad, mode, value)</c>. <paramref name="pad"/> lists
    /// (before, after) pairs starting from the last dim: <c>[1, 2]</c> pads the last dim by 1 in front and 2
    /// behind, <c>[1, 1, 2, 2]</c> also the dim before it by 2 on each side. <see cref="PaddingMode.Constant"/>
    /// fills with <paramref name="value"/> and accepts negative pads, which crop (node <c>ConstantPadNdBackward0</c>);
    /// <see cref="PaddingMode.Reflect"/> and <see cref="PaddingMode.Replicate"/> pad the last 1, 2 or 3 dims of an
    /// input with one or two more dims (nodes <c>ReflectionPad1DBackward0</c>... <c>ReplicationPad3DBackward0</c>);
    /// <see cref="PaddingMode.Circular"/> wraps around, composed as PyTorch composes it of copies into slices of the
    /// output (node <c>CopySlices</c>).
    /// </summary>
    /// <exception cref="ArgumentException">For an odd or too long <paramref name="pad"/>, a value with a mode other than constant, or pads the input cannot take.</exception>
    /// <exception cref="NotSupportedException">For a non-constant mode on an input whose rank does not fit the padding's length (as PyTorch's NotImplementedError).</exception>
    /// <example><code>var padded = F.Pad(images, [1, 1, 1, 1], PaddingMode.Reflect);   // [N, C, H, W] → [N, C, H + 2, W + 2]</code></example>
    public static Tensor Pad(Tensor input, ReadOnlySpan<int> pad, PaddingMode mode = PaddingMode.Constant, double value = 0)
        => NNOps.Pad(input, pad.ToArray(), mode, value);
}
