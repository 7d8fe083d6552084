namespace Nabla.NN;

/// <summary>
/// Runs a stack of recurrent layers over a batch of sequences in the packed layout: the rows of all time
/// steps one after the other, step t holding the first batchSizes[t] sequences (the sequences sorted by
/// length, longest first, so that the active ones are always a prefix). A padded batch of equal lengths is
/// the special case batchSizes = [B, B, ...]. Per layer and direction: one product projects every step's
/// inputs onto the gates, then each step is one product with W_hhᵀ and the cell.
/// </summary>
internal static class Recurrence
{
    /// <summary>
    /// The last layer's outputs [N, D·Hout] for the packed rows <paramref name="data"/> [N, in], and the final
    /// states [L·D, B, Hout] (and [L·D, B, H] for an LSTM) from the initial ones <paramref name="h0"/>,
    /// <paramref name="c0"/>. <paramref name="layers"/> holds each layer's weights per direction (forward, reverse);
    /// with <paramref name="dropout"/> above 0 each layer's output but the last is dropped out.
    /// </summary>
    public static (Tensor Output, Tensor H, Tensor? C) Run(CellKind kind, CellWeights[][] layers, Tensor data, int[] batchSizes,
        Tensor h0, Tensor? c0, double dropout)
    {
        int directions = layers[0].Length;
        var finals = new RecurrentState[layers.Length * directions];
        var input = data;
        for (int layer = 0; layer < layers.Length; layer++)
        {
            if (layer > 0 && dropout > 0) input = F.Dropout(input, dropout);
            var outputs = new Tensor[directions];
            for (int d = 0; d < directions; d++)
            {
                int k = layer * directions + d;
                var initial = new RecurrentState(h0.Select(0, k), c0?.Select(0, k));
                (outputs[d], finals[k]) = RunDirection(kind, layers[layer][d], input, batchSizes, initial, reverse: d == 1);
            }
            input = directions == 1 ? outputs[0] : Tensor.Cat(outputs, 1);
        }
        var h = Tensor.Stack([.. finals.Select(f => f.H)]);
        return (input, h, kind.HasCell ? Tensor.Stack([.. finals.Select(f => f.C!)]) : null);
    }

    // Forward, a sequence's final state is its state when it drops out of the batch; in reverse, each sequence
    // starts at its own last step, taking its initial state when it joins the batch.
    private static (Tensor Output, RecurrentState Final) RunDirection(CellKind kind, CellWeights w, Tensor input, int[] batchSizes,
        RecurrentState initial, bool reverse)
    {
        var steps = kind.InputGates(input, w).Split(batchSizes);   // one node for all steps: the backward joins their gradients once
        var outputs = new Tensor[steps.Length];
        RecurrentState state;
        if (!reverse)
        {
            var ended = new List<RecurrentState>();   // the rows that ended, highest rows first
            state = initial;
            for (int t = 0; t < steps.Length; t++)
            {
                if (batchSizes[t] < state.Batch)
                {
                    ended.Insert(0, state.Rows(batchSizes[t], state.Batch - batchSizes[t]));
                    state = state.Rows(0, batchSizes[t]);
                }
                state = kind.Step(steps[t], state, w);
                outputs[t] = state.H;
            }
            ended.Insert(0, state);
            return (Tensor.Cat(outputs, 0), RecurrentState.Join(ended));
        }
        state = batchSizes[^1] < initial.Batch ? initial.Rows(0, batchSizes[^1]) : initial;
        for (int t = steps.Length - 1; t >= 0; t--)
        {
            if (batchSizes[t] > state.Batch) state = RecurrentState.Join([state, initial.Rows(state.Batch, batchSizes[t] - state.Batch)]);
            state = kind.Step(steps[t], state, w);
            outputs[t] = state.H;
        }
        return (Tensor.Cat(outputs, 0), state);
    }
}
