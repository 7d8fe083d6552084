namespace Nabla;

public static partial class Autograd
{
    /// <summary>
    /// Higher-level differentiation of whole functions, like <c>torch.autograd.functional</c>. Each
    /// function is evaluated on detached copies of the inputs (the caller's graph is untouched);
    /// with <c>createGraph: true</c> the results stay differentiable; with <c>strict: true</c> an
    /// output that does not depend on an input throws instead of giving zeros.
    /// </summary>
    public static partial class Functional
    {
        /// <summary>The output and the vector-Jacobian product vᵀ·J of <paramref name="f"/> at <paramref name="x"/>.</summary>
        public static (Tensor Output, Tensor Product) Vjp(Func<Tensor, Tensor> f, Tensor x, Tensor v, bool createGraph = false, bool strict = false)
        {
            ArgumentNullException.ThrowIfNull(f);
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(v);
            var (output, products) = Vjp(xs => f(xs[0]), [x], v, createGraph, strict);
            return (output, products[0]);
        }

        /// <summary>The output and one vector-Jacobian product per input.</summary>
        public static (Tensor Output, Tensor[] Product) Vjp(Func<Tensor[], Tensor> f, Tensor[] x, Tensor v, bool createGraph = false, bool strict = false)
        {
            ArgumentNullException.ThrowIfNull(v);
            ArgumentNullException.ThrowIfNull(f);
            var inputs = Prepare(x, createGraph);
            using var mode = EnableGrad();
            var output = f(inputs);
            CheckCotangent(output, v);
            var grads = GradOrZeros(output, inputs, v, createGraph, strict);
            return (Finish(output, createGraph), grads);
        }

        /// <summary>The output and the Jacobian-vector product J·v of <paramref name="f"/> at <paramref name="x"/> (forward mode).</summary>
        public static (Tensor Output, Tensor Product) Jvp(Func<Tensor, Tensor> f, Tensor x, Tensor v, bool createGraph = false, bool strict = false)
        {
            ArgumentNullException.ThrowIfNull(f);
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(v);
            return Jvp(xs => f(xs[0]), [x], [v], createGraph, strict);
        }

        /// <summary>The output and Σᵢ Jᵢ·vᵢ over several inputs (forward mode).</summary>
        public static (Tensor Output, Tensor Product) Jvp(Func<Tensor[], Tensor> f, Tensor[] x, Tensor[] v, bool createGraph = false, bool strict = false)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(v);
            ArgumentNullException.ThrowIfNull(f);
            CheckSameShapes(x, v, "v");
            var inputs = Prepare(x, createGraph);
            using var mode = createGraph ? EnableGrad() : NoGrad();
            using var level = ForwardAD.DualLevel();
            var duals = inputs.Select((xi, i) => ForwardAD.MakeDual(xi, v[i])).ToArray();
            var (primal, tangent) = ForwardAD.UnpackDual(f(duals));
            if (tangent is null && strict)
                throw new InvalidOperationException("The output of the user-provided function is independent of its inputs. This is not allowed in strict mode.");
            return (Finish(primal, createGraph), tangent ?? Tensor.ZerosLike(primal));
        }

        /// <summary>
        /// What one forward-mode Jacobian column costs in reverse-mode rows (measured on tanh(W·x): a
        /// row, one backward through the recorded graph, ~20-70 µs; a column, a full dual forward pass
        /// whose tangents come from the reverse rules, ~110-320 µs).
        /// </summary>
        private const long ForwardColumnCost = 5;

        /// <summary>
        /// The Jacobian of <paramref name="f"/> at <paramref name="x"/>, shaped output.shape + x.shape.
        /// Reverse mode (one backward per output element, all through one recorded forward pass)
        /// unless the output has more than five times as many elements as the input, then forward
        /// mode (one tangent per input element): a forward column costs about five reverse rows.
        /// </summary>
        public static Tensor Jacobian(Func<Tensor, Tensor> f, Tensor x, bool createGraph = false, bool strict = false)
        {
            ArgumentNullException.ThrowIfNull(f);
            ArgumentNullException.ThrowIfNull(x);
            return Jacobian(xs => f(xs[0]), [x], createGraph, strict)[0];
        }

        /// <summary>The Jacobian with respect to each input: one tensor per input, shaped output.shape + input.shape.</summary>
        public static Tensor[] Jacobian(Func<Tensor[], Tensor> f, Tensor[] x, bool createGraph = false, bool strict = false)
        {
            ArgumentNullException.ThrowIfNull(f);
            var inputs = Prepare(x, createGraph);
            Tensor output;
            using (EnableGrad()) output = f(inputs);
            long inCount = inputs.Sum(t => t.Numel);
            return output.Numel <= inCount * ForwardColumnCost
                ? ReverseJacobian(output, inputs, createGraph, strict)
                : ForwardJacobian(f, inputs, output, createGraph, strict);
        }

