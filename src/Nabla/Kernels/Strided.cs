namespace Nabla.Kernels;

/// <summary>One operand of a strided loop: its strides over the loop's shape and its start offset.</summary>
internal readonly record struct Operand(int[]? Strides, int Offset)
{
    public static Operand Of(Tensor t) => new(t.StrideArray, t.Offset);

    /// <summary>The tensor read as if it had the (broadcast) shape <paramref name="shape"/>.</summary>
    public static Operand Broadcast(Tensor t, int[] shape) => ReferenceEquals(t.ShapeArray, shape) || t.ShapeArray.AsSpan().SequenceEqual(shape)
        ? new(t.StrideArray, t.Offset)
        : new(ShapeMath.BroadcastStrides(t.ShapeArray, t.StrideArray, shape), t.Offset);
}

/// <summary>
/// The body of a strided loop: handles n elements along the innermost dimension, operand i
/// starting at offset oi and stepping si (0 for a broadcast operand).
/// </summary>
internal interface IStridedKernel
{
    void Run(int n, int o0, int s0, int o1, int s1, int o2, int s2, int o3, int s3);
}

/// <summary>
/// The one driver that walks up to four strided operands over a shape: drops size-1 dims, merges
/// dims that are contiguous for every operand (so most loops become one long contiguous run), then
/// calls the kernel once per innermost row, in parallel across cores for large work.
/// </summary>
internal static class Strided
{
    /// <summary>
    /// Elements below which a loop stays on one thread. 2^17 kept a transformer's [batch·ctx, 128]
    /// activations (98K floats in CharGpt) on the calling thread while the worker spun: at 2^16 CharGpt's
    /// step at T=2 took 27.0-34.4 ms (median of five 30.8) against 32.4-40.0 (34.7), and LeNet's 2.86-2.91
    /// against 2.94-3.04 ms; 2^15 measured no better (31.2 and 34.2 ms).
    /// </summary>
    public const int ParallelThreshold = 1 << 16;

    public static void Run<TK>(ref TK kernel, ReadOnlySpan<int> shape, Operand p0, Operand p1 = default,
        Operand p2 = default, Operand p3 = default, bool parallel = true) where TK : struct, IStridedKernel
    {
        int rank = shape.Length;
        Span<int> sizes = stackalloc int[Math.Max(rank, 1)];
        Span<int> strides = stackalloc int[4 * Math.Max(rank, 1)];   // strides[op * rank + dim]
        int r = Coalesce(shape, p0, p1, p2, p3, sizes, strides, rank);
        if (r < 0) return;   // an empty shape: nothing to do
        if (r == 0)
        {
            kernel.Run(1, p0.Offset, 0, p1.Offset, 0, p2.Offset, 0, p3.Offset, 0);
            return;
        }
        int n = sizes[r - 1];
        if (r == 1 && (!parallel || n < ParallelThreshold || Workers.Count == 1))
        {
            // One run (the common case once contiguous dims merge): no loop state to build.
            kernel.Run(n, p0.Offset, strides[0], p1.Offset, strides[rank], p2.Offset, strides[2 * rank], p3.Offset, strides[3 * rank]);
            return;
        }
        long outer = 1;
        for (int d = 0; d < r - 1; d++) outer *= sizes[d];
        var loop = new Loop(sizes[..r].ToArray(), Pack(strides, rank, r), [p0.Offset, p1.Offset, p2.Offset, p3.Offset]);
        if (parallel && outer * n >= ParallelThreshold && Workers.Count > 1)
            loop.RunParallel(kernel, n, (int)outer);
        else
            loop.RunRange(ref kernel, n, 0, (int)outer);
    }

    /// <summary>Writes the merged sizes and strides; returns the merged rank, or -1 for an empty shape.</summary>
    private static int Coalesce(ReadOnlySpan<int> shape, Operand p0, Operand p1, Operand p2, Operand p3,
        Span<int> sizes, Span<int> strides, int rank)
    {
        int r = 0;
        for (int d = 0; d < rank; d++)
        {
            if (shape[d] == 0) return -1;
            if (shape[d] == 1) continue;
            sizes[r] = shape[d];
            strides[r] = Stride(p0, d);
            strides[rank + r] = Stride(p1, d);
            strides[2 * rank + r] = Stride(p2, d);
            strides[3 * rank + r] = Stride(p3, d);
            if (r > 0 && CanMerge(strides, rank, r, sizes[r]))
            {
                sizes[r - 1] *= sizes[r];
                for (int op = 0; op < 4; op++) strides[op * rank + r - 1] = strides[op * rank + r];
            }
            else r++;
        }
        return r;
    }

