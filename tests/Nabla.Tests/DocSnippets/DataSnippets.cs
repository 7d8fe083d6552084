using Nabla;
using Nabla.Data;

namespace Nabla.Tests.DocSnippets;

/// <summary>The code of docs/data.md, run; each test checks what the block's comments say.</summary>
[Collection(nameof(DocSnippets))]
public sealed class DataSnippets
{
    [Fact]
    public void SplittingAndCombining()
    {
        var lines = Snippet.Lines(() =>
        {
            var data = new TensorDataset(Tensor.Randn([11, 3]), Tensor.Arange(11));
            Subset[] parts = data.RandomSplit([0.3, 0.3, 0.4], new Generator(42));
            Console.WriteLine(string.Join(", ", parts.Select(p => p.Count)));   // 4, 3, 4
            var (train, validation) = (parts[0], new ConcatDataset(parts[1], parts[2]));
            Console.WriteLine($"{train.Count} + {validation.Count}");            // 4 + 7
        });
        Assert.Equal(["4, 3, 4", "4 + 7"], lines);
    }

    [Fact]
    public void Samplers()
    {
        var lines = Snippet.Lines(() =>
        {
            var labels = Tensor.FromArray(new long[] { 0, 0, 0, 0, 0, 0, 1, 1 });   // class 1 is rare
            var dataset = new TensorDataset(Tensor.Randn([8, 2]), labels);
            double[] perClass = [1.0 / 6, 1.0 / 2];                                   // 1 / (samples of that class)
            var weights = labels.ToArray<long>().Select(y => perClass[y]).ToArray();
            var sampler = new WeightedRandomSampler(weights, numSamples: 800, generator: new Generator(0));
            var balanced = new DataLoader(dataset, batchSize: 100, sampler: sampler);
            long rare = balanced.Sum(batch => batch[1].Sum().Item<long>());
            Console.WriteLine(rare > 300 && rare < 500);                             // True: about half of 800 now
        });
        Assert.Equal(["True"], lines);
    }

    [Fact]
    public void LoadingInTheBackground()
    {
        var lines = Snippet.Lines(() =>
        {
            var images = new TensorDataset(Tensor.Randn([64, 1, 8, 8]), Tensor.Arange(64));
            var loader = new DataLoader(images, batchSize: 16, shuffle: true, generator: new Generator(1), numWorkers: 2, prefetchFactor: 2);
            using var cancel = new CancellationTokenSource();
            int batches = 0;
            foreach (Tensor[] batch in loader.WithCancellation(cancel.Token))
            {
                batches++;                                           // train on batch[0], batch[1] here
                if (batches == 3) break;                             // leaving early stops the workers
            }
            Console.WriteLine($"{batches} of {loader.Count} batches");   // 3 of 4 batches
        });
        Assert.Equal(["3 of 4 batches"], lines);
    }
}
