using Nabla;

namespace Nabla.Distributed.Worker;

/// <summary>Each rank's indices from a sampler built on the group, for two epochs.</summary>
public static class SamplerScenario
{
    public const int DatasetLength = 10, Epochs = 2;
    public const long Seed = 3;

    public static void Run(ProcessGroup group, Results results)
    {
        var sampler = new DistributedSampler(datasetLength: DatasetLength, group, shuffle: true, seed: Seed);
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            sampler.SetEpoch(epoch);
            results.Add($"sampler/{epoch}", Tensor.FromArray(sampler.Select(i => (long)i).ToArray()));
        }
    }
}
