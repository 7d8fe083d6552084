using Nabla.NN;

namespace Nabla.Distributed;

/// <summary>
/// Data-parallel training over a <see cref="ProcessGroup"/>, like
/// <c>torch.nn.parallel.DistributedDataParallel</c>: each rank runs the same model on its own
/// share of every batch, and <c>loss.Backward()</c> returns with every gradient averaged over
/// the ranks, so the optimiser steps keep the replicas identical.
/// </summary>
/// <remarks>
/// <para>At construction rank 0's parameters and buffers are copied to every rank (the other
/// ranks' initial values do not matter), after checking that every rank wraps the same model.</para>
/// <para>During backward the gradients are copied into buckets of about
/// <c>bucketCapMb</c> MiB (parameters in reverse registration order, one dtype per bucket, as
/// PyTorch), and a bucket's all-reduce starts as soon as its last gradient is computed, on
/// the MPI thread, while backward goes on computing the earlier layers' gradients. Backward waits
/// for every bucket before it returns, as PyTorch's does, so the optimiser step and anything
/// else reading <c>.Grad</c> after backward see averaged gradients.</para>
/// <para>It is a <see cref="NN.Module"/>: <see cref="Forward"/> runs the wrapped model,
/// <see cref="NN.Module.Parameters"/> are the wrapped model's own parameters, and the state
/// dict's keys carry PyTorch's <c>module.</c> prefix (save <see cref="Module"/> for keys without it).</para>
/// <para>Every parameter that requires grad must receive a gradient in each synchronised backward;
/// otherwise backward throws, naming the parameters (PyTorch's <c>find_unused_parameters</c> is
/// not supported).</para>
/// </remarks>
/// <example>
/// <code>
/// using var group = ProcessGroup.InitMpi();
/// var ddp = new DistributedDataParallel(model, group);
/// var opt = new Sgd(ddp.Parameters(), lr: 0.1);
/// var loss = F.CrossEntropy(ddp.Forward(shard.Images), shard.Labels);
/// opt.ZeroGrad();
/// loss.Backward();   // returns with the gradients averaged over the ranks
/// opt.Step();
/// </code>
/// </example>
public sealed class DistributedDataParallel : Module
{
    private readonly GradientReducer _reducer;
    private bool _requireGradientSync = true;

    /// <summary>Wraps <paramref name="module"/> for data-parallel training over <paramref name="processGroup"/>; collective: every rank must call it.</summary>
    /// <param name="module">The model; each rank wraps its own copy, built the same way.</param>
    /// <param name="processGroup">The ranks that train together.</param>
    /// <param name="broadcastBuffers">Copy rank 0's buffers (e.g. batch-norm statistics) to every rank at each training forward pass, as PyTorch's <c>broadcast_buffers</c>.</param>
    /// <param name="bucketCapMb">The size of a gradient bucket in MiB, as PyTorch's <c>bucket_cap_mb</c>: smaller buckets start communicating earlier, larger ones make fewer calls.</param>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="bucketCapMb"/> is not positive.</exception>
    /// <exception cref="InvalidOperationException">When the ranks' models differ in parameter or buffer names, shapes or dtypes.</exception>
    public DistributedDataParallel(Module module, ProcessGroup processGroup, bool broadcastBuffers = true, double bucketCapMb = 25)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(processGroup);
        if (!(bucketCapMb > 0)) throw new ArgumentOutOfRangeException(nameof(bucketCapMb), bucketCapMb, "the bucket size must be a positive number of MiB");
        Module = RegisterModule("module", module);
        ProcessGroup = processGroup;
        BroadcastBuffers = broadcastBuffers;
        // A parameter shared by two layers is listed once, as PyTorch's named_parameters() lists it.
        var parameters = module.NamedParameters().DistinctBy(p => p.Parameter, ReferenceEqualityComparer.Instance).ToArray();
        ModuleStates.VerifySameOnEveryRank(processGroup, parameters, module.NamedBuffers().ToArray());
        ModuleStates.BroadcastFromRank0(processGroup, [.. parameters.Select(p => (Tensor)p.Parameter), .. module.NamedBuffers().Select(b => b.Buffer)]);
        _reducer = new GradientReducer(processGroup, parameters, (long)(bucketCapMb * (1 << 20)));
    }

    /// <summary>The wrapped model, like <c>ddp.module</c>.</summary>
    public Module Module { get; }

    /// <summary>The ranks that train together.</summary>
    public ProcessGroup ProcessGroup { get; }

    /// <summary>Whether rank 0's buffers are copied to every rank at each training forward pass.</summary>
    public bool BroadcastBuffers { get; }

    /// <summary>The number of gradient buckets (each one all-reduce per step).</summary>
    public int BucketCount => _reducer.BucketCount;

    /// <summary>How many buckets of the current backward pass have started their all-reduce.</summary>
    internal int LaunchedBuckets => _reducer.LaunchedBuckets;

    /// <summary>
    /// Runs the wrapped model, like <c>ddp(input)</c>. With grad mode on and outside
    /// <see cref="NoSync"/>, the next backward through its output averages the gradients.
    /// </summary>
    public override Tensor Forward(Tensor input)
    {
        bool synchronising = Autograd.IsGradEnabled && _requireGradientSync;
        if (synchronising && BroadcastBuffers && ProcessGroup.WorldSize > 1)
            ModuleStates.BroadcastFromRank0(ProcessGroup, Module.NamedBuffers().Select(b => b.Buffer).ToArray());
        if (synchronising) _reducer.PrepareForBackward();
        return Module.Forward(input);
    }

    /// <summary>
    /// A scope in which backward passes accumulate local gradients without communicating, like
    /// <c>ddp.no_sync()</c>: the first backward after the scope averages everything accumulated.
    /// </summary>
    /// <example>
    /// <code>
    /// using (ddp.NoSync()) F.MseLoss(ddp.Forward(x1), y1).Backward();   // local only
    /// F.MseLoss(ddp.Forward(x2), y2).Backward();                        // averages the sum of both
    /// </code>
    /// </example>
    public IDisposable NoSync()
    {
        bool previous = _requireGradientSync;
        _requireGradientSync = false;
        return new SyncRestorer(this, previous);
    }

    private sealed class SyncRestorer(DistributedDataParallel owner, bool previous) : IDisposable
    {
        public void Dispose() => owner._requireGradientSync = previous;
    }
}
