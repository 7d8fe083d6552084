namespace Nabla.NN;

/// <summary>
/// The weights of one recurrent layer and direction, or of a cell: W_ih [G·H, in], W_hh [G·H, Hout], the optional
/// biases [G·H] and, for an LSTM with projections, W_hr [P, H].
/// </summary>
/// <remarks>
/// Each step's product takes its own transpose of W_hh (as PyTorch's per-step <c>linear</c> does), so that every
/// step's weight gradient reaches the parameter in the parameter's own layout and the steps' gradients add up as
/// contiguous tensors. One shared transposed view would collect them transposed, and adding transposed views
/// reads one operand across rows: 15 times slower for a [1024, 256] weight (measured), most of an LSTM's backward.
/// </remarks>
internal sealed class CellWeights(Tensor weightIh, Tensor weightHh, Tensor? biasIh, Tensor? biasHh, Tensor? weightHr)
{
    /// <summary>b_ih, or null without biases.</summary>
    public Tensor? BiasIh { get; } = biasIh;

    /// <summary>b_hh, or null without biases.</summary>
    public Tensor? BiasHh { get; } = biasHh;

    /// <summary>bias + x·W_ihᵀ for the rows x [N, in]: one product for all of them.</summary>
    public Tensor InputProduct(Tensor x, Tensor? bias) => Affine(x, weightIh, bias);

    /// <summary>bias + h·W_hhᵀ for the state h [B, Hout].</summary>
    public Tensor HiddenProduct(Tensor h, Tensor? bias = null) => Affine(h, weightHh, bias);

    /// <summary>h·W_hrᵀ with projections, else h.</summary>
    public Tensor Project(Tensor h) => weightHr is null ? h : h.Mm(weightHr.T);

    // addmm, or mm without a bias.
    private static Tensor Affine(Tensor x, Tensor weight, Tensor? bias) => bias is null ? x.Mm(weight.T) : bias.Addmm(x, weight.T);
}
