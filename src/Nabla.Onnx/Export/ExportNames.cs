namespace Nabla.Onnx.Export;

/// <summary>The names the graph gives its input, its output and the model's parameters and buffers (by reference).</summary>
internal sealed record ExportNames(string Input, string Output, IReadOnlyDictionary<Tensor, string> State)
{
    /// <summary>The symbol of the dynamic batch dim in the graph's input and output shapes.</summary>
    public const string BatchSymbol = "batch";
}
