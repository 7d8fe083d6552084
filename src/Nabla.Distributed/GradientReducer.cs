using Nabla.NN;

namespace Nabla.Distributed;

/// <summary>
/// Averages the gradients of <see cref="DistributedDataParallel"/>'s parameters across ranks while
/// backward runs, as PyTorch's <c>Reducer</c> does. A hook on each parameter copies the gradient
/// of the pass into the parameter's place in a flat bucket as soon as backward computes it; when
/// the last gradient of a bucket arrives, the bucket's all-reduce starts on the MPI thread and
/// overlaps the rest of backward. When backward commits the gradients, a post-accumulate hook per
/// parameter waits for its bucket and writes the average into <see cref="Tensor.Grad"/>, so
/// <c>loss.Backward()</c> returns with every gradient averaged.
/// </summary>
/// <remarks>
/// Nabla's engine commits gradients to <c>.Grad</c> only once the whole pass has succeeded, so
/// the gradient a hook sees during the pass is the pass's own: what is reduced is that plus the
/// <c>.Grad</c> already there (accumulated under <see cref="DistributedDataParallel.NoSync"/>),
/// which is what the engine then commits, and what the average replaces.
/// </remarks>
internal sealed class GradientReducer
{
    private enum Phase { Idle, Backward, Finishing }

    private sealed class Slot(string name, int index, Parameter parameter, Bucket bucket, Tensor view)
    {
        public string Name { get; } = name;
        public int Index { get; } = index;
        public Parameter Parameter { get; } = parameter;
        public Bucket Bucket { get; } = bucket;
        public Tensor View { get; } = view;   // the parameter's place in the bucket
        public bool Ready;
    }

    private sealed class Bucket(Tensor flat, int size)
    {
        public Tensor Flat { get; } = flat;
        public int Size { get; } = size;
        public int Pending;
        public Work? Work;
    }

    private readonly ProcessGroup _group;
    private readonly Slot[] _slots;
    private readonly Bucket[] _buckets;   // in launch order
    private Phase _phase;
    private int _nextBucket;
    private int _toWriteBack;

    public GradientReducer(ProcessGroup group, IReadOnlyList<(string Name, Parameter Parameter)> parameters, long bucketCapBytes)
    {
        _group = group;
        var trained = parameters.Select((p, i) => (p.Name, p.Parameter, Index: i)).Where(p => p.Parameter.RequiresGrad).ToArray();
        var assignment = BucketAssignment.BySize(trained.Select(p => (p.Parameter.Numel * p.Parameter.DType.ElementSize(), p.Parameter.DType)).ToArray(), bucketCapBytes);
        _buckets = new Bucket[assignment.Count];
        _slots = new Slot[trained.Length];
        for (int b = 0; b < assignment.Count; b++)
        {
            var members = assignment[b];
            var flat = Tensor.Zeros([(int)members.Sum(i => trained[i].Parameter.Numel)], trained[members[0]].Parameter.DType);
            var bucket = _buckets[b] = new Bucket(flat, members.Length);
            int offset = 0;
            foreach (int i in members)
            {
                var (name, parameter, index) = trained[i];
                int count = (int)parameter.Numel;
                _slots[i] = new Slot(name, index, parameter, bucket, flat.Narrow(0, offset, count).View(parameter.Shape.AsSpan()));
                offset += count;
            }
        }
        foreach (var slot in _slots)
        {
            slot.Parameter.RegisterHook(gradient => OnGradient(slot, gradient));
            slot.Parameter.RegisterPostAccumulateGradHook(_ => OnAccumulated(slot));
        }
    }

    /// <summary>The number of buckets (for tests and the docs' cost model).</summary>
    public int BucketCount => _buckets.Length;

    /// <summary>How many buckets of the current backward pass have started their all-reduce (for tests of the overlap).</summary>
    public int LaunchedBuckets => _nextBucket;

    /// <summary>Called by a synchronising forward pass: the next backward averages the gradients.</summary>
    public void PrepareForBackward()
    {
        WaitForLaunched();   // an earlier iteration that ended in an exception may have left some in flight
        foreach (var bucket in _buckets) (bucket.Pending, bucket.Work) = (bucket.Size, null);
        foreach (var slot in _slots) slot.Ready = false;
        _nextBucket = 0;
        _phase = Phase.Backward;
    }

    private Tensor? OnGradient(Slot slot, Tensor gradient)
    {
        if (_phase != Phase.Backward) return null;   // a backward outside a synchronising forward (e.g. under NoSync)
        if (slot.Ready)
            throw new InvalidOperationException(
                $"Expected to mark a variable ready only once: parameter {slot.Name} received a second gradient in one iteration of DistributedDataParallel " +
                "(a second backward through the graph of one Forward, or the parameter used outside Forward). Call Forward before each backward, or accumulate under NoSync().");
        slot.View.CopyFromInPlace(gradient);
        if (slot.Parameter.Grad is { } accumulated) slot.View.AddInPlace(accumulated);
        slot.Ready = true;
        if (--slot.Bucket.Pending == 0) LaunchReadyBuckets();
        return null;   // the engine commits the local gradient; OnAccumulated replaces it with the average
    }

    /// <summary>Starts the next buckets whose gradients are all in, strictly in bucket order, so that every rank queues the same all-reduces in the same order.</summary>
    private void LaunchReadyBuckets()
    {
        while (_nextBucket < _buckets.Length && _buckets[_nextBucket].Pending == 0)
        {
            var bucket = _buckets[_nextBucket++];
            // The last bucket's gradients are the last of the pass: nothing is left to overlap with it, so it is
            // reduced on this thread, without the two hand-offs to the MPI thread and back.
            bucket.Work = _nextBucket == _buckets.Length
                ? _group.AllReduceNow(bucket.Flat, ReduceOp.Avg)
                : _group.AllReduceAsync(bucket.Flat, ReduceOp.Avg);
        }
    }

    private void OnAccumulated(Slot slot)
    {
        if (_phase == Phase.Idle) return;
        if (_phase == Phase.Backward) BeginFinishing();   // the first committed gradient: the pass is over
        if (_phase != Phase.Finishing || !slot.Ready) return;
        slot.Bucket.Work!.Wait();
        using (Autograd.NoGrad()) slot.Parameter.Grad!.CopyFromInPlace(slot.View);
        if (--_toWriteBack == 0) _phase = Phase.Idle;
    }

    /// <summary>Every gradient of the pass has arrived; throws, naming them, when some parameters received none.</summary>
    private void BeginFinishing()
    {
        if (_nextBucket == _buckets.Length)
        {
            _phase = Phase.Finishing;
            _toWriteBack = _slots.Length;
            return;
        }
        _phase = Phase.Idle;
        WaitForLaunched();
        var unused = _slots.Where(s => !s.Ready).ToArray();
        throw new InvalidOperationException(
            "DistributedDataParallel expected every parameter to receive a gradient in this backward pass, so that each bucket of gradients can be averaged across ranks, " +
            "but some parameters were not used in producing the loss. Make every parameter take part in the loss, or set RequiresGrad = false on those that do not train " +
            "before wrapping the model (find_unused_parameters is not supported). " +
            $"Parameters which did not receive grad for rank {_group.Rank}: {string.Join(", ", unused.Select(s => s.Name))}. " +
            $"Parameter indices which did not receive grad for rank {_group.Rank}: {string.Join(" ", unused.Select(s => s.Index))}");
    }

    private void WaitForLaunched()
    {
        for (int b = 0; b < _nextBucket; b++) _buckets[b].Work?.Wait();
    }
}
