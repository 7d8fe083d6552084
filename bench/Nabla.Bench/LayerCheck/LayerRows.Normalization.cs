using Nabla.NN;
using TorchSharp;
using Tnn = TorchSharp.torch.nn;
using L = Nabla.Bench.LayerRow;

namespace Nabla.Bench;

internal static partial class LayerRows
{
    // Group and instance normalisation, embeddings with their options, embedding bags. (RMSNorm: TorchSharp 0.107 has
    // no nn.RMSNorm; F.RmsNorm is in the op check, against ATen's rms_norm.)
    private static IEnumerable<LayerRow> NormalizationAndEmbedding()
    {
        yield return One("GroupNorm groups=2", X(2, 6, 3, 3), () => new GroupNorm(2, 6), () => Tnn.GroupNorm(2, 6));
        yield return One("GroupNorm groups=3 no affine eps=1e-3 3-d", X(3, 6, 4), () => new GroupNorm(3, 6, 1e-3, affine: false), () => Tnn.GroupNorm(3, 6, 1e-3, affine: false));
        yield return One("InstanceNorm1d", X(2, 3, 5), () => new InstanceNorm1d(3), () => Tnn.InstanceNorm1d(3));
        yield return One("InstanceNorm1d affine track_running_stats", X(2, 3, 5), () => new InstanceNorm1d(3, affine: true, trackRunningStats: true),
            () => Tnn.InstanceNorm1d(3, affine: true, track_running_stats: true));
        yield return One("InstanceNorm2d affine", X(2, 3, 4, 4), () => new InstanceNorm2d(3, affine: true), () => Tnn.InstanceNorm2d(3, affine: true));
        yield return One("InstanceNorm2d track_running_stats eval", X(2, 3, 4, 4), () => EvalMode(new InstanceNorm2d(3, trackRunningStats: true)),
            () => EvalModeTorch(Tnn.InstanceNorm2d(3, track_running_stats: true)));
        yield return One("Embedding padding_idx=2", Ids(7, 3, 5), () => new Embedding(7, 4, paddingIdx: 2), () => Tnn.Embedding(7, 4, padding_idx: 2));
        yield return One("Embedding max_norm=1", Ids(7, 3, 5), () => new Embedding(7, 4, maxNorm: 1.0), () => Tnn.Embedding(7, 4, max_norm: 1.0));
        yield return One("Embedding max_norm=1.5 norm_type=1", Ids(7, 3, 5), () => new Embedding(7, 4, maxNorm: 1.5, normType: 1),
            () => Tnn.Embedding(7, 4, max_norm: 1.5, norm_type: 1));
        foreach (var (mode, torchMode) in new[] { ("sum", EmbeddingBagMode.Sum), ("mean", EmbeddingBagMode.Mean), ("max", EmbeddingBagMode.Max) })
        {
            yield return L.Of($"EmbeddingBag mode={mode} offsets", [Ids(10, 8), Given(DType.Int64, [0, 2, 2, 5], 4)],
                () => new EmbeddingBag(10, 3, mode: mode), () => Tnn.EmbeddingBag(10, 3, mode: torchMode),
                (m, x) => [m.Forward(x[0], x[1])], (m, x) => [m.forward(x[0], x[1], null)]);
            yield return L.Of($"EmbeddingBag mode={mode} 2-d padding_idx=1", [Ids(5, 3, 4)],
                () => new EmbeddingBag(5, 3, mode: mode, paddingIdx: 1), () => Tnn.EmbeddingBag(5, 3, mode: torchMode, padding_index: 1),
                (m, x) => [m.Forward(x[0])], (m, x) => [m.forward(x[0], null, null)]);
        }
        yield return L.Of("EmbeddingBag sum per_sample_weights include_last_offset", [Ids(10, 8), Given(DType.Int64, [0, 3, 5, 8], 4), X(8)],
            () => new EmbeddingBag(10, 3, mode: "sum", includeLastOffset: true), () => Tnn.EmbeddingBag(10, 3, mode: EmbeddingBagMode.Sum, include_last_offset: true),
            (m, x) => [m.Forward(x[0], x[1], x[2])], (m, x) => [m.forward(x[0], x[1], x[2])]);
    }

    /// <summary>Given values of a dtype, not differentiated (offsets, lengths, ±1 targets).</summary>
    private static In Given(DType dtype, double[] values, params int[] shape) => new(shape, dtype, (_, _) => values) { Grad = false };
}
