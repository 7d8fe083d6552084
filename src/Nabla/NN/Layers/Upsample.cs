using System.Globalization;

namespace Nabla.NN;

/// <summary>
/// Upsampling to a size or by a scale factor, like <c>torch.nn.Upsample</c>: modes <c>"nearest"</c>,
/// <c>"linear"</c> (3-d inputs) and <c>"bilinear"</c> (4-d inputs); see <see cref="F.Interpolate(Tensor, int[], double[], string, bool?)"/>.
/// </summary>
/// <example><code>var up = new Upsample(scaleFactor: 2, mode: "bilinear");   // prints Upsample(scale_factor=2.0, mode=bilinear)</code></example>
public sealed class Upsample : Module
{
    /// <summary>Upsamples to <paramref name="size"/> or by <paramref name="scaleFactor"/> (one value for every spatial dim, or one each).</summary>
    /// <exception cref="ArgumentException">When alignCorners is set for nearest, or the mode is unknown.</exception>
    public Upsample(int[]? size = null, double[]? scaleFactor = null, string mode = "nearest", bool? alignCorners = null)
    {
        ArgumentNullException.ThrowIfNull(mode);
        if (mode is not ("nearest" or "linear" or "bilinear"))
            throw new ArgumentException($"Upsample: mode must be one of nearest | linear | bilinear, got '{mode}'", nameof(mode));
        if (alignCorners is not null && mode == "nearest")
            throw new ArgumentException("align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear", nameof(alignCorners));
        (Size, ScaleFactor, Mode, AlignCorners) = (size?.ToArray(), scaleFactor?.ToArray(), mode, alignCorners);
    }

    /// <summary>Upsamples every spatial dim by <paramref name="scaleFactor"/>.</summary>
    /// <exception cref="ArgumentException">When alignCorners is set for nearest, or the mode is unknown.</exception>
    public Upsample(double scaleFactor, string mode = "nearest", bool? alignCorners = null) : this(null, [scaleFactor], mode, alignCorners) { }

    /// <summary>Upsamples every spatial dim to <paramref name="size"/>.</summary>
    /// <exception cref="ArgumentException">When alignCorners is set for nearest, or the mode is unknown.</exception>
    public Upsample(int size, string mode = "nearest", bool? alignCorners = null) : this([size], null, mode, alignCorners) { }

    /// <summary>The output size (one value for every spatial dim, or one each), or null when a scale factor is given.</summary>
    public IReadOnlyList<int>? Size { get; }

    /// <summary>The scale factor (one value for every spatial dim, or one each), or null when a size is given.</summary>
    public IReadOnlyList<double>? ScaleFactor { get; }

    /// <summary>"nearest", "linear" or "bilinear".</summary>
    public string Mode { get; }

    /// <summary>Whether the linear modes align the corner pixels (null: false, PyTorch's default).</summary>
    public bool? AlignCorners { get; }

    /// <inheritdoc/>
    public override Tensor Forward(Tensor input) => F.Interpolate(input, Size?.ToArray(), ScaleFactor?.ToArray(), Mode, AlignCorners);

    /// <inheritdoc/>
    protected override string ExtraRepr()
    {
        string info = ScaleFactor is { } s
            ? "scale_factor=" + (s.Count == 1 ? PythonRepr.Float(s[0]) : "(" + string.Join(", ", s.Select(PythonRepr.Float)) + ")")
            : "size=" + (Size!.Count == 1 ? Size[0].ToString(CultureInfo.InvariantCulture) : PythonRepr.Tuple([.. Size]));
        return $"{info}, mode={Mode}";
    }
}
