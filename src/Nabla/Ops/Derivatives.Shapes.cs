using Nabla.Kernels;
using static Nabla.Slot;
using Row = Nabla.Derivative<Nabla.NoArgs>;

namespace Nabla;

// The derivative table, continued (Derivatives.cs has the table's description and its first themes): views, shapes, padding and random sampling.
internal static partial class Derivatives
{
    // ---- views and shapes ---------------------------------------------------------------------

    public static Row T => field ??= Op("TBackward0")
        .Grad(Self, (n, g) => g.T);                                    // (Aᵀ)ᵀ = A

    public static Derivative<(int A, int B)> Transpose => field ??= Op<(int A, int B)>("TransposeBackward0")
        .Grad(Self, (n, g) => g.Transpose(n.Args.A, n.Args.B));        // swapping back

    /// <summary>permute by the dims whose inverse permutation is <c>Args</c>.</summary>
    public static Derivative<int[]> Permute => field ??= Op<int[]>("PermuteBackward0")
        .Grad(Self, (n, g) => g.Permute(n.Args));                      // the inverse permutation

    public static Row View => field ??= Op("ViewBackward0")
        .Grad(Self, (n, g) => g.Reshape(n.InputShape(0)));

    public static Row UnsafeView => field ??= Op("UnsafeViewBackward0")
        .Grad(Self, (n, g) => g.Reshape(n.InputShape(0)));

    public static Row Squeeze => field ??= Op("SqueezeBackward0")
        .Grad(Self, (n, g) => g.Reshape(n.InputShape(0)));

    public static Row SqueezeDim => field ??= Op("SqueezeBackward1")
        .Grad(Self, (n, g) => g.Reshape(n.InputShape(0)));

    /// <summary>squeeze_(dim), in place on a fresh result (matmul's [k]·[k, p]).</summary>
    public static Row SqueezeDimInPlace => field ??= Op("SqueezeBackward4")
        .Grad(Self, (n, g) => g.Reshape(n.InputShape(0)));

    public static Derivative<int> Unsqueeze => field ??= Op<int>("UnsqueezeBackward0")
        .Grad(Self, (n, g) => g.Squeeze(n.Args));

    /// <summary>flip along the dims <c>Args</c>: its own inverse.</summary>
    public static Derivative<int[]> Flip => field ??= Op<int[]>("FlipBackward0")
        .Grad(Self, (n, g) => g.Flip(n.Args));

    public static Row Expand => field ??= Op("ExpandBackward0")
        .Grad(Self, (n, g) => g.SumTo(n.InputShape(0)));              // broadcast copies add up

    public static Row Clone => field ??= Op("CloneBackward0")
        .Grad(Self, (n, g) => g);

    /// <summary><c>x[..]</c>: a new view of all of x.</summary>
    public static Row Alias => field ??= Op("AliasBackward0")
        .Grad(Self, (n, g) => g);

    // ---- more shape ops, padding and random sampling (issue 10 part 2) -----------------------

    /// <summary>split into pieces of <c>Args.Sizes</c> along <c>Args.Dim</c> (views, one output each).</summary>
    public static Derivative<(int Dim, int[] Sizes)> Split => field ??= Op<(int Dim, int[] Sizes)>("SplitBackward0")
        .OfOutputs([Self], reads: None, (n, grads) => [SplitBackward(grads, n.Args.Dim, n.Args.Sizes, n.InputShape(0))]);   // the pieces' gradients joined back

    public static Derivative<(int Dim, int[] Sizes)> SplitWithSizes => field ??= Op<(int Dim, int[] Sizes)>("SplitWithSizesBackward0")
        .OfOutputs([Self], reads: None, (n, grads) => [SplitBackward(grads, n.Args.Dim, n.Args.Sizes, n.InputShape(0))]);

    /// <summary>unbind along <c>Args</c> (the dim): slice i is output i.</summary>
    public static Derivative<int> Unbind => field ??= Op<int>("UnbindBackward0")
        .OfOutputs([Self], reads: None, (n, grads) => [UnbindBackward(grads, n.Args, n.InputShape(0))]);   // the slices' gradients stacked back

    /// <summary>tril / triu with <c>Args</c> the diagonal: linear, the gradient keeps the same triangle.</summary>
    public static Derivative<int> Tril => field ??= Op<int>("TrilBackward0")
        .Grad(Self, (n, g) => g.Tril(n.Args));

    public static Derivative<int> Triu => field ??= Op<int>("TriuBackward0")
        .Grad(Self, (n, g) => g.Triu(n.Args));

    /// <summary>roll by <c>Args.Shifts</c> along <c>Args.Dims</c> (none: the flattened tensor).</summary>
    public static Derivative<(int[] Shifts, int[] Dims)> Roll => field ??= Op<(int[] Shifts, int[] Dims)>("RollBackward0")
        .Grad(Self, (n, g) => g.RollCore(Negated(n.Args.Shifts), n.Args.Dims));   // rolled back

    /// <summary>repeat by <c>Args</c> (the repeats).</summary>
    public static Derivative<int[]> Repeat => field ??= Op<int[]>("RepeatBackward0")
        .Grad(Self, (n, g) => RepeatBackward(g, n.Args, n.InputShape(0)));   // the copies' gradients add up

