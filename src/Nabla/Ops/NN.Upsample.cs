using Nabla.Kernels;

namespace Nabla;

// F.interpolate's nearest, linear and bilinear modes (upsample_nearest1d/2d, upsample_linear1d,
// upsample_bilinear2d). Each resamples separably from per-axis source positions and weights; its
// backward is the adjoint, itself an op whose own backward is the resampling again.
internal static partial class NNOps
{
    /// <summary>F.interpolate with an output <paramref name="size"/> or a <paramref name="scaleFactor"/> (one value for every spatial dim, or one each).</summary>
    public static Tensor Interpolate(Tensor input, int[]? size, double[]? scaleFactor, string mode, bool? alignCorners)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(mode);
        int spatialDims = input.Dim - 2;
        if (mode is not ("nearest" or "linear" or "bilinear"))
            throw new NotSupportedException($"Input Error: Only 3D and 4D input Tensors are supported here (got {input.Dim}D) for the modes: nearest | linear | bilinear (got {mode})");
        if (alignCorners is not null && mode == "nearest")
            throw new ArgumentException("align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear", nameof(alignCorners));
        int needs = mode switch { "linear" => 1, "bilinear" => 2, _ => spatialDims };
        if (spatialDims is not (1 or 2) || spatialDims != needs)
            throw new ArgumentException(mode == "nearest"
                ? $"Input Error: Only 3D and 4D input Tensors supported (got {input.Dim}D) for the mode nearest"
                : $"Got {input.Dim}D input, but {mode} mode needs {needs + 2}D input");
        CheckFloating(input, "interpolate");
        var (outSizes, scales) = OutputSizes(input, size, scaleFactor, spatialDims);
        bool linear = mode != "nearest", corners = alignCorners ?? false;
        var axes = new ResampleAxis[spatialDims];
        for (int d = 0; d < spatialDims; d++)
        {
            int inSize = input.Size(2 + d);
            axes[d] = !linear ? ResampleAxis.Nearest(inSize, outSizes[d], scales?[d])
                : input.DType == DType.Float32 ? ResampleAxis.Linear<float>(inSize, outSizes[d], corners, scales?[d])
                : ResampleAxis.Linear<double>(inSize, outSizes[d], corners, scales?[d]);
        }
        var a = new ResampleArgs(mode, spatialDims == 2 ? axes[0] : ResampleAxis.Identity, axes[^1], [input.Size(0), input.Size(1), .. outSizes])
        {
            ScaleFactors = scales,
            AlignCorners = corners,
        };
        return Resample(input, a);
    }

    /// <summary>The resampling, recorded under the mode's node name.</summary>
    public static Tensor Resample(Tensor input, ResampleArgs a)
        => a.Node.Record(Resample2d.Forward(Dense(input), a.Rows, a.Cols, a.OutputShape), [input], a);

    /// <summary>The adjoint of the resampling (its backward), linear in the gradient.</summary>
    public static Tensor ResampleBackward(Tensor grad, int[] inputShape, ResampleArgs a)
        => a.BackwardNode.Record(Resample2d.Backward(Dense(grad), a.Rows, a.Cols, inputShape), [grad], a);

    // PyTorch's sizes: the given size, or ⌊input size · scale factor⌋; the kernel then uses the scale factors
    // themselves (1/scale), not in/out, as PyTorch does when recompute_scale_factor is not set.
    private static (int[] Sizes, double[]? Scales) OutputSizes(Tensor input, int[]? size, double[]? scaleFactor, int spatialDims)
    {
        if ((size is null) == (scaleFactor is null))
            throw new ArgumentException(size is null ? "either size or scale_factor should be defined" : "only one of size or scale_factor should be defined");
        var given = size?.Select(s => (double)s).ToArray() ?? scaleFactor!;
        string name = size is null ? "scale_factor" : "size", givenText = size is null ? PythonList(scaleFactor!) : PythonList(size);
        if (given.Length != 1 && given.Length != spatialDims)
            throw new ArgumentException($"Input and {name} must have the same number of spatial dimensions, but got input with spatial dimensions of {PythonList(input.ShapeArray[2..])} and {name} of {givenText}. " +
                "Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.", name == "size" ? nameof(size) : nameof(scaleFactor));
        var each = Enumerable.Range(0, spatialDims).Select(d => given[given.Length == 1 ? 0 : d]).ToArray();
        if (size is not null)
        {
            if (each.Any(s => s < 1)) throw new ArgumentException($"Input and output sizes should be greater than 0, but got input {PythonList(input.ShapeArray[2..])} and output size {givenText}", nameof(size));
            return ([.. each.Select(s => (int)s)], null);
        }
        var sizes = each.Select((s, d) => (int)Math.Floor(input.Size(2 + d) * s)).ToArray();
        if (each.Any(s => !(s > 0)) || sizes.Any(s => s < 1))
            throw new ArgumentException($"Input and output sizes should be greater than 0, but got input {PythonList(input.ShapeArray[2..])} and scale_factor {PythonList(each)}", nameof(scaleFactor));
        return (sizes, each);
    }

    // Python's list repr for the messages: doubles with a ".0" when whole, as Python prints floats.
    private static string PythonList<T>(IEnumerable<T> values) => "[" + string.Join(", ", values.Select(v => v switch
    {
        double d when double.IsInteger(d) => d.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => v!.ToString(),
    })) + "]";
}

/// <summary>An upsampling's mode, source positions along the rows (a 1-d input's are the identity) and columns, and output shape.</summary>
internal sealed record ResampleArgs(string Mode, ResampleAxis Rows, ResampleAxis Cols, int[] OutputShape)
{
    /// <summary>
    /// The scale factors per spatial dim when the caller gave them (null: an output size was given), which set the
    /// source positions as 1/scale rather than in/out; an exporter (ONNX's Resize) needs them, as it needs <see cref="AlignCorners"/>.
    /// </summary>
    public double[]? ScaleFactors { get; init; }

    /// <summary>align_corners of a linear mode (false for nearest).</summary>
    public bool AlignCorners { get; init; }

    private bool OneD => OutputShape.Length == 3;

    /// <summary>The forward op's row: its node name comes from the mode and the input's rank.</summary>
    public Derivative<ResampleArgs> Node => (Mode, OneD) switch
    {
        ("nearest", true) => Derivatives.UpsampleNearest1d,
        ("nearest", false) => Derivatives.UpsampleNearest2d,
        ("linear", _) => Derivatives.UpsampleLinear1d,
        _ => Derivatives.UpsampleBilinear2d,
    };

    /// <summary>The backward op's row.</summary>
    public Derivative<ResampleArgs> BackwardNode => (Mode, OneD) switch
    {
        ("nearest", true) => Derivatives.UpsampleNearest1dBackward,
        ("nearest", false) => Derivatives.UpsampleNearest2dBackward,
        ("linear", _) => Derivatives.UpsampleLinear1dBackward,
        _ => Derivatives.UpsampleBilinear2dBackward,
    };
}
