namespace Nabla.Optim;

/// <summary>
/// Sets each group's learning rate to its base lr times a function of the epoch, like
/// <c>torch.optim.lr_scheduler.LambdaLR</c>: lr = baseLr·λ(epoch). Not chainable. The functions are
/// not part of <see cref="LRScheduler.StateDict"/> (PyTorch saves plain functions as None too):
/// construct the scheduler with the same functions before loading.
/// </summary>
/// <example><c>var scheduler = new LambdaLR(opt, lrLambda: epoch => Math.Pow(0.95, epoch));</c></example>
public sealed class LambdaLR : LRScheduler
{
    private readonly Func<int, double>[] _lrLambdas;

    /// <summary>One factor function for every group.</summary>
    public LambdaLR(Optimizer optimizer, Func<int, double> lrLambda) : this(optimizer, Repeat(optimizer, lrLambda)) { }

    /// <summary>One factor function per group, in the order of <see cref="Optim.Optimizer.ParamGroups"/>.</summary>
    /// <exception cref="ArgumentException">When the number of functions is not the number of groups.</exception>
    public LambdaLR(Optimizer optimizer, IReadOnlyList<Func<int, double>> lrLambda) : base(optimizer)
    {
        ArgumentNullException.ThrowIfNull(lrLambda);
        if (lrLambda.Count != optimizer.ParamGroups.Count)
            throw new ArgumentException($"Expected {optimizer.ParamGroups.Count} lr_lambdas, but got {lrLambda.Count}", nameof(lrLambda));
        foreach (var f in lrLambda) ArgumentNullException.ThrowIfNull(f, nameof(lrLambda));
        _lrLambdas = [.. lrLambda];
        InitialStep();
    }

    private static Func<int, double>[] Repeat(Optimizer optimizer, Func<int, double> lrLambda)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(lrLambda);
        return Enumerable.Repeat(lrLambda, optimizer.ParamGroups.Count).ToArray();
    }

    /// <inheritdoc/>
    protected override double ComputeLr(ParamGroup group, double baseLr) => baseLr * _lrLambdas[IndexOf(group)](LastEpoch);

    private int IndexOf(ParamGroup group)
    {
        var groups = Optimizer.ParamGroups;
        for (int i = 0; i < groups.Count; i++)
            if (ReferenceEquals(groups[i], group)) return i;
        throw new InvalidOperationException("the parameter group does not belong to this scheduler's optimizer");
    }
}