        /// <summary>The Hessian of a scalar <paramref name="f"/> at <paramref name="x"/>, shaped x.shape + x.shape.</summary>
        public static Tensor Hessian(Func<Tensor, Tensor> f, Tensor x, bool createGraph = false, bool strict = false)
        {
            ArgumentNullException.ThrowIfNull(f);
            ArgumentNullException.ThrowIfNull(x);
            return Hessian(xs => f(xs[0]), [x], createGraph, strict)[0][0];
        }

        /// <summary>The Hessian blocks ∂²f/∂xᵢ∂xⱼ of a scalar function of several inputs.</summary>
        public static Tensor[][] Hessian(Func<Tensor[], Tensor> f, Tensor[] x, bool createGraph = false, bool strict = false)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(f);
            var rows = new Tensor[x.Length][];
            var jacobians = Jacobian(xs => Tensor.Cat([.. GradOrZeros(CheckScalar(f(xs)), xs, null, createGraph: true, strict).Select(g => g.Reshape(-1))]), x, createGraph, strict);
            for (int i = 0, at = 0; i < x.Length; at += (int)x[i].Numel, i++)
            {
                rows[i] = new Tensor[x.Length];
                for (int j = 0; j < x.Length; j++)
                    rows[i][j] = jacobians[j].Narrow(0, at, (int)x[i].Numel).Reshape([.. x[i].ShapeArray, .. x[j].ShapeArray]);
            }
            return rows;
        }

        /// <summary>The output and the Hessian-vector product H·v of a scalar <paramref name="f"/> (forward over reverse).</summary>
        public static (Tensor Output, Tensor Product) Hvp(Func<Tensor, Tensor> f, Tensor x, Tensor v, bool createGraph = false, bool strict = false)
        {
            ArgumentNullException.ThrowIfNull(f);
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(v);
            var (output, products) = Hvp(xs => f(xs[0]), [x], [v], createGraph, strict);
            return (output, products[0]);
        }

        /// <summary>The output and H·v split per input, for a scalar function of several inputs.</summary>
        public static (Tensor Output, Tensor[] Product) Hvp(Func<Tensor[], Tensor> f, Tensor[] x, Tensor[] v, bool createGraph = false, bool strict = false)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(v);
            ArgumentNullException.ThrowIfNull(f);
            CheckSameShapes(x, v, "v");
            var inputs = Prepare(x, createGraph);
            using var mode = EnableGrad();
            using var level = ForwardAD.DualLevel();
            var duals = inputs.Select((xi, i) => ForwardAD.MakeDual(xi, v[i])).ToArray();
            var output = CheckScalar(f(duals));
            var grads = GradOrZeros(output, duals, null, createGraph: true, strict);
            var products = grads.Select(g => ForwardAD.UnpackDual(g).Tangent ?? Tensor.ZerosLike(g)).Select(p => createGraph ? p : p.Detach()).ToArray();
            return (Finish(ForwardAD.UnpackDual(output).Primal, createGraph), products);
        }

        /// <summary>The output and the vector-Hessian product vᵀ·H of a scalar <paramref name="f"/> (reverse over reverse).</summary>
        public static (Tensor Output, Tensor Product) Vhp(Func<Tensor, Tensor> f, Tensor x, Tensor v, bool createGraph = false, bool strict = false)
        {
            ArgumentNullException.ThrowIfNull(f);
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(v);
            var (output, products) = Vhp(xs => f(xs[0]), [x], [v], createGraph, strict);
            return (output, products[0]);
        }

        /// <summary>The output and vᵀ·H split per input, for a scalar function of several inputs.</summary>
        public static (Tensor Output, Tensor[] Product) Vhp(Func<Tensor[], Tensor> f, Tensor[] x, Tensor[] v, bool createGraph = false, bool strict = false)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(v);
            ArgumentNullException.ThrowIfNull(f);
            CheckSameShapes(x, v, "v");
            var inputs = Prepare(x, createGraph);
            using var mode = EnableGrad();
            var output = CheckScalar(f(inputs));
            var grads = GradOrZeros(output, inputs, null, createGraph: true, strict);
            var inner = grads.Select((g, i) => (g * v[i]).Sum()).Aggregate((a, b) => a + b);
            var products = inner.RequiresGrad ? GradOrZeros(inner, inputs, null, createGraph, strict) : [.. inputs.Select(t => Tensor.ZerosLike(t))];
            return (Finish(output, createGraph), products);
        }
    }
}
