using System.Numerics;
using System.Numerics.Tensors;

namespace Nabla.Kernels;

/// <summary>
/// The shapes and options of one scaled-dot-product attention: BH independent heads, each with L
/// queries and S keys of width E and values of width Ev; an optional additive mask read through
/// strides over [lead..., L, S] (stride 0 where it broadcasts); causal masking (query i sees keys
/// j ≤ i); dropout on the attention weights with probability <see cref="DropoutP"/>, its keep/drop
/// decisions a hash of (seed, head, i, j), so that the backward pass regenerates them instead of
/// storing them.
/// </summary>
internal sealed record AttentionGeometry(int BH, int L, int S, int E, int Ev, double Scale, bool Causal, double DropoutP, ulong Seed)
{
    /// <summary>The additive mask's data (the queries' element type), or null.</summary>
    public Array? Mask { get; init; }
    public int MaskOffset { get; init; }
    /// <summary>The leading (batch, head...) dims the BH heads are flattened from, and the mask's strides over them (0 where it broadcasts).</summary>
    public int[] LeadShape { get; init; } = [];
    public int[] MaskLeadStrides { get; init; } = [];
    public int MaskRowStride { get; init; }
    public int MaskColStride { get; init; }

    /// <summary>Where head <paramref name="bh"/>'s [L, S] mask starts.</summary>
    public int MaskStart(int bh)
    {
        int start = MaskOffset;
        for (int d = LeadShape.Length - 1; d >= 0; d--)
        {
            start += bh % LeadShape[d] * MaskLeadStrides[d];
            bh /= LeadShape[d];
        }
        return start;
    }

    /// <summary>Whether dropout keeps weight (i, j) of head <paramref name="bh"/>: a stateless hash of the seed and the position.</summary>
    public bool Keeps(int bh, int i, int j)
    {
        ulong x = Seed ^ ((ulong)(uint)bh << 42) ^ ((ulong)(uint)i << 21) ^ (uint)j;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;   // SplitMix64's finaliser
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (x >> 11) * (1.0 / (1UL << 53)) >= DropoutP;
    }
}

/// <summary>
/// Fused scaled-dot-product attention (FlashAttention's scheme on the CPU): queries in blocks, keys
/// in tiles, an online softmax (running max and sum per row) so that no L×S matrix is ever stored;
/// the forward keeps only the output and each row's log-sum-exp, and the backward recomputes each
/// tile's weights from them. Memory grows with L + S, not L·S. Tiles are products on the GEMM kernels.
/// </summary>
internal static class Attention
{
    private const int QueryBlock = 64;
    private const int KeyTile = 64;

