using Nabla.Onnx.Emitters;
using Nabla.Onnx.Model;
using Nabla.Onnx.Tracing;

namespace Nabla.Onnx.Export;

/// <summary>
/// Turns a traced forward pass into an ONNX graph: finds the ops the output depends on (walking
/// back from it, so the inner ops of composed ops and anything unused drop out), emits each through
/// its row of <see cref="OpMappings"/> in trace order, and names what the ops read: the example
/// input becomes the graph input, parameters and buffers become initializers under their state-dict
/// names, and other leaves become Constant nodes (or a clear error when they cannot be trusted).
/// </summary>
internal sealed class GraphBuilder(TraceSummary trace, ExportNames names)
{
    private static readonly ModuleScope s_graphScope = new("", "graph");

    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxTensor> _initializers = [];
    private readonly Dictionary<Tensor, string> _leafNames = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<(int Op, int Output), string> _outputNames = [];
    private readonly Dictionary<string, string> _constants = [];
    private readonly Dictionary<(string Value, DType DType), string> _casts = [];
    private readonly Dictionary<string, int> _nodeNames = [];

    /// <summary>The traced forward pass.</summary>
    public TraceSummary Trace => trace;

    /// <summary>Builds the graph whose output is <paramref name="output"/> (the forward pass's result).</summary>
    public OnnxGraph Build(ValueRef output, Tensor outputTensor, string graphName)
    {
        var live = LiveOps(output);
        foreach (var op in trace.Ops)
        {
            if (!live[op.Index]) continue;
            var mapping = OpMappings.Find(op.Name) ?? throw ExportErrors.Unmapped(op);
            mapping.Emit(new EmitContext(this, op));
        }
        NameOutput(Value(output, null, "the output"));
        return new OnnxGraph(graphName, _nodes, _initializers,
            [new OnnxValueInfo(names.Input, OnnxTypes.ElementType(trace.Input.DType), Dims(trace.Input.ShapeArray, trace.DynamicDims(trace.InputRef)))],
            [new OnnxValueInfo(names.Output, OnnxTypes.ElementType(outputTensor.DType), Dims(outputTensor.ShapeArray, trace.DynamicDims(output)))]);
    }

    // The ops the output depends on, through what each op's mapping reads (its inputs, or for some
    // ops a saved value or a value found behind a view).
    private bool[] LiveOps(ValueRef output)
    {
        var live = new bool[trace.Ops.Count];
        var pending = new Stack<ValueRef>();
        pending.Push(output);
        while (pending.TryPop(out var value))
        {
            if (!value.IsOpOutput || live[value.Op]) continue;
            live[value.Op] = true;
            var op = trace.Ops[value.Op];
            foreach (var read in OpMappings.Reads(op, trace.Ops)) pending.Push(read);
        }
        return live;
    }

    // The graph output takes the user's name: the node that produced it is renamed, or, when the output
    // is the input or a stored tensor, an Identity node copies it.
    private void NameOutput(string produced)
    {
        bool fromNode = _nodes.Any(n => n.OpType != "Constant" && n.Outputs.Contains(produced));
        if (!fromNode)
        {
            AddNode("Identity", s_graphScope, [produced], [], names.Output);
            return;
        }
        foreach (var node in _nodes)
        {
            for (int i = 0; i < node.Inputs.Length; i++) if (node.Inputs[i] == produced) node.Inputs[i] = names.Output;
            for (int i = 0; i < node.Outputs.Length; i++) if (node.Outputs[i] == produced) node.Outputs[i] = names.Output;
        }
    }

    // A graph input's or output's dims: sizes, with the batch dim named "batch" and other dims that follow
    // the batch size (a batch folded with another dim) left unknown.
    private (long? Size, string? Symbol)[] Dims(int[] shape, bool[] dynamic)
        => [.. shape.Select((size, d) => !dynamic[d] ? ((long?)size, (string?)null)
            : size == trace.Input.ShapeArray[0] ? (null, ExportNames.BatchSymbol) : (null, null))];

