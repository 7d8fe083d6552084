namespace Nabla;

// The longer formulas of the shape rows (split, unbind, repeat), in tensor code so that they can be
// differentiated again.
internal static partial class Derivatives
{
    // split's backward: the pieces' gradients joined along the dim, zeros for a piece that got none.
    private static Tensor SplitBackward(Tensor?[] grads, int dim, int[] sizes, int[] inputShape)
    {
        var dtype = Array.Find(grads, g => g is not null)!.DType;
        var pieces = new Tensor[grads.Length];
        for (int i = 0; i < pieces.Length; i++)
        {
            var shape = (int[])inputShape.Clone();
            shape[dim] = sizes[i];
            pieces[i] = grads[i] ?? Tensor.Zeros(shape, dtype);
        }
        return pieces.Length == 1 ? pieces[0] : Tensor.Cat(pieces, dim);
    }

    // unbind's backward: the slices' gradients stacked along the dim, zeros for a slice that got none.
    private static Tensor UnbindBackward(Tensor?[] grads, int dim, int[] inputShape)
    {
        var dtype = Array.Find(grads, g => g is not null)!.DType;
        var sliceShape = Kernels.Reductions.Without(inputShape, dim);
        var slices = new Tensor[grads.Length];
        for (int i = 0; i < slices.Length; i++) slices[i] = grads[i] ?? Tensor.Zeros(sliceShape, dtype);
        return Tensor.Stack(slices, dim);
    }

    private static int[] Negated(int[] values) => [.. values.Select(v => -v)];

    // repeat's backward: the gradient viewed as [r₀, s₀, r₁, s₁, …] (s: the input's shape after leading 1s
    // for the extra repeats) and summed over the copies rᵢ.
    private static Tensor RepeatBackward(Tensor g, int[] repeats, int[] inputShape)
    {
        if (repeats.Length == 0) return g.Reshape(inputShape);
        int lead = repeats.Length - inputShape.Length;
        var pairs = new int[2 * repeats.Length];
        var copies = new int[repeats.Length];
        for (int i = 0; i < repeats.Length; i++)
        {
            (pairs[2 * i], pairs[2 * i + 1]) = (repeats[i], i < lead ? 1 : inputShape[i - lead]);
            copies[i] = 2 * i;
        }
        return g.Reshape(pairs).Sum(copies).Reshape(inputShape);
    }
}
