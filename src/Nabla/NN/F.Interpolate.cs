namespace Nabla.NN;

// Upsampling (the op lives in Ops/NN.Upsample.cs).
public static partial class F
{
    /// <summary>
    /// Resamples the spatial dims of <paramref name="input"/> ([N, C, L] or [N, C, H, W]) to <paramref name="size"/>
    /// or by <paramref name="scaleFactor"/> (one value for every dim, or one each), like <c>F.interpolate</c>.
    /// Modes: <c>"nearest"</c> (nodes <c>UpsampleNearest1DBackward0</c>, <c>UpsampleNearest2DBackward0</c>),
    /// <c>"linear"</c> for 3-d inputs (<c>UpsampleLinear1DBackward0</c>) and <c>"bilinear"</c> for 4-d inputs
    /// (<c>UpsampleBilinear2DBackward0</c>). <paramref name="alignCorners"/> (linear modes only, default false)
    /// maps the corner pixels onto each other instead of the pixel edges.
    /// </summary>
    /// <example><code>var big = F.Interpolate(images, size: [64, 64], mode: "bilinear");</code></example>
    /// <exception cref="ArgumentException">When both or neither of size and scale factor are given, their length does not fit the input, the mode does not fit the input's rank, or alignCorners is set for nearest.</exception>
    /// <exception cref="NotSupportedException">For another mode (bicubic, trilinear, area, nearest-exact).</exception>
    public static Tensor Interpolate(Tensor input, int[]? size = null, double[]? scaleFactor = null, string mode = "nearest", bool? alignCorners = null)
        => NNOps.Interpolate(input, size, scaleFactor, mode, alignCorners);

    /// <summary>Resamples every spatial dim of <paramref name="input"/> by <paramref name="scaleFactor"/>, like <c>F.interpolate(x, scale_factor=s)</c>; see <see cref="Interpolate(Tensor, int[], double[], string, bool?)"/>.</summary>
    /// <example><code>var doubled = F.Interpolate(images, scaleFactor: 2);   // nearest neighbour, twice the height and width</code></example>
    /// <exception cref="ArgumentException">When the mode does not fit the input's rank, or alignCorners is set for nearest.</exception>
    public static Tensor Interpolate(Tensor input, double scaleFactor, string mode = "nearest", bool? alignCorners = null)
        => NNOps.Interpolate(input, null, [scaleFactor], mode, alignCorners);

    /// <summary>Resamples every spatial dim of <paramref name="input"/> to <paramref name="size"/>, like <c>F.interpolate(x, size=n)</c>; see <see cref="Interpolate(Tensor, int[], double[], string, bool?)"/>.</summary>
    /// <exception cref="ArgumentException">When the mode does not fit the input's rank, or alignCorners is set for nearest.</exception>
    public static Tensor Interpolate(Tensor input, int size, string mode = "nearest", bool? alignCorners = null)
        => NNOps.Interpolate(input, [size], null, mode, alignCorners);
}
