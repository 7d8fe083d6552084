using Nabla.Onnx.Model;

namespace Nabla.Onnx.Protobuf;

/// <summary>
/// Writes an <see cref="OnnxModel"/> as ONNX's ModelProto. The field numbers are those of
/// <c>onnx/onnx.proto</c>; only the fields this exporter fills are written.
/// </summary>
internal static class OnnxSerializer
{
    /// <summary>Writes <paramref name="model"/> to <paramref name="stream"/>.</summary>
    public static void Write(OnnxModel model, Stream stream)
    {
        var w = new ProtoWriter(stream);
        // ModelProto: ir_version = 1, producer_name = 2, producer_version = 3, graph = 7, opset_import = 8.
        w.Int64(1, OnnxModel.IrVersion);
        w.String(2, model.ProducerName);
        w.String(3, model.ProducerVersion);
        w.Message(7, g => Graph(g, model.Graph));
        w.Message(8, o =>
        {
            o.String(1, "");           // OperatorSetIdProto: domain = 1 (the default ONNX domain)
            o.Int64(2, model.Opset);   // version = 2
        });
    }

    // GraphProto: node = 1, name = 2, initializer = 5, input = 11, output = 12.
    private static void Graph(ProtoWriter w, OnnxGraph graph)
    {
        foreach (var node in graph.Nodes) w.Message(1, n => Node(n, node));
        w.String(2, graph.Name);
        foreach (var tensor in graph.Initializers) w.Message(5, t => Tensor(t, tensor));
        foreach (var input in graph.Inputs) w.Message(11, v => ValueInfo(v, input));
        foreach (var output in graph.Outputs) w.Message(12, v => ValueInfo(v, output));
    }

    // NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5.
    private static void Node(ProtoWriter w, OnnxNode node)
    {
        foreach (var input in node.Inputs) w.String(1, input);
        foreach (var output in node.Outputs) w.String(2, output);
        w.String(3, node.Name);
        w.String(4, node.OpType);
        foreach (var attribute in node.Attributes) w.Message(5, a => Attribute(a, attribute));
    }

    // AttributeProto: name = 1, f = 2, i = 3, s = 4, t = 5, ints = 8, type = 20.
    private static void Attribute(ProtoWriter w, OnnxAttribute a)
    {
        w.String(1, a.Name);
        w.Int64(20, (long)a.Type);
        switch (a.Type)
        {
            case OnnxAttributeType.Float: w.Float(2, a.Float); break;
            case OnnxAttributeType.Int: w.Int64(3, a.Int); break;
            case OnnxAttributeType.String: w.String(4, a.String!); break;
            case OnnxAttributeType.Tensor: w.Message(5, t => Tensor(t, a.Tensor!)); break;
            case OnnxAttributeType.Ints: foreach (long i in a.Ints!) w.Int64(8, i); break;
        }
    }

    // TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9.
    private static void Tensor(ProtoWriter w, OnnxTensor tensor)
    {
        foreach (long d in tensor.Dims) w.Int64(1, d);
        w.Int64(2, tensor.ElementType);
        w.String(8, tensor.Name);
        w.Bytes(9, tensor.RawData);
    }

    // ValueInfoProto: name = 1, type = 2; TypeProto: tensor_type = 1; TypeProto.Tensor: elem_type = 1,
    // shape = 2; TensorShapeProto: dim = 1; Dimension: dim_value = 1, dim_param = 2.
    private static void ValueInfo(ProtoWriter w, OnnxValueInfo value)
    {
        w.String(1, value.Name);
        w.Message(2, type => type.Message(1, tensor =>
        {
            tensor.Int64(1, value.ElementType);
            tensor.Message(2, shape =>
            {
                foreach (var (size, symbol) in value.Dims)
                    shape.Message(1, dim =>
                    {
                        if (size is { } s) dim.Int64(1, s);
                        else if (symbol is not null) dim.String(2, symbol);
                    });
            });
        }));
    }
}
