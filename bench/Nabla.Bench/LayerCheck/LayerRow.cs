using Module = Nabla.NN.Module;
using TorchSharp;
using TT = TorchSharp.torch.Tensor;
using TorchModule = TorchSharp.torch.nn.Module;

namespace Nabla.Bench;

/// <summary>
/// One row of the layer check: a Nabla module and the libtorch module of the same configuration (through TorchSharp,
/// or a TorchSharp composition of PyTorch's forward where TorchSharp's C++ module lacks an option), the inputs, and
/// the forward call on each side returning every output. The libtorch module takes Nabla's state dict by key.
/// </summary>
internal sealed record LayerRow(string Title, In[] Inputs, Func<Module> NablaModule, Func<TorchModule> TorchModule,
    Func<Module, Tensor[], Tensor[]> Nabla, Func<TorchModule, TT[], TT[]> Torch)
{
    /// <summary>Largest accepted normwise relative difference of outputs and gradients (float64).</summary>
    public double Tolerance { get; init; } = 1e-6;

    public string Shapes => string.Join(' ', Inputs.Select(i => i.ToString()));

    /// <summary>A row from typed modules and calls.</summary>
    public static LayerRow Of<TNabla, TTorch>(string title, In[] inputs, Func<TNabla> nabla, Func<TTorch> torch,
        Func<TNabla, Tensor[], Tensor[]> nablaForward, Func<TTorch, TT[], TT[]> torchForward)
        where TNabla : Module where TTorch : TorchModule
        => new(title, inputs, () => nabla(), () => torch(), (m, x) => nablaForward((TNabla)m, x), (m, x) => torchForward((TTorch)m, x));
}
