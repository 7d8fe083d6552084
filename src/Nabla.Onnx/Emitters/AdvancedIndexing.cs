using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// Advanced indexing, x[indices] (<c>IndexBackward0</c>) and index_put (<c>IndexPutBackward0</c>), from the caller's
/// subscripts (offered as <see cref="Slot.GivenIndex"/>; <c>Args</c>: the normalised index, which says which dims they
/// index): the indexed dims are transposed to the front, the subscripts broadcast and stacked into one GatherND index
/// [..., k] (a bool mask gives its positions by NonZero, in PyTorch's row-major order; negative positions are wrapped),
/// and the index block is moved to where PyTorch puts it (in place when the indexed dims are adjacent, else first).
/// </summary>
internal static class AdvancedIndexing
{
    /// <summary>x[indices]: Transpose, GatherND, Transpose.</summary>
    public static readonly OpMapping Index = new(c =>
    {
        var index = c.Args<AdvancedIndex>();
        var layout = Layout.Of(c, index);
        string gathered = c.Node("GatherND", [Transposed(c, c.Input(0), layout.IndexedFirst), Positions(c, index)]);
        c.Bind(Transposed(c, gathered, layout.BlockAtFirst));
    }, OpMapping.InputsAnd(Slot.GivenIndex));

    /// <summary>
    /// self.index_put(indices, values, accumulate): ScatterND (reduction "add" when accumulating, else "none") into self with
    /// its indexed dims in front, of the values broadcast to what x[indices] selects; the dims transposed back.
    /// </summary>
    public static readonly OpMapping IndexPut = new(c =>
    {
        var (index, accumulate) = c.Args<(AdvancedIndex Index, bool Accumulate)>();
        var layout = Layout.Of(c, index);
        string self = Transposed(c, c.Input(0, c.ResultType), layout.IndexedFirst);
        // The values broadcast against x[indices] as PyTorch lays it out (rank ResultShape), then the index block goes first.
        string values = c.Input(1, c.ResultType);
        int missing = index.ResultShape.Length - c.InputTensor(1).Dim;
        if (missing > 0) values = c.Node("Unsqueeze", [values, c.Ints([.. Enumerable.Range(0, missing).Select(d => (long)d)])]);
        values = Transposed(c, values, Inverse(layout.BlockAtFirst));
        int k = index.Indices.Count(i => i is not null);
        string selected = c.Node("Concat", [c.Ints([.. index.IndexShape.Select(s => (long)s)]), c.Node("Slice", [c.Node("Shape", [self]), c.Ints(k), c.Ints(long.MaxValue)])],
            OnnxAttribute.Of("axis", 0L));
        string scattered = c.Node("ScatterND", [self, Positions(c, index), c.Node("Expand", [values, selected])],
            OnnxAttribute.Of("reduction", accumulate ? "add" : "none"));
        c.Bind(Transposed(c, scattered, Inverse(layout.IndexedFirst)));
    }, OpMapping.InputsAnd(Slot.GivenIndex));

    // The two permutations: the source's indexed dims first (then the others in order), and, for the GatherND result
    // [index block, other dims], the block moved to the result's dim First.
    private sealed record Layout(int[] IndexedFirst, int[] BlockAtFirst)
    {
        public static Layout Of(EmitContext c, AdvancedIndex index)
        {
            int rank = index.SourceShape.Length, block = index.IndexShape.Length;
            var indexed = Enumerable.Range(0, rank).Where(d => index.Indices[d] is not null).ToArray();
            foreach (int d in indexed) c.RequireStaticDim(d, "indexes");
            int[] indexedFirst = [.. indexed, .. Enumerable.Range(0, rank).Where(d => index.Indices[d] is null)];
            int others = rank - indexed.Length;
            int[] blockAtFirst = [.. Enumerable.Range(block, index.First), .. Enumerable.Range(0, block), .. Enumerable.Range(block + index.First, others - index.First)];
            return new Layout(indexedFirst, blockAtFirst);
        }
    }

    // The GatherND/ScatterND index [...IndexShape, k]: one column per indexed dim, read from the caller's subscripts.
    private static string Positions(EmitContext c, AdvancedIndex index)
    {
        var given = c.SavedAll(Slot.GivenIndex);
        var columns = new List<string>();
        int next = 0;
        for (int d = 0; d < index.Indices.Length;)
        {
            if (index.Indices[d] is null) { d++; continue; }
            var subscript = given[next++];
            if (c.DTypeOf(subscript) == DType.Bool)
            {
                int dims = c.ShapeOf(subscript).Length;
                if (dims == 0) continue;   // a 0-d mask indexes no dim (Nabla's normalised index has no entry for it)
                string positions = c.Node("NonZero", [c.Value(subscript, "the mask")]);   // [dims, count]
                for (int j = 0; j < dims; j++) columns.Add(c.Node("Gather", [positions, c.Constant(Tensor.Scalar((long)j))], OnnxAttribute.Of("axis", 0L)));
                d += dims;
            }
            else
            {
                columns.Add(c.WrappedIndex(subscript, c.Constant(Tensor.Scalar((long)index.SourceShape[d]))));
                d++;
            }
        }
        string shape = c.Ints([.. index.IndexShape.Select(s => (long)s)]), last = c.Ints(-1);
        return c.Node("Concat", [.. columns.Select(column => c.Node("Unsqueeze", [c.Node("Expand", [column, shape]), last]))], OnnxAttribute.Of("axis", -1L));
    }

    private static string Transposed(EmitContext c, string value, int[] perm)
        => perm.Select((p, i) => p == i).All(same => same) ? value : c.Node("Transpose", [value], OnnxAttribute.Of("perm", [.. perm.Select(p => (long)p)]));

    private static int[] Inverse(int[] perm)
    {
        var inverse = new int[perm.Length];
        for (int i = 0; i < perm.Length; i++) inverse[perm[i]] = i;
        return inverse;
    }
}
