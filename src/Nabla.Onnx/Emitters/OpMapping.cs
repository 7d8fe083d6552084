using Nabla.Onnx.Export;
using Nabla.Onnx.Tracing;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// A row of the mapping table: how an op becomes ONNX nodes (<see cref="Emit"/>), and which values it
/// reads (<see cref="Reads"/>: its inputs unless the row says otherwise, e.g. a saved index, or the
/// weight behind a transpose that the emitted node folds in).
/// </summary>
internal sealed record OpMapping(Action<EmitContext> Emit, Func<TracedOp, IReadOnlyList<TracedOp>, IEnumerable<ValueRef>>? Reads = null)
{
    /// <summary>The op's inputs that were given.</summary>
    public static IEnumerable<ValueRef> Inputs(TracedOp op) => op.Inputs.Where(i => !i.IsMissing);

    /// <summary>The op's inputs and the values it saved under <paramref name="slots"/>.</summary>
    public static Func<TracedOp, IReadOnlyList<TracedOp>, IEnumerable<ValueRef>> InputsAnd(params Slot[] slots)
        => (op, _) => Inputs(op).Concat(slots.SelectMany(op.SavedRefs));
}
