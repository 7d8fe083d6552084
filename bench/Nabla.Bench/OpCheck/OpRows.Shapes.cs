using TorchSharp;
using F = Nabla.NN.F;
using PaddingMode = Nabla.NN.PaddingMode;

namespace Nabla.Bench;

internal static partial class OpRows
{
    // Views, reshapes, joins, splits, repeats, diagonals and padding.
    private static IEnumerable<OpRow> Shapes()
    {
        // Nabla's T is x.t() (TBackward0, as F.linear's weight.t() records); Python's x.T is numpy_T, a permute
        // (PermuteBackward0), which Nabla has no spelling of its own for: so no row compares Nabla's T with x.T.
        yield return S("mT", A(4, 2, 3), a => a.MT, "a.mT");
        yield return R("t", A(2, 3), a => a.T, a => a.t());
        yield return R("t 1-d", A(3), a => a.T, a => a.t());
        yield return R("transpose", A(2, 3, 4), a => a.Transpose(0, 2), a => a.transpose(0, 2));
        yield return R("permute", A(2, 3, 4), a => a.Permute(2, 0, 1), a => a.permute(2, 0, 1));
        yield return R("view", A(2, 3), a => a.View(3, 2), a => a.view(3, 2));
        yield return R("view -1", A(2, 3, 4), a => a.View(-1, 4), a => a.view(-1, 4));
        yield return R("reshape", A(2, 3), a => a.Reshape(6), a => a.reshape(6));
        yield return R("reshape non-contiguous", A(2, 3), a => a.T.Reshape(6), a => a.t().reshape(6));
        yield return R("flatten", A(2, 3, 4), a => a.Flatten(), a => a.flatten());
        yield return R("flatten start_dim=1", A(2, 3, 4), a => a.Flatten(1), a => a.flatten(1));
        yield return R("squeeze", A(2, 1, 3, 1), a => a.Squeeze(), a => a.squeeze());
        yield return R("squeeze dim=1", A(2, 1, 3), a => a.Squeeze(1), a => a.squeeze(1));
        yield return R("unsqueeze", A(2, 3), a => a.Unsqueeze(1), a => a.unsqueeze(1));
        yield return R("unsqueeze dim=-1", A(2, 3), a => a.Unsqueeze(-1), a => a.unsqueeze(-1));
        yield return R("expand", A(3, 1), a => a.Expand(2, 3, 4), a => a.expand(2, 3, 4));
        yield return R("expand -1", A(3, 1), a => a.Expand(-1, 4), a => a.expand(-1, 4));
        yield return R("flip", A(2, 3, 4), a => a.Flip(0, 2), a => a.flip(0, 2));
        yield return R("contiguous", A(3, 2), a => a.T.Contiguous(), a => a.t().contiguous());
        yield return R("clone", A(2, 3), a => a.Clone(), a => a.clone());
        yield return R("to float32", A(2, 3), a => a.To(DType.Float32), a => a.to_type(torch.float32)) with { Tolerance = 1e-7 };
        yield return R("detach", A(2, 3), a => a.Detach(), a => a.detach());
        yield return R("movedim", A(2, 3, 4), a => a.MoveDim(0, 2), a => a.movedim([0L], [2L]));
        yield return R("movedim several", A(2, 3, 4, 5), a => a.MoveDim([0, 1], [3, 0]), a => a.movedim([0L, 1L], [3L, 0L]));
        yield return R("unflatten", A(2, 12), a => a.Unflatten(1, [3, 4]), a => a.unflatten(1, [3L, 4L]));
        yield return R("unflatten -1", A(6, 2), a => a.Unflatten(0, [-1, 3]), a => a.unflatten(0, [-1L, 3L]));
        yield return R("view_as", A(2, 3), A(3, 2), (a, b) => a.ViewAs(b), (a, b) => a.view_as(b));
        yield return S("reshape_as", A(2, 3), A(3, 2), (a, b) => a.ReshapeAs(b), "a.reshape_as(b)");
        yield return R("expand_as", A(3, 1), A(2, 3, 4), (a, b) => a.ExpandAs(b), (a, b) => a.expand_as(b));
        yield return R("broadcast_to", A(3, 1), a => a.BroadcastTo(2, 3, 4), a => a.broadcast_to([2L, 3L, 4L]));
        yield return M("broadcast_tensors", [A(3, 1), A(4), A(2, 1, 1)], x => Tensor.BroadcastTensors(x), x => [.. torch.broadcast_tensors(x)]);
        yield return R("repeat", A(2, 3), a => a.Repeat(2, 1, 2), a => a.repeat(2, 1, 2));
        yield return R("tile", A(2, 3), a => a.Tile(2), a => a.tile([2L]));
        yield return R("tile more dims", A(2, 3), a => a.Tile(2, 1, 3), a => a.tile([2L, 1L, 3L]));
        yield return R("repeat_interleave", A(2, 3), a => a.RepeatInterleave(2), a => a.repeat_interleave(2L));
        yield return R("repeat_interleave dim=1", A(2, 3), a => a.RepeatInterleave(2, dim: 1), a => a.repeat_interleave(2L, dim: 1));
        yield return R("repeat_interleave tensor", A(3, 2), V([1, 0, 2], [3], DType.Int64), (a, r) => a.RepeatInterleave(r, dim: 0), (a, r) => a.repeat_interleave(r, dim: 0));
        yield return R("roll", A(2, 3), a => a.Roll(1), a => a.roll(1));
        yield return R("roll dims", A(2, 3, 4), a => a.Roll([1, -2], [0, 2]), a => a.roll([1L, -2L], [0L, 2L]));
        yield return R("tril", A(3, 4), a => a.Tril(), a => a.tril());
        yield return R("tril diagonal=-1", A(2, 3, 3), a => a.Tril(-1), a => a.tril(-1));
        yield return R("triu", A(3, 4), a => a.Triu(), a => a.triu());
        yield return R("triu diagonal=1", A(4, 3), a => a.Triu(1), a => a.triu(1));
        yield return R("diagonal", A(3, 4), a => a.Diagonal(), a => a.diagonal());
        yield return R("diagonal offset=1 dims", A(2, 3, 4), a => a.Diagonal(1, 1, 2), a => a.diagonal(1, 1, 2));
        yield return R("diag vector", A(3), a => a.Diag(), a => a.diag());
        yield return R("diag vector offset=-1", A(3), a => a.Diag(-1), a => a.diag(-1));
        yield return R("diag matrix", A(3, 4), a => a.Diag(), a => a.diag());
        yield return R("diag matrix offset=1", A(3, 4), a => a.Diag(1), a => a.diag(1));
        yield return R("diag_embed", A(2, 3), a => a.DiagEmbed(), a => a.diag_embed());
        yield return R("diag_embed offset=1", A(3), a => a.DiagEmbed(1), a => a.diag_embed(1));
        yield return R("cat", [A(2, 3), A(1, 3)], x => Tensor.Cat(x), x => torch.cat(x));
        yield return R("cat dim=1", [A(2, 3), A(2, 1), A(2, 2)], x => Tensor.Cat(x, 1), x => torch.cat(x, 1));
        yield return R("stack", [A(2, 3), A(2, 3)], x => Tensor.Stack(x), x => torch.stack(x));
        yield return R("stack dim=-1", [A(2, 3), A(2, 3)], x => Tensor.Stack(x, -1), x => torch.stack(x, -1));
        yield return R("hstack", [A(2, 3), A(2, 1)], x => Tensor.HStack(x), x => torch.hstack(x));
        yield return R("hstack vectors", [A(3), A(2)], x => Tensor.HStack(x), x => torch.hstack(x));
        yield return R("vstack", [A(3), A(3)], x => Tensor.VStack(x), x => torch.vstack(x));
        yield return R("dstack", [A(2, 3), A(2, 3)], x => Tensor.DStack(x), x => torch.dstack(x));
        yield return R("column_stack", [A(3), A(3, 2)], x => Tensor.ColumnStack(x), x => torch.column_stack(x));
        yield return M("meshgrid", [A(3), A(2)], x => Tensor.Meshgrid(x), x => torch.meshgrid(x));
        yield return M("meshgrid xy", [A(3), A(2)], x => Tensor.Meshgrid(x, "xy"), x => torch.meshgrid(x, "xy"));
        yield return M("split", A(5, 2), a => a.Split(2), a => a.split(2));
        yield return M("split sizes", A(2, 5), a => a.Split([1, 4], dim: 1), a => a.split([1L, 4L], 1));
        yield return M("chunk", A(5, 2), a => a.Chunk(3), a => a.chunk(3));
        yield return M("chunk dim=1", A(2, 6), a => a.Chunk(3, 1), a => a.chunk(3, 1));
        yield return M("unbind", A(3, 2), a => a.Unbind(), a => a.unbind());
        yield return M("unbind dim=1", A(2, 3), a => a.Unbind(1), a => a.unbind(1));
        yield return R("narrow", A(4, 3), a => a.Narrow(0, 1, 2), a => a.narrow(0, 1, 2));
        yield return R("select", A(2, 3), a => a.Select(1, 2), a => a.select(1, 2));
        yield return R("select negative", A(2, 3), a => a.Select(0, -1), a => a.select(0, -1));
        yield return S("nn.functional.pad constant", A(2, 3), a => F.Pad(a, [1, 2]), "torch.pad(a, [1, 2])");
        yield return S("nn.functional.pad constant value", A(2, 3, 4), a => F.Pad(a, [1, 0, 0, 2], value: 0.5), "torch.pad(a, [1, 0, 0, 2], 'constant', 0.5)");
        yield return S("nn.functional.pad reflect 1d", A(2, 3, 4), a => F.Pad(a, [2, 1], PaddingMode.Reflect), "torch.pad(a, [2, 1], 'reflect')");
        yield return S("nn.functional.pad reflect 2d", A(1, 2, 3, 4), a => F.Pad(a, [1, 1, 2, 0], PaddingMode.Reflect), "torch.pad(a, [1, 1, 2, 0], 'reflect')");
        yield return S("nn.functional.pad replicate 1d", A(2, 3, 4), a => F.Pad(a, [2, 1], PaddingMode.Replicate), "torch.pad(a, [2, 1], 'replicate')");
        yield return S("nn.functional.pad replicate 2d", A(1, 2, 3, 4), a => F.Pad(a, [1, 1, 2, 0], PaddingMode.Replicate), "torch.pad(a, [1, 1, 2, 0], 'replicate')");
        yield return S("nn.functional.pad replicate 3d", A(1, 1, 2, 3, 4), a => F.Pad(a, [1, 0, 1, 0, 1, 0], PaddingMode.Replicate), "torch.pad(a, [1, 0, 1, 0, 1, 0], 'replicate')");
        yield return S("nn.functional.pad circular", A(1, 2, 3, 4), a => F.Pad(a, [1, 2, 1, 0], PaddingMode.Circular), "torch.pad(a, [1, 2, 1, 0], 'circular')");
        yield return S("nn.functional.pad reflect 3d", A(1, 1, 3, 3, 4), a => F.Pad(a, [1, 2, 0, 1, 2, 0], PaddingMode.Reflect), "torch.pad(a, [1, 2, 0, 1, 2, 0], 'reflect')");
        yield return S("nn.functional.pad constant negative", A(2, 5), a => F.Pad(a, [-1, 2]), "torch.pad(a, [-1, 2])");
    }

}
