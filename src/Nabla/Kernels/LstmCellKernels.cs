using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// The fused LSTM cell (PyTorch's <c>_thnn_fused_lstm_cell</c>). From the input and hidden gate
/// pre-activations [B, 4H] (blocks i, f, g, o) and the cell state cx [B, H], per row:
/// a = ig + hg; i, f, o = σ(a); g = tanh(a); cy = f·cx + i·g; hy = o·tanh(cy). The activated gates
/// are kept as the workspace [B, 4H] for the backward. A row is a few passes over 4H values that
/// stay in L1, where the composition would be a dozen ops over the whole batch, each with a buffer.
/// All operands are contiguous.
/// </summary>
internal static class LstmCellKernels
{
    public static (Tensor Hy, Tensor Cy, Tensor Workspace) Forward(Tensor inputGates, Tensor hiddenGates, Tensor cx)
    {
        int batch = cx.ShapeArray[0], h = cx.ShapeArray[1];
        var hy = Tensor.Uninitialized(cx.DType, [batch, h]);
        var cy = Tensor.Uninitialized(cx.DType, [batch, h]);
        var workspace = Tensor.Uninitialized(cx.DType, [batch, 4 * h]);
        if (cx.DType == DType.Float32) RecurrentRows.For(batch, 4 * h, r => ForwardRow<float>(inputGates, hiddenGates, cx, hy, cy, workspace, r, h));
        else RecurrentRows.For(batch, 4 * h, r => ForwardRow<double>(inputGates, hiddenGates, cx, hy, cy, workspace, r, h));
        return (hy, cy, workspace);
    }

    /// <summary>
    /// The gradients of the gate pre-activations [B, 4H] (the same for the input and the hidden gates)
    /// and of cx, from those of hy and cy.
    /// </summary>
    public static (Tensor GradGates, Tensor GradCx) Backward(Tensor gradHy, Tensor gradCy, Tensor cx, Tensor cy, Tensor workspace)
    {
        int batch = cx.ShapeArray[0], h = cx.ShapeArray[1];
        var gradGates = Tensor.Uninitialized(cx.DType, [batch, 4 * h]);
        var gradCx = Tensor.Uninitialized(cx.DType, [batch, h]);
        if (cx.DType == DType.Float32) RecurrentRows.For(batch, 4 * h, r => BackwardRow<float>(gradHy, gradCy, cx, cy, workspace, gradGates, gradCx, r, h));
        else RecurrentRows.For(batch, 4 * h, r => BackwardRow<double>(gradHy, gradCy, cx, cy, workspace, gradGates, gradCx, r, h));
        return (gradGates, gradCx);
    }

    private static void ForwardRow<T>(Tensor inputGates, Tensor hiddenGates, Tensor cx, Tensor hy, Tensor cy, Tensor workspace, int r, int h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var gates = RecurrentRows.Row<T>(workspace, r, 4 * h);
        TensorPrimitives.Add<T>(RecurrentRows.Row<T>(inputGates, r, 4 * h), RecurrentRows.Row<T>(hiddenGates, r, 4 * h), gates);
        Span<T> i = gates[..h], f = gates[h..(2 * h)], g = gates[(2 * h)..(3 * h)], o = gates[(3 * h)..];
        SigmoidOp.Apply<T>(gates[..(2 * h)], gates[..(2 * h)]);   // i and f are adjacent
        TanhOp.Apply<T>(g, g);
        SigmoidOp.Apply<T>(o, o);
        var c = RecurrentRows.Row<T>(cy, r, h);
        TensorPrimitives.Multiply<T>(f, RecurrentRows.Row<T>(cx, r, h), c);
        TensorPrimitives.MultiplyAdd<T>(i, g, c, c);                // cy = f·cx + i·g
        var y = RecurrentRows.Row<T>(hy, r, h);
        TanhOp.Apply<T>(c, y);
        TensorPrimitives.Multiply<T>(y, o, y);                      // hy = o·tanh(cy)
    }

    // With t = tanh(cy) and dc = dcy + dhy·o·(1 - t²) (cy reaches hy through tanh):
    // di = dc·g·i(1-i), df = dc·cx·f(1-f), dg = dc·i·(1-g²), do = dhy·t·o(1-o), dcx = dc·f.
    private static void BackwardRow<T>(Tensor gradHy, Tensor gradCy, Tensor cx, Tensor cy, Tensor workspace, Tensor gradGates, Tensor gradCx, int r, int h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> gates = RecurrentRows.Row<T>(workspace, r, 4 * h), dhy = RecurrentRows.Row<T>(gradHy, r, h),
            dcy = RecurrentRows.Row<T>(gradCy, r, h), c0 = RecurrentRows.Row<T>(cx, r, h);
        ReadOnlySpan<T> i = gates[..h], f = gates[h..(2 * h)], g = gates[(2 * h)..(3 * h)], o = gates[(3 * h)..];
        var d = RecurrentRows.Row<T>(gradGates, r, 4 * h);
        Span<T> di = d[..h], df = d[h..(2 * h)], dg = d[(2 * h)..(3 * h)], dout = d[(3 * h)..];
        var dcx = RecurrentRows.Row<T>(gradCx, r, h);
        TanhOp.Apply<T>(RecurrentRows.Row<T>(cy, r, h), dcx);      // t = tanh(cy), kept in dcx until the last line
        int j = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var one = Vector<T>.One;
            for (; j <= h - Vector<T>.Count; j += Vector<T>.Count)
            {
                Vector<T> vi = new(i[j..]), vf = new(f[j..]), vg = new(g[j..]), vo = new(o[j..]), t = new(dcx[j..]), vdh = new(dhy[j..]);
                var dc = new Vector<T>(dcy[j..]) + vdh * vo * (one - t * t);
                (dc * vg * vi * (one - vi)).CopyTo(di[j..]);
                (dc * new Vector<T>(c0[j..]) * vf * (one - vf)).CopyTo(df[j..]);
                (dc * vi * (one - vg * vg)).CopyTo(dg[j..]);
                (vdh * t * vo * (one - vo)).CopyTo(dout[j..]);
                (dc * vf).CopyTo(dcx[j..]);
            }
        }
        for (; j < h; j++)
        {
            T t = dcx[j], dc = dcy[j] + dhy[j] * o[j] * (T.One - t * t);
            di[j] = dc * g[j] * i[j] * (T.One - i[j]);
            df[j] = dc * c0[j] * f[j] * (T.One - f[j]);
            dg[j] = dc * i[j] * (T.One - g[j] * g[j]);
            dout[j] = dhy[j] * t * o[j] * (T.One - o[j]);
            dcx[j] = dc * f[j];
        }
    }
}
