namespace Nabla.NN;

/// <summary>x clamped to [min, max] elementwise, like <c>torch.nn.Hardtanh</c>; prints <c>Hardtanh(min_val=-1.0, max_val=1.0)</c>.</summary>
public sealed class Hardtanh : Module
{
    /// <summary>Clamps to [<paramref name="minVal"/>, <paramref name="maxVal"/>].</summary>
    /// <exception cref="ArgumentException">When <paramref name="minVal"/> is not below <paramref name="maxVal"/> (as PyTorch asserts).</exception>
    public Hardtanh(double minVal = -1.0, double maxVal = 1.0)
    {
        if (!(maxVal > minVal)) throw new ArgumentException($"Hardtanh: max_val ({maxVal}) must be greater than min_val ({minVal})");
        (MinVal, MaxVal) = (minVal, maxVal);
    }

    /// <summary>The lower bound.</summary>
    public double MinVal { get; }

    /// <summary>The upper bound.</summary>
    public double MaxVal { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.Hardtanh(input, MinVal, MaxVal);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"min_val={PythonRepr.Float(MinVal)}, max_val={PythonRepr.Float(MaxVal)}";
}
