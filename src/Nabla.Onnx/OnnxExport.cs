using Nabla.NN;
using Nabla.Onnx.Export;
using Nabla.Onnx.Protobuf;

namespace Nabla.Onnx;

/// <summary>
/// Exports a model to ONNX, like <c>torch.onnx.export</c>: one forward pass on an example input is
/// traced into an ONNX graph (opset 18) that ONNX Runtime and other runtimes run with the same outputs.
/// </summary>
/// <remarks>
/// The model runs in evaluation mode for the trace (dropout off, batch norm with its running
/// statistics), and each module's mode is restored afterwards. Parameters and buffers become
/// initializers named as in the state dict (<c>0.weight</c>); the example input becomes the graph
/// input. Only what the forward pass computes from the input is exported: Forward must not branch on
/// values, and an op that ONNX cannot express (or that is not mapped yet) raises
/// <see cref="NotSupportedException"/> naming the op, its aten function and the module it ran in.
/// docs/deployment.md lists the ops that are mapped.
/// </remarks>
/// <example><code>
/// model.Eval();
/// OnnxExport.Save(model, Tensor.Randn([1, 784]), "mnist.onnx", dynamicBatch: true);
/// </code></example>
public static class OnnxExport
{
    /// <summary>Traces <paramref name="model"/> on <paramref name="exampleInput"/> and writes the ONNX model to the file <paramref name="path"/>.</summary>
    /// <param name="model">The model; its <see cref="Module.Forward(Tensor)"/> maps one tensor to one tensor.</param>
    /// <param name="exampleInput">An input of the shape and dtype the model will be given (an Int64 index tensor for an embedding).</param>
    /// <param name="path">The file to write (replaced if it exists); nothing is written when the export fails.</param>
    /// <param name="dynamicBatch">
    /// True to name dim 0 of the input and output "batch", so that the exported model takes any batch size
    /// (the forward pass is traced a second time with one more sample to find the dims that follow it).
    /// </param>
    /// <param name="inputName">The graph input's name.</param>
    /// <param name="outputName">The graph output's name.</param>
    /// <exception cref="ArgumentException">When a name is empty, the names clash, or <paramref name="dynamicBatch"/> is asked for a 0-d or empty input.</exception>
    /// <exception cref="NotSupportedException">When the forward pass uses an op that cannot be exported; the message names it.</exception>
    public static void Save(Module model, Tensor exampleInput, string path, bool dynamicBatch = false, string inputName = "input", string outputName = "output")
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var onnx = Build(model, exampleInput, dynamicBatch, inputName, outputName);
        using var file = File.Create(path);
        OnnxSerializer.Write(onnx, file);
    }

    /// <summary>Traces <paramref name="model"/> on <paramref name="exampleInput"/> and writes the ONNX model to <paramref name="stream"/>.</summary>
    /// <inheritdoc cref="Save(Module, Tensor, string, bool, string, string)"/>
    public static void Save(Module model, Tensor exampleInput, Stream stream, bool dynamicBatch = false, string inputName = "input", string outputName = "output")
    {
        ArgumentNullException.ThrowIfNull(stream);
        OnnxSerializer.Write(Build(model, exampleInput, dynamicBatch, inputName, outputName), stream);
    }

    private static Model.OnnxModel Build(Module model, Tensor exampleInput, bool dynamicBatch, string inputName, string outputName)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(exampleInput);
        ArgumentException.ThrowIfNullOrEmpty(inputName);
        ArgumentException.ThrowIfNullOrEmpty(outputName);
        if (inputName == outputName)
            throw new ArgumentException($"the graph's input and output need different names, but both are '{inputName}'", nameof(outputName));
        if (dynamicBatch && (exampleInput.Dim == 0 || exampleInput.Size(0) == 0))
            throw new ArgumentException($"dynamicBatch needs an example input with a batch dim of at least one sample, but its shape is {exampleInput.Shape}", nameof(exampleInput));
        return Exporter.Build(model, exampleInput, dynamicBatch, inputName, outputName);
    }
}
