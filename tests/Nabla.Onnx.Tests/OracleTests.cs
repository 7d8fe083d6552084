using Nabla.Onnx.Model;
using Nabla.Onnx.Protobuf;

namespace Nabla.Onnx.Tests;

/// <summary>The checks the other tests rely on can fail: ONNX Runtime's warnings reach the oracle.</summary>
public sealed class OracleTests
{
    [Fact]
    public void AWarningOfOnnxRuntimeIsSeen()
    {
        // A graph with an initializer that no node reads: ONNX Runtime removes it and says so.
        var unused = OnnxTensor.From("unused", Tensor.Ones(3));
        var graph = new OnnxGraph("g", [new OnnxNode("Identity", "id", ["input"], ["output"], [])], [unused],
            [new OnnxValueInfo("input", OnnxTypes.Float, [(2, null)])], [new OnnxValueInfo("output", OnnxTypes.Float, [(2, null)])]);
        using var stream = new MemoryStream();
        OnnxSerializer.Write(new OnnxModel(graph, 18, "test", "0"), stream);
        using var session = OnnxRuntimeOracle.Load(stream.ToArray(), out var logId);
        Assert.Contains(OnnxRuntimeOracle.Warnings(logId), w => w.Contains("unused", StringComparison.Ordinal));
    }
}
