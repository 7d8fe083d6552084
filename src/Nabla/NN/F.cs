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
    /// <summary>Runs <paramref name="forward"/> without recording (for compositions built from ops).</summary>
    private static T Untracked<T>(Func<T> forward) => NNOps.Untracked(forward);

    /// <summary>Throws unless <paramref name="t"/> has a floating dtype.</summary>
    private static void CheckFloating(Tensor t, string op) => NNOps.CheckFloating(t, op);
}
