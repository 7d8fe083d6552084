using Nabla.NN;
using Nabla.Onnx.Model;
using Nabla.Onnx.Tracing;

namespace Nabla.Onnx.Export;

/// <summary>The export pipeline: trace the forward pass in evaluation mode (twice for a dynamic batch), then build the graph.</summary>
internal static class Exporter
{
    /// <summary>The opset the emitters write against (LayerNormalization needs 17, ReduceMean's axes input 18).</summary>
    public const int Opset = 18;

    public static OnnxModel Build(Module model, Tensor input, bool dynamicBatch, string inputName, string outputName)
    {
        var state = StateNames(model);
        if (state.Values.FirstOrDefault(n => n == inputName || n == outputName) is { } clash)
            throw new ArgumentException($"ONNX export: the graph's input and output cannot be named '{clash}', the name of a parameter or buffer of the model; pick other names.");
        using var modes = new EvalModeScope(model);
        using var scopes = new ModuleScopes(model);
        var (ops, output) = Trace(model, input, scopes, state.Keys);
        var trace = new TraceSummary(ops, input, ValueRef.LeafOf(input), state.Keys);
        if (dynamicBatch)
        {
            var other = OtherBatch.Input(input);
            OtherBatch.Align(trace, Trace(model, other, scopes, state.Keys).Ops, other);
        }
        var graph = new GraphBuilder(trace, new ExportNames(inputName, outputName, state)).Build(output.Ref, output.Tensor, model.GetType().Name);
        return new OnnxModel(graph, Opset, "Nabla.Onnx", ProducerVersion);
    }

    // The package's version, without the commit hash the SDK appends.
    private static string ProducerVersion =>
        (System.Reflection.CustomAttributeExtensions.GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>(typeof(Exporter).Assembly)?.InformationalVersion ?? "").Split('+')[0];

    // Runs the model on the input with the trace open; NoGrad, since the trace sees the ops either way.
    private static (List<TracedOp> Ops, (ValueRef Ref, Tensor Tensor) Output) Trace(Module model, Tensor input, ModuleScopes scopes, IEnumerable<Tensor> state)
    {
        using var trace = new ForwardTrace(scopes, [input, .. state]);
        try
        {
            using (Autograd.NoGrad())
            {
                var output = model.Call(input);
                return (trace.Ops, (trace.RefOf(output), output));
            }
        }
        finally
        {
            scopes.Reset();
        }
    }

    // Parameters and buffers by reference, under their state-dict names (a tied one under its first name).
    private static Dictionary<Tensor, string> StateNames(Module model)
    {
        var names = new Dictionary<Tensor, string>(ReferenceEqualityComparer.Instance);
        foreach (var (name, parameter) in model.NamedParameters()) names.TryAdd(parameter, name);
        foreach (var (name, buffer) in model.NamedBuffers()) names.TryAdd(buffer, name);
        return names;
    }
}
