using TorchSharp;
using TT = TorchSharp.torch.Tensor;

namespace Nabla.Bench;

/// <summary>
/// Sign conventions removed before comparing (see <see cref="Gauge"/>): each vector whose sign is free is
/// multiplied by the sign of its largest entry (of R's diagonal for QR). The sign factors are constants of the
/// backward pass (sign has zero derivative), so the gradients compared are those of a function of the input
/// alone, well defined where the eigenvalues (singular values) are distinct.
/// </summary>
internal static class Gauges
{
    /// <summary>linalg.eigh: (eigenvalues, eigenvectors), the eigenvectors' columns sign-fixed.</summary>
    public static Gauge EighVectors { get; } = new("eigenvector signs",
        o => [o[0], o[1] * ColumnSigns(o[1])],
        o => [o[0], o[1] * ColumnSigns(o[1])]);

    /// <summary>linalg.svd: (U, S, Vh), each pair of U's column and Vh's row flipped together.</summary>
    public static Gauge SvdVectors { get; } = new("singular vector signs",
        o => { var s = ColumnSigns(o[0]); return [o[0] * s, o[1], o[2] * s.MT]; },
        o => { var s = ColumnSigns(o[0]); return [o[0] * s, o[1], o[2] * s.mT]; });

    /// <summary>
    /// linalg.qr: (Q, R) with R's diagonal made positive (Q's columns and R's rows flipped together); in complete
    /// mode Q's columns past min(m, n) are fixed by their largest entry.
    /// </summary>
    public static Gauge QrSigns { get; } = new("R's diagonal positive",
        o =>
        {
            var s = o[1].Diagonal(0, -2, -1).Sign();
            int k = s.Size(-1), extra = o[0].Size(-1) - k;
            if (extra > 0) s = Tensor.Cat([s, ColumnSigns(o[0].Narrow(-1, k, extra)).Squeeze(-2)], -1);
            s = s.Detach();
            return [o[0] * s.Unsqueeze(-2), o[1] * s.Narrow(-1, 0, o[1].Size(-2)).Unsqueeze(-1)];
        },
        o =>
        {
            var s = o[1].diagonal(0, -2, -1).sign();
            long k = s.shape[^1], extra = o[0].shape[^1] - k;
            if (extra > 0) s = torch.cat([s, ColumnSigns(o[0].narrow(-1, k, extra)).squeeze(-2)], -1);
            s = s.detach();
            return [o[0] * s.unsqueeze(-2), o[1] * s.narrow(-1, 0, o[1].shape[^2]).unsqueeze(-1)];
        });

    // The sign of each column's largest entry, shape [..., 1, k], without history.
    private static Tensor ColumnSigns(Tensor v) => v.Gather(-2, v.Abs().Argmax(-2, keepDim: true)).Sign().Detach();

    private static TT ColumnSigns(TT v) => v.gather(-2, v.abs().argmax(-2, keepdim: true)).sign().detach();
}
