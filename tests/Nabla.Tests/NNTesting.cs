namespace Nabla.Tests;

/// <summary>Shared helpers of the NN tests: seeded float64 inputs and tolerant comparisons.</summary>
internal static class NNTesting
{
    /// <summary>A float64 leaf of standard normal values that requires grad, the same for every run.</summary>
    public static Tensor Randn(int seed, params int[] shape) => Tensor.Randn(shape, DType.Float64, requiresGrad: true, generator: new Generator(seed));

    /// <summary>A float64 constant (no grad) from values and a shape.</summary>
    public static Tensor Doubles(double[] values, params int[] shape) => Tensor.FromArray(values, shape);

    /// <summary>Asserts elementwise closeness with a readable message.</summary>
    public static void AssertClose(double[] expected, Tensor actual, double tolerance = 1e-6)
    {
        var values = actual.ToArray<double>();
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - values[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i]))))
                Assert.Fail($"element {i}: expected {expected[i]}, got {values[i]} (all: [{string.Join(", ", values.Take(50))}])");
    }

    /// <summary>Asserts that a scalar tensor is close to <paramref name="expected"/>.</summary>
    public static void AssertClose(double expected, Tensor actual, double tolerance = 1e-6) => AssertClose([expected], actual, tolerance);
}
