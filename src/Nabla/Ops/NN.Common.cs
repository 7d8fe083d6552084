namespace Nabla;

// Argument checks and small helpers shared by the nn ops.
internal static partial class NNOps
{
    /// <summary>
    /// Runs an op's forward pass without recording it, so that the op can then be recorded as the
    /// single node PyTorch shows (the composition inside would otherwise record several).
    /// </summary>
    internal static T Untracked<T>(Func<T> forward)
    {
        using (GradMode.Set(false)) return forward();
    }

    /// <summary>Throws when a tensor that PyTorch cannot differentiate for this op requires grad.</summary>
    internal static void CheckNoGradient(Tensor? t, string name, string op)
    {
        if (t is not null && t.RequiresGrad && GradMode.IsEnabled)
            throw new NotSupportedException($"{op}: the derivative for '{name}' is not implemented (as in PyTorch); pass a tensor that does not require grad, or Detach() it.");
    }

    /// <summary>Throws unless <paramref name="t"/> has a floating dtype.</summary>
    internal static void CheckFloating(Tensor t, string op, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(t))] string? name = null)
    {
        ArgumentNullException.ThrowIfNull(t, name);   // named as the caller's argument (input), not t
        if (!t.DType.IsFloatingPoint())
            throw new ArgumentException($"{op}: expected a floating point input (float32 or float64), but got {t.DType.Name()} (shape {t.Shape})");
    }

    /// <summary>Throws unless <paramref name="other"/> has the dtype of <paramref name="input"/>.</summary>
    internal static void CheckSameDType(Tensor input, Tensor? other, string name, string op)
    {
        if (other is not null && other.DType != input.DType)
            throw new ArgumentException($"{op}: expected {name} to have the input's dtype {input.DType.Name()}, but got {other.DType.Name()}");
    }

    /// <summary>The dims of a rank-<paramref name="rank"/> tensor except <paramref name="keep"/> (e.g. all but the channel dim).</summary>
    internal static int[] AllDimsExcept(int rank, int keep) => [.. Enumerable.Range(0, rank).Where(d => d != keep)];

    /// <summary>The tensor's data as one contiguous block, for kernels (a copy only when strided; never recorded).</summary>
    internal static Tensor Dense(Tensor t) => t.IsContiguous ? t : Kernels.Compute.Clone(t);
}
