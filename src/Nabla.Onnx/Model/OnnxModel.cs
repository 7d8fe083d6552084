namespace Nabla.Onnx.Model;

/// <summary>An ONNX model in memory (ModelProto): one graph and the operator set it is written against.</summary>
internal sealed record OnnxModel(OnnxGraph Graph, int Opset, string ProducerName, string ProducerVersion)
{
    /// <summary>The IR version that goes with <see cref="Opset"/> 18 (ONNX 1.13 introduced both).</summary>
    public const int IrVersion = 8;
}

/// <summary>An ONNX graph (GraphProto): nodes in topological order, initializers, and the typed inputs and outputs.</summary>
internal sealed record OnnxGraph(string Name, IReadOnlyList<OnnxNode> Nodes, IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs, IReadOnlyList<OnnxValueInfo> Outputs);

/// <summary>One operator call (NodeProto) of the default ONNX domain.</summary>
internal sealed record OnnxNode(string OpType, string Name, string[] Inputs, string[] Outputs, OnnxAttribute[] Attributes);

/// <summary>A typed graph input or output (ValueInfoProto); a dim is a size, a named symbol, or unknown (both null).</summary>
internal sealed record OnnxValueInfo(string Name, int ElementType, (long? Size, string? Symbol)[] Dims);
