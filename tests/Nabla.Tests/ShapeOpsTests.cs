namespace Nabla.Tests;

/// <summary>
/// Issue 10's shape ops: forward values against what PyTorch prints for the same call (taken from
/// PyTorch 1.13, committed as numbers), dtypes, views, the multi-output node of split/chunk/unbind,
/// and PyTorch's errors. Gradients and node names are in the op table (OpCases.MoreShapes.cs).
/// </summary>
public class ShapeOpsTests
{
    private static Tensor Grid(int rows, int cols) => Tensor.Arange(0.0, rows * cols).Reshape(rows, cols);

    private static void Values(double[] expected, Tensor actual) => Assert.Equal(expected, actual.To(DType.Float64).ToArray<double>());

    private static void Shape(int[] expected, Tensor t) => Assert.Equal(expected, t.Shape.ToArray());

    // ---- split, chunk, unbind ----

    [Fact]
    public void SplitChunkAndUnbindGiveViewsOfTheInput()
    {
        var x = Tensor.Arange(5);
        var parts = x.Split(2);
        Assert.Equal(3, parts.Length);
        Assert.Equal([0L, 1], parts[0].ToArray<long>());
        Assert.Equal([4L], parts[2].ToArray<long>());
        Assert.Equal(DType.Int64, parts[1].DType);
        var sized = x.Split([3, 2]);
        Assert.Equal([0L, 1, 2], sized[0].ToArray<long>());
        Assert.Equal([3L, 4], sized[1].ToArray<long>());
        var chunks = x.Chunk(3);
        Assert.Equal(3, chunks.Length);
        Assert.Equal([2L, 3], chunks[1].ToArray<long>());
        Assert.Equal([4L], chunks[2].ToArray<long>());
        Assert.Equal(3, Tensor.Arange(6).Chunk(4).Length);                     // PyTorch: fewer chunks when the size runs out
        Assert.Equal(4, Tensor.Zeros(0, 2).Chunk(4).Length);                   // an empty dim still gives 4 (empty) chunks

        var m = Grid(2, 3);
        var columns = m.Split(2, dim: 1);
        Shape([2, 2], columns[0]);
        Shape([2, 1], columns[1]);
        Values([2, 5], columns[1]);
        var rows = m.Unbind(0);
        Values([3, 4, 5], rows[1]);
        Values([1, 4], m.Unbind(-1)[1]);
        Assert.Empty(Tensor.Zeros(0, 3).Unbind(0));

        // Views: a write through the input shows in every piece.
        m.FillInPlace(7);
        Values([7, 7], columns[1]);
        Values([7, 7, 7], rows[1]);
    }

    [Fact]
    public void SplitRecordsOneNodeWithAnOutputPerPiece()
    {
        var x = Tensor.Arange(0.0, 6, dtype: DType.Float64, requiresGrad: true);
        var parts = x.Split(2);
        Assert.Same(parts[0].GradFn, parts[2].GradFn);
        Assert.Equal("SplitBackward0", parts[1].GradFn!.Name);
        Assert.Equal("SplitWithSizesBackward0", x.Split([1, 5])[1].GradFn!.Name);
        Assert.Equal("UnbindBackward0", x.Unbind()[4].GradFn!.Name);

        // A gradient reaching only some outputs: zeros for the others.
        (parts[0].Sum() + parts[2].Sum() * 3).Backward();
        Values([1, 1, 0, 0, 3, 3], x.Grad!);
    }

    [Fact]
    public void SplitDoubleBackwardAndForwardMode()
    {
        var x = Tensor.FromArray([1.0, 2, 3, 4], requiresGrad: true);
        var parts = x.Split(2);
        var y = (parts[1] * parts[1] * parts[1]).Sum();          // Σ x³ over the second piece
        var g = Autograd.Grad(y, x, createGraph: true)!;
        Values([0, 0, 27, 48], g);                                // 3x²
        var gg = Autograd.Grad(g.Sum(), x)!;
        Values([0, 0, 18, 24], gg);                              // 6x

        using (Autograd.ForwardAD.DualLevel())
        {
            var dual = Autograd.ForwardAD.MakeDual(Tensor.FromArray([1.0, 2, 3, 4]), Tensor.FromArray([1.0, 10, 100, 1000]));
            var pieces = dual.Unbind();
            Assert.Equal(300.0, Autograd.ForwardAD.UnpackDual(pieces[2] * 3).Tangent!.Item<double>());
            Values([100, 1000], Autograd.ForwardAD.UnpackDual(dual.Chunk(2)[1]).Tangent!);
        }
    }

