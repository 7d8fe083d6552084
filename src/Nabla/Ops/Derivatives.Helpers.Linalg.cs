namespace Nabla;

// The longer linear-algebra formulas (PyTorch's FunctionsManual.cpp: linalg_solve_backward,
// linalg_det_backward, cholesky_backward, linalg_qr_backward, linalg_eig_backward, svd_backward,
// pinv_backward, linalg_lstsq_backward, differential_analytic_matrix_function, _cdist_backward,
// _euclidean_dist_backward), in tensor operations so that they differentiate again. Real inputs
// only, so every adjoint (ᴴ) is a transpose.
internal static partial class Derivatives
{
    /// <summary>The transpose of the last two dims (PyTorch's <c>mT</c>).</summary>
    internal static Tensor MT(Tensor x) => x.Transpose(-2, -1);

    /// <summary>g·I for each element of g: [..., n, n].</summary>
    private static Tensor ScaledIdentity(Tensor g, int n) => g.Unsqueeze(-1).Unsqueeze(-1) * Tensor.Eye(n, dtype: g.DType);

    // A X = B (left) or X A = B: gB = A⁻ᵀ gX (or gX A⁻ᵀ), gA = -gB Xᵀ (or -Xᵀ gB).
    private static Tensor?[] SolveBackward(OpNode<(bool Left, bool Vector)> n, Tensor g)
    {
        var (left, vector) = n.Args;
        var gB = Linalg.Solve(MT(n.Self), vector ? g.Unsqueeze(-1) : g, left);
        Tensor? gA = null;
        if (n.Needs(0))
        {
            var x = vector ? n.Result.Unsqueeze(-1) : n.Result;
            gA = left ? -gB.MatMul(MT(x)) : -MT(x).MatMul(gB);
        }
        return [gA, n.Needs(1) ? (vector ? gB.Squeeze(-1) : gB) : null];
    }

    // As for solve; A's gradient lies in the space of A's triangle (without the diagonal when unitriangular).
    private static Tensor?[] SolveTriangularBackward(OpNode<(bool Upper, bool Left, bool Unitriangular)> n, Tensor g)
    {
        var (upper, left, unit) = n.Args;
        var gB = Linalg.SolveTriangular(MT(n.Self), g, upper: !upper, left: left, unitriangular: unit);
        Tensor? gA = null;
        if (n.Needs(0))
        {
            var full = left ? -gB.MatMul(MT(n.Result)) : -MT(n.Result).MatMul(gB);
            gA = upper ? full.Triu(unit ? 1 : 0) : full.Tril(unit ? -1 : 0);
        }
        return [gA, n.Needs(1) ? gB : null];
    }

    // d det = det·tr(A⁻¹ dA), so gA = g·det·A⁻ᵀ, solved as Aᵀ X = g·det·I. Near-singular matrices (|det| <
    // 100 eps) use the adjugate through the SVD instead, as PyTorch does: det is smooth there, A⁻¹ is not.
    private static Tensor? DetBackward(Tensor g, Tensor a, Tensor det)
    {
        if (a.Numel == 0) return null;
        var singular = det.Abs().Lt(100 * Linalg.Epsilon(a.DType)).Reshape(-1).ToArray<bool>();
        Tensor NonSingular(Tensor a, Tensor det, Tensor g) => Linalg.Solve(MT(a), ScaledIdentity(g * det, a.Size(-1)));
        if (!singular.Contains(true)) return NonSingular(a, det, g);
        if (!singular.Contains(false)) return SingularDetBackward(a, g);
        // Mixed batch: each matrix by its own formula, then stacked back.
        int n = a.Size(-1);
        var (flatA, flatDet, flatG) = (a.Reshape(-1, n, n), det.Reshape(-1), g.Expand(det.ShapeArray).Reshape(-1));
        var parts = new Tensor[singular.Length];
        for (int i = 0; i < parts.Length; i++)
            parts[i] = singular[i] ? SingularDetBackward(flatA.Select(0, i), flatG.Select(0, i))
                : NonSingular(flatA.Select(0, i), flatDet.Select(0, i), flatG.Select(0, i));
        return Tensor.Stack(parts).Reshape(a.ShapeArray);
    }

