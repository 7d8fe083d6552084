using System.Numerics;
using Nabla.Kernels;

namespace Nabla.Tests;

public class GemmTests
{
    /// <summary>How an operand is laid out in its array: the three cases the kernels branch on.</summary>
    public enum Layout { RowMajor, ColMajor, Strided }

    private static readonly int[] SmallSizes = [0, 1, 2, 3, 7, 17, 31, 33];
    private static readonly Layout[] AllLayouts = [Layout.RowMajor, Layout.ColMajor, Layout.Strided];
    private static readonly GemmKernel[] AllKernels = Enum.GetValues<GemmKernel>();

    /// <summary>A rows×cols operand at offset 3 with padded leading dimension; Strided has no unit stride at all.</summary>
    private sealed class Operand<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public readonly T[] Data;
        public readonly int Offset = 3, RowStride, ColStride;
        public readonly double[] Values; // row-major copy, for the reference

        public Operand(int rows, int cols, Layout layout, Random rng)
        {
            (RowStride, ColStride) = layout switch
            {
                Layout.RowMajor => (cols + 2, 1),
                Layout.ColMajor => (1, rows + 1),
                _ => (2 * cols + 3, 2),
            };
            int length = Offset + 5 + (rows == 0 || cols == 0 ? 0 : (rows - 1) * RowStride + (cols - 1) * ColStride + 1);
            Data = new T[length];
            Array.Fill(Data, T.CreateChecked(1e6)); // a gap element read by mistake ruins the result
            Values = new double[rows * cols];
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                {
                    T v = T.CreateChecked(rng.NextDouble() * 2 - 1);
                    Data[Offset + i * RowStride + j * ColStride] = v;
                    Values[i * cols + j] = double.CreateChecked(v);
                }
        }
    }

    /// <summary>Operands of one shape and layout with their exact product, checked against any number of runs.</summary>
    private sealed class Case<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly int m, n, k;
        private readonly Operand<T> a, b;
        private readonly double[] product;
        private readonly string name;
        private readonly Random rng;

        public Case(int m, int n, int k, Layout la, Layout lb)
        {
            (this.m, this.n, this.k) = (m, n, k);
            rng = new Random(m * 1_000_003 + n * 10_007 + k * 101 + (int)la * 7 + (int)lb);
            a = new Operand<T>(m, k, la, rng);
            b = new Operand<T>(k, n, lb, rng);
            name = $"{typeof(T).Name} {m}x{n}x{k} A:{la} B:{lb}";
            var bt = new double[n * k];
            for (int p = 0; p < k; p++)
                for (int j = 0; j < n; j++) bt[j * k + p] = b.Values[p * n + j];
            product = new double[m * n];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += a.Values[i * k + p] * bt[j * k + p];
                    product[i * n + j] = s;
                }
        }

        public void Verify(bool accumulate, GemmKernel kernel = GemmKernel.Auto, int threads = 1)
        {
            int ldc = n + 3, cOffset = 5;
            var c = new T[cOffset + m * ldc + 4];
            var sentinel = T.CreateChecked(777);
            Array.Fill(c, sentinel);
            var expected = new double[m * n];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    // Without accumulate C starts as NaN: it must be overwritten, never scaled by zero.
                    T v = accumulate ? T.CreateChecked(rng.NextDouble() * 2 - 1) : T.NaN;
                    c[cOffset + i * ldc + j] = v;
                    expected[i * n + j] = product[i * n + j] + (accumulate ? double.CreateChecked(v) : 0);
                }

            Gemm.Multiply(m, n, k, a.Data, a.Offset, a.RowStride, a.ColStride,
                b.Data, b.Offset, b.RowStride, b.ColStride, c, cOffset, ldc, accumulate, kernel, threads);

            double tolerance = (typeof(T) == typeof(float) ? 1e-5 : 1e-13) * Math.Max(k, 1);
            var inside = new bool[c.Length];
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    int at = cOffset + i * ldc + j;
                    inside[at] = true;
                    double actual = double.CreateChecked(c[at]);
                    if (!(Math.Abs(actual - expected[i * n + j]) <= tolerance))
                        Assert.Fail($"{name} acc:{accumulate} {kernel} t{threads}: C[{i},{j}] = {actual}, expected {expected[i * n + j]}");
                }
            for (int at = 0; at < c.Length; at++)
                if (!inside[at] && c[at] != sentinel) Assert.Fail($"{name} {kernel}: wrote outside C at {at}");
        }
    }

    [Fact]
    public void SmallShapes_AllLayouts_Float() => SmallShapes<float>();

    [Fact]
    public void SmallShapes_AllLayouts_Double() => SmallShapes<double>();

    /// <summary>Every shape from the small sizes in every layout, through the default path and one forced kernel each.</summary>
    private static void SmallShapes<T>() where T : unmanaged, IFloatingPointIeee754<T>
    {
        int index = 0;
        foreach (int m in SmallSizes)
            foreach (int n in SmallSizes)
                foreach (int k in SmallSizes)
                    foreach (var la in AllLayouts)
                        foreach (var lb in AllLayouts)
                        {
                            var test = new Case<T>(m, n, k, la, lb);
                            test.Verify(accumulate: index % 2 == 0);
                            test.Verify(accumulate: index % 3 == 0, AllKernels[1 + index % (AllKernels.Length - 1)]);
                            index++;
                        }
    }

    /// <summary>Shapes that cross the micro-tile, k-block, m-block and n-block edges, and the direct forms' vector lengths.</summary>
    public static TheoryData<int, int, int> LargeShapes => new()
    {
        { 64, 64, 64 }, { 65, 65, 65 }, { 100, 130, 257 }, { 257, 100, 130 }, { 130, 257, 65 },
        { 1, 257, 130 }, { 257, 1, 130 }, { 257, 130, 1 }, { 3, 257, 257 }, { 257, 3, 257 }, { 257, 257, 3 },
        { 31, 100, 513 }, { 500, 24, 200 }, { 13, 300, 20 }, { 1, 1, 1000 }, { 257, 257, 0 },
    };

    [Theory]
    [MemberData(nameof(LargeShapes))]
    public void LargeShapes_AllLayoutsAndKernels(int m, int n, int k)
    {
        int index = 0;
        foreach (var la in AllLayouts)
            foreach (var lb in AllLayouts)
            {
                var single = new Case<float>(m, n, k, la, lb);
                var twice = new Case<double>(m, n, k, la, lb);
                single.Verify(accumulate: index % 2 == 0);
                twice.Verify(accumulate: index % 2 == 1);
                // Every forced kernel on a rotating subset of layouts, to keep the suite fast.
                foreach (var kernel in AllKernels)
                {
                    if (kernel == GemmKernel.Auto || index++ % 3 != 0) continue;
                    single.Verify(accumulate: index % 2 == 1, kernel);
                    twice.Verify(accumulate: index % 2 == 0, kernel);
                }
            }
    }

    /// <summary>Tiny cache blocks, so that modest shapes cross many k, m and n block edges (block sizes never change results).</summary>
    [Fact]
    public void TinyBlocks_CrossEveryBlockEdge()
    {
        // Thread-local overrides: single-threaded calls on this thread only, so other tests are unaffected.
        Gemm.ThreadBlocks = (16, 1, 1); // kc = 16, mc = mr, nc = nr
        try
        {
            foreach (var (m, n, k) in new[] { (37, 70, 50), (25, 100, 33) })
                foreach (var la in AllLayouts)
                    foreach (var lb in AllLayouts)
                        foreach (var kernel in new[] { GemmKernel.Vector512, GemmKernel.Vector256, GemmKernel.Portable })
                        {
                            new Case<float>(m, n, k, la, lb).Verify(accumulate: la == lb, kernel);
                            new Case<double>(m, n, k, la, lb).Verify(accumulate: la != lb, kernel);
                        }
        }
        finally
        {
            Gemm.ThreadBlocks = default;
        }
    }

    /// <summary>Products big enough to be cut into row bands (m ≥ n) or column bands (n &gt; m) for two threads.</summary>
    [Theory]
    [InlineData(257, 130, 130)]
    [InlineData(130, 300, 110)]
    public void TwoThreads_MatchReference(int m, int n, int k)
    {
        Assert.True((long)m * n * k >= Gemm.ParallelThreshold, "shape too small to run in parallel");
        foreach (var la in new[] { Layout.RowMajor, Layout.ColMajor })
            foreach (var lb in new[] { Layout.RowMajor, Layout.ColMajor })
            {
                new Case<float>(m, n, k, la, lb).Verify(accumulate: la == lb, threads: 2);
                new Case<double>(m, n, k, la, lb).Verify(accumulate: la != lb, threads: 2);
            }
    }

    /// <summary>
    /// Two threads taking row slices, with blocks small enough that the product crosses several k and n
    /// block edges (each packed by both threads) and m is cut into slices with a ragged last tile.
    /// </summary>
    [Fact]
    public void TwoThreads_RowSlices_CrossBlockEdges()
    {
        const int m = 301, n = 150, k = 140;
        Assert.True((long)m * n * k >= Gemm.ParallelThreshold, "shape too small to run in parallel");
        Gemm.ThreadBlocks = (48, 1, 64 * 48 * 8); // kc = 48, mc = mr, nc of a few micro-panels
        try
        {
            foreach (var la in AllLayouts)
                foreach (var lb in AllLayouts)
                    foreach (var kernel in new[] { GemmKernel.Vector512, GemmKernel.Vector256, GemmKernel.Portable })
                    {
                        new Case<float>(m, n, k, la, lb).Verify(accumulate: la == lb, kernel, threads: 2);
                        new Case<double>(m, n, k, la, lb).Verify(accumulate: la != lb, kernel, threads: 2);
                    }
        }
        finally
        {
            Gemm.ThreadBlocks = default;
        }
    }

    /// <summary>
    /// A column-major A packs each step's run of rows with vectors that overrun into the following steps,
    /// in blocks of 16 steps across the panels: with narrow panels (the 256-bit and portable kernels) and
    /// k past a block edge, an overrun past a panel's last step would land in the next panel, which an
    /// earlier block already wrote.
    /// </summary>
    [Fact]
    public void ColumnMajorA_ShortDepth_WholeTiles()
    {
        foreach (int m in new[] { 24, 48, 96 })
            foreach (int k in new[] { 1, 2, 3, 18, 35 })
                foreach (var kernel in new[] { GemmKernel.Vector512, GemmKernel.Vector256, GemmKernel.Portable })
                {
                    new Case<float>(m, 64, k, Layout.ColMajor, Layout.RowMajor).Verify(accumulate: false, kernel);
                    new Case<double>(m, 64, k, Layout.ColMajor, Layout.RowMajor).Verify(accumulate: true, kernel);
                }
    }

    [Fact]
    public void KZero_ZeroesOrKeepsC()
    {
        var c = new float[] { 5, 1, 2, 5, 3, 4, 5 };
        Gemm.Multiply(2, 2, 0, [], 0, 0, 0, [], 0, 0, 0, c, 1, 3, accumulate: true);
        Assert.Equal(new float[] { 5, 1, 2, 5, 3, 4, 5 }, c);
        Gemm.Multiply(2, 2, 0, [], 0, 0, 0, [], 0, 0, 0, c, 1, 3, accumulate: false);
        Assert.Equal(new float[] { 5, 0, 0, 5, 0, 0, 5 }, c);
    }

    [Fact]
    public void BroadcastOperands_WithZeroStrides()
    {
        // A: 40 identical rows (row stride 0); B: 50 identical columns (column stride 0).
        const int m = 40, n = 50, k = 30;
        var a = new float[k];
        var b = new float[k];
        for (int p = 0; p < k; p++) (a[p], b[p]) = (p % 7 - 3, p % 5 - 2);
        float dot = 0;
        for (int p = 0; p < k; p++) dot += a[p] * b[p];
        foreach (var kernel in AllKernels)
        {
            var c = new float[m * n];
            Gemm.Multiply(m, n, k, a, 0, 0, 1, b, 0, 1, 0, c, 0, n, accumulate: false, kernel, maxThreads: 1);
            Assert.All(c, x => Assert.Equal(dot, x));
        }
    }

    [Fact]
    public void TransposedViews_ShareOneArray()
    {
        // C = Xᵀ·X with both operands reading the same 3×2 row-major array.
        double[] x = [1, 2, 3, 4, 5, 6];
        var c = new double[4];
        Gemm.Multiply(2, 2, 3, x, 0, 1, 2, x, 0, 2, 1, c, 0, 2, accumulate: false);
        Assert.Equal(new double[] { 35, 44, 44, 56 }, c);
    }

    [Fact]
    public void RejectsOperandsThatOverrunTheirArrays()
    {
        var a = new float[6];
        var c = new float[4];
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Gemm.Multiply(2, 2, 3, a, 1, 3, 1, a, 0, 2, 1, c, 0, 2, accumulate: false));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Gemm.Multiply(2, 2, 3, a, 0, 3, 1, a, 0, 2, 1, c, 1, 2, accumulate: false));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Gemm.Multiply(2, 2, 3, a, 0, 3, 1, a, 0, 2, 1, c, 0, 1, accumulate: false));
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Gemm.Multiply(-1, 2, 3, a, 0, 3, 1, a, 0, 2, 1, c, 0, 2, accumulate: false));
    }
}
