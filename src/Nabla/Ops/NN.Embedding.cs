using Nabla.Kernels;

namespace Nabla;

internal static partial class NNOps
{
    /// <summary>embedding: rows of <paramref name="weight"/> looked up by <paramref name="indices"/> of any shape (node <c>EmbeddingBackward0</c>).</summary>
    public static Tensor Embedding(Tensor indices, Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(weight);
        if (!indices.DType.IsIntegral())
            throw new ArgumentException($"embedding: expected indices of dtype int64 or int32, but got {indices.DType.Name()}");
        if (weight.Dim != 2) throw new ArgumentException($"embedding: 'weight' must be 2-D [num_embeddings, embedding_dim], but got weight of size {weight.Shape}");
        var flat = Compute.Cast(indices, DType.Int64).Reshape(-1);
        foreach (long i in flat.ToArray<long>())
            if (i < 0 || i >= weight.Size(0))
                throw new ArgumentOutOfRangeException(nameof(indices), $"embedding: index {i} is out of range in self (num_embeddings = {weight.Size(0)})");
        // A fresh tensor of the final shape (not a view), so the result is an ordinary output.
        var selected = Indexing.IndexSelect(weight, 0, flat);
        var rows = new Tensor(selected.Storage, [.. indices.ShapeArray, weight.Size(1)]);
        return Derivatives.Embedding.Record(rows, [weight], default, (Slot.Index, flat));
    }
}
