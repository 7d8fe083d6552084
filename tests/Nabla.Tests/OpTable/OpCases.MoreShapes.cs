using Nabla.NN;

namespace Nabla.Tests;

public static partial class OpCases
{
    private static readonly Tensor InterleaveCounts = Tensor.FromArray(new long[] { 2, 0, 1 });

    // Issue 10's shape ops, padding and the differentiable draws. A multi-output op (split, chunk,
    // unbind) shows its node on each output: a row returning one output checks that the others get no
    // gradient (null), a row joining all outputs checks every output's gradient at once.
    private static IEnumerable<OpCase> MoreShapes()
    {
        yield return Case("split(2, 1)[1]", "SplitBackward0", x => x[0].Split(2, 1)[1], A(2, 5));
        yield return Case("split(2, 1)[2] (short last piece)", "SplitBackward0", x => x[0].Split(2, 1)[2], A(2, 5));
        yield return Case("split(2) every output", "CatBackward0", x => Tensor.Cat(x[0].Split(2).Reverse().ToArray()), A(5, 2));
        yield return Case("split([1, 3], -1)[0] transposed", "SplitWithSizesBackward0", x => x[0].T.Split([1, 3], -1)[0], A(4, 3));
        yield return Case("split([2, 0, 1]) every output", "CatBackward0", x => Tensor.Cat(Weighted(x[0].Split([2, 0, 1]))), A(3, 2));
        yield return Case("chunk(3, 1)[0]", "SplitBackward0", x => x[0].Chunk(3, 1)[0], A(2, 7));
        yield return Case("chunk(2) twice", "AddBackward0", x => x[0].Chunk(2)[1] * 2 + x[0].Chunk(2)[1], A(4));
        yield return Case("unbind(0)[1]", "UnbindBackward0", x => x[0].Unbind()[1], A(3, 2));
        yield return Case("unbind(-1) every output", "CatBackward0", x => Tensor.Cat(Weighted(x[0].Unbind(-1))), A(2, 3));
        yield return Case("tril", "TrilBackward0", x => x[0].Tril(), A(3, 4));
        yield return Case("tril(-1) batched", "TrilBackward0", x => x[0].Tril(-1), A(2, 3, 3));
        yield return Case("triu(1) transposed", "TriuBackward0", x => x[0].T.Triu(1), A(4, 3));
        yield return Case("roll(1)", "RollBackward0", x => x[0].Roll(1), A(2, 3));
        yield return Case("roll(-1, 0)", "RollBackward0", x => x[0].Roll(-1, 0), A(3, 2));
        yield return Case("roll([2, 1], [1, 0]) transposed", "RollBackward0", x => x[0].T.Roll([2, 1], [1, 0]), A(3, 4));
        yield return Case("repeat(2, 1, 3)", "RepeatBackward0", x => x[0].Repeat(2, 1, 3), A(2, 2));
        yield return Case("repeat transposed", "RepeatBackward0", x => x[0].T.Repeat(1, 2), A(2, 3));
        yield return Case("tile(2)", "RepeatBackward0", x => x[0].Tile(2), A(2, 3));
        yield return Case("repeat_interleave(2)", "ViewBackward0", x => x[0].RepeatInterleave(2), A(2, 2));
        yield return Case("repeat_interleave(2, 1)", "ViewBackward0", x => x[0].RepeatInterleave(2, 1), A(2, 3));
        yield return Case("repeat_interleave(counts, 0)", "IndexSelectBackward0", x => x[0].RepeatInterleave(InterleaveCounts, 0), A(3, 2));
        yield return Case("diagonal", "DiagonalBackward0", x => x[0].Diagonal(), A(3, 4));
        yield return Case("diagonal(1, 2, 0)", "DiagonalBackward0", x => x[0].Diagonal(1, 2, 0), A(3, 2, 4));
        yield return Case("diagonal(-1) transposed", "DiagonalBackward0", x => x[0].T.Diagonal(-1), A(4, 3));
        yield return Case("diag of a vector", "DiagEmbedBackward0", x => x[0].Diag(1), A(3));
        yield return Case("diag of a matrix", "DiagonalBackward0_copy", x => x[0].Diag(-1), A(3, 3));
        yield return Case("diag_embed", "DiagEmbedBackward0", x => x[0].DiagEmbed(), A(2, 3));
        yield return Case("diag_embed(-1, 0, 2)", "DiagEmbedBackward0", x => x[0].DiagEmbed(-1, 0, 2), A(2, 3));
        yield return Case("movedim(0, -1)", "PermuteBackward0", x => x[0].MoveDim(0, -1), A(2, 3, 2));
        yield return Case("movedim([0, 1], [2, 0])", "PermuteBackward0", x => x[0].MoveDim([0, 1], [2, 0]), A(2, 3, 2));
        yield return Case("unflatten(1, [2, -1])", "ViewBackward0", x => x[0].Unflatten(1, [2, -1]), A(2, 6));
        yield return Case("view_as", "ViewBackward0", x => x[0].ViewAs(Tensor.Zeros(3, 2)), A(2, 3));
        yield return Case("reshape_as transposed", "UnsafeViewBackward0", x => x[0].T.ReshapeAs(Tensor.Zeros(6)), A(2, 3));
        yield return Case("expand_as", "ExpandBackward0", x => x[0].ExpandAs(Tensor.Zeros(2, 3)), A(3));
        yield return Case("broadcast_to", "ExpandBackward0", x => x[0].BroadcastTo(2, 2, 3), A(2, 1));
        yield return Case("broadcast_tensors", "AddBackward0", x => Tensor.BroadcastTensors(x[0], x[1]).Aggregate((a, b) => a + b * 2), A(2, 1), A(3));
        yield return Case("hstack", "CatBackward0", x => Tensor.HStack([x[0], x[1]]), A(2, 1), A(2, 3));
        yield return Case("hstack 1-d and 0-d", "CatBackward0", x => Tensor.HStack([x[0], x[1]]), A(2), A());
        yield return Case("vstack", "CatBackward0", x => Tensor.VStack([x[0], x[1]]), A(3), A(2, 3));
        yield return Case("dstack", "CatBackward0", x => Tensor.DStack([x[0], x[1]]), A(2, 2), A(2, 2, 2));
        yield return Case("column_stack", "CatBackward0", x => Tensor.ColumnStack([x[0], x[1]]), A(3), A(3, 2));
        yield return Case("meshgrid ij [1]", "ExpandBackward0", x => Tensor.Meshgrid([x[0], x[1]])[1], A(2), A(3));
        yield return Case("meshgrid xy [0]", "ExpandBackward0", x => Tensor.Meshgrid([x[0], x[1]], indexing: "xy")[0], A(2), A(3));
        yield return Case("pad constant", "ConstantPadNdBackward0", x => F.Pad(x[0], [1, 2], value: 0.5), A(2, 3));
        yield return Case("pad constant 2 dims, negative", "ConstantPadNdBackward0", x => F.Pad(x[0], [-1, 1, 2, 0]), A(2, 3));
        yield return Case("pad reflect 1d", "ReflectionPad1DBackward0", x => F.Pad(x[0], [2, 1], PaddingMode.Reflect), A(2, 4));
        yield return Case("pad reflect 2d transposed", "ReflectionPad2DBackward0", x => F.Pad(x[0].Transpose(1, 2), [1, 1, 2, 0], PaddingMode.Reflect), A(1, 3, 3));
        yield return Case("pad reflect 3d", "ReflectionPad3DBackward0", x => F.Pad(x[0], [1, 0, 0, 1, 1, 1], PaddingMode.Reflect), A(1, 1, 2, 2, 3));
        yield return Case("pad replicate 1d", "ReplicationPad1DBackward0", x => F.Pad(x[0], [3, 1], PaddingMode.Replicate), A(1, 2, 2));
        yield return Case("pad replicate 2d", "ReplicationPad2DBackward0", x => F.Pad(x[0], [1, 2, 2, 1], PaddingMode.Replicate), A(2, 2, 3));
        yield return Case("pad replicate 3d", "ReplicationPad3DBackward0", x => F.Pad(x[0], [1, 1, 0, 2, 1, 0], PaddingMode.Replicate), A(2, 2, 2, 2));
        yield return Case("pad circular 1d", "CopySlices", x => F.Pad(x[0], [2, 1], PaddingMode.Circular), A(2, 3));
        yield return Case("pad circular 2d, cropping", "CopySlices", x => F.Pad(x[0], [1, -1, 2, 1], PaddingMode.Circular), A(1, 3, 4));
        // A draw with a fixed generator is a step function of its parameters: gradient 0, as PyTorch's formula says.
        yield return Case("bernoulli", "BernoulliBackward0", x => x[0].Bernoulli(new Generator(3)), Pr(3, 4));
        yield return Case("poisson", "PoissonBackward0", x => Tensor.Poisson(x[0] * 5, new Generator(4)), P(2, 3));
    }

    // Every output of a multi-output op, each scaled differently (so a mixed-up gradient shows), flattened for a cat.
    private static Tensor[] Weighted(Tensor[] parts) => [.. parts.Select((p, i) => (p * (i + 1)).Reshape(-1))];
}
