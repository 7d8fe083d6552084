using Nabla.NN;
using static Nabla.Onnx.Tests.OnnxRuntimeOracle;

namespace Nabla.Onnx.Tests;

/// <summary>
/// Advanced indexing, index_put, index_add/copy/fill, take, scatter of a number, diag_embed, cdist and nan_to_num exported
/// and run in ONNX Runtime against Nabla: the indices and masks come from buffers (initializers), with negative positions,
/// repeats that index_add and an accumulating index_put sum, masks, and subscripts separated by a whole dim.
/// </summary>
public sealed class IndexingExportTests
{
    private static readonly Dictionary<string, Func<IndexBuffers, Tensor, Tensor>> s_cases = new()
    {
        ["advanced indexing"] = (b, x) => Tensor.Cat(
        [
            x[b.Rows].Reshape(-1), x[.., b.Negative].Reshape(-1), x[b.Mask].Reshape(-1), x[.., b.Mask[0]].Reshape(-1),
            x[b.Rows, .., b.Columns].Reshape(-1), x[.., b.Pairs, b.Negative].Reshape(-1), x[1, b.Negative].Reshape(-1), x[b.Rows.Select(0, 0)].Reshape(-1), x[.., .., b.Columns.To(DType.Int32)].Reshape(-1),
        ]),
        ["index_put"] = (b, x) => Tensor.Cat(
        [
            x.IndexPut([null, b.Repeats], x[.., ..2] * 10, accumulate: true).Reshape(-1),
            x.IndexPut([null, b.Negative], x[.., ..3] * 10).Reshape(-1),
            x.IndexPut([b.Mask], Tensor.Scalar(-5f)).Reshape(-1), x.IndexPut([b.Mask], Tensor.Scalar(-2.5, DType.Float64)).Reshape(-1),
            x.IndexPut([b.Rows, null, b.Columns], x[0, .., 0] * 3, accumulate: true).Reshape(-1),
            x.IndexPut([b.Rows, null, b.Columns], x[0, .., 0] * 3).Reshape(-1),
        ]),
        ["index_add, index_copy, index_fill, take"] = (b, x) => Tensor.Cat(
        [
            x.IndexAdd(2, b.Repeats, x[.., .., ..2] * 10).Reshape(-1), x.IndexAdd(1, b.Repeats, x[.., ..2], alpha: -2).Reshape(-1),
            x.IndexCopy(2, b.Columns, x[.., .., ..3] * 10).Reshape(-1), x[0, 0].IndexCopy(0, b.Rows.Select(0, 0), x[1, 1, 1]).Reshape(-1),
            x.IndexFill(1, b.Negative, -7).Reshape(-1), x.IndexFill(2, b.Repeats, x[1, 2, 3]).Reshape(-1),
            x.Take(b.Positions).Reshape(-1),
        ]),
        ["scatter of a number, diag_embed"] = (b, x) => Tensor.Cat(
        [
            x.Scatter(2, b.Scatter, 9.5).Reshape(-1),
            x.DiagEmbed().Reshape(-1), x.DiagEmbed(1).Reshape(-1), x.DiagEmbed(-2, 0, 2).Reshape(-1), x.DiagEmbed(0, 3, 1).Reshape(-1),
        ]),
        ["cdist"] = (b, x) => Tensor.Cat(
        [
            Tensor.Cdist(x, x.Flip(2) * 2).Reshape(-1), Tensor.Cdist(x[0], x[1], p: 1).Reshape(-1), Tensor.Cdist(x, x[1], p: 0.5).Reshape(-1),
            Tensor.Cdist(x, x, p: double.PositiveInfinity).Reshape(-1), Tensor.Cdist(x, x + 1, p: 0).Reshape(-1),
            Tensor.Cdist(Tensor.Cat([x, x]).Reshape(-1, 1), x[0, .., ..1], computeMode: "use_mm_for_euclid_dist_if_necessary").Reshape(-1),
            Tensor.Cdist(x, x[0] * 0.5, computeMode: "use_mm_for_euclid_dist").Reshape(-1),
        ]),
    };

    // An operator each case's file must hold: the mapping's own (cdist's matrix-product form among them).
    private static readonly Dictionary<string, string[]> s_operators = new()
    {
        ["advanced indexing"] = ["GatherND", "NonZero", "Transpose"],
        ["index_put"] = ["ScatterND"],
        ["index_add, index_copy, index_fill, take"] = ["ScatterElements", "Where", "Gather"],
        ["scatter of a number, diag_embed"] = ["ScatterElements", "Pad"],
        ["cdist"] = ["ReduceL2", "ReduceL1", "MatMul", "Clip"],
    };

