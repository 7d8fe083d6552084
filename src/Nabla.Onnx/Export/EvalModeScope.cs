using Nabla.NN;

namespace Nabla.Onnx.Export;

/// <summary>
/// Puts a model in evaluation mode for the export and gives every module its own mode back afterwards,
/// as <c>torch.onnx.export</c> exports in inference mode: dropout is the identity, batch norm uses its
/// running statistics.
/// </summary>
internal sealed class EvalModeScope : IDisposable
{
    private readonly (Module Module, bool Training)[] _modes;

    public EvalModeScope(Module model)
    {
        _modes = [.. model.Modules().Select(m => (m, m.Training))];
        model.Eval();
    }

    public void Dispose()
    {
        // Parents first: Train(mode) also sets the children, whose own modes are set after.
        foreach (var (module, training) in _modes) module.Train(training);
    }
}
