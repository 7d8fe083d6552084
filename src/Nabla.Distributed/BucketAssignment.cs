namespace Nabla.Distributed;

/// <summary>
/// How <see cref="DistributedDataParallel"/> groups gradients into all-reduce buckets, as
/// PyTorch's <c>compute_bucket_assignment_by_size</c> does: parameters are taken in registration
/// order, each dtype fills its own bucket, a bucket closes once it holds at least its size limit
/// (the first one per dtype at most 1 MiB, the rest the cap), and the buckets are launched in the
/// reverse order, which is roughly the order in which backward produces their gradients.
/// </summary>
internal static class BucketAssignment
{
    /// <summary>PyTorch's <c>_DEFAULT_FIRST_BUCKET_BYTES</c>: a small first bucket starts communication early.</summary>
    public const long FirstBucketBytes = 1 << 20;

    /// <summary>The parameter indices of each bucket, buckets in launch order.</summary>
    /// <param name="sizes">Each parameter's gradient size in bytes, with its dtype.</param>
    /// <param name="capBytes">The size at which a bucket closes.</param>
    public static List<int[]> BySize(IReadOnlyList<(long Bytes, DType DType)> sizes, long capBytes)
    {
        var closed = new List<List<int>>();
        var open = new Dictionary<DType, (List<int> Indices, long Bytes, long Limit)>();
        for (int i = 0; i < sizes.Count; i++)
        {
            var (bytes, dtype) = sizes[i];
            // PyTorch's first limit is 1 MiB whatever the cap; here never above the cap, so that a small cap splits a small model.
            var bucket = open.TryGetValue(dtype, out var current) ? current : ([], 0, Math.Min(FirstBucketBytes, capBytes));
            bucket.Indices.Add(i);
            bucket.Bytes += bytes;
            if (bucket.Bytes >= bucket.Limit)
            {
                closed.Add(bucket.Indices);
                bucket = ([], 0, capBytes);
            }
            open[dtype] = bucket;
        }
        closed.AddRange(open.Values.Where(b => b.Indices.Count > 0).Select(b => b.Indices));
        // In order of the first parameter each holds, then reversed: the last layers' gradients come first in backward.
        return closed.OrderByDescending(b => b[0]).Select(b => b.ToArray()).ToList();
    }
}
