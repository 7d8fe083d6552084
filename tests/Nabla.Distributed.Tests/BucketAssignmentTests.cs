namespace Nabla.Distributed.Tests;

/// <summary>How gradients are grouped into all-reduce buckets (PyTorch's compute_bucket_assignment_by_size).</summary>
public sealed class BucketAssignmentTests
{
    private const long MiB = 1 << 20;

    [Fact]
    public void ASmallModelIsOneBucket()
    {
        var sizes = new (long, DType)[] { (400, DType.Float32), (40, DType.Float32), (800, DType.Float32) };
        Assert.Equal([[0, 1, 2]], BucketAssignment.BySize(sizes, 25 * MiB));
    }

    [Fact]
    public void BucketsCloseOnceTheyReachTheirLimitAndLaunchLastLayersFirst()
    {
        // First limit min(1 MiB, cap) = 100 bytes, then the cap: [0] reaches 100; [1, 2] reach 100; [3] stays open.
        var sizes = new (long, DType)[] { (100, DType.Float32), (60, DType.Float32), (60, DType.Float32), (20, DType.Float32) };
        Assert.Equal([[3], [1, 2], [0]], BucketAssignment.BySize(sizes, 100));
    }

    [Fact]
    public void TheFirstBucketIsAtMostOneMiB()
    {
        var sizes = new (long, DType)[] { (MiB / 2, DType.Float32), (MiB / 2, DType.Float32), (MiB, DType.Float32), (MiB, DType.Float32) };
        Assert.Equal([[2, 3], [0, 1]], BucketAssignment.BySize(sizes, 25 * MiB));
    }

    [Fact]
    public void EachDTypeHasItsOwnBuckets()
    {
        var sizes = new (long, DType)[] { (8, DType.Float64), (4, DType.Float32), (8, DType.Float64), (4, DType.Float32) };
        Assert.Equal([[1, 3], [0, 2]], BucketAssignment.BySize(sizes, 25 * MiB));
    }
}
