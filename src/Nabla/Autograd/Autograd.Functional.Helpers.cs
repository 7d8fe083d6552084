namespace Nabla;

public static partial class Autograd
{
    public static partial class Functional
    {
        // Fresh leaves that require grad (detached from the caller's graph unless createGraph keeps it).
        private static Tensor[] Prepare(Tensor[] x, bool createGraph)
        {
            Guard.NoNullElements(x);
            return [.. x.Select(t => createGraph && t.RequiresGrad ? t.View(t.ShapeArray) : t.Detach().RequiresGradInPlace())];
        }

        private static Tensor Finish(Tensor t, bool createGraph) => createGraph ? t : t.Detach();

        private static Tensor[] GradOrZeros(Tensor output, Tensor[] inputs, Tensor? v, bool createGraph, bool strict)
        {
            if (!output.RequiresGrad)
            {
                if (strict) throw Independent(0);
                return [.. inputs.Select(t => Tensor.ZerosLike(t))];
            }
            var grads = Grad([output], inputs, [v], retainGraph: true, createGraph: createGraph, allowUnused: true);
            var result = new Tensor[inputs.Length];
            for (int i = 0; i < inputs.Length; i++)
            {
                if (grads[i] is null && strict) throw Independent(i);
                result[i] = grads[i] ?? Tensor.ZerosLike(inputs[i]);
            }
            return result;
        }

        private static InvalidOperationException Independent(int i) =>
            new($"The output of the user-provided function is independent of input {i}. This is not allowed in strict mode.");

        // Row k of every input's Jacobian is the gradient of output element k; the forward graph is reused.
        private static Tensor[] ReverseJacobian(Tensor output, Tensor[] inputs, bool createGraph, bool strict)
        {
            int count = output.Count;
            var rows = inputs.Select(_ => new Tensor[count]).ToArray();
            for (int k = 0; k < count; k++)
            {
                var oneHot = Tensor.Zeros(output.ShapeArray, output.DType);
                oneHot.Reshape(-1).Narrow(0, k, 1).FillInPlace(1);
                var grads = GradOrZeros(output, inputs, oneHot, createGraph, strict);
                for (int i = 0; i < inputs.Length; i++) rows[i][k] = grads[i];
            }
            return [.. inputs.Select((x, i) => Tensor.Stack(rows[i]).Reshape([.. output.ShapeArray, .. x.ShapeArray]))];
        }

        // Column j of input i's Jacobian is the tangent of the output for a one-hot tangent on element j.
        private static Tensor[] ForwardJacobian(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor output, bool createGraph, bool strict)
        {
            var result = new Tensor[inputs.Length];
            for (int i = 0; i < inputs.Length; i++)
            {
                var columns = new Tensor[inputs[i].Count];
                for (int j = 0; j < columns.Length; j++)
                {
                    var tangents = inputs.Select(t => Tensor.ZerosLike(t)).ToArray();
                    tangents[i].Reshape(-1).Narrow(0, j, 1).FillInPlace(1);
                    var (_, product) = Jvp(f, inputs, tangents, createGraph, strict);
                    columns[j] = product.Reshape(-1);
                }
                result[i] = Tensor.Stack(columns, 1).Reshape([.. output.ShapeArray, .. inputs[i].ShapeArray]);
            }
            return result;
        }

        private static Tensor CheckScalar(Tensor output) => output.Numel == 1 ? output
            : throw new ArgumentException($"The function given to Hessian/Hvp/Vhp must return a single-element tensor, but its output has shape {output.Shape}");

        private static void CheckCotangent(Tensor output, Tensor v)
        {
            if (v.Shape != output.Shape)
                throw new ArgumentException($"v has shape {v.Shape}, but the function's output has shape {output.Shape}; they must match");
        }

        private static void CheckSameShapes(Tensor[] x, Tensor[] v, string name)
        {
            Guard.NoNullElements(x);
            Guard.NoNullElements(v, name);
            if (x.Length != v.Length) throw new ArgumentException($"{name} has {v.Length} tensors for {x.Length} inputs");
            for (int i = 0; i < x.Length; i++)
                if (x[i].Shape != v[i].Shape)
                    throw new ArgumentException($"{name}[{i}] has shape {v[i].Shape}, but input {i} has shape {x[i].Shape}; they must match");
        }
    }
}
