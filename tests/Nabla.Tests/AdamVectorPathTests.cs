using Nabla.Optim;

namespace Nabla.Tests;

/// <summary>
/// Adam's element update runs over whole vectors and a scalar tail: each element of a 37-element parameter
/// (two float32 vectors and a tail; four float64 vectors and a tail) must end with the bits the scalar code
/// gives when that element is a parameter of its own.
/// </summary>
public sealed class AdamVectorPathTests
{
    public static TheoryData<string, DType> Cases() => new()
    {
        { "adam", DType.Float32 }, { "adamw", DType.Float32 }, { "adam decay", DType.Float64 }, { "adamw", DType.Float64 },
    };

    private static Optimizer Make(string name, Tensor p) => name switch
    {
        "adam" => new Adam([p], lr: 0.01),
        "adam decay" => new Adam([p], lr: 0.02, beta1: 0.8, beta2: 0.9, weightDecay: 0.1),
        _ => new AdamW([p], lr: 0.01, beta2: 0.99, weightDecay: 0.1),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void VectorLanesMatchTheScalarUpdate(string name, DType dtype)
    {
        const int count = 37, steps = 3;
        var start = Enumerable.Range(0, count).Select(i => Math.Sin(i + 1.0)).ToArray();
        double Grad(int step, int i) => Math.Cos(0.7 * i + step) * (i % 5 + 1);

        var whole = Tensor.FromArray(start, dtype).RequiresGradInPlace();
        var optimizer = Make(name, whole);
        for (int s = 0; s < steps; s++)
        {
            whole.Grad = Tensor.FromArray(Enumerable.Range(0, count).Select(i => Grad(s, i)).ToArray(), dtype);
            optimizer.Step();
        }
        var got = whole.To(DType.Float64).ToArray<double>();

        for (int i = 0; i < count; i++)
        {
            var single = Tensor.FromArray([start[i]], dtype).RequiresGradInPlace();
            var alone = Make(name, single);
            for (int s = 0; s < steps; s++)
            {
                single.Grad = Tensor.FromArray([Grad(s, i)], dtype);
                alone.Step();
            }
            Assert.Equal(single.To(DType.Float64).ToArray<double>()[0], got[i]);
        }
    }
}
