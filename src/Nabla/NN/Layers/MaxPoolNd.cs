namespace Nabla.NN;

/// <summary>
/// What the max-pooling layers share: PyTorch's <c>return_indices</c>. C# gives <see cref="Module.Forward(Tensor)"/>
/// one return type, so a layer built with <c>returnIndices: true</c> returns its indices from
/// <see cref="ForwardWithIndices"/>, and its <c>Forward</c> says so.
/// </summary>
public abstract class MaxPoolNd : Module
{
    private protected MaxPoolNd(bool returnIndices) => ReturnIndices = returnIndices;

    /// <summary>Whether the module was built to return the indices too (<see cref="ForwardWithIndices"/>).</summary>
    public bool ReturnIndices { get; }

    /// <summary>The pooled values and the index of each maximum within its plane (int64), like <c>forward</c> with <c>return_indices=True</c>.</summary>
    public abstract (Tensor Output, Tensor Indices) ForwardWithIndices(Tensor input);

    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">When built with <c>returnIndices: true</c> (call <see cref="ForwardWithIndices"/>).</exception>
    public override Tensor Forward(Tensor input) => ReturnIndices ? base.Forward(input) : ForwardWithIndices(input).Output;

    /// <inheritdoc/>
    protected override string? ForwardUsage => ReturnIndices ? "ForwardWithIndices(input), which returns (Output, Indices) as return_indices=True does" : null;
}
