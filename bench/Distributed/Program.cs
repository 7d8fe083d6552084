// Measures, on each rank of an mpirun job (or alone):
//   train      samples per second of the MNIST LeNet training step (Adam, batch per rank --batch, default 64),
//              with DistributedDataParallel when there are several ranks (or with --ddp: its cost on one rank;
//              --independent: each rank trains its own model, no communication, the machine's ceiling)
//   allreduce  ProcessGroup.AllReduce time and bandwidth on float32 tensors of 4 KiB to 64 MiB
// bench/Distributed/run.sh runs both with 1 and 2 processes and next to Open MPI's own all-reduce (allreduce.c).
using System.Diagnostics;
using Nabla;
using Nabla.Distributed;
using Nabla.NN;
using Nabla.Optim;

string mode = args.FirstOrDefault() ?? "";
int Option(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;

using var group = ProcessGroup.InitMpi();
switch (mode)
{
    case "train":
        Train(group, batch: Option("--batch", 64), steps: Option("--steps", 40), repeats: Option("--repeats", 9), ddp: (group.WorldSize > 1 && !args.Contains("--independent")) || args.Contains("--ddp"));
        return 0;
    case "allreduce":
        AllReduce(group);
        return 0;
    default:
        Console.Error.WriteLine("usage: DistributedBench train [--batch 64] [--steps 40] [--repeats 9] [--ddp | --independent] | allreduce   (under mpirun -np N, or alone)");
        return 2;
}

// Training steps on random MNIST-shaped batches (the data do not change the work); the median of
// `repeats` timings of `steps` steps each, after a warm-up of WarmupSeconds. Every rank times the same steps between barriers.
static void Train(ProcessGroup group, int batch, int steps, int repeats, bool ddp)
{
    const double WarmupSeconds = 4;
    var generator = new Generator(group.Rank);
    var lenet = new LeNet(generator);
    Module model = ddp ? new DistributedDataParallel(lenet, group) : lenet;
    var optimizer = new Adam(model.Parameters(), lr: 1e-3);
    var images = Tensor.Randn([batch, 1, 28, 28], generator: generator);
    var labels = Tensor.RandInt(10, [batch], generator: generator);
    void Step()
    {
        var loss = F.CrossEntropy(model.Forward(images), labels);
        optimizer.ZeroGrad();
        loss.Backward();
        optimizer.Step();
    }
    // Warm up until rank 0 has run WarmupSeconds: the tiered JIT needs seconds to reach steady code, more on a
    // rank bound to one core (mpirun binds each rank to a core), and a fixed step count left the one-process
    // rows measuring tier-0 code. Rank 0 decides so that every rank runs the same steps (DDP steps all-reduce).
    var warmup = Stopwatch.StartNew();
    var again = Tensor.Ones([1]);
    do
    {
        for (int i = 0; i < 10; i++) Step();
        if (group.Rank == 0) again.FillInPlace(warmup.Elapsed.TotalSeconds < WarmupSeconds ? 1 : 0);
        group.Broadcast(again);
    } while (again.Item<float>() > 0);
    var seconds = new List<double>();
    var pauseBefore = GC.GetTotalPauseDuration();
    int collectionsBefore = GC.CollectionCount(0);
    var timed = Stopwatch.StartNew();
    for (int r = 0; r < repeats; r++)
    {
        group.Barrier();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++) Step();
        group.Barrier();
        seconds.Add(clock.Elapsed.TotalSeconds);
    }
    double median = seconds.Order().ElementAt(seconds.Count / 2);
    // Rank 0's share of the timed span spent in GC pauses: under DDP a pause on one rank stalls the other at
    // the next all-reduce, so pauses cost twice what they cost a lone process.
    double gcPercent = 100 * (GC.GetTotalPauseDuration() - pauseBefore).TotalSeconds / timed.Elapsed.TotalSeconds;
    int collections = GC.CollectionCount(0) - collectionsBefore;
    if (group.Rank == 0)
        Console.WriteLine($"train ranks={group.WorldSize} ddp={ddp} threads={Environment.ProcessorCount} batch_per_rank={batch} " +
            $"step_ms={median / steps * 1e3:F2} samples_per_s={group.WorldSize * batch * steps / median:F0} " +
            $"gc_pause_pct={gcPercent:F1} gcs_per_100_steps={100.0 * collections / (repeats * steps):F1}");
}

// In-place all-reduces (sum) of float32 tensors; the mean time of enough calls to last ~0.3 s per size.
static void AllReduce(ProcessGroup group)
{
    for (int bytes = 4 << 10; bytes <= 64 << 20; bytes *= 4)
    {
        var tensor = Tensor.Ones([bytes / 4]);
        for (int i = 0; i < 3; i++) group.AllReduce(tensor);
        int calls = Math.Max(5, (int)(0.3 / Timed(group, tensor, 3)));
        double seconds = Timed(group, tensor, calls);
        if (group.Rank == 0)
            Console.WriteLine($"allreduce ranks={group.WorldSize} bytes={bytes} us={seconds * 1e6:F1} algbw_GBps={bytes / seconds / 1e9:F3}");
    }

    static double Timed(ProcessGroup group, Tensor tensor, int calls)
    {
        var time = Tensor.Zeros([1], DType.Float64);
        group.Barrier();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++) group.AllReduce(tensor);
        time.FillInPlace(clock.Elapsed.TotalSeconds / calls);
        group.AllReduce(time, ReduceOp.Max);   // every rank uses the slowest rank's time, so they agree on the next count
        return time.Item<double>();
    }
}
