namespace Nabla.NN;   // in Ops/ because the loss ops take it; public as Nabla.NN.Reduction

/// <summary>How a loss combines its per-element values, like PyTorch's <c>reduction=</c> argument.</summary>
public enum Reduction
{
    /// <summary>The mean (for weighted class losses: the weighted mean), PyTorch's <c>'mean'</c>, the default.</summary>
    Mean,

    /// <summary>The sum, PyTorch's <c>'sum'</c>.</summary>
    Sum,

    /// <summary>No reduction: one loss per element (per sample for class losses), PyTorch's <c>'none'</c>.</summary>
    None,

    /// <summary>
    /// The sum divided by the batch size (the first dim), PyTorch's <c>'batchmean'</c>: only
    /// <see cref="F.KlDiv"/> takes it (the KL divergence per sample); the other losses refuse it.
    /// </summary>
    BatchMean,
}
