using Nabla.NN;

namespace Nabla.Tests;

/// <summary>PackedSequence and RnnUtils (torch.nn.utils.rnn): values and reprs as PyTorch 1.13 prints them, gradients, errors.</summary>
public sealed class RnnUtilsTests
{
    // x[t, b] = [2(3t + b), 2(3t + b) + 1]: each row says where it came from.
    private static Tensor Arange(bool requiresGrad = false) => Tensor.Arange(24.0).Reshape(4, 3, 2).RequiresGradInPlace(requiresGrad);

    [Fact]
    public void PackPaddedSequenceSortsAndPrintsAsPyTorch()
    {
        var packed = RnnUtils.PackPaddedSequence(Arange(), [1, 3, 2], enforceSorted: false);
        Assert.Equal(
            "PackedSequence(data=tensor([[ 2.,  3.],\n        [ 4.,  5.],\n        [ 0.,  1.],\n        [ 8.,  9.],\n        [10., 11.],\n        [14., 15.]]), " +
            "batch_sizes=tensor([3, 2, 1]), sorted_indices=tensor([1, 2, 0]), unsorted_indices=tensor([2, 0, 1]))",
            packed.ToString());
        var (data, batchSizes, sorted, unsorted) = packed;
        Assert.Equal([6, 2], data.Shape.ToArray());
        Assert.Equal(DType.Int64, batchSizes.DType);
        Assert.Equal(new long[] { 1, 2, 0 }, sorted!.ToArray<long>());
        Assert.Equal(new long[] { 2, 0, 1 }, unsorted!.ToArray<long>());
    }