    [Fact]
    public void PiecesOfARecordedSplitRefuseInPlaceChanges()
    {
        var x = Tensor.Ones([4], requiresGrad: true) * 2;
        var parts = x.Split(2);
        var error = Assert.Throws<InvalidOperationException>(() => parts[1].AddInPlace(1));
        Assert.Contains("Output 1 of SplitBackward0 is a view and is being modified inplace", error.Message);
        Assert.Contains("returns multiple views", error.Message);
        Assert.Throws<InvalidOperationException>(() => x.Unbind()[0].MulInPlace(2));
        Assert.Throws<InvalidOperationException>(() => parts[0][1..].FillInPlace(0));   // a view of such a view too
        using (Autograd.NoGrad()) parts[1].AddInPlace(1);                            // outside recording, as PyTorch allows
        Values([2, 2, 3, 3], x);
        var plain = Tensor.Ones(4).Split(2);                                           // nothing recorded: an ordinary view
        plain[1].AddInPlace(1);
        Values([2, 2], plain[1]);
    }

    [Fact]
    public void SplitErrors()
    {
        var x = Tensor.Zeros(3, 4);
        Assert.Contains("non-negative", Assert.Throws<ArgumentException>(() => x.Split(-1)).Message);
        Assert.Contains("split_size can only be 0 if dimension size is 0", Assert.Throws<ArgumentException>(() => x.Split(0)).Message);
        Assert.Contains("to sum exactly to 3", Assert.Throws<ArgumentException>(() => x.Split([1, 1])).Message);
        Assert.Contains("only non-negative entries", Assert.Throws<ArgumentException>(() => x.Split([-1, 4])).Message);
        Assert.Contains("greater than 0", Assert.Throws<ArgumentException>(() => x.Chunk(0)).Message);
        Assert.Contains("at least a 1-dimensional tensor", Assert.Throws<ArgumentException>(() => Tensor.Scalar(1.0).Unbind()).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => x.Split(2, dim: 2));
    }

    // ---- triangles and diagonals ----

    [Fact]
    public void TrilTriuKeepATriangleOfEveryMatrixInAnyDtype()
    {
        var x = Grid(3, 4);
        Values([0, 0, 0, 0, 4, 5, 0, 0, 8, 9, 10, 0], x.Tril());
        Values([0, 1, 2, 3, 0, 0, 6, 7, 0, 0, 0, 11], x.Triu(diagonal: 1));
        Values([0, 0, 0, 0, 4, 0, 0, 0, 8, 9, 0, 0], x.Tril(-1));
        var batch = Tensor.Ones([2, 2, 2], DType.Int64).Triu();
        Assert.Equal(DType.Int64, batch.DType);
        Assert.Equal([1L, 1, 0, 1, 1, 1, 0, 1], batch.ToArray<long>());
        Assert.Equal([true, false, true, true], Tensor.Ones([2, 2], DType.Bool).Tril().ToArray<bool>());
        Assert.Contains("at least 2 dimensions", Assert.Throws<ArgumentException>(() => Tensor.Ones(3).Tril()).Message);
    }

    [Fact]
    public void DiagonalIsAViewAlongAnyTwoDims()
    {
        var x = Grid(3, 4);
        Values([0, 5, 10], x.Diagonal());
        Values([1, 6, 11], x.Diagonal(1));
        Values([4, 9], x.Diagonal(-1));
        Shape([0], x.Diagonal(5));
        var y = Tensor.Arange(0.0, 24).Reshape(2, 3, 4);
        Values([0, 5, 10, 12, 17, 22], y.Diagonal(0, 1, 2));
        Shape([3, 1], y.Diagonal(1, 2, 0));
        Values([12, 16, 20], y.Diagonal(1, 2, 0));
        var d = x.Diagonal();
        x.FillInPlace(1);
        Values([1, 1, 1], d);                                    // a view
        Assert.Contains("cannot be identical", Assert.Throws<ArgumentException>(() => y.Diagonal(0, 1, -2)).Message);
    }

