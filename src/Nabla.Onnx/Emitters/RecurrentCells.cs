using Nabla.Onnx.Export;
using Nabla.Onnx.Model;

namespace Nabla.Onnx.Emitters;

/// <summary>
/// The fused LSTM and GRU cells, one step each (the recurrent layers run one per time step, so the
/// sequence length is fixed by the trace): the gates split from the pre-activations ig and hg (inputs 0
/// and 1, [B, 4H] or [B, 3H]), their Sigmoid and Tanh, and the state update in arithmetic.
/// </summary>
internal static class RecurrentCells
{
    /// <summary>_thnn_fused_lstm_cell(ig, hg, cx), gates i, f, g, o: cy = σ(f)·cx + σ(i)·tanh(g), hy = σ(o)·tanh(cy).</summary>
    public static readonly OpMapping Lstm = new(c =>
    {
        var gates = Gates(c, c.Node("Add", [c.Input(0, c.ResultType), c.Input(1, c.ResultType)]), 4);
        string cy = c.Node("Add", [c.Node("Mul", [c.Node("Sigmoid", [gates[1]]), c.Input(2, c.ResultType)]),
            c.Node("Mul", [c.Node("Sigmoid", [gates[0]]), c.Node("Tanh", [gates[2]])])]);
        c.Bind(c.Node("Mul", [c.Node("Sigmoid", [gates[3]]), c.Node("Tanh", [cy])]), 0);
        c.Bind(cy, 1);
    });

    /// <summary>_thnn_fused_gru_cell(ig, hg, hx), gates r, z, n: n = tanh(n_i + σ(r)·n_h), hy = n + σ(z)·(hx - n).</summary>
    public static readonly OpMapping Gru = new(c =>
    {
        var (input, hidden) = (Gates(c, c.Input(0, c.ResultType), 3), Gates(c, c.Input(1, c.ResultType), 3));
        string Gate(int k) => c.Node("Sigmoid", [c.Node("Add", [input[k], hidden[k]])]);
        string n = c.Node("Tanh", [c.Node("Add", [input[2], c.Node("Mul", [Gate(0), hidden[2]])])]);
        c.Bind(c.Node("Add", [n, c.Node("Mul", [Gate(1), c.Node("Sub", [c.Input(2, c.ResultType), n])])]));
    });

    // The pre-activations split into their gates along the last dim.
    private static string[] Gates(EmitContext c, string preActivations, int count)
    {
        var shape = c.InputTensor(0).ShapeArray;
        long width = shape[^1] / count;
        return c.Node("Split", [preActivations, c.Ints([.. Enumerable.Repeat(width, count)])], count, OnnxAttribute.Of("axis", (long)shape.Length - 1));
    }
}
