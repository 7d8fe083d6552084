using Nabla;
using Nabla.Data;
using Nabla.Distributed;
using Nabla.NN;
using Nabla.Optim;

namespace Nabla.Distributed.Worker;

/// <summary>
/// The C# blocks of docs/distributed.md, run on every rank (docs/distributed.md shows them verbatim;
/// DocsTests checks that they are here). Their results are recorded for the tests.
/// </summary>
public static class DocsScenario
{
    public static void Run(ProcessGroup group, Results results, string folder)
    {
        results.Add("docs/collectives", Collectives(group));

        var generator = new Generator(group.Rank);   // each rank its own parameters and data, on purpose
        var model = new Sequential(new Linear(4, 8, generator: generator), new Relu(), new Linear(8, 3, generator: generator));
        var images = Tensor.Randn([40, 4], generator: new Generator(0));
        var labels = Tensor.RandInt(3, [40], generator: new Generator(1));
        var ddp = Train(group, model, images, labels);
        results.Add("docs/trained", ddp.Module.Parameters().First().Detach().Clone());

        var local = new Generator(10 + group.Rank);   // this rank's own micro-batches
        Accumulate(ddp, Tensor.Randn([5, 4], generator: local), Tensor.Randn([5, 3], generator: local), Tensor.Randn([5, 4], generator: local), Tensor.Randn([5, 3], generator: local));
        results.Add("docs/accumulated", ddp.Module.Parameters().First().Grad!);

        Checkpoint(group, ddp, folder);
        results.Add("docs/reloaded", ddp.Module.Parameters().First().Detach());
    }

    private static Tensor Collectives(ProcessGroup group)
    {
        var t = Tensor.Full([2, 3], (double)group.Rank + 1);
        group.AllReduce(t, ReduceOp.Sum);             // every rank: 1 + 2 + ... + WorldSize
        group.Broadcast(t.T, root: 0);                // any layout, written in place
        var work = group.AllReduceAsync(t, ReduceOp.Max);
        work.Wait();                                  // t is the collective's until then
        return t;
    }

    private static DistributedDataParallel Train(ProcessGroup group, Module model, Tensor images, Tensor labels)
    {
        var ddp = new DistributedDataParallel(model, group);           // rank 0's parameters reach every rank
        var optimizer = new Sgd(ddp.Parameters(), lr: 0.05);
        var sampler = new DistributedSampler(datasetLength: images.Size(0), group, shuffle: true, seed: 0);
        var loader = new DataLoader(new TensorDataset(images, labels), batchSize: 8, sampler: sampler);
        for (int epoch = 0; epoch < 3; epoch++)
        {
            sampler.SetEpoch(epoch);                                    // a new order each epoch, the same on every rank
            foreach (Tensor[] batch in loader)                          // batches of this rank's share
            {
                var loss = F.CrossEntropy(ddp.Forward(batch[0]), batch[1]);
                optimizer.ZeroGrad();
                loss.Backward();                                        // returns with gradients averaged over the ranks
                optimizer.Step();
            }
        }
        return ddp;
    }

    private static void Accumulate(DistributedDataParallel ddp, Tensor x1, Tensor y1, Tensor x2, Tensor y2)
    {
        ddp.ZeroGrad();
        using (ddp.NoSync()) F.MseLoss(ddp.Forward(x1), y1).Backward();   // local only
        F.MseLoss(ddp.Forward(x2), y2).Backward();                        // averages the sum of both
    }

    private static void Checkpoint(ProcessGroup group, DistributedDataParallel ddp, string folder)
    {
        string path = Path.Combine(folder, "model.safetensors");
        if (group.Rank == 0) ddp.Module.Save(path);   // one writer: the replicas are identical
        group.Barrier();                              // nobody reads the file before rank 0 has written it
        ddp.Module.Load(path);
    }
}
