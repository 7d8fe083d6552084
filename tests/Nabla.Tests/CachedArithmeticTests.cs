using System.Numerics;
using Nabla.Kernels;

namespace Nabla.Tests;

/// <summary>
/// <see cref="CachedArithmetic"/>'s loops (four vectors a step, then one, then elements): every length from 0
/// past two whole steps, all three operand shapes, in place too, element for element against the scalar
/// operator, for float and double. The kernel table's lengths stop short of a float step of four vectors.
/// </summary>
public sealed class CachedArithmeticTests
{
    public static TheoryData<string> Operators => new() { "add", "sub", "mul", "div" };

    [Theory]
    [MemberData(nameof(Operators))]
    public void FloatMatchesTheScalarOperatorAtEveryLength(string op) => Check<float>(op);

    [Theory]
    [MemberData(nameof(Operators))]
    public void DoubleMatchesTheScalarOperatorAtEveryLength(string op) => Check<double>(op);

    private static void Check<T>(string op) where T : unmanaged, INumber<T>
    {
        var (span, left, right, scalar) = Forms<T>(op);
        var random = new Random(3);
        T Draw() => T.CreateTruncating(random.NextDouble() * 8 - 4 + (random.Next(4) == 0 ? 1e-3 : 0));
        for (int n = 0; n <= 2 * 4 * 16 + 17; n++)
        {
            T[] x = [.. Enumerable.Range(0, n).Select(_ => Draw())], y = [.. Enumerable.Range(0, n).Select(_ => Draw())];
            T number = Draw();
            var z = new T[n];
            span(x, y, z);
            for (int i = 0; i < n; i++) Assert.Equal(scalar(x[i], y[i]), z[i]);
            left(x, number, z);
            for (int i = 0; i < n; i++) Assert.Equal(scalar(x[i], number), z[i]);
            right(number, y, z);
            for (int i = 0; i < n; i++) Assert.Equal(scalar(number, y[i]), z[i]);
            var inPlace = (T[])x.Clone();
            span(inPlace, y, inPlace);
            for (int i = 0; i < n; i++) Assert.Equal(scalar(x[i], y[i]), inPlace[i]);
        }
    }

    private delegate void SpanForm<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> z);
    private delegate void LeftForm<T>(ReadOnlySpan<T> x, T y, Span<T> z);
    private delegate void RightForm<T>(T x, ReadOnlySpan<T> y, Span<T> z);

    private static (SpanForm<T>, LeftForm<T>, RightForm<T>, Func<T, T, T>) Forms<T>(string op) where T : unmanaged, INumber<T> => op switch
    {
        "add" => (AddOp.Apply, AddOp.Apply, AddOp.Apply, AddOp.Apply),
        "sub" => (SubOp.Apply, SubOp.Apply, SubOp.Apply, SubOp.Apply),
        "mul" => (MulOp.Apply, MulOp.Apply, MulOp.Apply, MulOp.Apply),
        "div" => (DivOp.Apply, DivOp.Apply, DivOp.Apply, DivOp.Apply),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    [Fact]
    public void ShortOutputsAreRefusedBeforeAnythingIsWritten()
    {
        var z = new float[3];
        var error = Assert.Throws<ArgumentException>(() => AddOp.Apply<float>(new float[4], new float[4], z));
        Assert.Contains("short", error.Message);   // "shorter" here, "too short" from TensorPrimitives without AVX-512
        Assert.All(z, v => Assert.Equal(0f, v));
    }
}
