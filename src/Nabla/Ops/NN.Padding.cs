using Nabla.Kernels;
using Nabla.NN;

namespace Nabla;

// F.pad. Constant padding is constant_pad_nd (negative pads crop). Reflection and replication pick,
// along each padded dim, the input element each output position copies: a gather forward, and a
// scatter-add of the gradient back, itself an op whose backward is the padding again (PyTorch's
// reflection_pad1d_backward). Circular padding is copies into slices of the output, as PyTorch composes it.
internal static partial class NNOps
{
    /// <summary>F.pad: <paramref name="pad"/> holds (before, after) pairs for the last dim, then the one before it, and so on.</summary>
    public static Tensor Pad(Tensor input, int[] pad, PaddingMode mode, double value)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (pad.Length % 2 != 0) throw new ArgumentException($"Padding length must be divisible by 2, got {pad.Length}", nameof(pad));
        if (pad.Length > 2 * input.Dim)
            throw new ArgumentException($"Padding length should be less than or equal to two times the input dimension but got padding length {pad.Length} and input of dimension {input.Dim}", nameof(pad));
        if (mode == PaddingMode.Constant) return ConstantPad(input, pad, value);
        if (value != 0) throw new ArgumentException($"Padding mode \"{ModeName(mode)}\" doesn't take in value argument", nameof(value));
        int padded = pad.Length / 2;
        if (padded is < 1 or > 3 || (input.Dim != padded + 1 && input.Dim != padded + 2))
            throw new NotSupportedException(
                $"Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now: mode \"{ModeName(mode)}\" with padding of length {pad.Length} needs an input of {padded + 1} or {padded + 2} dims, got shape {input.Shape}");
        return mode == PaddingMode.Circular ? CircularPad(input, pad) : IndexPad(input, CheckIndexPad(input, pad, mode == PaddingMode.Reflect));
    }

    private static string ModeName(PaddingMode mode) => mode.ToString().ToLowerInvariant();

    /// <summary>constant_pad_nd (node <c>ConstantPadNdBackward0</c>): <paramref name="value"/> around the input; negative pads crop.</summary>
    public static Tensor ConstantPad(Tensor input, int[] pad, double value)
    {
        if (pad.Length % 2 != 0) throw new ArgumentException($"Length of pad must be even but instead it equals {pad.Length}", nameof(pad));
        if (pad.Length > 2 * input.Dim)
            throw new ArgumentException($"Length of pad should be no more than twice the number of dimensions of the input. Pad length is {pad.Length} while the input has {input.Dim} dimensions.", nameof(pad));
        var shape = input.Shape.ToArray();
        for (int k = 0; k < pad.Length / 2; k++)
        {
            int d = input.Dim - 1 - k, before = pad[2 * k], after = pad[2 * k + 1];
            if (shape[d] + before + after < 0)
                throw new ArgumentException($"The input size {shape[d]}, plus negative padding {before} and {after} resulted in a negative output size, which is invalid. Check dimension {d} of your input.", nameof(pad));
            shape[d] += before + after;
        }
        var result = Tensor.Full(shape, value, input.DType);
        // The part of the input that survives the crop, written where it lands.
        Tensor to = result, from = input.Detach();
        for (int k = 0; k < pad.Length / 2; k++)
        {
            int d = input.Dim - 1 - k, before = pad[2 * k], after = pad[2 * k + 1];
            int kept = input.ShapeArray[d] - Math.Max(-before, 0) - Math.Max(-after, 0);
            if (kept <= 0) return Derivatives.ConstantPadNd.Record(result, [input], pad);   // nothing of the input is left
            to = to.Narrow(d, Math.Max(before, 0), kept);
            from = from.Narrow(d, Math.Max(-before, 0), kept);
        }
        Compute.CopyInto(to, from);
        return Derivatives.ConstantPadNd.Record(result, [input], pad);
    }

    /// <summary>reflection_pad{1,2,3}d or replication_pad{1,2,3}d: each output position copies the input element <see cref="PadSource"/> gives.</summary>
    public static Tensor IndexPad(Tensor input, IndexPadArgs a)
    {
        var x = input.Detach();
        for (int k = 0; k < a.Pad.Length / 2; k++)
        {
            int d = x.Dim - 1 - k;
            x = Indexing.IndexSelect(x, d, PadIndex(x.ShapeArray[d], a.Pad[2 * k], a.Pad[2 * k + 1], a.Reflect));
        }
        return (a.Reflect ? Derivatives.ReflectionPad : Derivatives.ReplicationPad)[a.Pad.Length / 2 - 1].Record(x, [input], a);
    }

    /// <summary>The backward of <see cref="IndexPad"/>: each output's gradient added to the input element it copied (linear in the gradient).</summary>
    public static Tensor IndexPadBackward(Tensor grad, int[] inputShape, IndexPadArgs a)
    {
        var g = grad.Detach();
        for (int k = 0; k < a.Pad.Length / 2; k++)
        {
            int d = inputShape.Length - 1 - k;
            var shape = g.Shape.ToArray();
            shape[d] = inputShape[d];
            var summed = Tensor.Zeros(shape, g.DType);
            Indexing.IndexAdd(summed, d, PadIndex(inputShape[d], a.Pad[2 * k], a.Pad[2 * k + 1], a.Reflect), g);
            g = summed;
        }
        return (a.Reflect ? Derivatives.ReflectionPadBackward : Derivatives.ReplicationPadBackward)[a.Pad.Length / 2 - 1].Record(g, [grad], a);
    }

    // For each output position along a dim of size n padded by (before, after): the input position it copies.
    private static Tensor PadIndex(int n, int before, int after, bool reflect)
    {
        var index = new long[n + before + after];
        for (int o = 0; o < index.Length; o++) index[o] = PadSource(o - before, n, reflect);
        return Tensor.FromArray(index);
    }

    /// <summary>Reflection mirrors at the edge without repeating it (-1 → 1, n → n-2); replication clamps to the edge.</summary>
    private static int PadSource(int i, int n, bool reflect)
    {
        if (!reflect) return Math.Clamp(i, 0, n - 1);
        if (i < 0) i = -i;
        return i >= n ? 2 * (n - 1) - i : i;
    }

    private static IndexPadArgs CheckIndexPad(Tensor input, int[] pad, bool reflect)
    {
        string op = $"{(reflect ? "reflection" : "replication")}_pad{pad.Length / 2}d";
        int padded = pad.Length / 2;
        for (int d = input.Dim == padded + 2 ? 1 : 0; d < input.Dim; d++)
            if (input.ShapeArray[d] == 0)
                throw new ArgumentException($"{op}: Expected {padded + 1}D or {padded + 2}D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: {input.Shape}");
        for (int k = 0; k < padded; k++)
        {
            int d = input.Dim - 1 - k, n = input.ShapeArray[d], before = pad[2 * k], after = pad[2 * k + 1];
            if (reflect && (before >= n || after >= n))
                throw new ArgumentException($"{op}: Padding size should be less than the corresponding input dimension, but got: padding ({before}, {after}) at dimension {d} of input {input.Shape}");
            if (n + before + after < 1)
                throw new ArgumentException($"{op}: input size {n} at dimension {d} is too small for padding ({before}, {after}): the output size would be {n + before + after}");
        }
        return new IndexPadArgs((int[])pad.Clone(), reflect);
    }

    // circular padding as PyTorch composes it (so the result's node is CopySlices): the kept part of the input
    // copied into the middle of zeros, then per padded dim (last first) each pad copied from the far side of
    // the output itself, so that corners wrap in every padded dim.
    private static Tensor CircularPad(Tensor input, int[] pad)
    {
        var shape = input.Shape.ToArray();
        for (int k = 0; k < pad.Length / 2; k++)
        {
            int d = input.Dim - 1 - k, n = shape[d], before = pad[2 * k], after = pad[2 * k + 1];
            int kept = n - Math.Max(-before, 0) - Math.Max(-after, 0);
            if (kept <= 0) throw new ArgumentException($"Negative padding value is resulting in an empty dimension: padding ({before}, {after}) at dimension {d} of input {input.Shape}", nameof(pad));
            if (before > kept || after > kept)
                throw new ArgumentException($"Padding value causes wrapping around more than once: padding ({before}, {after}) at dimension {d} of input {input.Shape}", nameof(pad));
            shape[d] = n + before + after;
        }
        var output = Tensor.Zeros(shape, input.DType);
        Tensor middle = output, source = input;
        for (int k = 0; k < pad.Length / 2; k++)
        {
            int d = input.Dim - 1 - k, before = pad[2 * k], after = pad[2 * k + 1];
            int length = input.ShapeArray[d] - Math.Max(-before, 0) - Math.Max(-after, 0);
            middle = middle.Narrow(d, Math.Max(before, 0), length);
            source = source.Narrow(d, Math.Max(-before, 0), length);
        }
        middle.CopyFromInPlace(source);
        for (int k = 0; k < pad.Length / 2; k++)
        {
            int d = input.Dim - 1 - k, before = pad[2 * k], after = pad[2 * k + 1], size = shape[d];
            if (before > 0) output.Narrow(d, 0, before).CopyFromInPlace(output.Narrow(d, size - before - Math.Max(after, 0), before));
            if (after > 0) output.Narrow(d, size - after, after).CopyFromInPlace(output.Narrow(d, Math.Max(before, 0), after));
        }
        return output;
    }
}

/// <summary>The pads of a reflection or replication padding (pairs, last dim first), and which of the two it is.</summary>
internal sealed record IndexPadArgs(int[] Pad, bool Reflect);
