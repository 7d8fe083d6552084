namespace Nabla.NN;

/// <summary>The hyperparameters of a Transformer layer, kept to copy it.</summary>
internal sealed record TransformerConfig(int DModel, int NHead, int DimFeedforward, double Dropout, string Activation, double LayerNormEps,
    bool BatchFirst, bool NormFirst, bool Bias);

/// <summary>The activations a Transformer layer takes by name, as PyTorch's "relu" and "gelu".</summary>
internal static class TransformerActivation
{
    public static Func<Tensor, Tensor> Of(string name) => name switch
    {
        "relu" => F.Relu,
        "gelu" => F.Gelu,
        _ => throw new ArgumentException($"activation should be relu/gelu, not {name}", nameof(name)),
    };
}
