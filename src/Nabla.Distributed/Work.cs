using System.Runtime.CompilerServices;

namespace Nabla.Distributed;

/// <summary>
/// A collective started by one of the <c>...Async</c> methods of <see cref="ProcessGroup"/>, like
/// the <c>Work</c> object that <c>torch.distributed</c> returns for <c>async_op=True</c>: call
/// <see cref="Wait"/> (or <c>await</c> it) before reading the result. Until then the tensors it
/// was given belong to the collective: do not read or write them.
/// </summary>
/// <example>
/// <code>
/// var work = group.AllReduceAsync(gradient, ReduceOp.Avg);
/// ComputeSomethingElse();
/// work.Wait();   // gradient now holds the average over all ranks
/// </code>
/// </example>
public sealed class Work
{
    private readonly Action _operation;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal Work(Action operation) => _operation = operation;

    /// <summary>True once the collective has finished, successfully or not, like <c>work.is_completed()</c>.</summary>
    public bool IsCompleted => _completion.Task.IsCompleted;

    /// <summary>Blocks until the collective has finished and its results are in the tensors, like <c>work.wait()</c>.</summary>
    /// <exception cref="InvalidOperationException">When MPI reported an error for this collective.</exception>
    public void Wait() => _completion.Task.GetAwaiter().GetResult();

    /// <summary>The collective as a task, to combine with other tasks.</summary>
    public Task AsTask() => _completion.Task;

    /// <summary>Lets <c>await work</c> wait without blocking a thread.</summary>
    public TaskAwaiter GetAwaiter() => _completion.Task.GetAwaiter();

    /// <summary>Runs the operation on the MPI thread and records how it ended.</summary>
    internal void Run()
    {
        try
        {
            _operation();
            _completion.SetResult();
        }
        catch (Exception e)
        {
            _completion.SetException(e);
        }
    }
}
