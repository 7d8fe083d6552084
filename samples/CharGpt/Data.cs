using Nabla;

/// <summary>
/// A text as character ids, as nanoGPT's data/shakespeare_char/prepare.py makes it: the vocabulary is the
/// text's distinct characters in code-point order, the first 90% of the ids train and the last 10% validate.
/// </summary>
public sealed class TextData
{
    private readonly Dictionary<char, long> _ids;

    private TextData(string text)
    {
        Vocabulary = string.Concat(text.Distinct().Order());
        _ids = Vocabulary.Select((c, i) => (c, (long)i)).ToDictionary();
        var ids = Encode(text);
        int n = (int)(ids.Length * 0.9);
        (Train, Val) = (ids[..n], ids[n..]);
    }

    /// <summary>Reads the text file at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">When the file holds fewer than two distinct characters.</exception>
    public static TextData Load(string path) => FromText(File.ReadAllText(path));

    /// <summary>The ids of <paramref name="text"/>, split 90/10.</summary>
    /// <exception cref="InvalidDataException">When the text holds fewer than two distinct characters.</exception>
    public static TextData FromText(string text)
    {
        if (text.Distinct().Take(2).Count() < 2) throw new InvalidDataException("the text needs at least two distinct characters");
        return new TextData(text);
    }

    /// <summary>The characters, id i being <c>Vocabulary[i]</c> (nanoGPT's itos).</summary>
    public string Vocabulary { get; }

    /// <summary>The number of distinct characters.</summary>
    public int VocabSize => Vocabulary.Length;

    /// <summary>The first 90% of the text's ids.</summary>
    public long[] Train { get; }

    /// <summary>The last 10% of the text's ids.</summary>
    public long[] Val { get; }

    /// <summary>The ids of <paramref name="text"/> (nanoGPT's stoi).</summary>
    /// <exception cref="KeyNotFoundException">When a character is not in the vocabulary.</exception>
    public long[] Encode(string text) => [.. text.Select(c => _ids[c])];

    /// <summary>The characters of <paramref name="ids"/>.</summary>
    public string Decode(IEnumerable<long> ids) => string.Concat(ids.Select(i => Vocabulary[(int)i]));

    /// <summary>
    /// nanoGPT's <c>get_batch</c>: <paramref name="batchSize"/> windows of <paramref name="blockSize"/> ids at random
    /// offsets of <paramref name="data"/>, as inputs x [B, T] and targets y [B, T], y being x shifted by one.
    /// </summary>
    public static (Tensor X, Tensor Y) GetBatch(long[] data, int batchSize, int blockSize, Generator generator)
    {
        if (data.Length <= blockSize) throw new ArgumentException($"{data.Length} ids are too few for windows of {blockSize} + 1", nameof(data));
        var offsets = Tensor.RandInt(data.Length - blockSize, [batchSize], generator: generator).ToArray<long>();
        var x = new long[batchSize * blockSize];
        var y = new long[batchSize * blockSize];
        for (int b = 0; b < batchSize; b++)
        {
            Array.Copy(data, offsets[b], x, b * blockSize, blockSize);
            Array.Copy(data, offsets[b] + 1, y, b * blockSize, blockSize);
        }
        return (Tensor.FromArray(x, [batchSize, blockSize]), Tensor.FromArray(y, [batchSize, blockSize]));
    }
}
