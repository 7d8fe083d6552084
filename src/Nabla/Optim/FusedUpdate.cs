using System.Numerics;
using System.Runtime.Intrinsics;

namespace Nabla.Optim;

/// <summary>One optimiser's element update: a single pass over the parameter, its gradient and its state buffers.</summary>
internal interface IFusedUpdate
{
    /// <summary>Updates <paramref name="param"/> in place; state buffers are read with <see cref="FusedUpdate.Span{T}"/>.</summary>
    void Run<T>(Span<T> param, ReadOnlySpan<T> grad) where T : unmanaged, IFloatingPointIeee754<T>;
}

/// <summary>
/// Runs an <see cref="IFusedUpdate"/> over contiguous float32 or float64 data: one loop per step
/// instead of PyTorch's chain of in-place ops, so a step allocates nothing. Each kernel keeps
/// PyTorch's order of operations, and its scalars are rounded to the element type as PyTorch's CPU
/// kernels round them.
/// </summary>
internal static class FusedUpdate
{
    public static void Apply<TUpdate>(Tensor parameter, Tensor grad, TUpdate update) where TUpdate : struct, IFusedUpdate
    {
        // A strided parameter (rare) is updated through a contiguous copy and written back.
        var target = parameter.IsContiguous ? parameter : parameter.Detach().Clone();
        var g = grad.IsContiguous ? grad : grad.Detach().Clone();
        switch (parameter.DType)
        {
            case DType.Float32: update.Run(Span<float>(target), Span<float>(g)); break;
            case DType.Float64: update.Run(Span<double>(target), Span<double>(g)); break;
            default: throw new NotSupportedException($"optimisers update floating-point parameters, got {parameter.DType.Name()}");
        }
        if (!ReferenceEquals(target, parameter)) parameter.Detach().CopyFromInPlace(target);
        parameter.Storage.Version++;   // an in-place write: saved-tensor checks must see it
    }

    /// <summary>The elements of a contiguous tensor (a state buffer of the parameter's dtype).</summary>
    public static Span<T> Span<T>(Tensor t) => t.Data<T>().AsSpan(t.Offset, t.Count);

    /// <summary>A C# double as the element type, as PyTorch casts a Python scalar to the tensor's type.</summary>
    public static T Scalar<T>(double value) where T : IFloatingPointIeee754<T> => T.CreateChecked(value);

    /// <summary>PyTorch's <c>lerp</c> element formula (exact at both ends): a + w(b - a), or b - (b - a)(1 - w) for w ≥ ½.</summary>
    public static T Lerp<T>(T a, T b, T w) where T : IFloatingPointIeee754<T>
        => T.Abs(w) < T.CreateChecked(0.5) ? a + w * (b - a) : b - (b - a) * (T.One - w);

    /// <summary><see cref="Lerp{T}(T, T, T)"/> lane by lane, for one weight.</summary>
    public static Vector512<T> Lerp<T>(Vector512<T> a, Vector512<T> b, T w) where T : IFloatingPointIeee754<T>
        => T.Abs(w) < T.CreateChecked(0.5) ? a + Vector512.Create(w) * (b - a) : b - (b - a) * (T.One - w);

    /// <summary>A zero buffer shaped like the parameter, contiguous (the optimisers' state tensors).</summary>
    public static Tensor ZerosLike(Tensor parameter) => Tensor.Zeros(parameter.ShapeArray, parameter.DType);
}
