// Trains LeNet-5 on MNIST as samples/Mnist does, data parallel over MPI: each rank trains on its
// share of every batch and DistributedDataParallel averages the gradients, so N ranks make the same
// steps as one process with the whole batch. Build once, then start the ranks (README.md):
//   dotnet build -c Release samples/DistributedMnist
//   mpirun -np 2 dotnet run -c Release --no-build --project samples/DistributedMnist -- --data path/to/mnist
using System.Diagnostics;
using Nabla;
using Nabla.Data;
using Nabla.Distributed;
using Nabla.NN;

var options = Options.Parse(args, "mpirun -np 2 dotnet run -c Release --no-build --project samples/DistributedMnist --");
if (options is null) return 1;

using var group = ProcessGroup.InitMpi();
bool lead = group.Rank == 0;   // rank 0 prints and saves; every rank computes
if (options.BatchSize % group.WorldSize != 0)
{
    if (lead) Console.Error.WriteLine($"error: --batch-size {options.BatchSize} must divide evenly among {group.WorldSize} ranks");
    return 1;
}
int perRank = options.BatchSize / group.WorldSize;

var (train, test, description) = MnistData.Load(options.Data);
// Each rank may start from its own parameters: DistributedDataParallel broadcasts rank 0's.
var ddp = new DistributedDataParallel(new LeNet(new Generator(options.Seed + group.Rank)), group);
var optimizer = options.CreateOptimizer(ddp.Parameters());
var sampler = new DistributedSampler(train.Count, group, shuffle: true, seed: options.Seed);
var loader = new DataLoader(train, batchSize: perRank, sampler: sampler);
if (lead)
{
    Console.WriteLine($"MNIST: {description}");
    Console.WriteLine($"{group.WorldSize} ranks ({group.LibraryVersion.Split(',')[0]}), a batch of {options.BatchSize} = {group.WorldSize} x {perRank} per rank");
}

for (int epoch = 1; epoch <= options.Epochs; epoch++)
{
    var clock = Stopwatch.StartNew();
    sampler.SetEpoch(epoch);
    ddp.Train();
    double lossSum = 0;
    int batches = 0;
    foreach (Tensor[] batch in loader)   // batches of this rank's share of the epoch
    {
        var loss = F.CrossEntropy(ddp.Forward(batch[0]), batch[1]);
        optimizer.ZeroGrad();
        loss.Backward();   // returns with the gradients averaged over the ranks
        optimizer.Step();
        lossSum += loss.Item<float>();
        batches++;
    }
    var meanLoss = Tensor.FromArray([lossSum / batches]);
    group.AllReduce(meanLoss, ReduceOp.Avg);
    double accuracy = Evaluate(ddp.Module, test, group);
    if (lead) Console.WriteLine($"epoch {epoch}: mean loss {meanLoss.Item<double>():F4}, test accuracy {accuracy:P2} ({clock.Elapsed.TotalSeconds:F1} s)");
}

// Checkpoints are written by one rank (the replicas are identical); the others wait until it is on disk.
if (lead)
{
    Directory.CreateDirectory(options.Output);
    string weights = Path.Combine(options.Output, "lenet.safetensors");
    ddp.Module.Save(weights);   // the model's own keys (conv1.weight, ...), loadable by samples/Mnist's LeNet
    Console.WriteLine($"weights: {weights}");
}
group.Barrier();
return 0;

// Each rank scores every WorldSize-th test image; the counts of correct answers are summed over ranks.
static double Evaluate(Module model, TensorDataset test, ProcessGroup group)
{
    model.Eval();
    var mine = Tensor.Arange(group.Rank, test.Count, group.WorldSize);
    var share = new TensorDataset(test.Tensors.Select(t => t.IndexSelect(0, mine)).ToArray());
    long correct = 0;
    using (Autograd.NoGrad())
        foreach (Tensor[] batch in new DataLoader(share, batchSize: 1000))
            correct += model.Forward(batch[0]).Argmax(1).Eq(batch[1]).Sum().Item<long>();
    var total = Tensor.FromArray([correct]);
    group.AllReduce(total);
    return total.Item<long>() / (double)test.Count;
}