    [Fact]
    public void DiagAndDiagEmbed()
    {
        Values([0, 1, 0, 0, 0, 2, 0, 0, 0], Tensor.FromArray([1.0, 2]).Diag(1));
        Values([4, 9], Grid(3, 4).Diag(-1));
        var embedded = Tensor.FromArray(new[,] { { 1.0, 2 }, { 3, 4 } }).DiagEmbed(-1, 0, 2);
        Shape([3, 2, 3], embedded);
        Values([0, 0, 0, 0, 0, 0, 1, 0, 0, 3, 0, 0, 0, 2, 0, 0, 4, 0], embedded);
        Assert.Contains("Supports 1D or 2D tensors. Got 3D", Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 2, 2).Diag()).Message);
        var copy = Grid(2, 2).Diag();
        Assert.True(copy.IsContiguous);
    }

    // ---- repeat, tile, repeat_interleave, roll ----

    [Fact]
    public void RepeatAndTile()
    {
        var a = Tensor.FromArray(new long[] { 1, 2, 3, 4 }, [2, 2]);
        var r = a.Repeat(2, 1, 3);
        Shape([2, 2, 6], r);
        Assert.Equal([1L, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4, 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4], r.ToArray<long>());
        Assert.Equal([1L, 2, 1, 2, 3, 4, 3, 4], a.Tile(2).ToArray<long>());
        Shape([2, 0], a.Repeat(1, 0));
        Assert.Contains("can not be smaller", Assert.Throws<ArgumentException>(() => a.Repeat(2)).Message);
        Assert.Contains("negative dimension", Assert.Throws<ArgumentException>(() => a.Repeat(1, -1)).Message);
        r.FillInPlace(0);                                        // a fresh copy: writing it leaves the input alone
        Assert.Equal(1L, a[0, 0].Item<long>());
    }

    [Fact]
    public void RepeatInterleaveWithACountOrACountPerElement()
    {
        var a = Tensor.FromArray(new long[] { 1, 2, 3, 4 }, [2, 2]);
        Assert.Equal([1L, 1, 2, 2, 3, 3, 4, 4], a.RepeatInterleave(2).ToArray<long>());
        Assert.Equal([1L, 2, 1, 2, 3, 4, 3, 4], a.RepeatInterleave(2, dim: 0).ToArray<long>());
        var counts = Tensor.FromArray(new long[] { 1, 2 });
        Assert.Equal([1L, 2, 2, 3, 4, 4], a.RepeatInterleave(counts, dim: 1).ToArray<long>());
        Assert.Equal([1L, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4], a.RepeatInterleave(Tensor.Scalar(3L)).ToArray<long>());
        Assert.Contains("same size as input along dim", Assert.Throws<ArgumentException>(() => a.RepeatInterleave(Tensor.FromArray(new long[] { 1, 2, 3 }), 0)).Message);
        Assert.Contains("can not be negative", Assert.Throws<ArgumentException>(() => a.RepeatInterleave(Tensor.FromArray(new long[] { 1, -1 }), 0)).Message);
        Assert.Contains("Long or Int", Assert.Throws<ArgumentException>(() => a.RepeatInterleave(Tensor.FromArray([1.0, 2]), 0)).Message);
    }

    [Fact]
    public void RollShiftsAroundTheEnds()
    {
        var x = Grid(3, 4);
        Values([11, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], x.Roll(1));
        Values([1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8], x.Roll(-1, dims: 1));
        Values([10, 11, 8, 9, 2, 3, 0, 1, 6, 7, 4, 5], x.Roll([1, 2], [0, 1]));
        Values([10, 11, 8, 9, 2, 3, 0, 1, 6, 7, 4, 5], x.Roll([13, -6], [-2, -1]));   // shifts wrap modulo the size
        Values([8, 9, 10, 11, 0, 1, 2, 3, 4, 5, 6, 7], x.T.Roll(1, 1).T);             // non-contiguous input
        var same = x.Roll(0);
        same.FillInPlace(0);
        Assert.Equal(5.0, x[1, 1].Item<double>());                                   // a copy even for no shift
        Assert.Contains("must align", Assert.Throws<ArgumentException>(() => x.Roll([1, 2], [0])).Message);
    }

    // ---- rearranging ----

    [Fact]
    public void MoveDimUnflattenAndTheAsForms()
    {
        var y = Tensor.Arange(0.0, 24).Reshape(2, 3, 4);
        var moved = y.MoveDim([0, 1], [2, 0]);
        Shape([3, 4, 2], moved);
        Values([0, 12, 1, 13, 2, 14, 3, 15, 4, 16, 5, 17, 6, 18, 7, 19, 8, 20, 9, 21, 10, 22, 11, 23], moved);
        Shape([3, 4, 2], y.MoveDim(0, -1));
        Assert.Contains("repeated dim in `source`", Assert.Throws<ArgumentException>(() => y.MoveDim([0, -3], [1, 2])).Message);
        Assert.Contains("same number of dims", Assert.Throws<ArgumentException>(() => y.MoveDim([0, 1], [1])).Message);

        Shape([2, 3, 2, 2], y.Unflatten(-1, [2, -1]));
        Assert.Contains("don't multiply up to the size of dim 1 (3)", Assert.Throws<ArgumentException>(() => y.Unflatten(1, [2, 2])).Message);
        Assert.Contains("only one dimension can be inferred", Assert.Throws<ArgumentException>(() => y.Unflatten(1, [-1, -1])).Message);

        var other = Tensor.Zeros(4, 6);
        Shape([4, 6], y.ViewAs(other));
        Shape([4, 6], y.Transpose(0, 2).ReshapeAs(other));
        Shape([2, 3, 4], Tensor.FromArray([1.0, 2, 3, 4]).ExpandAs(y));
        Shape([5, 2, 3], Tensor.Zeros(2, 1).BroadcastTo(5, 2, 3));
        var a = Tensor.Zeros(3, 1);
        var (b, c) = (Tensor.Zeros(4), Tensor.Zeros(3, 4));
        var all = Tensor.BroadcastTensors(a, b, c);
        Assert.All(all, t => Shape([3, 4], t));
        Assert.Same(c, all[2]);                                  // already the common shape: returned as it is
        Assert.Throws<ArgumentException>(() => Tensor.BroadcastTensors(a, Tensor.Zeros(2, 4)));
    }

    [Fact]
    public void UnflattenModuleCallsTheOp()
    {
        var layer = new NN.Unflatten(1, [2, 5]);
        var y = layer.Forward(Tensor.Zeros([3, 10], requiresGrad: true));
        Shape([3, 2, 5], y);
        Assert.Equal("ViewBackward0", y.GradFn!.Name);
        Assert.Contains("don't multiply up", Assert.Throws<ArgumentException>(() => layer.Forward(Tensor.Zeros(3, 9))).Message);
    }

    // ---- joining ----

    [Fact]
    public void StacksAndMeshgrid()
    {
        var (a, b) = (Tensor.FromArray(new long[] { 1, 2 }), Tensor.FromArray(new long[] { 3, 4 }));
        Assert.Equal([1L, 2, 3], Tensor.HStack([a, Tensor.FromArray(new long[] { 3 })]).ToArray<long>());
        var v = Tensor.VStack([a, Tensor.FromArray(new long[] { 3, 4 }, [1, 2])]);
        Shape([2, 2], v);
        Assert.Equal([1L, 2, 3, 4], v.ToArray<long>());
        var d = Tensor.DStack([a, b]);
        Shape([1, 2, 2], d);
        Assert.Equal([1L, 3, 2, 4], d.ToArray<long>());
        var c = Tensor.ColumnStack([a, Tensor.FromArray(new long[] { 3, 4, 5, 6 }, [2, 2])]);
        Assert.Equal([1L, 3, 4, 2, 5, 6], c.ToArray<long>());
        Assert.Contains("non-empty", Assert.Throws<ArgumentException>(() => Tensor.HStack([])).Message);

        var xy = Tensor.Meshgrid([Tensor.FromArray(new long[] { 1, 2, 3 }), Tensor.FromArray(new long[] { 4, 5 })], indexing: "xy");
        var (gx, gy) = (xy[0], xy[1]);
        Shape([2, 3], gx);
        Assert.Equal([1L, 2, 3, 1, 2, 3], gx.ToArray<long>());
        Assert.Equal([4L, 4, 4, 5, 5, 5], gy.ToArray<long>());
        var ij = Tensor.Meshgrid([Tensor.FromArray(new long[] { 1, 2, 3 }), Tensor.FromArray(new long[] { 4, 5 })]);
        Shape([3, 2], ij[0]);
        Assert.Equal([1L, 1, 2, 2, 3, 3], ij[0].ToArray<long>());
        Assert.Contains("indexing must be one of", Assert.Throws<ArgumentException>(() => Tensor.Meshgrid([a], indexing: "yx")).Message);
        Assert.Contains("0D or 1D", Assert.Throws<ArgumentException>(() => Tensor.Meshgrid([Tensor.Zeros(2, 2)])).Message);
    }
}
