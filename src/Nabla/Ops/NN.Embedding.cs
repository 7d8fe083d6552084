using Nabla.Kernels;

namespace Nabla;

internal static partial class NNOps
{
    /// <summary>
    /// embedding: rows of <paramref name="weight"/> looked up by <paramref name="indices"/> of any shape (node
    /// <c>EmbeddingBackward0</c>). With <paramref name="maxNorm"/>, the looked-up rows whose
    /// <paramref name="normType"/>-norm exceeds it are first rescaled in place (PyTorch's <c>embedding_renorm_</c>);
    /// the row <paramref name="paddingIdx"/> (already made non-negative) gets no gradient.
    /// </summary>
    public static Tensor Embedding(Tensor indices, Tensor weight, long? paddingIdx = null, double? maxNorm = null, double normType = 2, bool scaleGradByFreq = false)
    {
        var flat = LookupIndices(indices, weight, "embedding");
        if (maxNorm is { } max) EmbeddingRenorm(weight, flat, max, normType);
        // A fresh tensor of the final shape (not a view), so the result is an ordinary output.
        var selected = Indexing.IndexSelect(weight, 0, flat);
        var rows = new Tensor(selected.Storage, [.. indices.ShapeArray, weight.Size(1)]);
        return Derivatives.Embedding.Record(rows, [weight], new EmbeddingOptions(paddingIdx, scaleGradByFreq), (Slot.Index, flat));
    }

    /// <summary>The indices as a flat int64 tensor, after checking them and the table (embedding and embedding_bag).</summary>
    private static Tensor LookupIndices(Tensor indices, Tensor weight, string op)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(weight);
        if (!indices.DType.IsIntegral())
            throw new ArgumentException($"{op}: expected indices of dtype int64 or int32, but got {indices.DType.Name()}");
        if (weight.Dim != 2) throw new ArgumentException($"{op}: 'weight' must be 2-D [num_embeddings, embedding_dim], but got weight of size {weight.Shape}");
        var flat = Compute.Cast(indices, DType.Int64).Reshape(-1);
        foreach (long i in flat.ToArray<long>())
            if (i < 0 || i >= weight.Size(0))
                throw new ArgumentOutOfRangeException(nameof(indices), $"{op}: index {i} is out of range in self (num_embeddings = {weight.Size(0)})");
        return flat;
    }

    /// <summary>padding_idx made non-negative, as F.embedding and nn.Embedding do (null: none).</summary>
    /// <exception cref="ArgumentOutOfRangeException">When it is outside [-numEmbeddings, numEmbeddings).</exception>
    internal static long? PaddingIndex(int? paddingIdx, int numEmbeddings)
    {
        if (paddingIdx is not { } p) return null;
        if (p >= numEmbeddings || p < -numEmbeddings)
            throw new ArgumentOutOfRangeException(nameof(paddingIdx), $"Padding_idx must be within num_embeddings (got padding_idx={p}, num_embeddings={numEmbeddings})");
        return p < 0 ? p + numEmbeddings : p;
    }

    /// <summary>
    /// embedding_renorm_: each row looked up by <paramref name="flatIndices"/> whose p-norm exceeds
    /// <paramref name="maxNorm"/> is scaled in place by maxNorm/(norm + 1e-7), outside autograd.
    /// </summary>
    internal static void EmbeddingRenorm(Tensor weight, Tensor flatIndices, double maxNorm, double normType)
    {
        var (rows, _, _) = flatIndices.Unique();
        using (GradMode.Set(false))
        {
            var selected = weight.IndexSelect(0, rows);
            var norms = selected.Norm(normType, 1, keepDim: true);
            weight.IndexPutInPlace([rows], selected * (maxNorm / (norms + 1e-7)).Where(norms.Gt(maxNorm), 1.0));
        }
    }

    /// <summary>
    /// The factor of each lookup's gradient: 0 for the padding row, 1/(its row's number of lookups) with
    /// scale_grad_by_freq, else 1; null when every factor is 1. A constant of the lookups, computed from
    /// the indices.
    /// </summary>
    internal static Tensor? LookupScale(Tensor flatIndices, int numEmbeddings, long? paddingIdx, bool scaleGradByFreq)
    {
        if (paddingIdx is null && !scaleGradByFreq) return null;
        var indices = flatIndices.ToArray<long>();
        var counts = new int[numEmbeddings];
        if (scaleGradByFreq) foreach (long i in indices) counts[i]++;
        var scale = new double[indices.Length];
        for (int k = 0; k < indices.Length; k++)
            scale[k] = indices[k] == paddingIdx ? 0 : scaleGradByFreq ? 1.0 / counts[indices[k]] : 1;
        return Tensor.FromArray(scale);
    }
}

/// <summary>embedding's padding row (non-negative; null: none) and whether gradients are scaled by the inverse lookup frequency.</summary>
internal readonly record struct EmbeddingOptions(long? PaddingIdx, bool ScaleGradByFreq);
