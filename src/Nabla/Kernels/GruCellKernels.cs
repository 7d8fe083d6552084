using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// The fused GRU cell (PyTorch's <c>_thnn_fused_gru_cell</c>). From the input and hidden gate
/// pre-activations [B, 3H] (blocks r, z, n; the hidden ones include the hidden bias) and the state
/// hx [B, H], per row: r = σ(ig_r + hg_r), z = σ(ig_z + hg_z), n = tanh(ig_n + r·hg_n),
/// hy = n + z·(hx - n). The workspace [B, 4H] keeps r, z, n and hg_n for the backward.
/// All operands are contiguous.
/// </summary>
internal static class GruCellKernels
{
    public static (Tensor Hy, Tensor Workspace) Forward(Tensor inputGates, Tensor hiddenGates, Tensor hx)
    {
        int batch = hx.ShapeArray[0], h = hx.ShapeArray[1];
        var hy = Tensor.Uninitialized(hx.DType, [batch, h]);
        var workspace = Tensor.Uninitialized(hx.DType, [batch, 4 * h]);
        if (hx.DType == DType.Float32) RecurrentRows.For(batch, 3 * h, r => ForwardRow<float>(inputGates, hiddenGates, hx, hy, workspace, r, h));
        else RecurrentRows.For(batch, 3 * h, r => ForwardRow<double>(inputGates, hiddenGates, hx, hy, workspace, r, h));
        return (hy, workspace);
    }

    /// <summary>The gradients of the input gates [B, 3H], the hidden gates [B, 3H] and hx, from that of hy.</summary>
    public static (Tensor GradInputGates, Tensor GradHiddenGates, Tensor GradHx) Backward(Tensor gradHy, Tensor hx, Tensor workspace)
    {
        int batch = hx.ShapeArray[0], h = hx.ShapeArray[1];
        var gradInput = Tensor.Uninitialized(hx.DType, [batch, 3 * h]);
        var gradHidden = Tensor.Uninitialized(hx.DType, [batch, 3 * h]);
        var gradHx = Tensor.Uninitialized(hx.DType, [batch, h]);
        if (hx.DType == DType.Float32) RecurrentRows.For(batch, 3 * h, r => BackwardRow<float>(gradHy, hx, workspace, gradInput, gradHidden, gradHx, r, h));
        else RecurrentRows.For(batch, 3 * h, r => BackwardRow<double>(gradHy, hx, workspace, gradInput, gradHidden, gradHx, r, h));
        return (gradInput, gradHidden, gradHx);
    }

    private static void ForwardRow<T>(Tensor inputGates, Tensor hiddenGates, Tensor hx, Tensor hy, Tensor workspace, int r, int h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> ig = RecurrentRows.Row<T>(inputGates, r, 3 * h), hg = RecurrentRows.Row<T>(hiddenGates, r, 3 * h);
        var w = RecurrentRows.Row<T>(workspace, r, 4 * h);
        Span<T> rz = w[..(2 * h)], n = w[(2 * h)..(3 * h)], hn = w[(3 * h)..];
        TensorPrimitives.Add<T>(ig[..(2 * h)], hg[..(2 * h)], rz);
        SigmoidOp.Apply<T>(rz, rz);                                  // r and z are adjacent
        hg[(2 * h)..].CopyTo(hn);
        TensorPrimitives.MultiplyAdd<T>(rz[..h], hn, ig[(2 * h)..], n);
        TanhOp.Apply<T>(n, n);                                       // n = tanh(ig_n + r·hg_n)
        var y = RecurrentRows.Row<T>(hy, r, h);
        TensorPrimitives.Subtract<T>(RecurrentRows.Row<T>(hx, r, h), n, y);
        TensorPrimitives.MultiplyAdd<T>(y, rz[h..], n, y);          // hy = (hx - n)·z + n
    }

    // dn = dhy·(1-z), dz = dhy·(hx-n), dhx = dhy·z; through the nonlinearities: dpn = dn·(1-n²),
    // dpr = dpn·hg_n·r(1-r), dpz = dz·z(1-z). The input gates get (dpr, dpz, dpn), the hidden ones
    // (dpr, dpz, dpn·r), since hg_n enters multiplied by r.
    private static void BackwardRow<T>(Tensor gradHy, Tensor hx, Tensor workspace, Tensor gradInput, Tensor gradHidden, Tensor gradHx, int row, int h)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<T> w = RecurrentRows.Row<T>(workspace, row, 4 * h), dhy = RecurrentRows.Row<T>(gradHy, row, h), x = RecurrentRows.Row<T>(hx, row, h);
        ReadOnlySpan<T> r = w[..h], z = w[h..(2 * h)], n = w[(2 * h)..(3 * h)], hn = w[(3 * h)..];
        Span<T> di = RecurrentRows.Row<T>(gradInput, row, 3 * h), dh = RecurrentRows.Row<T>(gradHidden, row, 3 * h), dx = RecurrentRows.Row<T>(gradHx, row, h);
        int j = 0;
        if (Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            var one = Vector<T>.One;
            for (; j <= h - Vector<T>.Count; j += Vector<T>.Count)
            {
                Vector<T> vr = new(r[j..]), vz = new(z[j..]), vn = new(n[j..]), vhn = new(hn[j..]), vg = new(dhy[j..]);
                var dpn = vg * (one - vz) * (one - vn * vn);
                var dpr = dpn * vhn * vr * (one - vr);
                var dpz = vg * (new Vector<T>(x[j..]) - vn) * vz * (one - vz);
                dpr.CopyTo(di[j..]); dpr.CopyTo(dh[j..]);
                dpz.CopyTo(di[(h + j)..]); dpz.CopyTo(dh[(h + j)..]);
                dpn.CopyTo(di[(2 * h + j)..]); (dpn * vr).CopyTo(dh[(2 * h + j)..]);
                (vg * vz).CopyTo(dx[j..]);
            }
        }
        for (; j < h; j++)
        {
            T dpn = dhy[j] * (T.One - z[j]) * (T.One - n[j] * n[j]);
            T dpr = dpn * hn[j] * r[j] * (T.One - r[j]);
            T dpz = dhy[j] * (x[j] - n[j]) * z[j] * (T.One - z[j]);
            di[j] = dh[j] = dpr;
            di[h + j] = dh[h + j] = dpz;
            di[2 * h + j] = dpn;
            dh[2 * h + j] = dpn * r[j];
            dx[j] = dhy[j] * z[j];
        }
    }
}
