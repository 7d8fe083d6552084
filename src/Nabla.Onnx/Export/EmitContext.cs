using Nabla.Onnx.Model;
using Nabla.Onnx.Tracing;

namespace Nabla.Onnx.Export;

/// <summary>
/// What an emitter sees of the op it maps: the op's arguments, inputs and results (tensors and their
/// graph names, converted to a dtype on request), and how to add nodes and constants, name the op's
/// results, and refuse with a message that names the op and its module.
/// </summary>
internal sealed class EmitContext(GraphBuilder graph, TracedOp op)
{
    private readonly TraceSummary _trace = graph.Trace;

    public TracedOp Op => op;

    /// <summary>The op's arguments as their type in the derivative table (see <c>Derivatives*.cs</c>).</summary>
    public T Args<T>() => (T)op.Args!;

    public int InputCount => op.Inputs.Length;

    /// <summary>True when input <paramref name="i"/> was given (an optional bias may not be).</summary>
    public bool HasInput(int i) => i < op.Inputs.Length && !op.Inputs[i].IsMissing;

    public Tensor InputTensor(int i) => op.InputTensors[i]!;

    public Tensor Result(int k = 0) => op.Results[k];

    /// <summary>The dtype of the op's (first) result.</summary>
    public DType ResultType => op.Results[0].DType;

    /// <summary>The graph name of input <paramref name="i"/>.</summary>
    public string Input(int i) => Value(op.Inputs[i], $"input {i}");

    /// <summary>The graph name of input <paramref name="i"/> as <paramref name="dtype"/>: ONNX ops take one element type where Nabla promotes.</summary>
    public string Input(int i, DType dtype) => ValueAs(op.Inputs[i], dtype, $"input {i}");

    /// <summary>The graph names of the inputs that were given, in order, as <paramref name="dtype"/> (an optional input not given is left out).</summary>
    public string[] GivenInputs(DType dtype) => [.. Enumerable.Range(0, InputCount).Where(HasInput).Select(i => Input(i, dtype))];

    /// <summary>The graph name of any value the op read (a saved one, or one found behind a view).</summary>
    public string Value(ValueRef value, string role) => graph.Value(value, op, role);

    public string ValueAs(ValueRef value, DType dtype, string role) => graph.ValueAs(value, dtype, op, role);

    /// <summary>The value the op offered for saving under <paramref name="slot"/>.</summary>
    public ValueRef Saved(Slot slot) => op.SavedRef(slot);

    /// <summary>Every value the op offered under <paramref name="slot"/>, in order.</summary>
    public ValueRef[] SavedAll(Slot slot) => [.. op.SavedRefs(slot)];

    /// <summary>
    /// An int64 index read from the value <paramref name="index"/> with negative positions counted from the end of a dim of
    /// <paramref name="size"/> (a graph value: a 0-d int64), as PyTorch wraps them: Where, Less, Add.
    /// </summary>
    public string WrappedIndex(ValueRef index, string size)
    {
        string positions = ValueAs(index, DType.Int64, "the index");
        return Node("Where", [Node("Less", [positions, Scalar(0, DType.Int64)]), Node("Add", [positions, size]), positions]);
    }

    /// <summary>All the traced ops (to look at the op that produced a value).</summary>
    public IReadOnlyList<TracedOp> Ops => _trace.Ops;

    /// <summary>Adds a node with one output in the op's module; returns the output's name.</summary>
    public string Node(string opType, string[] inputs, params OnnxAttribute[] attributes)
        => graph.AddNode(opType, op.Scope, inputs, attributes)[0];

    /// <summary>Adds a node with <paramref name="outputs"/> outputs (Split); returns their names.</summary>
    public string[] Node(string opType, string[] inputs, int outputs, params OnnxAttribute[] attributes)
        => graph.AddNode(opType, op.Scope, inputs, attributes, outputs: outputs);

    /// <summary>Names result <paramref name="k"/> of the op: the graph value <paramref name="name"/>.</summary>
    public void Bind(string name, int k = 0) => graph.Bind(op.Index, k, name);

    /// <summary>A 1-d int64 constant (shapes, axes, indices).</summary>
    public string Ints(params long[] values) => graph.Constant(Tensor.FromArray(values));

    /// <summary>A 0-d constant of <paramref name="dtype"/>.</summary>
    public string Scalar(double value, DType dtype) => graph.Constant(Tensor.Scalar(value, dtype));

    /// <summary>A constant holding <paramref name="value"/>.</summary>
    public string Constant(Tensor value) => graph.Constant(value);

    public int[] ShapeOf(ValueRef value) => _trace.ShapeOf(value);

    public DType DTypeOf(ValueRef value) => _trace.DTypeOf(value);

    public int[] OtherBatchShapeOf(ValueRef value) => _trace.OtherBatchShapeOf(value);

    /// <summary>Which dims of <paramref name="value"/> follow the batch size (all false for a static batch).</summary>
    public bool[] DynamicDims(ValueRef value) => _trace.DynamicDims(value);

    /// <summary>The reference to result <paramref name="k"/>.</summary>
    public ValueRef ResultRef(int k = 0) => ValueRef.OutputOf(op.Index, k);

    /// <summary>
    /// Refuses (naming <paramref name="doing"/>) when dim <paramref name="dim"/> of input 0 follows the batch size: the
    /// emitter writes constants (positions, masks, sizes) that depend on that dim's size.
    /// </summary>
    public void RequireStaticDim(int dim, string doing)
    {
        if (DynamicDims(op.Inputs[0])[dim])
            throw Unsupported($"{doing} dim {dim}, which follows the batch size: the graph holds constants of that dim's size. Export with dynamicBatch: false.");
    }

    /// <summary>A refusal naming the op and its module.</summary>
    public NotSupportedException Unsupported(string why) => ExportErrors.Unsupported(op, why);
}