    /// <summary>Records that output <paramref name="output"/> of op <paramref name="op"/> is the value <paramref name="name"/>.</summary>
    public void Bind(int op, int output, string name) => _outputNames[(op, output)] = name;

    /// <summary>Adds a node; returns its outputs' names (one unless <paramref name="outputs"/> says more).</summary>
    public string[] AddNode(string opType, ModuleScope scope, string[] inputs, OnnxAttribute[] attributes, string? outputName = null, int outputs = 1)
    {
        string name = UniqueNodeName(scope.Path.Length == 0 ? $"/{opType}" : $"/{scope.Path.Replace('.', '/')}/{opType}");
        string[] outputNames = outputName is not null ? [outputName] : [.. Enumerable.Range(0, outputs).Select(k => $"{name}_output_{k}")];
        _nodes.Add(new OnnxNode(opType, name, inputs, outputNames, attributes));
        return outputNames;
    }

    private string UniqueNodeName(string name)
    {
        int n = _nodeNames.GetValueOrDefault(name);
        _nodeNames[name] = n + 1;
        return n == 0 ? name : $"{name}_{n}";
    }

    /// <summary>A Constant node holding <paramref name="value"/> (one per distinct value).</summary>
    public string Constant(Tensor value)
    {
        var tensor = OnnxTensor.From("", value);
        string key = $"{tensor.ElementType}:{string.Join(',', tensor.Dims)}:{Convert.ToHexString(tensor.RawData)}";
        if (_constants.TryGetValue(key, out var name)) return name;
        name = AddNode("Constant", s_graphScope, [], [OnnxAttribute.Of("value", tensor)])[0];
        _constants[key] = name;
        return name;
    }

    /// <summary>The name of <paramref name="value"/> converted to <paramref name="dtype"/> (a Cast node where it is not already).</summary>
    public string ValueAs(ValueRef value, DType dtype, TracedOp? reader, string role)
    {
        if (value.IsLeaf && value.Leaf!.IsWrappedNumber)   // a C# number: a constant of the dtype the op computes in
            return Constant(Kernels.Compute.Cast(value.Leaf, dtype));
        string name = Value(value, reader, role);
        if (trace.DTypeOf(value) == dtype) return name;
        if (_casts.TryGetValue((name, dtype), out var cast)) return cast;
        cast = AddNode("Cast", reader?.Scope ?? s_graphScope, [name], [OnnxAttribute.Of("to", (long)OnnxTypes.ElementType(dtype))])[0];
        _casts[(name, dtype)] = cast;
        return cast;
    }

    /// <summary>
    /// The name of <paramref name="value"/>, read by <paramref name="reader"/> as its <paramref name="role"/>
    /// (for error messages): "" for an optional input not given.
    /// </summary>
    public string Value(ValueRef value, TracedOp? reader, string role)
    {
        if (value.IsStale) throw ExportErrors.WrittenInPlace(reader, role, value.Leaf!);
        if (value.IsMissing) return "";
        if (value.IsOpOutput)
            return _outputNames.TryGetValue((value.Op, value.Output), out var name) ? name
                : throw new InvalidOperationException($"ONNX export: internal error: {trace.Ops[value.Op].Name} did not name its output {value.Output}");
        return LeafName(value.Leaf!, reader, role);
    }

    private string LeafName(Tensor leaf, TracedOp? reader, string role)
    {
        if (ReferenceEquals(leaf, trace.Input)) return names.Input;
        if (_leafNames.TryGetValue(leaf, out var known)) return known;
        string name;
        if (names.State.TryGetValue(leaf, out var stateName))
        {
            _initializers.Add(OnnxTensor.From(stateName, leaf));
            name = stateName;
        }
        else
        {
            ExportErrors.CheckConstant(trace, leaf, reader, role);
            name = Constant(leaf);
        }
        _leafNames[leaf] = name;
        return name;
    }
}
