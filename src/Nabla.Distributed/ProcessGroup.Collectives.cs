using Nabla.Distributed.Mpi;

namespace Nabla.Distributed;

public sealed partial class ProcessGroup
{
    /// <summary>
    /// Combines <paramref name="tensor"/> element by element over all ranks and leaves the result
    /// in it on every rank, like <c>dist.all_reduce(tensor, op)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">For a dtype other than float32, float64, int64 or int32, <see cref="ReduceOp.Avg"/> on integers, or an expanded tensor.</exception>
    public void AllReduce(Tensor tensor, ReduceOp op = ReduceOp.Sum) => Complete(AllReduceWork(tensor, op));

    /// <summary>The non-blocking <see cref="AllReduce"/>: <paramref name="tensor"/> holds the result once the returned work completes.</summary>
    /// <exception cref="ArgumentException">As <see cref="AllReduce"/>.</exception>
    public Work AllReduceAsync(Tensor tensor, ReduceOp op = ReduceOp.Sum) => Start(AllReduceWork(tensor, op));

    /// <summary>An all-reduce run to completion now (on this thread when nothing is queued), as a finished work.</summary>
    internal Work AllReduceNow(Tensor tensor, ReduceOp op)
    {
        var work = AllReduceWork(tensor, op);
        Complete(work);
        return work;
    }

    private Work AllReduceWork(Tensor tensor, ReduceOp op)
    {
        var mpi = ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(tensor);
        nint type = MpiHandles.DataType(mpi, tensor, nameof(tensor));
        nint operation = MpiHandles.Operation(mpi, op, tensor.DType);
        var buffer = CollectiveBuffer.ForWrite(tensor, nameof(tensor));
        CollectiveBuffer.MarkWritten(tensor);
        int size = WorldSize;
        return new Work(() =>
        {
            using (var pinned = buffer.Pin())
                mpi.Allreduce(OpenMpi.InPlace, pinned.Address, buffer.Count, type, operation);
            if (op == ReduceOp.Avg) buffer.Divide(size);
            buffer.CopyBack();
        });
    }

    /// <summary>Copies <paramref name="tensor"/> from rank <paramref name="root"/> into the same tensor on every other rank, like <c>dist.broadcast(tensor, src)</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="root"/> is not a rank of the group.</exception>
    /// <exception cref="ArgumentException">For an unsupported dtype or an expanded tensor.</exception>
    public void Broadcast(Tensor tensor, int root = 0) => Complete(BroadcastWork(tensor, root));

    /// <summary>The non-blocking <see cref="Broadcast"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="root"/> is not a rank of the group.</exception>
    /// <exception cref="ArgumentException">For an unsupported dtype or an expanded tensor.</exception>
    public Work BroadcastAsync(Tensor tensor, int root = 0) => Start(BroadcastWork(tensor, root));

    private Work BroadcastWork(Tensor tensor, int root)
    {
        var mpi = ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(tensor);
        nint type = MpiHandles.DataType(mpi, tensor, nameof(tensor));
        CheckRank(root, nameof(root));
        var buffer = Rank == root ? CollectiveBuffer.ForRead(tensor) : CollectiveBuffer.ForWrite(tensor, nameof(tensor));
        if (Rank != root) CollectiveBuffer.MarkWritten(tensor);
        bool receives = Rank != root;
        return new Work(() =>
        {
            using (var pinned = buffer.Pin())
                mpi.Bcast(pinned.Address, buffer.Count, type, root);
            if (receives) buffer.CopyBack();
        });
    }

    /// <summary>
    /// Gathers <paramref name="tensor"/> from every rank into <paramref name="tensorList"/> (rank i's
    /// into element i) on every rank, like <c>dist.all_gather(tensor_list, tensor)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">When the list does not hold <see cref="WorldSize"/> tensors of the input's shape and dtype, or for an unsupported dtype.</exception>
    public void AllGather(IReadOnlyList<Tensor> tensorList, Tensor tensor) => Complete(AllGatherWork(tensorList, tensor));

    /// <summary>The non-blocking <see cref="AllGather"/>.</summary>
    /// <exception cref="ArgumentException">As <see cref="AllGather"/>.</exception>
    public Work AllGatherAsync(IReadOnlyList<Tensor> tensorList, Tensor tensor) => Start(AllGatherWork(tensorList, tensor));