    // With A = U S Vᵀ, det A = det U·det V·Π S, so gA = U diag(α ∂ΠS/∂S) Vᵀ with α = g·det U·det V.
    private static Tensor SingularDetBackward(Tensor a, Tensor g)
    {
        var (u, s, vh) = Linalg.Svd(a);
        var alpha = Linalg.Det(u) * Linalg.Det(vh) * g;
        var d = ProductsOfOthers(s) * alpha.Unsqueeze(-1);
        return (u * d.Unsqueeze(-2)).MatMul(vh);
    }

    /// <summary>For s [..., k]: Π_{j≠i} sⱼ at each i, the gradient of Π s that zeros do not spoil (PyTorch's prod_safe_zeros_backward).</summary>
    private static Tensor ProductsOfOthers(Tensor s)
    {
        int k = s.Size(-1);
        if (k == 0) return s;
        var before = new Tensor[k];   // Π_{j<i} sⱼ
        var after = new Tensor[k];    // Π_{j>i} sⱼ
        before[0] = Tensor.OnesLike(s.Select(-1, 0));
        after[k - 1] = before[0];
        for (int i = 1; i < k; i++)
        {
            before[i] = before[i - 1] * s.Select(-1, i - 1);
            after[k - 1 - i] = after[k - i] * s.Select(-1, k - i);
        }
        return Tensor.Stack([.. before.Select((b, i) => b * after[i])], -1);
    }

    // gA = L⁻ᵀ Φ(Lᵀ gL) L⁻¹, Φ(X) = ½(tril X + (tril X)ᵀ with the diagonal once): PyTorch's cholesky_backward.
    private static Tensor CholeskyBackward(Tensor gL, Tensor l, bool upper)
    {
        if (upper)
        {
            l = MT(l);
            gL = MT(gL);
        }
        var phi = MT(l).MatMul(gL).Tril();
        phi = (phi + MT(phi.Tril(-1))) * 0.5;
        var gA = Linalg.SolveTriangular(MT(l), phi, upper: true, left: true);
        return Linalg.SolveTriangular(l, gA, upper: false, left: false);
    }

    // PyTorch's linalg_qr_backward: for m ≥ n, gA = (gQ + Q syminvadj(triu(gR Rᵀ - Qᵀ gQ))) R⁻ᵀ; for m < n the
    // skew part goes through R's leading square block and gR adds Q gR.
    private static Tensor? QrBackward(Tensor? gQ, Tensor? gR, Tensor q, Tensor r, string mode)
    {
        if (mode == "r")
            throw new InvalidOperationException("The derivative of linalg.qr depends on Q, which is not computed when mode='r'. Please use linalg.qr(A, mode='reduced') if you are going to differentiate through linalg.qr.");
        int m = q.Size(-2), n = r.Size(-1);
        if (mode == "complete" && m > n)
            throw new InvalidOperationException("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.");
        if (gQ is null && gR is null) return null;
        var gA = gQ is null ? gR!.MatMul(MT(r))
            : gR is null ? -MT(q).MatMul(gQ)
            : gR.MatMul(MT(r)) - MT(q).MatMul(gQ);
        if (m >= n)
        {
            var upper = gA.Triu();
            gA = q.MatMul(upper + MT(upper.Triu(1)));   // X + Xᵀ with the diagonal once
            if (gQ is not null) gA = gA + gQ;
            return Linalg.SolveTriangular(MT(r), gA, upper: false, left: false);
        }
        gA = q.MatMul((MT(gA) - gA).Tril());   // tril(X - Xᵀ) with X = -gA
        gA = Linalg.SolveTriangular(MT(r.Narrow(-1, 0, m)), gA, upper: false, left: false);
        gA = Tensor.Cat([gA, Tensor.Zeros([.. r.ShapeArray[..^1], n - m], gA.DType)], -1);
        return gR is null ? gA : gA + q.MatMul(gR);
    }

    // gA = V (diag(gL) + skew(Vᵀ gV)/E) Vᵀ with E_ij = λⱼ - λᵢ: PyTorch's linalg_eig_backward for symmetric A.
    // Repeated eigenvalues make E zero off the diagonal, and the gradient through the eigenvectors infinite or
    // NaN, as PyTorch documents.
    private static Tensor? EighBackward(Tensor? gL, Tensor? gV, Tensor l, Tensor v)
    {
        if (gV is null) return gL is null ? null : (v * gL.Unsqueeze(-2)).MatMul(MT(v));
        var vtgv = MT(v).MatMul(gV);
        var ret = (vtgv - MT(vtgv)) * 0.5 / (l.Unsqueeze(-2) - l.Unsqueeze(-1) + Tensor.Eye(l.Size(-1), dtype: l.DType));
        if (gL is not null) ret = ret + gL.DiagEmbed();
        return v.MatMul(ret.MatMul(MT(v)));
    }

