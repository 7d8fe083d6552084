namespace Nabla;

// Group, instance and RMS normalisation (issue 11). Group norm is one node, as PyTorch's
// native_group_norm; instance norm is PyTorch's composition (batch norm of a [1, N·C, *] view);
// rms_norm is PyTorch 2's composition of pow, mean, add, rsqrt and mul.
internal static partial class NNOps
{
    /// <summary>group_norm: (x - mean)·invstd over each group of channels of each sample, then γ and β per channel (node <c>NativeGroupNormBackward0</c>).</summary>
    public static Tensor GroupNorm(Tensor input, int numGroups, Tensor? weight, Tensor? bias, double eps)
    {
        CheckFloating(input, "group_norm");
        if (input.Dim < 2) throw new ArgumentException($"Expected at least 2 dimensions for input tensor but received {input.Dim}");
        int channels = input.Size(1);
        if (numGroups <= 0 || channels % numGroups != 0)
            throw new ArgumentException($"Expected number of channels in input to be divisible by num_groups, but got input of shape {input.Shape} and num_groups={numGroups}");
        foreach (var (t, name) in new[] { (weight, "weight"), (bias, "bias") })
            if (t is not null && (t.Dim != 1 || t.Size(0) != channels))
                throw new ArgumentException($"Expected {name} to be a vector of size equal to the number of channels in input, but got {name} of shape {t.Shape} and input of shape {input.Shape}");
        CheckSameDType(input, weight, "weight", "group_norm");
        CheckSameDType(input, bias, "bias", "group_norm");
        int batch = input.Size(0);
        int perGroup = batch * numGroups == 0 ? 0 : input.Count / (batch * numGroups);
        int[] channelShape = ChannelShape(input.Dim, channels);
        var result = Untracked(() =>
        {
            var grouped = input.Reshape(batch, numGroups, perGroup);
            var (mean, invStd) = Statistics(grouped, [2], eps);
            var y = ((grouped - mean) * invStd).Reshape(input.ShapeArray);
            if (weight is not null) y = y * weight.View(channelShape);
            return bias is null ? y : y + bias.View(channelShape);
        });
        return Derivatives.GroupNorm.Record(result, [input, weight!, bias!], new GroupNormArgs(numGroups, eps));
    }

    /// <summary>[1, C, 1, ...] of rank <paramref name="rank"/>: a per-channel vector viewed to broadcast along dim 1.</summary>
    internal static int[] ChannelShape(int rank, int channels)
    {
        var shape = new int[rank];
        Array.Fill(shape, 1);
        shape[1] = channels;
        return shape;
    }

    /// <summary>
    /// instance_norm: batch norm of <paramref name="input"/> [N, C, *] viewed as [1, N·C, *], each sample's
    /// channel its own; the per-channel parameters and running statistics are repeated N times, and the
    /// running statistics are averaged back over the samples, as PyTorch does (the node is the final
    /// <c>ViewBackward0</c>, above <c>NativeBatchNormBackward0</c>).
    /// </summary>
    public static Tensor InstanceNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight, Tensor? bias,
        bool useInputStats, double momentum, double eps)
    {
        CheckFloating(input, "instance_norm");
        if (input.Dim < 2) throw new ArgumentException($"instance_norm: expected an input of at least 2 dims [N, C, *], but got input of size {input.Shape}");
        if (useInputStats && input.ShapeArray[2..].Aggregate(1, (p, s) => p * s) == 1)
            throw new ArgumentException($"Expected more than 1 spatial element when training, got input size {input.Shape}");
        if (!useInputStats && (runningMean is null || runningVar is null))
            throw new ArgumentException("Expected running_mean and running_var to be defined when use_input_stats is false");
        int batch = input.Size(0), channels = input.Size(1);
        int[] shape = [1, batch * channels, .. input.ShapeArray[2..]];
        var repeatedMean = runningMean?.Repeat(batch);
        var repeatedVar = runningVar?.Repeat(batch);
        var output = BatchNorm(input.Contiguous().View(shape), repeatedMean, repeatedVar, weight?.Repeat(batch), bias?.Repeat(batch), useInputStats, momentum, eps);
        using (GradMode.Set(false))
        {
            runningMean?.CopyFromInPlace(repeatedMean!.View(batch, channels).Mean(0));
            runningVar?.CopyFromInPlace(repeatedVar!.View(batch, channels).Mean(0));
        }
        return output.View(input.ShapeArray);
    }

    /// <summary>
    /// rms_norm x/√(mean(x²) + eps)·γ over the trailing <paramref name="normalizedShape"/>, composed as
    /// PyTorch 2 composes it (<c>MulBackward0</c> over <c>RsqrtBackward0</c>, <c>AddBackward1</c>,
    /// <c>MeanBackward1</c>, <c>PowBackward0</c>); eps null means the machine epsilon of the input's dtype.
    /// </summary>
    public static Tensor RmsNorm(Tensor input, int[] normalizedShape, Tensor? weight, double? eps)
    {
        ArgumentNullException.ThrowIfNull(normalizedShape);
        CheckFloating(input, "rms_norm");
        int[] dims = CheckNormalizedShape(input, normalizedShape, weight, null, "rms_norm");
        double epsilon = eps ?? (input.DType == DType.Float32 ? 1.1920928955078125e-07 : 2.220446049250313e-16);   // torch.finfo(dtype).eps
        var meanSquare = input.Pow(2).Mean(dims, keepDim: true);
        // eps is offered as Other, read by no formula (so never saved), for the trace seam (OpTracer).
        var result = input * Derivatives.AddScalar.Record(Untracked(() => meanSquare + epsilon), [meanSquare], default, (Slot.Other, Tensor.Wrap(epsilon, input.DType))).Rsqrt();
        return weight is null ? result : result * weight;
    }
}

/// <summary>group_norm's number of groups and eps.</summary>
internal readonly record struct GroupNormArgs(int Groups, double Eps);
