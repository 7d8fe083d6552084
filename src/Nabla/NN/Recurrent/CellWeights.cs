namespace Nabla.NN;

/// <summary>
/// The weights of one recurrent layer and direction, or of a cell, as one forward call uses them: W_ih [G·H, in],
/// W_hh [G·H, Hout], the optional biases [G·H] and, for an LSTM with projections, W_hr [P, H]. The transposes that
/// the products take are made once per call, so every step's product reads the same view.
/// </summary>
internal sealed class CellWeights(Tensor weightIh, Tensor weightHh, Tensor? biasIh, Tensor? biasHh, Tensor? weightHr)
{
    /// <summary>W_ihᵀ [in, G·H].</summary>
    public Tensor WeightIhT { get; } = weightIh.T;

    /// <summary>W_hhᵀ [Hout, G·H].</summary>
    public Tensor WeightHhT { get; } = weightHh.T;

    /// <summary>b_ih, or null without biases.</summary>
    public Tensor? BiasIh { get; } = biasIh;

    /// <summary>b_hh, or null without biases.</summary>
    public Tensor? BiasHh { get; } = biasHh;

    /// <summary>W_hrᵀ [H, P], or null without projections.</summary>
    public Tensor? WeightHrT { get; } = weightHr?.T;

    /// <summary>bias + x·Wᵀ for rows x, as one product (<c>addmm</c>, or <c>mm</c> without a bias).</summary>
    public static Tensor Affine(Tensor x, Tensor weightT, Tensor? bias) => bias is null ? x.Mm(weightT) : bias.Addmm(x, weightT);
}
