namespace Nabla.Tests;

public static partial class OpCases
{
    // The fused recurrent cells: gates [B, G·H] in PyTorch's order, state [B, H].
    private static IEnumerable<OpCase> Recurrent()
    {
        yield return Case("_thnn_fused_lstm_cell hy", "ThnnFusedLstmCellBackward0", x => NNOps.FusedLstmCell(x[0], x[1], x[2]).Hy, A(3, 8), A(3, 8), A(3, 2));
        yield return Case("_thnn_fused_lstm_cell cy", "ThnnFusedLstmCellBackward0", x => NNOps.FusedLstmCell(x[0], x[1], x[2]).Cy, W(2, 12), A(2, 12), A(2, 3));
        yield return Case("_thnn_fused_lstm_cell both", "CatBackward0", x => FusedLstmCellBoth(x[0], x[1], x[2]), A(3, 8), A(3, 8), A(3, 2));
        yield return Case("_thnn_fused_lstm_cell transposed gates", "ThnnFusedLstmCellBackward0", x => NNOps.FusedLstmCell(x[0].T, x[1], x[2]).Hy, A(8, 2), A(2, 8), A(2, 2));
        yield return Case("_thnn_fused_gru_cell", "ThnnFusedGruCellBackward0", x => NNOps.FusedGruCell(x[0], x[1], x[2]), A(3, 6), A(3, 6), A(3, 2));
        yield return Case("_thnn_fused_gru_cell wide", "ThnnFusedGruCellBackward0", x => NNOps.FusedGruCell(x[0], x[1], x[2]), W(2, 9), W(2, 9), A(2, 3));
    }

    private static Tensor FusedLstmCellBoth(Tensor inputGates, Tensor hiddenGates, Tensor cx)
    {
        var (hy, cy) = NNOps.FusedLstmCell(inputGates, hiddenGates, cx);
        return Tensor.Cat([hy, cy], 1);
    }
}
