namespace Nabla;

public partial class Tensor
{
    /// <summary>Integers 0, 1, …, end-1 as int64, like <c>torch.arange(end)</c>.</summary>
    public static Tensor Arange(long end) => Arange(0, end);

    /// <summary>Values 0, 1, … below <paramref name="end"/> as float32, like <c>torch.arange(5.0)</c>.</summary>
    public static Tensor Arange(double end) => Arange(0.0, end);

    /// <summary>Integers from <paramref name="start"/> below <paramref name="end"/> by <paramref name="step"/> (int64 by default), like <c>torch.arange</c>.</summary>
    public static Tensor Arange(long start, long end, long step = 1, DType? dtype = null, bool requiresGrad = false)
        => ArangeCore(start, end, step, dtype ?? DType.Int64, requiresGrad);

    /// <summary>Values from <paramref name="start"/> below <paramref name="end"/> by <paramref name="step"/> (float32 by default), like <c>torch.arange(0.0, 1.0, 0.25)</c>.</summary>
    public static Tensor Arange(double start, double end, double step = 1, DType? dtype = null, bool requiresGrad = false)
        => ArangeCore(start, end, step, dtype ?? DTypes.DefaultFloat, requiresGrad);

    private static Tensor ArangeCore(double start, double end, double step, DType dtype, bool requiresGrad)
    {
        if (step == 0) throw new ArgumentException("step must be nonzero");
        if (!double.IsFinite(start) || !double.IsFinite(end)) throw new ArgumentException($"unsupported range: {start} -> {end}");
        if (!(step > 0 && end >= start || step < 0 && end <= start))   // also false for a NaN step
            throw new ArgumentException($"upper bound and larger bound inconsistent with step sign (start {start}, end {end}, step {step})");
        double size = Math.Ceiling((end - start) / step);
        if (size > Array.MaxLength)
            throw new ArgumentException($"invalid size, possible overflow? arange({start}, {end}, {step}) would hold {size} elements, more than one .NET array holds ({Array.MaxLength})");
        int n = (int)size;
        var values = new double[n];
        for (int i = 0; i < n; i++) values[i] = start + i * step;
        return FromData(values, [n], dtype, requiresGrad);
    }

    /// <summary><paramref name="steps"/> evenly spaced values from <paramref name="start"/> to <paramref name="end"/> inclusive, like <c>torch.linspace</c>.</summary>
    public static Tensor Linspace(double start, double end, int steps, DType? dtype = null, bool requiresGrad = false)
    {
        if (steps < 0) throw new ArgumentException($"number of steps must be non-negative, got {steps}");
        var values = new double[ShapeMath.Numel([steps])];
        double step = steps > 1 ? (end - start) / (steps - 1) : 0;
        // As PyTorch: the first half counts up from start, the second half down from end, so both ends are exact.
        for (int i = 0; i < steps; i++) values[i] = i < steps / 2 ? start + i * step : end - (steps - 1 - i) * step;
        if (steps == 1) values[0] = start;   // one step is the start, as torch.linspace(-10, 10, 1) gives [-10.]
        return FromData(values, [steps], dtype ?? DTypes.DefaultFloat, requiresGrad);
    }

    /// <summary>The n×n identity matrix, like <c>torch.eye(n)</c>.</summary>
    public static Tensor Eye(int n, DType? dtype = null, bool requiresGrad = false) => Eye(n, n, dtype, requiresGrad);

    /// <summary>An n×m matrix with ones on the diagonal, like <c>torch.eye(n, m)</c>.</summary>
    public static Tensor Eye(int n, int m, DType? dtype = null, bool requiresGrad = false)
    {
        if (n < 0) throw new ArgumentException($"n must be greater or equal to 0, got {n}", nameof(n));
        if (m < 0) throw new ArgumentException($"m must be greater or equal to 0, got {m}", nameof(m));
        var values = new double[ShapeMath.Numel([n, m])];
        for (int i = 0; i < Math.Min(n, m); i++) values[i * m + i] = 1;
        return FromData(values, [n, m], dtype ?? DTypes.DefaultFloat, requiresGrad);
    }

    /// <summary>Uniform values in [0, 1), like <c>torch.rand</c>.</summary>
    public static Tensor Rand(ReadOnlySpan<int> shape, DType? dtype = null, bool requiresGrad = false, Generator? generator = null)
    {
        var t = Zeros(shape, dtype ?? DTypes.DefaultFloat);
        var g = generator ?? Generator.Default;
        switch (t.DType)
        {
            case DType.Float32: g.FillUniform(t.Data<float>()); break;
            case DType.Float64: g.FillUniform(t.Data<double>()); break;
            default: throw new ArgumentException($"Rand needs a floating dtype, got {t.DType.Name()}");
        }
        return Leaf(t, requiresGrad);
    }

    /// <summary>Standard normal values, like <c>torch.randn</c>.</summary>
    public static Tensor Randn(ReadOnlySpan<int> shape, DType? dtype = null, bool requiresGrad = false, Generator? generator = null)
    {
        var d = dtype ?? DTypes.DefaultFloat;
        if (!d.IsFloatingPoint()) throw new ArgumentException($"Randn needs a floating dtype, got {d.Name()}");
        var values = new double[ShapeMath.Numel(shape)];
        (generator ?? Generator.Default).FillNormal(values);
        return FromData(values, shape, d, requiresGrad);
    }

    /// <summary>Integers uniform in [0, high), like <c>torch.randint(high, shape)</c>.</summary>
    public static Tensor RandInt(long high, ReadOnlySpan<int> shape, DType? dtype = null, bool requiresGrad = false, Generator? generator = null)
        => RandInt(0, high, shape, dtype, requiresGrad, generator);

    /// <summary>Integers uniform in [low, high), like <c>torch.randint(low, high, shape)</c> (int64 unless <paramref name="dtype"/> says otherwise).</summary>
    public static Tensor RandInt(long low, long high, ReadOnlySpan<int> shape, DType? dtype = null, bool requiresGrad = false, Generator? generator = null)
    {
        var values = new long[ShapeMath.Numel(shape)];
        (generator ?? Generator.Default).FillInt(values, low, high);
        return FromData(values, shape, dtype ?? DType.Int64, requiresGrad);
    }

    /// <summary>A random permutation of the integers 0..n-1 (int64 unless <paramref name="dtype"/> says otherwise), like <c>torch.randperm(n)</c>.</summary>
    public static Tensor Randperm(int n, DType? dtype = null, bool requiresGrad = false, Generator? generator = null)
    {
        if (n < 0) throw new ArgumentException($"n must be non-negative, got {n}");
        ShapeMath.Numel([n]);   // throws for more than an array holds, before the permutation is allocated
        return FromData((generator ?? Generator.Default).Permutation(n), [n], dtype ?? DType.Int64, requiresGrad);
    }
}
