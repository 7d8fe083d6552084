using System.Numerics;
using Nabla.Kernels;

namespace Nabla.Tests;

public class GemmTests
{
    /// <summary>How an operand is laid out in its array: the three cases the kernels branch on.</summary>
    public enum Layout { RowMajor, ColMajor, Strided }

    private static readonly int[] SmallSizes = [0, 1, 2, 3, 7, 17, 31, 33];
    private static readonly Layout[] AllLayouts = [Layout.RowMajor, Layout.ColMajor, Layout.Strided];

    /// <summary>A rows×cols operand at offset 3 with padded leading dimension; Strided uses no unit stride at all.</summary>
    private sealed class Operand<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        public readonly T[] Data;
        public readonly int Offset = 3, RowStride, ColStride;
        public readonly double[,] Values;

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
            Array.Fill(Data, T.CreateChecked(1e6)); // any gap element read by mistake ruins the result
            Values = new double[rows, cols];
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++)
                {
                    T v = T.CreateChecked(rng.NextDouble() * 2 - 1);
                    Data[Offset + i * RowStride + j * ColStride] = v;
                    Values[i, j] = double.CreateChecked(v);
                }
        }
    }

    private static void Check<T>(int m, int n, int k, Layout la, Layout lb, bool accumulate,
        GemmKernel kernel = GemmKernel.Auto, int threads = 1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Random(m * 1_000_003 + n * 10_007 + k * 101 + (int)la * 7 + (int)lb * 3 + (accumulate ? 1 : 0));
        var a = new Operand<T>(m, k, la, rng);
        var b = new Operand<T>(k, n, lb, rng);
        int ldc = n + 3, cOffset = 5;
        var c = new T[cOffset + m * ldc + 4];
        var sentinel = T.CreateChecked(777);
        Array.Fill(c, sentinel);
        var c0 = new double[m, n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                // Without accumulate C starts as NaN: it must be overwritten, never scaled by zero.
                T v = accumulate ? T.CreateChecked(rng.NextDouble() * 2 - 1) : T.NaN;
                c[cOffset + i * ldc + j] = v;
                c0[i, j] = accumulate ? double.CreateChecked(v) : 0;
            }

        Gemm.Multiply(m, n, k, a.Data, a.Offset, a.RowStride, a.ColStride,
            b.Data, b.Offset, b.RowStride, b.ColStride, c, cOffset, ldc, accumulate, kernel, threads);

        double tolerance = (typeof(T) == typeof(float) ? 1e-5 : 1e-13) * Math.Max(k, 1);
        var inside = new bool[c.Length];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double expected = c0[i, j];
                for (int p = 0; p < k; p++) expected += a.Values[i, p] * b.Values[p, j];
                int at = cOffset + i * ldc + j;
                inside[at] = true;
                double actual = double.CreateChecked(c[at]);
                if (!(Math.Abs(actual - expected) <= tolerance))
                    Assert.Fail($"{typeof(T).Name} {m}x{n}x{k} A:{la} B:{lb} acc:{accumulate} {kernel} t{threads}: C[{i},{j}] = {actual}, expected {expected}");
            }
        for (int at = 0; at < c.Length; at++)
            if (!inside[at] && c[at] != sentinel) Assert.Fail($"{m}x{n}x{k} {kernel}: wrote outside C at {at}");
    }

    // GemmKernel is internal, so theories take its name.
    public static TheoryData<string> Kernels => [.. Enum.GetNames<GemmKernel>()];

    [Theory]
    [MemberData(nameof(Kernels))]
    public void SmallShapes_AllLayouts_Float(string kernel) => SmallShapes<float>(Enum.Parse<GemmKernel>(kernel));

    [Theory]
    [MemberData(nameof(Kernels))]
    public void SmallShapes_AllLayouts_Double(string kernel) => SmallShapes<double>(Enum.Parse<GemmKernel>(kernel));

    private static void SmallShapes<T>(GemmKernel kernel) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int index = 0;
        foreach (int m in SmallSizes)
            foreach (int n in SmallSizes)
                foreach (int k in SmallSizes)
                    foreach (var la in AllLayouts)
                        foreach (var lb in AllLayouts)
                            if (index++ % 3 == 0 || kernel == GemmKernel.Auto) // a third of the layouts per forced kernel
                                Check<T>(m, n, k, la, lb, accumulate: index % 2 == 0, kernel);
    }

    /// <summary>Shapes that cross the micro-tile, k-block, m-block and n-block edges, and the direct forms' vector lengths.</summary>
    public static TheoryData<int, int, int> LargeShapes => new()
    {
        { 64, 64, 64 }, { 65, 65, 65 }, { 100, 130, 257 }, { 257, 100, 130 }, { 130, 257, 65 },
        { 1, 257, 130 }, { 257, 1, 130 }, { 257, 130, 1 }, { 3, 257, 257 }, { 257, 3, 257 }, { 257, 257, 3 },
        { 31, 100, 513 }, { 600, 40, 257 }, { 13, 2100, 20 }, { 1, 1, 1000 }, { 257, 257, 0 },
    };

    [Theory]
    [MemberData(nameof(LargeShapes))]
    public void LargeShapes_AllKernels(int m, int n, int k)
    {
        int index = 0;
        foreach (var kernel in Enum.GetValues<GemmKernel>())
            foreach (var la in AllLayouts)
                foreach (var lb in AllLayouts)
                {
                    // Everything through Auto; the forced kernels on a rotating subset, to keep the suite fast.
                    if (kernel != GemmKernel.Auto && index++ % 4 != 0) continue;
                    bool accumulate = (m + n + k + (int)la + (int)lb) % 2 == 0;
                    Check<float>(m, n, k, la, lb, accumulate, kernel);
                    Check<double>(m, n, k, la, lb, !accumulate, kernel);
                }
    }

    [Theory]
    [InlineData(257, 130, 100)]
    [InlineData(100, 300, 100)]
    [InlineData(1000, 1, 1000)]
    [InlineData(1, 1000, 1000)]
    public void Parallel_MatchesReference(int m, int n, int k)
    {
        foreach (var la in new[] { Layout.RowMajor, Layout.ColMajor })
            foreach (var lb in new[] { Layout.RowMajor, Layout.ColMajor })
            {
                Check<float>(m, n, k, la, lb, accumulate: false, threads: 2);
                Check<double>(m, n, k, la, lb, accumulate: true, threads: 2);
            }
    }

    [Fact]
    public void KZero_ZeroesOrKeepsC()
    {
        var c = new float[] { 5, 1, 2, 5, 3, 4, 5 };
        Gemm.Multiply(2, 2, 0, [], 0, 0, 0, [], 0, 0, 0, c, 1, 3, accumulate: true);
        Assert.Equal([5, 1, 2, 5, 3, 4, 5], c);
        Gemm.Multiply(2, 2, 0, [], 0, 0, 0, [], 0, 0, 0, c, 1, 3, accumulate: false);
        Assert.Equal([5, 0, 0, 5, 0, 0, 5], c);
    }

    [Fact]
    public void TransposedViews_ShareOneArray()
    {
        // C = Xᵀ·X with both operands reading the same 3×2 row-major array.
        double[] x = [1, 2, 3, 4, 5, 6];
        var c = new double[4];
        Gemm.Multiply(2, 2, 3, x, 0, 1, 2, x, 0, 2, 1, c, 0, 2, accumulate: false);
        Assert.Equal([35.0, 44, 44, 56], c);
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