    /// <summary>diagonal(offset, dim1, dim2) (<c>Args</c>), a view: the gradient is written onto a diagonal of zeros.</summary>
    public static Derivative<(int Offset, int Dim1, int Dim2)> Diagonal => field ??= Op<(int Offset, int Dim1, int Dim2)>("DiagonalBackward0")
        .Grad(Self, (n, g) => g.DiagonalBackward(n.InputShape(0), n.Args));

    /// <summary>diag of a matrix: diagonal_copy, whose node PyTorch's codegen names after the view's.</summary>
    public static Derivative<(int Offset, int Dim1, int Dim2)> DiagonalCopy => field ??= Op<(int Offset, int Dim1, int Dim2)>("DiagonalBackward0_copy")
        .Grad(Self, (n, g) => g.DiagonalBackward(n.InputShape(0), n.Args));

    public static Derivative<(int Offset, int Dim1, int Dim2)> DiagonalBackward => field ??= Op<(int Offset, int Dim1, int Dim2)>("DiagonalBackwardBackward0")
        .Grad(Self, (n, g) => g.Diagonal(n.Args.Offset, n.Args.Dim1, n.Args.Dim2));   // linear: the same diagonal

    /// <summary>diag_embed(offset, dim1, dim2) (<c>Args</c>): the input became a diagonal, whose gradient is read back.</summary>
    public static Derivative<(int Offset, int Dim1, int Dim2)> DiagEmbed => field ??= Op<(int Offset, int Dim1, int Dim2)>("DiagEmbedBackward0")
        .Grad(Self, (n, g) => g.Diagonal(n.Args.Offset, n.Args.Dim1, n.Args.Dim2));

    /// <summary>constant_pad_nd with the pads <c>Args</c>: the gradient of the input's region (the same op, pads negated, crops it).</summary>
    public static Derivative<int[]> ConstantPadNd => field ??= Op<int[]>("ConstantPadNdBackward0")
        .Grad(Self, (n, g) => NNOps.ConstantPad(g, Negated(n.Args), 0));

    /// <summary>reflection_pad1d/2d/3d, by the number of padded dims less one.</summary>
    public static Derivative<IndexPadArgs>[] ReflectionPad => field ??=
        [IndexPad("ReflectionPad1DBackward0"), IndexPad("ReflectionPad2DBackward0"), IndexPad("ReflectionPad3DBackward0")];

    public static Derivative<IndexPadArgs>[] ReflectionPadBackward => field ??=
        [IndexPadBackward("ReflectionPad1DBackwardBackward0"), IndexPadBackward("ReflectionPad2DBackwardBackward0"), IndexPadBackward("ReflectionPad3DBackwardBackward0")];

    public static Derivative<IndexPadArgs>[] ReplicationPad => field ??=
        [IndexPad("ReplicationPad1DBackward0"), IndexPad("ReplicationPad2DBackward0"), IndexPad("ReplicationPad3DBackward0")];

    public static Derivative<IndexPadArgs>[] ReplicationPadBackward => field ??=
        [IndexPadBackward("ReplicationPad1DBackwardBackward0"), IndexPadBackward("ReplicationPad2DBackwardBackward0"), IndexPadBackward("ReplicationPad3DBackwardBackward0")];

    /// <summary>A padding whose outputs copy input elements: each output's gradient goes back to the element it copied.</summary>
    private static Derivative<IndexPadArgs> IndexPad(string name) => Op<IndexPadArgs>(name)
        .Grad(Self, (n, g) => NNOps.IndexPadBackward(g, n.InputShape(0), n.Args));

    /// <summary>That padding's backward, linear in the gradient: its own backward pads again.</summary>
    private static Derivative<IndexPadArgs> IndexPadBackward(string name) => Op<IndexPadArgs>(name)
        .Grad(Self, (n, g) => NNOps.IndexPad(g, n.Args));

    // Random draws: PyTorch does not differentiate a sample through its parameters, it passes zeros.

    public static Row Bernoulli => field ??= Op("BernoulliBackward0")
        .Grad(Self, (n, g) => Tensor.ZerosLike(g));                                     // zeros_like(grad)

    /// <summary>normal(mean: Tensor, std: float).</summary>
    public static Row NormalTensorFloat => field ??= Op("NormalBackward1")
        .Grad(Slot.Mean, (n, g) => Tensor.Zeros(n.InputShape(Slot.Mean), g.DType));              // zeros(mean.sizes())

    /// <summary>normal(mean: float, std: Tensor).</summary>
    public static Row NormalFloatTensor => field ??= Op("NormalBackward2")
        .Grad(Slot.Std, (n, g) => Tensor.Zeros(n.InputShape(Slot.Std), g.DType));

    /// <summary>normal(mean: Tensor, std: Tensor).</summary>
    public static Row NormalTensorTensor => field ??= Op("NormalBackward3")
        .Grad(Slot.Mean, (n, g) => Tensor.Zeros(n.InputShape(Slot.Mean), g.DType))
        .Grad(Slot.Std, (n, g) => Tensor.Zeros(n.InputShape(Slot.Std), g.DType));

    public static Row Poisson => field ??= Op("PoissonBackward0")
        .Grad(Self, (n, g) => Tensor.Zeros(n.InputShape(0), g.DType));                // zeros_like(self)
}
