namespace Nabla.NN;

/// <summary>
/// Neural-network functions, like <c>torch.nn.functional</c> (imported as <c>F</c> in PyTorch code):
/// activations, linear and convolution layers, pooling, normalisation, dropout, embeddings and losses.
/// Each op shows the node PyTorch shows (<c>ConvolutionBackward0</c>, <c>NllLossBackward0</c>...), and
/// its derivative rule is written in tensor operations, so most ops can be differentiated twice.
/// </summary>
/// <example><code>
/// var hidden = F.Relu(F.Linear(x, w1, b1));
/// var loss = F.CrossEntropy(F.Linear(hidden, w2, b2), labels);
/// </code></example>
/// <remarks>The functions are split by theme over the <c>F.*.cs</c> files.</remarks>
public static partial class F
{
    /// <summary>
    /// Runs an op's forward pass without recording it, so that the op can then be recorded as the
    /// single node PyTorch shows (the composition inside would otherwise record several).
    /// </summary>
    private static T Untracked<T>(Func<T> forward)
    {
        using (GradMode.Set(false)) return forward();
    }

    /// <summary>Throws when a tensor that PyTorch cannot differentiate for this op requires grad.</summary>
    private static void CheckNoGradient(Tensor? t, string name, string op)
    {
        if (t is not null && t.RequiresGrad && GradMode.IsEnabled)
            throw new NotSupportedException($"{op}: the derivative for '{name}' is not implemented (as in PyTorch); pass a tensor that does not require grad, or Detach() it.");
    }

    /// <summary>Throws unless <paramref name="t"/> has a floating dtype.</summary>
    private static void CheckFloating(Tensor t, string op)
    {
        if (!t.DType.IsFloatingPoint())
            throw new ArgumentException($"{op}: expected a floating point input (float32 or float64), but got {t.DType.Name()} (shape {t.Shape})");
    }

    /// <summary>Throws unless <paramref name="other"/> has the dtype of <paramref name="input"/>.</summary>
    private static void CheckSameDType(Tensor input, Tensor? other, string name, string op)
    {
        if (other is not null && other.DType != input.DType)
            throw new ArgumentException($"{op}: expected {name} to have the input's dtype {input.DType.Name()}, but got {other.DType.Name()}");
    }

    /// <summary>The dims of a rank-<paramref name="rank"/> tensor except <paramref name="keep"/> (e.g. all but the channel dim).</summary>
    private static int[] AllDimsExcept(int rank, int keep) => [.. Enumerable.Range(0, rank).Where(d => d != keep)];

    /// <summary>The tensor's data as one contiguous block, for kernels (a copy only when strided; never recorded).</summary>
    private static Tensor Dense(Tensor t) => t.IsContiguous ? t : Kernels.Compute.Clone(t);
}
