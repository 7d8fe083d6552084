namespace Nabla;

public static partial class Autograd
{
    /// <summary>
    /// Forward-mode automatic differentiation, like <c>torch.autograd.forward_ad</c>: inside a
    /// <see cref="DualLevel"/> scope, <see cref="MakeDual"/> attaches a tangent to a tensor, every op
    /// carries tangents forward (J·t), and <see cref="UnpackDual"/> reads them. Unlike PyTorch, levels
    /// nest: an inner level's perturbation never mixes with an outer one's, and results keep their
    /// outer tangents, so forward-over-forward gives second derivatives.
    /// </summary>
    /// <example>
    /// <code>
    /// using (Autograd.ForwardAD.DualLevel())
    /// {
    ///     var x = Autograd.ForwardAD.MakeDual(primal, tangent);
    ///     var (y, dy) = Autograd.ForwardAD.UnpackDual(x.Sin());   // dy = cos(primal) · tangent
    /// }
    /// </code>
    /// </example>
    public static class ForwardAD
    {
        /// <summary>Opens a dual level; disposing it closes the level and its tangents disappear.</summary>
        public static IDisposable DualLevel() => ForwardGrad.Open();

        /// <summary>A view of <paramref name="primal"/> carrying <paramref name="tangent"/> at the innermost open level, like <c>make_dual</c>.</summary>
        /// <exception cref="InvalidOperationException">Outside a <see cref="DualLevel"/> scope.</exception>
        /// <exception cref="ArgumentException">When the shapes differ or the dtypes are not floating.</exception>
        public static Tensor MakeDual(Tensor primal, Tensor tangent)
        {
            ArgumentNullException.ThrowIfNull(primal);
            ArgumentNullException.ThrowIfNull(tangent);
            var level = ForwardGrad.Innermost ?? throw new InvalidOperationException("MakeDual must be called inside a DualLevel() scope");
            if (primal.Shape != tangent.Shape)
                throw new ArgumentException($"Trying to set a forward gradient that has a different size than that of the original Tensor, this is not supported. Tensor is of size {primal.Shape} while the given forward gradient is of size {tangent.Shape}.");
            if (!primal.DType.IsFloatingPoint() || !tangent.DType.IsFloatingPoint())
                throw new ArgumentException($"Expected both the primal ({primal.DType.Name()}) and the tangent ({tangent.DType.Name()}) to be floating point");
            var dual = primal.View(primal.ShapeArray);   // a view: keeps primal's graph and its outer-level tangents
            dual.SetTangent(level, tangent.DType == primal.DType ? tangent : tangent.To(primal.DType));
            return dual;
        }

        /// <summary>The primal (a view without this level's tangent) and the tangent at the innermost open level (null if none), like <c>unpack_dual</c>.</summary>
        public static (Tensor Primal, Tensor? Tangent) UnpackDual(Tensor tensor)
        {
            ArgumentNullException.ThrowIfNull(tensor);
            if (ForwardGrad.Innermost is not { } level) return (tensor, null);
            var tangent = ForwardGrad.TangentOf(tensor, level);
            if (tangent is null) return (tensor, null);
            var primal = tensor.View(tensor.ShapeArray);
            primal.RemoveTangent(level);
            return (primal, tangent);
        }
    }
}