    private Work AllGatherWork(IReadOnlyList<Tensor> tensorList, Tensor tensor)
    {
        var mpi = ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(tensorList);
        ArgumentNullException.ThrowIfNull(tensor);
        nint type = MpiHandles.DataType(mpi, tensor, nameof(tensor));
        var outputs = CheckList(tensorList, tensor, nameof(tensorList), written: true);
        var send = CollectiveBuffer.ForRead(tensor);
        var receive = CollectiveBuffer.Scratch(tensor.DType, send.Count * WorldSize);
        foreach (var output in outputs) CollectiveBuffer.MarkWritten(output);
        return new Work(() =>
        {
            using (var pinnedSend = send.Pin())
            using (var pinnedReceive = receive.Pin())
                mpi.Allgather(pinnedSend.Address, pinnedReceive.Address, send.Count, type);
            for (int i = 0; i < outputs.Length; i++) receive.CopySliceTo(outputs[i], i * send.Count);
        });
    }

    /// <summary>
    /// Reduces <paramref name="inputList"/> element by element over all ranks and leaves the
    /// <c>i</c>-th reduced tensor in <paramref name="output"/> on rank i, like
    /// <c>dist.reduce_scatter(output, input_list, op)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">When the list does not hold <see cref="WorldSize"/> tensors of the output's shape and dtype, or for an unsupported dtype or operation.</exception>
    public void ReduceScatter(Tensor output, IReadOnlyList<Tensor> inputList, ReduceOp op = ReduceOp.Sum) => Complete(ReduceScatterWork(output, inputList, op));

    /// <summary>The non-blocking <see cref="ReduceScatter"/>.</summary>
    /// <exception cref="ArgumentException">As <see cref="ReduceScatter"/>.</exception>
    public Work ReduceScatterAsync(Tensor output, IReadOnlyList<Tensor> inputList, ReduceOp op = ReduceOp.Sum) => Start(ReduceScatterWork(output, inputList, op));

    private Work ReduceScatterWork(Tensor output, IReadOnlyList<Tensor> inputList, ReduceOp op)
    {
        var mpi = ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inputList);
        nint type = MpiHandles.DataType(mpi, output, nameof(output));
        nint operation = MpiHandles.Operation(mpi, op, output.DType);
        var inputs = CheckList(inputList, output, nameof(inputList), written: false);
        var receive = CollectiveBuffer.ForWrite(output, nameof(output));
        // The inputs are read now, into one buffer in rank order: what MPI_Reduce_scatter_block takes.
        var send = CollectiveBuffer.Scratch(output.DType, receive.Count * WorldSize);
        for (int i = 0; i < inputs.Length; i++) send.CopySliceFrom(inputs[i], i * receive.Count);
        CollectiveBuffer.MarkWritten(output);
        int size = WorldSize;
        return new Work(() =>
        {
            using (var pinnedSend = send.Pin())
            using (var pinnedReceive = receive.Pin())
                mpi.ReduceScatterBlock(pinnedSend.Address, pinnedReceive.Address, receive.Count, type, operation);
            if (op == ReduceOp.Avg) receive.Divide(size);
            receive.CopyBack();
        });
    }

    private void CheckRank(int rank, string paramName)
    {
        if ((uint)rank >= (uint)WorldSize)
            throw new ArgumentOutOfRangeException(paramName, rank, $"rank {rank} is not in the group of {WorldSize} (ranks 0 to {WorldSize - 1})");
    }

    /// <summary>Checks that a per-rank list has one tensor per rank, each of <paramref name="like"/>'s shape and dtype.</summary>
    private Tensor[] CheckList(IReadOnlyList<Tensor> list, Tensor like, string paramName, bool written)
    {
        if (list.Count != WorldSize)
            throw new ArgumentException($"the list must hold one tensor per rank: {WorldSize}, got {list.Count}", paramName);
        var tensors = list.ToArray();
        for (int i = 0; i < tensors.Length; i++)
        {
            if (tensors[i] is null) throw new ArgumentNullException(paramName, $"element {i} of the list is null");
            if (tensors[i].Shape != like.Shape || tensors[i].DType != like.DType)
                throw new ArgumentException(
                    $"element {i} of the list has shape {tensors[i].Shape} and dtype {tensors[i].DType.Name()}; every element must have shape {like.Shape} and dtype {like.DType.Name()}", paramName);
            if (written) CollectiveBuffer.CheckWritable(tensors[i], paramName);
        }
        return tensors;
    }
}
