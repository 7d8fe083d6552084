using Nabla;
using Nabla.NN;

namespace Nabla.Distributed.Worker;

/// <summary>Calls that must fail with a clear message, and a check that the group still works after them.</summary>
public static class ErrorScenario
{
    /// <summary>Two layers of which Forward uses only the first.</summary>
    public sealed class HalfUsed : Module
    {
        private readonly Linear _fc1;

        public HalfUsed()
        {
            var generator = new Generator(1);
            _fc1 = RegisterModule("fc1", new Linear(3, 2, generator: generator));
            RegisterModule("fc2", new Linear(2, 2, generator: generator));
        }

        public override Tensor Forward(Tensor input) => _fc1.Forward(input);
    }

    public static void Run(ProcessGroup group, Results results)
    {
        results.Message("error/init-twice", Catch(() => ProcessGroup.InitMpi()));
        results.Message("error/avg-int64", Catch(() => group.AllReduce(Tensor.Zeros([2], DType.Int64), ReduceOp.Avg)));
        results.Message("error/bool", Catch(() => group.AllReduce(Tensor.Zeros([2], DType.Bool))));
        results.Message("error/root", Catch(() => group.Broadcast(Tensor.Zeros(2), root: group.WorldSize)));
        results.Message("error/expanded", Catch(() => group.AllReduce(Tensor.Zeros(1).Expand(3))));
        results.Message("error/list", Catch(() => group.AllGather([Tensor.Zeros(2)], Tensor.Zeros(2))));

        var ddp = new DistributedDataParallel(new HalfUsed(), group);
        results.Message("error/unused", Catch(() => ddp.Forward(Tensor.Ones(4, 3)).Sum().Backward()));

        // Nothing is left half-done: the next collective pairs up across ranks as usual.
        var after = Tensor.Full([2], (double)group.Rank);
        group.AllReduce(after);
        results.Add("error/after", after);
    }

    private static string Catch(Action action)
    {
        try
        {
            action();
            return "no exception";
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }
}
