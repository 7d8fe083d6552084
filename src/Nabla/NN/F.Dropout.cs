namespace Nabla.NN;

// Dropout (a composition: the graph shows MulBackward0, as PyTorch's CPU dropout does).
public static partial class F
{
    /// <summary>
    /// Zeroes each element with probability <paramref name="p"/> and scales the rest by 1/(1 - p), so
    /// that the expected value is unchanged, like <c>F.dropout</c>. Outside training it returns the
    /// input itself. The mask comes from <paramref name="generator"/> (default <see cref="Generator.Default"/>);
    /// the graph shows <c>MulBackward0</c>, as PyTorch's CPU dropout does.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="p"/> is outside [0, 1].</exception>
    public static Tensor Dropout(Tensor input, double p = 0.5, bool training = true, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), $"dropout probability has to be between 0 and 1, but got {p}");
        if (!training || p == 0) return input;
        CheckFloating(input, "dropout");
        var mask = Untracked(() => p == 1
            ? Tensor.ZerosLike(input)
            : Tensor.Rand(input.ShapeArray, input.DType, generator: generator).Lt(1 - p).To(input.DType) * (1 / (1 - p)));
        return input * mask;   // d/dx = mask
    }
}