    // PyTorch's svd_backward (real case), with U and Vh narrowed to k = min(m, n) columns (rows) for full matrices.
    private static Tensor? SvdBackward(Tensor? gU, Tensor? gS, Tensor? gVh, Tensor u, Tensor s, Tensor vh, bool fullMatrices)
    {
        int k = s.Size(-1);
        if (fullMatrices)
        {
            u = u.Narrow(-1, 0, k);
            vh = vh.Narrow(-2, 0, k);
            gU = gU?.Narrow(-1, 0, k);
            gVh = gVh?.Narrow(-2, 0, k);
        }
        if (gU is null && gS is null && gVh is null) return null;
        int m = u.Size(-2), n = vh.Size(-1);
        if (gU is null && gVh is null)   // svdvals: U diag(gS) Vh
            return m >= n ? u.MatMul(gS!.Unsqueeze(-1) * vh) : (u * gS!.Unsqueeze(-2)).MatMul(vh);
        var uTgU = gU is null ? null : Skew(MT(u).MatMul(gU));
        var vTgV = gVh is null ? null : Skew(vh.MatMul(MT(gVh)));
        var s2 = s * s;
        var e = s2.Unsqueeze(-2) - s2.Unsqueeze(-1) + Tensor.Eye(k, dtype: s.DType);   // σⱼ² - σᵢ², 1 on the diagonal
        var ret = uTgU is not null && vTgV is not null ? (uTgU * s.Unsqueeze(-2) + s.Unsqueeze(-1) * vTgV) / e
            : uTgU is not null ? uTgU / e * s.Unsqueeze(-2)
            : s.Unsqueeze(-1) * (vTgV! / e);
        if (gS is not null) ret = ret + gS.DiagEmbed();
        if (m > n && gU is not null)   // plus (I - U Uᵀ) gU S⁻¹ Vᵀ
        {
            var gUSinv = gU / s.Unsqueeze(-2);
            return (u.MatMul(ret) + gUSinv - u.MatMul(MT(u).MatMul(gUSinv))).MatMul(vh);
        }
        if (m < n && gVh is not null)   // plus U S⁻¹ gVh (I - V Vᵀ)
        {
            var sinvgVh = gVh / s.Unsqueeze(-1);
            return u.MatMul(ret.MatMul(vh) + sinvgVh - sinvgVh.MatMul(MT(vh)).MatMul(vh));
        }
        return m >= n ? u.MatMul(ret.MatMul(vh)) : u.MatMul(ret).MatMul(vh);
    }

    private static Tensor Skew(Tensor x) => x - MT(x);

    // PyTorch's pinv_backward, arranged so that the products are of the smaller size.
    private static Tensor PinvBackward(Tensor g, Tensor pinv, Tensor a)
    {
        int m = a.Size(-2), n = a.Size(-1);
        var (pinvT, gT) = (MT(pinv), MT(g));
        if (m <= n)
        {
            var k = gT.MatMul(pinv);
            var kPinvT = k.MatMul(pinvT);
            return -MT(pinv.MatMul(k)) + kPinvT - a.MatMul(pinv).MatMul(kPinvT) + pinvT.MatMul(pinv).MatMul(gT - k.MatMul(a));
        }
        var k2 = pinv.MatMul(gT);
        var pinvTK = pinvT.MatMul(k2);
        return -MT(k2.MatMul(pinv)) + (gT - a.MatMul(k2)).MatMul(pinv).MatMul(pinvT) + pinvTK - pinvTK.MatMul(pinv).MatMul(a);
    }

