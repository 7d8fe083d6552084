using TorchSharp;
using TT = TorchSharp.torch.Tensor;

namespace Nabla.Bench;

/// <summary>Moving values into both engines and reading them back, and the difference measure of the check.</summary>
internal static class Values
{
    public static Tensor ToNabla(double[] values, In input) => input.DType switch
    {
        DType.Int64 => Tensor.FromArray(Array.ConvertAll(values, v => (long)v), input.Shape),
        DType.Int32 => Tensor.FromArray(Array.ConvertAll(values, v => (int)v), input.Shape),
        DType.Bool => Tensor.FromArray(Array.ConvertAll(values, v => v != 0), input.Shape),
        _ => Tensor.FromArray(values, input.Shape, input.DType, requiresGrad: input.Grad),
    };

    public static TT ToTorch(double[] values, In input)
    {
        long[] shape = Array.ConvertAll(input.Shape, d => (long)d);
        return input.DType switch
        {
            DType.Int64 => torch.tensor(Array.ConvertAll(values, v => (long)v), shape),
            DType.Int32 => torch.tensor(Array.ConvertAll(values, v => (int)v), shape),
            DType.Bool => torch.tensor(Array.ConvertAll(values, v => v != 0), shape),
            DType.Float32 => torch.tensor(Array.ConvertAll(values, v => (float)v), shape, requires_grad: input.Grad),
            _ => torch.tensor(values, shape, requires_grad: input.Grad),
        };
    }

    public static double[] Read(Tensor t) => t.Detach().To(DType.Float64).ToArray<double>();

    // TorchSharp's accessor fails on an empty tensor, hence the test, and on libtorch's storage-less zeros (the
    // "efficient zero tensor" some backward formulas return, e.g. sgn's), hence the add into real zeros.
    public static double[] Read(TT t) => t.numel() == 0 ? []
        : torch.zeros(t.shape, torch.ScalarType.Float64).add_(t.detach().to_type(torch.ScalarType.Float64)).data<double>().ToArray();

    public static string DTypeName(Tensor t) => t.DType switch
    {
        DType.Float32 => "float32", DType.Float64 => "float64", DType.Int64 => "int64", DType.Int32 => "int32", DType.Bool => "bool",
        var d => d.ToString(),
    };

    public static string DTypeName(TT t) => t.dtype switch
    {
        torch.ScalarType.Float32 => "float32", torch.ScalarType.Float64 => "float64", torch.ScalarType.Int64 => "int64",
        torch.ScalarType.Int32 => "int32", torch.ScalarType.Bool => "bool", var d => d.ToString(),
    };

    public static bool IsFloating(TT t) => t.dtype is torch.ScalarType.Float32 or torch.ScalarType.Float64;

    public static string ShapeText(IEnumerable<long> shape) => $"[{string.Join(',', shape)}]";

    /// <summary>
    /// How far <paramref name="nabla"/> is from <paramref name="torch"/>: max |n - t| / max |t| over the finite
    /// entries (absolute where libtorch's are all zero); NaN must meet NaN and an infinity the same infinity,
    /// else the difference is +∞. Shapes and dtypes are compared first and a mismatch is returned as text.
    /// </summary>
    public static (double Diff, string? Problem) Compare(Tensor nabla, TT torch)
    {
        var nShape = nabla.Shape.ToArray().Select(d => (long)d).ToArray();
        if (!nShape.SequenceEqual(torch.shape)) return (double.PositiveInfinity, $"shape {ShapeText(nShape)} vs {ShapeText(torch.shape)}");
        if (DTypeName(nabla) != DTypeName(torch)) return (double.PositiveInfinity, $"dtype {DTypeName(nabla)} vs {DTypeName(torch)}");
        return (Diff(Read(nabla), Read(torch)), null);
    }

    public static double Diff(double[] a, double[] b)
    {
        double maxDiff = 0, scale = 0;
        for (int i = 0; i < a.Length; i++)
        {
            if (double.IsNaN(b[i]) || double.IsInfinity(b[i]))
            {
                if (!a[i].Equals(b[i])) return double.PositiveInfinity;
                continue;
            }
            if (!double.IsFinite(a[i])) return double.PositiveInfinity;
            maxDiff = Math.Max(maxDiff, Math.Abs(a[i] - b[i]));
            scale = Math.Max(scale, Math.Abs(b[i]));
        }
        return scale > 0 ? maxDiff / scale : maxDiff;
    }
}