    /// <summary>Output [BH, L, Ev] and per-row log-sum-exp [BH, L] of softmax(scale·Q·Kᵀ + mask)·V.</summary>
    public static void Forward<T>(T[] q, T[] k, T[] v, T[] output, T[] lse, AttentionGeometry g) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int blocks = (g.L + QueryBlock - 1) / QueryBlock;
        Workers.For(g.BH * blocks, item =>
        {
            int bh = item / blocks, i0 = item % blocks * QueryBlock, rows = Math.Min(QueryBlock, g.L - i0);
            ForwardBlock(q, k, v, output, lse, g, bh, i0, rows);
        });
    }

    private static void ForwardBlock<T>(T[] q, T[] k, T[] v, T[] output, T[] lse, AttentionGeometry g, int bh, int i0, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var scores = new T[rows * KeyTile];
        var max = new T[rows];
        var sum = new T[rows];
        var acc = output.AsSpan((bh * g.L + i0) * g.Ev, rows * g.Ev);
        acc.Clear();
        max.AsSpan().Fill(T.NegativeInfinity);
        T keep = g.DropoutP > 0 ? T.CreateTruncating(1 / (1 - g.DropoutP)) : T.One;
        int keyEnd = g.Causal ? Math.Min(g.S, i0 + rows) : g.S;
        for (int j0 = 0; j0 < keyEnd; j0 += KeyTile)
        {
            int cols = Math.Min(KeyTile, keyEnd - j0);
            Scores(q, k, g, bh, i0, rows, j0, cols, scores);
            for (int r = 0; r < rows; r++)
            {
                var row = scores.AsSpan(r * cols, cols);
                T rowMax = TensorPrimitives.Max<T>(row);
                T newMax = T.Max(max[r], rowMax);
                if (T.IsNegativeInfinity(newMax)) { row.Clear(); continue; }   // every key so far masked out
                T correction = T.Exp(max[r] - newMax);
                max[r] = newMax;
                TensorPrimitives.Subtract(row, newMax, row);
                Exp(row, row);
                sum[r] = sum[r] * correction + TensorPrimitives.Sum<T>(row);
                TensorPrimitives.Multiply(acc.Slice(r * g.Ev, g.Ev), correction, acc.Slice(r * g.Ev, g.Ev));
                if (g.DropoutP > 0) Dropout(row, g, bh, i0 + r, j0, keep);
            }
            // acc += P·V over this tile.
            Gemm.Multiply(rows, g.Ev, cols, scores, 0, cols, 1, v, (bh * g.S + j0) * g.Ev, g.Ev, 1,
                output, (bh * g.L + i0) * g.Ev, g.Ev, accumulate: true, GemmKernel.Auto, maxThreads: 1);
        }
        for (int r = 0; r < rows; r++)
        {
            // A row whose keys are all masked out gives zeros (and zero gradients), not 0/0.
            T inv = sum[r] > T.Zero ? T.One / sum[r] : T.Zero;
            TensorPrimitives.Multiply(acc.Slice(r * g.Ev, g.Ev), inv, acc.Slice(r * g.Ev, g.Ev));
            lse[bh * g.L + i0 + r] = sum[r] > T.Zero ? max[r] + T.Log(sum[r]) : T.PositiveInfinity;
        }
    }

    /// <summary>
    /// dQ, dK, dV from dO: per head, tile by tile, the weights P = exp(scale·Q·Kᵀ + mask - lse) are
    /// recomputed, then dV += Pᵀ·dO, dP = dO·Vᵀ, dS = P ⊙ (dP - rowsum(dO ⊙ O)), dQ += scale·dS·K,
    /// dK += scale·dSᵀ·Q (with dropout's keep/(1-p) on P where it was applied).
    /// </summary>
    public static void Backward<T>(T[] q, T[] k, T[] v, T[] output, T[] lse, T[] gradOutput, T[] dq, T[] dk, T[] dv, AttentionGeometry g)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Array.Clear(dq);
        Array.Clear(dk);
        Array.Clear(dv);
        Workers.For(g.BH, bh => BackwardHead(q, k, v, output, lse, gradOutput, dq, dk, dv, g, bh));
    }

    private static void BackwardHead<T>(T[] q, T[] k, T[] v, T[] output, T[] lse, T[] gradOutput, T[] dq, T[] dk, T[] dv, AttentionGeometry g, int bh)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var delta = new T[g.L];   // rowsum(dO ⊙ O)
        for (int i = 0; i < g.L; i++)
            delta[i] = TensorPrimitives.Dot<T>(gradOutput.AsSpan((bh * g.L + i) * g.Ev, g.Ev), output.AsSpan((bh * g.L + i) * g.Ev, g.Ev));
        var p = new T[QueryBlock * KeyTile];
        var dp = new T[QueryBlock * KeyTile];
        T scale = T.CreateTruncating(g.Scale), keep = g.DropoutP > 0 ? T.CreateTruncating(1 / (1 - g.DropoutP)) : T.One;
        for (int i0 = 0; i0 < g.L; i0 += QueryBlock)
        {
            int rows = Math.Min(QueryBlock, g.L - i0);
            int keyEnd = g.Causal ? Math.Min(g.S, i0 + rows) : g.S;
            for (int j0 = 0; j0 < keyEnd; j0 += KeyTile)
            {
                int cols = Math.Min(KeyTile, keyEnd - j0);
                Scores(q, k, g, bh, i0, rows, j0, cols, p);
                // dP = dO·Vᵀ for the tile (the gradient of the dropped-out weights).
                Gemm.Multiply(rows, cols, g.Ev, gradOutput, (bh * g.L + i0) * g.Ev, g.Ev, 1, v, (bh * g.S + j0) * g.Ev, 1, g.Ev,
                    dp, 0, cols, accumulate: false, GemmKernel.Auto, maxThreads: 1);
                for (int r = 0; r < rows; r++)
                {
                    var pr = p.AsSpan(r * cols, cols);
                    var dpr = dp.AsSpan(r * cols, cols);
                    T rowLse = lse[bh * g.L + i0 + r];
                    if (T.IsPositiveInfinity(rowLse)) { pr.Clear(); dpr.Clear(); continue; }   // a fully masked row
                    TensorPrimitives.Subtract(pr, rowLse, pr);
                    Exp(pr, pr);                                        // P, the softmax weights
                    if (g.DropoutP > 0) Dropout(dpr, g, bh, i0 + r, j0, keep);   // through the dropout: the same keep/(1-p)
                    TensorPrimitives.Subtract(dpr, delta[i0 + r], dpr);
                    TensorPrimitives.Multiply(dpr, pr, dpr);            // dS = P ⊙ (dP - Δ)
                    if (g.DropoutP > 0) Dropout(pr, g, bh, i0 + r, j0, keep);    // what multiplied V in the forward
                }
                // dV += Pᵀ·dO; dQ += scale·dS·K; dK += scale·dSᵀ·Q.
                Gemm.Multiply(cols, g.Ev, rows, p, 0, 1, cols, gradOutput, (bh * g.L + i0) * g.Ev, g.Ev, 1,
                    dv, (bh * g.S + j0) * g.Ev, g.Ev, accumulate: true, GemmKernel.Auto, maxThreads: 1);
                TensorPrimitives.Multiply(dp.AsSpan(0, rows * cols), scale, dp.AsSpan(0, rows * cols));
                Gemm.Multiply(rows, g.E, cols, dp, 0, cols, 1, k, (bh * g.S + j0) * g.E, g.E, 1,
                    dq, (bh * g.L + i0) * g.E, g.E, accumulate: true, GemmKernel.Auto, maxThreads: 1);
                Gemm.Multiply(cols, g.E, rows, dp, 0, 1, cols, q, (bh * g.L + i0) * g.E, g.E, 1,
                    dk, (bh * g.S + j0) * g.E, g.E, accumulate: true, GemmKernel.Auto, maxThreads: 1);
            }
        }
    }

    // scores[r, c] = scale·q[i0 + r]·k[j0 + c] + mask, with -∞ where causal masking hides the key.
    private static void Scores<T>(T[] q, T[] k, AttentionGeometry g, int bh, int i0, int rows, int j0, int cols, T[] scores)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Gemm.Multiply(rows, cols, g.E, q, (bh * g.L + i0) * g.E, g.E, 1, k, (bh * g.S + j0) * g.E, 1, g.E,
            scores, 0, cols, accumulate: false, GemmKernel.Auto, maxThreads: 1);
        var all = scores.AsSpan(0, rows * cols);
        TensorPrimitives.Multiply(all, T.CreateTruncating(g.Scale), all);
        if (g.Mask is T[] mask)
        {
            int start = g.MaskStart(bh);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    scores[r * cols + c] += mask[start + (i0 + r) * g.MaskRowStride + (j0 + c) * g.MaskColStride];
        }
        if (!g.Causal) return;
        for (int r = 0; r < rows; r++)
            for (int c = Math.Max(0, i0 + r + 1 - j0); c < cols; c++) scores[r * cols + c] = T.NegativeInfinity;
    }

    // Weights dropout zeroes become 0; kept ones are scaled by 1/(1 - p).
    private static void Dropout<T>(Span<T> row, AttentionGeometry g, int bh, int i, int j0, T keep) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int c = 0; c < row.Length; c++) row[c] = g.Keeps(bh, i, j0 + c) ? row[c] * keep : T.Zero;
    }

    private static void Exp<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T> => FloatUnary<ExpOp>.Apply(x, y);
}
