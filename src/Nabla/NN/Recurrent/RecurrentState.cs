namespace Nabla.NN;

/// <summary>A recurrent layer's state at one step for a batch of sequences: h [B, Hout] and, for an LSTM, the cell state c [B, H].</summary>
internal readonly record struct RecurrentState(Tensor H, Tensor? C)
{
    /// <summary>How many sequences the state holds.</summary>
    public int Batch => H.Size(0);

    /// <summary>The states of <paramref name="length"/> sequences from row <paramref name="start"/>.</summary>
    public RecurrentState Rows(int start, int length) => new(H.Narrow(0, start, length), C?.Narrow(0, start, length));

    /// <summary>The states of several groups of sequences, one after the other.</summary>
    public static RecurrentState Join(IReadOnlyList<RecurrentState> parts)
    {
        if (parts.Count == 1) return parts[0];
        var h = Tensor.Cat([.. parts.Select(p => p.H)], 0);
        return new(h, parts[0].C is null ? null : Tensor.Cat([.. parts.Select(p => p.C!)], 0));
    }
}
