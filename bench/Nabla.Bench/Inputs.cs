using TorchSharp;
using TT = TorchSharp.torch.Tensor;

namespace Nabla.Bench;

/// <summary>Seeded data, copied element for element into a Nabla tensor and a libtorch tensor.</summary>
internal static class Inputs
{
    /// <summary><paramref name="count"/> floats uniform in [<paramref name="low"/>, <paramref name="high"/>), the same for a given seed.</summary>
    public static float[] Uniform(long count, int seed, float low = -1, float high = 1)
    {
        var rng = new Random(seed);
        var data = new float[count];
        for (long i = 0; i < count; i++) data[i] = low + (high - low) * rng.NextSingle();
        return data;
    }

    /// <summary>The same data in both engines; the libtorch tensor joins <paramref name="owned"/>, to be freed with the row.</summary>
    public static (Tensor Nabla, TT Torch) Both(float[] data, int[] shape, List<IDisposable> owned, bool requiresGrad = false)
    {
        var n = Tensor.FromArray(data, shape, requiresGrad: requiresGrad);
        var t = torch.tensor(data, Array.ConvertAll(shape, d => (long)d), requires_grad: requiresGrad);
        owned.Add(t);
        return (n, t);
    }

    /// <summary>Class labels in [0, classes) as int64 in both engines.</summary>
    public static (Tensor Nabla, TT Torch) Labels(int count, int classes, int seed, List<IDisposable> owned)
    {
        var rng = new Random(seed);
        var data = new long[count];
        for (int i = 0; i < count; i++) data[i] = rng.Next(classes);
        var t = torch.tensor(data, [count]);
        owned.Add(t);
        return (Tensor.FromArray(data), t);
    }

    public static float[] Read(TT t) => t.contiguous().data<float>().ToArray();

    public static float[] Read(Tensor t) => t.ToArray<float>();
}