    [Fact]
    public void PackPaddedSequenceSortedKeepsTheBatchOrder()
    {
        var packed = RnnUtils.PackPaddedSequence(Arange(), Tensor.FromArray(new long[] { 3, 2, 1 }));
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13 }, packed.Data.ToArray<double>());
        Assert.Equal(new long[] { 3, 2, 1 }, packed.BatchSizes.ToArray<long>());
        Assert.Null(packed.SortedIndices);
        Assert.Null(packed.UnsortedIndices);
    }

    [Fact]
    public void PackPaddedSequenceBatchFirstReadsRowsAsSequences()
    {
        var x = Arange().Transpose(0, 1).Contiguous();   // [3, 4, 2]: the same sequences, batch first
        var packed = RnnUtils.PackPaddedSequence(x, [3, 2, 1], batchFirst: true);
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13 }, packed.Data.ToArray<double>());
    }

    [Fact]
    public void PadPackedSequenceRestoresTheOrderWithPadding()
    {
        var packed = RnnUtils.PackPaddedSequence(Arange(), [1, 3, 2], enforceSorted: false);
        var (padded, lengths) = RnnUtils.PadPackedSequence(packed, batchFirst: true, paddingValue: -1.0, totalLength: 5);
        Assert.Equal([3, 5, 2], padded.Shape.ToArray());
        Assert.Equal(new double[]
        {
            0, 1, -1, -1, -1, -1, -1, -1, -1, -1,
            2, 3, 8, 9, 14, 15, -1, -1, -1, -1,
            4, 5, 10, 11, -1, -1, -1, -1, -1, -1,
        }, padded.ToArray<double>());
        Assert.Equal(new long[] { 1, 3, 2 }, lengths.ToArray<long>());
    }

    [Fact]
    public void PadPackedSequenceTimeMajorByDefault()
    {
        var (padded, lengths) = RnnUtils.PadPackedSequence(RnnUtils.PackPaddedSequence(Arange(), [3, 2, 1]));
        Assert.Equal([3, 3, 2], padded.Shape.ToArray());   // the longest length, not the input's 4 steps
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 12, 13, 0, 0, 0, 0 }, padded.ToArray<double>());
        Assert.Equal(new long[] { 3, 2, 1 }, lengths.ToArray<long>());
    }

    [Fact]
    public void PackingAndPaddingPassGradientsToTheValidSteps()
    {
        var x = Arange(requiresGrad: true);
        var (padded, _) = RnnUtils.PadPackedSequence(RnnUtils.PackPaddedSequence(x, [2, 4, 1], enforceSorted: false), paddingValue: 7);
        (padded * 3).Sum().Backward();
        var expected = new double[24];
        int[] lengths = [2, 4, 1];
        for (int t = 0; t < 4; t++)
            for (int b = 0; b < 3; b++)
                if (t < lengths[b]) expected[(t * 3 + b) * 2] = expected[(t * 3 + b) * 2 + 1] = 3;
        Assert.Equal(expected, x.Grad!.ToArray<double>());
    }

    [Fact]
    public void PadSequenceAndPackSequenceAsPyTorch()
    {
        Tensor[] sequences = [Tensor.FromArray(new[] { 1f, 2 }), Tensor.FromArray(new[] { 3f, 4, 5 }), Tensor.FromArray(new[] { 6f })];
        var padded = RnnUtils.PadSequence(sequences, batchFirst: true);
        Assert.Equal("tensor([[1., 2., 0.],\n        [3., 4., 5.],\n        [6., 0., 0.]])", padded.ToString());
        Assert.Equal([3, 3], RnnUtils.PadSequence(sequences, paddingValue: 9).Shape.ToArray());

        var packed = RnnUtils.PackSequence([sequences[1], sequences[0], sequences[2]]);
        Assert.Equal("PackedSequence(data=tensor([3., 1., 6., 4., 2., 5.]), batch_sizes=tensor([3, 2, 1]), sorted_indices=None, unsorted_indices=None)", packed.ToString());
        var unpacked = RnnUtils.UnpackSequence(RnnUtils.PackSequence(sequences, enforceSorted: false));
        Assert.Equal(sequences.Select(s => s.ToArray<double>()), unpacked.Select(s => s.ToArray<double>()));
        var unpadded = RnnUtils.UnpadSequence(padded, Tensor.FromArray(new long[] { 2, 3, 1 }), batchFirst: true);
        Assert.Equal(sequences.Select(s => s.ToArray<double>()), unpadded.Select(s => s.ToArray<double>()));
    }

    [Fact]
    public void BadLengthsAreRefusedWithPyTorchsMessages()
    {
        var x = Arange();
        Assert.StartsWith("`lengths` array must be sorted in decreasing order when `enforce_sorted` is True.",
            Assert.Throws<ArgumentException>(() => RnnUtils.PackPaddedSequence(x, [2, 3, 1])).Message);
        Assert.StartsWith("Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0",
            Assert.Throws<ArgumentException>(() => RnnUtils.PackPaddedSequence(x, [3, 2, 0])).Message);
        Assert.StartsWith("Expected `len(lengths)` to be equal to batch_size, but got 2 (batch_size=3)",
            Assert.Throws<ArgumentException>(() => RnnUtils.PackPaddedSequence(x, [3, 2])).Message);
        Assert.Contains("does not fit an input of 4 time steps", Assert.Throws<ArgumentException>(() => RnnUtils.PackPaddedSequence(x, [5, 2, 1])).Message);
        Assert.StartsWith("Expected total_length to be at least the length of the longest sequence in input, but got total_length=2 and max sequence length being 3",
            Assert.Throws<ArgumentException>(() => RnnUtils.PadPackedSequence(RnnUtils.PackPaddedSequence(x, [3, 2, 1]), totalLength: 2)).Message);
        Assert.Throws<ArgumentException>(() => RnnUtils.PackPaddedSequence(x, Tensor.FromArray(new[] { 3.0, 2, 1 })));
        Assert.Throws<ArgumentException>(() => RnnUtils.PadSequence([Tensor.Zeros(2, 3), Tensor.Zeros(2, 4)]));
    }

    [Fact]
    public void PackedSequenceChecksItsParts()
    {
        var data = Tensor.Zeros(6, 2);
        Assert.Throws<ArgumentException>(() => new PackedSequence(data, Tensor.FromArray(new long[] { 2, 3, 1 })));   // increasing
        Assert.Throws<ArgumentException>(() => new PackedSequence(data, Tensor.FromArray(new long[] { 3, 2 })));      // 5 rows, not 6
        Assert.Throws<ArgumentException>(() => new PackedSequence(data, Tensor.FromArray(new[] { 3.0, 2, 1 })));      // not int64
        Assert.Throws<ArgumentException>(() => new PackedSequence(data, Tensor.FromArray(new long[] { 3, 2, 1 }), Tensor.FromArray(new long[] { 0, 0, 1 })));
        var packed = new PackedSequence(data, Tensor.FromArray(new long[] { 3, 2, 1 }), Tensor.FromArray(new long[] { 1, 2, 0 }));
        Assert.Equal(new long[] { 2, 0, 1 }, packed.UnsortedIndices!.ToArray<long>());   // the inverse, as PyTorch computes it
    }
}
