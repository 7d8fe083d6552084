namespace Nabla.NN;

/// <summary>
/// The math of one kind of recurrent cell (PyTorch's modes <c>LSTM</c>, <c>GRU</c>, <c>RNN_TANH</c>, <c>RNN_RELU</c>):
/// how many gate blocks its weights stack, how the inputs of a whole sequence are projected onto the gates (one
/// product for all steps), and one step from those projections. The layers and the cells share it.
/// </summary>
internal abstract class CellKind
{
    public static readonly CellKind Lstm = new LstmKind();
    public static readonly CellKind Gru = new GruKind();
    public static readonly CellKind RnnTanh = new ElmanKind(relu: false);
    public static readonly CellKind RnnRelu = new ElmanKind(relu: true);

    /// <summary>How many gate blocks of H rows W_ih and W_hh stack (4 for i, f, g, o; 3 for r, z, n; 1).</summary>
    public abstract int Gates { get; }

    /// <summary>Whether the state carries a cell state c (LSTM).</summary>
    public virtual bool HasCell => false;

    /// <summary>The gate pre-activations that come from the inputs x [N, in]: [N, G·H], with the biases that can be added here.</summary>
    public abstract Tensor InputGates(Tensor x, CellWeights w);

    /// <summary>One step from the input gates of the step's rows and the state of the same rows.</summary>
    public abstract RecurrentState Step(Tensor inputGates, RecurrentState state, CellWeights w);

    // Both biases reach every gate unchanged, so they are added once with the input product: b_ih + b_hh + x·W_ihᵀ.
    private static Tensor? BothBiases(CellWeights w) => w.BiasIh is null ? null : w.BiasIh + w.BiasHh!;

    /// <summary>i, f, g, o = σ, σ, tanh, σ of x·W_ihᵀ + h·W_hhᵀ + b; c' = f·c + i·g; h' = o·tanh(c'), then ·W_hrᵀ with projections.</summary>
    private sealed class LstmKind : CellKind
    {
        public override int Gates => 4;

        public override bool HasCell => true;

        public override Tensor InputGates(Tensor x, CellWeights w) => w.InputProduct(x, BothBiases(w));

        public override RecurrentState Step(Tensor inputGates, RecurrentState state, CellWeights w)
        {
            var (h, c) = NNOps.FusedLstmCell(inputGates, w.HiddenProduct(state.H), state.C!);
            return new(w.Project(h), c);
        }
    }

    /// <summary>r, z = σ(x·W_ir,zᵀ + h·W_hr,zᵀ + b); n = tanh(x·W_inᵀ + b_in + r·(h·W_hnᵀ + b_hn)); h' = (1 - z)·n + z·h.</summary>
    private sealed class GruKind : CellKind
    {
        public override int Gates => 3;

        // b_hn is multiplied by r, so only b_ih joins the input product.
        public override Tensor InputGates(Tensor x, CellWeights w) => w.InputProduct(x, w.BiasIh);

        public override RecurrentState Step(Tensor inputGates, RecurrentState state, CellWeights w)
            => new(NNOps.FusedGruCell(inputGates, w.HiddenProduct(state.H, w.BiasHh), state.H), null);
    }

    /// <summary>The Elman cell h' = tanh or relu of x·W_ihᵀ + h·W_hhᵀ + b.</summary>
    private sealed class ElmanKind(bool relu) : CellKind
    {
        public override int Gates => 1;

        public override Tensor InputGates(Tensor x, CellWeights w) => w.InputProduct(x, BothBiases(w));

        public override RecurrentState Step(Tensor inputGates, RecurrentState state, CellWeights w)
        {
            var preActivation = w.HiddenProduct(state.H, inputGates);   // the input gates enter as addmm's bias
            return new(relu ? preActivation.Relu() : preActivation.Tanh(), null);
        }
    }
}