    public static TheoryData<string> Cases => [.. s_cases.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void RunsInOnnxRuntimeWithNablasValues(string name)
    {
        var model = new IndexBuffers(s_cases[name]);
        var file = OnnxFile.Read(ExportAndCompare(model, Tensor.Randn([2, 3, 4], generator: new Generator(31))));
        Assert.All(file.Initializers, initializer => Assert.Contains(initializer, IndexBuffers.Names));
        Assert.All(s_operators[name], op => Assert.Contains(op, file.OpTypes));
    }

    [Fact]
    public void AdvancedIndexingFollowsADynamicBatchThroughWholeDims()
        => ExportAndCompare(new IndexBuffers((b, x) => Tensor.Cat([x[.., b.Mask[0]], x.IndexPut([null, b.Repeats], x[.., ..2], accumulate: true).Flatten(1)], 1)),
            Tensor.Randn([2, 3, 4], generator: new Generator(32)), dynamicBatch: true);

    [Fact]
    public void IndexingTheBatchDimIsRefusedWithADynamicBatch()
    {
        var model = new IndexBuffers((b, x) => x[b.Rows]);
        var message = Assert.Throws<NotSupportedException>(() => ExportToBytes(model, Tensor.Randn([2, 3, 4], generator: new Generator(34)), dynamicBatch: true)).Message;
        Assert.Contains("IndexBackward0 (aten::index) in the model itself (IndexBuffers) indexes dim 0, which follows the batch size", message);
    }

    [Fact]
    public void NanToNumReplacesAsNabla()
    {
        var input = Tensor.FromArray<float>([float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 1.5f, -2f], [2, 3]);
        ExportAndCompare(new Lambda(x => Tensor.Cat([x.NanToNum(), x.NanToNum(nan: 1.5, posinf: 2, neginf: -3), x.NanToNum(posinf: 1e30)])), input);
    }

    [Fact]
    public void AnIndexComputedFromTheInputIsRefused()
    {
        var model = new Lambda(x => x[x.Gt(0)]);
        var message = Assert.Throws<NotSupportedException>(() => ExportToBytes(model, Tensor.Randn([2, 3], generator: new Generator(33)))).Message;
        Assert.Contains("of IndexBackward0 (aten::index) in the model itself (Lambda) is a Bool tensor of shape", message);
        Assert.Contains("that no traced op produced", message);
    }

    // The indices, masks and positions the cases read, held as buffers.
    private sealed class IndexBuffers : Module
    {
        public static readonly string[] Names = ["rows", "columns", "negative", "pairs", "repeats", "mask", "positions", "scatter"];

        private readonly Func<IndexBuffers, Tensor, Tensor> _forward;

        public IndexBuffers(Func<IndexBuffers, Tensor, Tensor> forward)
        {
            _forward = forward;
            Rows = RegisterBuffer("rows", Tensor.FromArray<long>([1, 0, 1], [3]));
            Columns = RegisterBuffer("columns", Tensor.FromArray<long>([3, 0, 2], [3]));
            Negative = RegisterBuffer("negative", Tensor.FromArray<long>([-1, 0, -2], [3]));
            Pairs = RegisterBuffer("pairs", Tensor.FromArray<long>([2, 0], [2, 1]));
            Repeats = RegisterBuffer("repeats", Tensor.FromArray<long>([1, 1], [2]));
            Mask = RegisterBuffer("mask", Tensor.FromArray<bool>([true, false, false, true, true, false, true, false, false, true, true, false, false, false, true, true, false, true, false, false, true, true, true, false], [2, 3, 4]));
            Positions = RegisterBuffer("positions", Tensor.FromArray<long>([0, -1, 23, 5, 5, -24], [2, 3]));
            Scatter = RegisterBuffer("scatter", Tensor.FromArray<long>([3, 0, 1, 1, 0, 2], [1, 2, 3]));
        }

        public Tensor Rows { get; }

        public Tensor Columns { get; }

        public Tensor Negative { get; }

        public Tensor Pairs { get; }

        public Tensor Repeats { get; }

        public Tensor Mask { get; }

        public Tensor Positions { get; }

        public Tensor Scatter { get; }

        public override Tensor Forward(Tensor input) => _forward(this, input);
    }
}
