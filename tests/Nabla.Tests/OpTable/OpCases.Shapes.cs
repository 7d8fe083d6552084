namespace Nabla.Tests;

public static partial class OpCases
{
    // Views and copies: each is linear, so its rule is checked once and again (double backward).
    private static IEnumerable<OpCase> Shapes()
    {
        yield return Case("t", "TBackward0", x => x[0].T, A(2, 3));
        yield return Case("t 1-d", "TBackward0", x => x[0].T, A(3));
        yield return Case("transpose(0,2)", "TransposeBackward0", x => x[0].Transpose(0, 2), A(2, 3, 2));
        yield return Case("transpose(-1,0)", "TransposeBackward0", x => x[0].Transpose(-1, 0), A(2, 3));
        yield return Case("permute(2,0,1)", "PermuteBackward0", x => x[0].Permute(2, 0, 1), A(2, 3, 2));
        yield return Case("reshape contiguous", "ViewBackward0", x => x[0].Reshape(3, 2), A(2, 3));
        yield return Case("reshape -1", "ViewBackward0", x => x[0].Reshape(-1), A(2, 3, 2));
        yield return Case("reshape transposed (copy)", "UnsafeViewBackward0", x => x[0].T.Reshape(-1), A(2, 3));
        yield return Case("reshape permuted", "ViewBackward0", x => x[0].Permute(2, 0, 1).Reshape(2, 6), A(2, 3, 2));
        yield return Case("view", "ViewBackward0", x => x[0].View(6), A(2, 3));
        yield return Case("view 3-d", "ViewBackward0", x => x[0].View(3, 2, 1), A(2, 3));
        yield return Case("view of transposed (split dim)", "ViewBackward0", x => x[0].T.View(2, 2, 3), A(3, 4));
        yield return Case("flatten", "ViewBackward0", x => x[0].Flatten(), A(2, 3, 2));
        yield return Case("flatten(1)", "ViewBackward0", x => x[0].Flatten(1), A(2, 3, 2));
        yield return Case("flatten transposed", "UnsafeViewBackward0", x => x[0].T.Flatten(), A(2, 3));
        yield return Case("squeeze all", "SqueezeBackward0", x => x[0].Squeeze(), A(2, 1, 3, 1));
        yield return Case("squeeze dim 1", "SqueezeBackward1", x => x[0].Squeeze(1), A(2, 1, 3));
        yield return Case("squeeze dim 0 (not 1)", "SqueezeBackward1", x => x[0].Squeeze(0), A(2, 1, 3));
        yield return Case("unsqueeze 1", "UnsqueezeBackward0", x => x[0].Unsqueeze(1), A(2, 3));
        yield return Case("unsqueeze -1", "UnsqueezeBackward0", x => x[0].Unsqueeze(-1), A(2, 3));
        yield return Case("expand [3,1]→[2,3,4]", "ExpandBackward0", x => x[0].Expand(2, 3, 4), A(3, 1));
        yield return Case("expand -1", "ExpandBackward0", x => x[0].Expand(2, -1), A(3));
        yield return Case("expand 0-d", "ExpandBackward0", x => x[0].Expand(2, 2), A());
        yield return Case("flip dim 1", "FlipBackward0", x => x[0].Flip(1), A(2, 3));
        yield return Case("flip dims [0,2]", "FlipBackward0", x => x[0].Flip(0, 2), A(2, 3, 2));
        yield return Case("flip -1 transposed", "FlipBackward0", x => x[0].T.Flip(-1), A(2, 3));
        yield return Case("contiguous transposed", "CloneBackward0", x => x[0].T.Contiguous(), A(2, 3));
        yield return Case("clone", "CloneBackward0", x => x[0].Clone(), A(2, 3));
        yield return Case("clone transposed", "CloneBackward0", x => x[0].T.Clone(), A(2, 3));
    }
}