    private static int Stride(Operand p, int d) => p.Strides is null ? 0 : p.Strides[d];

    // The outer dim r-1 folds into dim r when, for every operand, one outer step equals a whole inner row.
    private static bool CanMerge(Span<int> strides, int rank, int r, int innerSize)
    {
        for (int op = 0; op < 4; op++)
            if (strides[op * rank + r - 1] != strides[op * rank + r] * innerSize) return false;
        return true;
    }

    private static int[] Pack(Span<int> strides, int rank, int r)
    {
        var packed = new int[4 * r];
        for (int op = 0; op < 4; op++) strides.Slice(op * rank, r).CopyTo(packed.AsSpan(op * r, r));
        return packed;
    }

    /// <summary>The merged loop nest: an odometer over the outer dims.</summary>
    private sealed class Loop(int[] sizes, int[] strides, int[] offsets)
    {
        private readonly int _r = sizes.Length;

        private int S(int op, int d) => strides[op * _r + d];

        public void RunRange<TK>(ref TK kernel, int n, int start, int end) where TK : struct, IStridedKernel
        {
            int r = _r;
            Span<int> idx = stackalloc int[r];
            Span<int> o = stackalloc int[4];
            offsets.CopyTo(o);
            // Position the odometer at outer index `start`.
            for (int d = r - 2, rest = start; d >= 0; d--)
            {
                idx[d] = rest % sizes[d];
                rest /= sizes[d];
                for (int op = 0; op < 4; op++) o[op] += idx[d] * S(op, d);
            }
            int s0 = S(0, r - 1), s1 = S(1, r - 1), s2 = S(2, r - 1), s3 = S(3, r - 1);
            for (int i = start; i < end; i++)
            {
                kernel.Run(n, o[0], s0, o[1], s1, o[2], s2, o[3], s3);
                for (int d = r - 2; d >= 0; d--)
                {
                    for (int op = 0; op < 4; op++) o[op] += S(op, d);
                    if (++idx[d] < sizes[d]) break;
                    for (int op = 0; op < 4; op++) o[op] -= S(op, d) * sizes[d];
                    idx[d] = 0;
                }
            }
        }

        public void RunParallel<TK>(TK kernel, int n, int outer) where TK : struct, IStridedKernel
        {
            int workers = Workers.Count;
            if (outer >= workers)
            {
                Workers.For(workers, w =>
                {
                    var k = kernel;
                    RunRange(ref k, n, (int)((long)outer * w / workers), (int)((long)outer * (w + 1) / workers));
                });
                return;
            }
            // Few long rows: split each row into aligned chunks instead.
            int chunks = workers * 4, r = _r;
            for (int i = 0; i < outer; i++)
            {
                var rowOffsets = RowOffsets(i);
                Workers.For(chunks, c =>
                {
                    int from = (int)((long)n * c / chunks) & ~15, to = c == chunks - 1 ? n : (int)((long)n * (c + 1) / chunks) & ~15;
                    if (to <= from) return;
                    var k = kernel;
                    k.Run(to - from, rowOffsets[0] + from * S(0, r - 1), S(0, r - 1), rowOffsets[1] + from * S(1, r - 1), S(1, r - 1),
                        rowOffsets[2] + from * S(2, r - 1), S(2, r - 1), rowOffsets[3] + from * S(3, r - 1), S(3, r - 1));
                });
            }
        }

        private int[] RowOffsets(int row)
        {
            var o = (int[])offsets.Clone();
            for (int d = _r - 2, rest = row; d >= 0; d--)
            {
                int i = rest % sizes[d];
                rest /= sizes[d];
                for (int op = 0; op < 4; op++) o[op] += i * S(op, d);
            }
            return o;
        }
    }
}
