using Nabla.NN;

namespace Nabla;

// The negative log-likelihood over class scores, and what the class-index losses share: which
// element each target picks and with what weight.
internal static partial class NNOps
{
    /// <summary>nll_loss (node <c>NllLossBackward0</c>, or <c>NllLoss2DBackward0</c> beyond 2 dims).</summary>
    public static Tensor NllLoss(Tensor input, Tensor target, Tensor? weight, long ignoreIndex, Reduction reduction)
    {
        var picks = ClassPicks(input, target, weight, ignoreIndex, "nll_loss");
        int classDim = ClassDim(input);
        var result = Untracked(() =>
        {
            var losses = -input.Gather(classDim, picks.Index).Squeeze(classDim) * picks.Weight;
            return reduction == Reduction.Mean ? losses.Sum() / picks.TotalWeight : Reduce(losses, reduction);
        });
        return (input.Dim > 2 ? Derivatives.NllLoss2d : Derivatives.NllLoss).Record(result, [input], new NllArgs(picks, reduction, classDim));
    }

    /// <summary>What a class-index loss picks: the index to gather along the class dim (ignored targets pointed at class 0), the weight of each pick (0 where ignored), their total, and which targets count.</summary>
    internal sealed record ClassPick(Tensor Index, Tensor Weight, double TotalWeight, Tensor Kept);

    internal static ClassPick ClassPicks(Tensor input, Tensor target, Tensor? weight, long ignoreIndex, string op)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        CheckClassTarget(input, target, op);
        CheckClassWeight(input, weight, op);
        CheckNoGradient(weight, "weight", op);
        int classes = input.Size(ClassDim(input));
        var targets = target.ToArray<long>();
        var classWeights = weight?.ToArray<double>();
        var index = new long[targets.Length];
        var weights = new double[targets.Length];
        var kept = new bool[targets.Length];
        double total = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            long t = targets[i];
            if (t == ignoreIndex) continue;
            if (t < 0 || t >= classes) throw new ArgumentOutOfRangeException(nameof(target), $"{op}: Target {t} is out of bounds (input has {classes} classes).");
            (index[i], weights[i], kept[i]) = (t, classWeights?[t] ?? 1, true);
            total += weights[i];
        }
        int[] shape = target.ShapeArray;
        return new(Tensor.FromArray(index, shape).Unsqueeze(ClassDim(input)), Tensor.FromArray(weights, shape, input.DType), total, Tensor.FromArray(kept, shape));
    }

    internal static void CheckClassTarget(Tensor input, Tensor target, string op)
    {
        if (input.Dim == 0) throw new ArgumentException($"{op}: Expected 1 or more dimensions (got 0)");
        CheckFloating(input, op);
        if (!target.DType.IsIntegral())
        {
            // The first-hour mistake: labels kept as float32. Say how to convert them, and (for
            // cross-entropy) when a float target is right: class probabilities of the input's shape.
            string probabilities = op == "cross_entropy" && target.DType.IsFloatingPoint()
                ? $" A floating-point target is read as class probabilities only when it has the input's shape {input.Shape}."
                : "";
            throw new ArgumentException(
                $"{op}: expected class-index targets of dtype int64, but got {target.DType.Name()} (shape {target.Shape}). " +
                $"Pass the class indices as Int64: labels.To(DType.Int64).{probabilities}");
        }
        if (input.Dim == 1)
        {
            if (target.Dim != 0) throw new ArgumentException($"{op}: 0D target tensor expected for a 1D input {input.Shape}, but got target of size {target.Shape} (multi-target not supported)");
            return;
        }
        if (target.Dim == 0 || target.Size(0) != input.Size(0))
            throw new ArgumentException($"Expected input batch_size ({input.Size(0)}) to match target batch_size ({(target.Dim == 0 ? 0 : target.Size(0))}).");
        int[] expected = [input.Size(0), .. input.Shape.AsSpan()[2..]];
        if (!target.Shape.AsSpan().SequenceEqual(expected))
            throw new ArgumentException($"{op}: Expected target size {ShapeMath.Format(expected)}, got {target.Shape}");
    }

    internal static void CheckClassWeight(Tensor input, Tensor? weight, string op)
    {
        int classes = input.Size(ClassDim(input));
        if (weight is not null && (weight.Dim != 1 || weight.Size(0) != classes))
            throw new ArgumentException($"{op}: weight tensor should be defined either for all {classes} classes or no classes but got weight tensor of shape: {weight.Shape}");
    }

    internal static int ClassDim(Tensor input) => input.Dim == 1 ? 0 : 1;

    /// <summary>The shape that views a [C] class weight along the class dim of <paramref name="input"/>.</summary>
    internal static int[] ClassShape(Tensor input)
    {
        var shape = Enumerable.Repeat(1, input.Dim).ToArray();
        shape[ClassDim(input)] = input.Size(ClassDim(input));
        return shape;
    }
}

/// <summary>nll_loss's picks, reduction and class dim.</summary>
internal sealed record NllArgs(NNOps.ClassPick Picks, Reduction Reduction, int ClassDim);