    // PyTorch's linalg_lstsq_backward: X = A⁺B, so gB = A⁺ᵀ gX and gA through pinv's backward; the residuals
    // ‖AX - B‖² add 2 r gLᵀ-shaped terms (X held fixed, by Danskin's theorem).
    private static Tensor?[] LstsqBackward(OpNode<bool> n, Tensor? gX, Tensor? gL)
    {
        bool vector = n.Args;
        Tensor ToMatrix(Tensor t) => vector ? t.Unsqueeze(-1) : t;
        Tensor ToVector(Tensor t) => vector ? t.Squeeze(-1) : t;
        if (gL is not null && gL.Numel == 0) gL = null;
        if (gX is null && gL is null) return [null, null];
        var (a, b) = (n.Self, ToMatrix(n.Other));
        Tensor? gA = null, gB = null;
        if (gX is not null)
        {
            var gXm = ToMatrix(gX);
            var pinv = Linalg.Pinv(a);
            if (n.Needs(0)) gA = PinvBackward(gXm.MatMul(MT(b)), pinv, a);
            if (n.Needs(1)) gB = ToVector(MT(pinv).MatMul(gXm));
        }
        if (gL is not null)
        {
            var x = ToMatrix(n.Result);
            var r = a.MatMul(x) - b;
            var gLr = gL.Unsqueeze(-2) * r;
            if (n.Needs(0)) gA = Plus(gA, gLr.MatMul(MT(x)) * 2);
            if (n.Needs(1)) gB = Plus(gB, ToVector(gLr * -2));
        }
        return [gA, gB];
    }

    private static Tensor Plus(Tensor? a, Tensor b) => a is null ? b : a + b;

    // The adjoint of d exp at A is d exp at Aᵀ, which is the top-right block of exp([[Aᵀ, G], [0, Aᵀ]]) (Mathias 1996).
    private static Tensor MatrixExpBackward(Tensor g, Tensor a)
    {
        int n = a.Size(-1);
        var at = MT(a);
        var block = Tensor.Cat([Tensor.Cat([at, g], -1), Tensor.Cat([Tensor.ZerosLike(at), at], -1)], -2);
        return Linalg.MatrixExp(block).Narrow(-2, 0, n).Narrow(-1, n, n);
    }

    // PyTorch's _cdist_backward in tensor operations: for each row of x1, Σⱼ gᵢⱼ ∂‖x1ᵢ - x2ⱼ‖ₚ/∂x1ᵢ, with 0 where
    // the distance is 0 (a subgradient).
    private static Tensor CdistBackward(Tensor g, Tensor x1, Tensor x2, Tensor dist, double p)
    {
        var diff = x1.Unsqueeze(-2) - x2.Unsqueeze(-3);   // [..., P, R, M]
        var (gg, d) = (g.Unsqueeze(-1), dist.Unsqueeze(-1));
        var away = d.Ne(0.0);
        Tensor perPair = p switch
        {
            0 => Tensor.ZerosLike(diff),
            1 => gg * diff.Sign(),
            2 => (gg * diff / d).Where(away, 0.0),
            double.PositiveInfinity => gg * diff.Sign() * diff.Abs().Eq(d),
            < 1 => (diff.Sign() * diff.Abs().Pow(p - 1) * gg / d.Pow(p - 1)).Where(away.LogicalAnd(diff.Ne(0.0)), 0.0),
            < 2 => (diff.Sign() * diff.Abs().Pow(p - 1) * gg / d.Pow(p - 1)).Where(away, 0.0),
            _ => (diff * diff.Abs().Pow(p - 2) * gg / d.Pow(p - 1)).Where(away, 0.0),
        };
        return perPair.Sum(-2);
    }

    // PyTorch's _euclidean_dist_backward: with ratio = g / d (0 where d = 0), gx1 = x1 Σⱼ ratio - ratio x2.
    private static Tensor?[] EuclideanDistBackward(OpNode<NoArgs> n, Tensor g)
    {
        var (x1, x2) = (n.Self, n.Other);
        var ratio = (g / n.Result).Where(n.Result.Ne(0.0), 0.0);
        return [n.Needs(0) ? x1 * ratio.Sum(-1, keepDim: true) - ratio.MatMul(x2) : null,
            n.Needs(1) ? x2 * ratio.Sum(-2).Unsqueeze(-1) - MT(ratio).MatMul(x1) : null];
    }

    /// <summary>g [n, p] repeated over <paramref name="batches"/> as [b, n, p] (addbmm's sum over the batch, undone).</summary>
    private static Tensor PerBatch(Tensor g, int batches) => g.Unsqueeze(0).Expand([batches, .. g.ShapeArray]);
}
