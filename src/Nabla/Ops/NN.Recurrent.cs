using Nabla.Kernels;

namespace Nabla;

// The fused LSTM and GRU cells of the recurrent layers: one node per step for the gates' nonlinearities
// and the state update (PyTorch's _thnn_fused_lstm_cell / _thnn_fused_gru_cell).
internal static partial class NNOps
{
    /// <summary>
    /// One LSTM step from the gate pre-activations ig = x·W_ihᵀ (+ biases) and hg = h·W_hhᵀ, both
    /// [B, 4H] in PyTorch's gate order i, f, g, o, and the cell state cx [B, H]: returns (hy, cy)
    /// (node <c>ThnnFusedLstmCellBackward0</c>).
    /// </summary>
    public static (Tensor Hy, Tensor Cy) FusedLstmCell(Tensor inputGates, Tensor hiddenGates, Tensor cx)
    {
        CheckCell("_thnn_fused_lstm_cell", 4, inputGates, hiddenGates, cx, "cx");
        var (hy, cy, workspace) = LstmCellKernels.Forward(Dense(inputGates), Dense(hiddenGates), Dense(cx));
        Derivatives.FusedLstmCell.Record([hy, cy], [inputGates, hiddenGates, cx], default, (Slot.Result2, workspace));
        return (hy, cy);
    }

    /// <summary>
    /// One GRU step from the gate pre-activations ig = x·W_ihᵀ + b_ih and hg = h·W_hhᵀ + b_hh, both
    /// [B, 3H] in PyTorch's gate order r, z, n, and the state hx [B, H]: returns hy
    /// (node <c>ThnnFusedGruCellBackward0</c>).
    /// </summary>
    public static Tensor FusedGruCell(Tensor inputGates, Tensor hiddenGates, Tensor hx)
    {
        CheckCell("_thnn_fused_gru_cell", 3, inputGates, hiddenGates, hx, "hx");
        var (hy, workspace) = GruCellKernels.Forward(Dense(inputGates), Dense(hiddenGates), Dense(hx));
        return Derivatives.FusedGruCell.Record(hy, [inputGates, hiddenGates, hx], default, (Slot.Result1, workspace));
    }

    private static void CheckCell(string op, int gates, Tensor inputGates, Tensor hiddenGates, Tensor state, string stateName)
    {
        CheckFloating(inputGates, op);
        ArgumentNullException.ThrowIfNull(hiddenGates);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Dim != 2 || inputGates.Dim != 2 || hiddenGates.Dim != 2
            || !ShapeMath.SameShape(inputGates.ShapeArray, [state.Size(0), gates * state.Size(1)])
            || !ShapeMath.SameShape(hiddenGates.ShapeArray, inputGates.ShapeArray))
            throw new ArgumentException($"{op}: expected input_gates and hidden_gates of shape [B, {gates}·H] and {stateName} of shape [B, H], " +
                $"but got {inputGates.Shape}, {hiddenGates.Shape} and {state.Shape}");
        CheckSameDType(inputGates, hiddenGates, "hidden_gates", op);
        CheckSameDType(inputGates, state, stateName, op);
    }
}
