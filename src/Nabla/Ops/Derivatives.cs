using Nabla.Kernels;
using static Nabla.Slot;
using Row = Nabla.Derivative<Nabla.NoArgs>;

namespace Nabla;

/// <summary>
/// The derivative table, PyTorch's <c>tools/autograd/derivatives.yaml</c> in C#: one row per
/// differentiable op, with PyTorch's node name and, per input, the formula of its gradient from the
/// output gradient <c>g</c>, reading saved values by name (<c>n.Self</c>, <c>n.Other</c>,
/// <c>n.Result</c>, <c>n[Indices]</c>) and the op's arguments (<c>n.Args</c>). The values a formula
/// reads are declared beside it, and a node saves exactly those that the formulas of the inputs
/// needing a gradient read. Formulas are tensor code, so a backward pass can itself be recorded
/// (double backward) and forward mode follows from them (see <see cref="ForwardGrad"/>); a formula
/// may return the gradient at the output's shape, and the node sums it back to a broadcast input's
/// shape and dtype. Longer formulas call the named helpers of <c>Derivatives.Helpers.cs</c>.
/// </summary>
internal static partial class Derivatives
{
    // Each row is built on first use (a property with a lazily set backing field), so a program pays
    // for the rows of the ops it runs: building all of them at the first op cost ~57M instructions of
    // start-up (measured with callgrind: a fresh process's first x * 2 + 1).
    private static Row Op(string name) => new(name);

    private static Derivative<TArgs> Op<TArgs>(string name) => new(name);

    // ---- arithmetic ---------------------------------------------------------------------------

    /// <summary>self + alpha·other (<c>Args</c>: alpha).</summary>
    public static Derivative<double> Add => field ??= Op<double>("AddBackward0")
        .Grad(Self, (n, g) => g)                                       // 1
        .Grad(Other, (n, g) => Scale(g, n.Args));                      // alpha

    /// <summary>self - alpha·other (<c>Args</c>: alpha).</summary>
    public static Derivative<double> Sub => field ??= Op<double>("SubBackward0")
        .Grad(Self, (n, g) => g)                                       // 1
        .Grad(Other, (n, g) => Scale(g, -n.Args));                     // -alpha

    /// <summary>number - self.</summary>
    public static Row Rsub => field ??= Op("RsubBackward1")
        .Grad(Self, (n, g) => -g);                                     // d/dx (c - x) = -1

    public static Row Mul => field ??= Op("MulBackward0")
        .Grad(Self, reads: Other, (n, g) => g * n.Other)              // d/da ab = b
        .Grad(Other, reads: Self, (n, g) => g * n.Self);              // d/db ab = a

    public static Row Div => field ??= Op("DivBackward0")
        .Grad(Self, reads: Other, (n, g) => g / n.Other)                                  // d/da a/b = 1/b
        .Grad(Other, reads: Self | Other, (n, g) => -g * n.Self / (n.Other * n.Other));   // d/db a/b = -a/b²

    public static Row Reciprocal => field ??= Op("ReciprocalBackward0")
        .Grad(Self, reads: Result, (n, g) => -g * n.Result * n.Result);   // d/dx 1/x = -1/x²

    public static Row Neg => field ??= Op("NegBackward0")
        .Grad(Self, (n, g) => -g);                                     // d/dx -x = -1

    /// <summary>self ** exponent for a number exponent (<c>Args</c>: the exponent).</summary>
    public static Derivative<double> PowScalar => field ??= Op<double>("PowBackward0")
        .Grad(Self, reads: Self, (n, g) => n.Args == 0 ? g * 0 : g * n.Args * n.Self.Pow(n.Args - 1));   // d/dx x^p = p·x^(p-1)

    public static Row Pow => field ??= Op("PowBackward1")
        .Grad(Self, reads: Self | Other, (n, g) => g * PowBaseGrad(n.Self, n.Other))                       // d/dx x^y = y·x^(y-1)
        .Grad(Other, reads: Self | Other | Result, (n, g) => g * PowExponentGrad(n.Self, n.Other, n.Result));   // d/dy x^y = x^y·ln x

    // ---- elementwise functions ----------------------------------------------------------------
    // (new elementwise rows: the section "more elementwise functions" below)

    public static Row Exp => field ??= Op("ExpBackward0")
        .Grad(Self, reads: Result, (n, g) => g * n.Result);           // d/dx eˣ = eˣ

    public static Row Log => field ??= Op("LogBackward0")
        .Grad(Self, reads: Self, (n, g) => g / n.Self);               // d/dx ln x = 1/x

    public static Row Sqrt => field ??= Op("SqrtBackward0")
        .Grad(Self, reads: Result, (n, g) => g / (n.Result * 2));     // d/dx √x = 1/(2√x)

    public static Row Abs => field ??= Op("AbsBackward0")
        .Grad(Self, reads: Self, (n, g) => g * n.Self.Sign());        // d/dx |x| = sign x

    public static Row Sign => field ??= Op("SignBackward0")
        .Grad(Self, (n, g) => g * 0);                                  // d/dx sign x = 0 (almost everywhere)

    public static Row Sin => field ??= Op("SinBackward0")
        .Grad(Self, reads: Self, (n, g) => g * n.Self.Cos());         // d/dx sin x = cos x

    public static Row Cos => field ??= Op("CosBackward0")
        .Grad(Self, reads: Self, (n, g) => -g * n.Self.Sin());        // d/dx cos x = -sin x

    public static Row Atan => field ??= Op("AtanBackward0")
        .Grad(Self, reads: Self, (n, g) => g / (n.Self * n.Self + 1));   // d/dx atan x = 1/(1+x²)

    /// <summary>atan2(self, other): the angle of the point (other, self).</summary>
    public static Row Atan2 => field ??= Op("Atan2Backward0")
        .Grad(Self, reads: Self | Other, (n, g) => g * n.Other / (n.Self * n.Self + n.Other * n.Other))    // d/dy atan2(y, x) = x/(x²+y²)
        .Grad(Other, reads: Self | Other, (n, g) => -g * n.Self / (n.Self * n.Self + n.Other * n.Other));  // d/dx atan2(y, x) = -y/(x²+y²)

    public static Row Tanh => field ??= Op("TanhBackward0")
        .Grad(Self, reads: Result, (n, g) => g * (1 - n.Result * n.Result));   // d/dx tanh x = 1 - tanh² x

    public static Row Sigmoid => field ??= Op("SigmoidBackward0")
        .Grad(Self, reads: Result, (n, g) => g * n.Result * (1 - n.Result));   // d/dx σ = σ(1-σ)

    public static Row Relu => field ??= Op("ReluBackward0")
        .Grad(Self, reads: Result, (n, g) => g.ReluGrad(n.Result));   // d/dx relu = [x > 0], from the output

    /// <summary>relu's backward g·[y &gt; 0] (PyTorch's threshold_backward at 0), differentiable in g.</summary>
    public static Row ReluGrad => field ??= Op("ThresholdBackwardBackward0")
        .Grad(Self, reads: Other, (n, g) => g.ReluGrad(n.Other))      // linear in the incoming gradient
        .Grad(Other, (n, g) => null);                                  // flat in the output

    /// <summary>clamp(self, min, max) (<c>Args</c>: the bounds).</summary>
    public static Derivative<(double? Min, double? Max)> Clamp => field ??= Op<(double? Min, double? Max)>("ClampBackward1")
        .Grad(Self, reads: Self, (n, g) => g * InRange(n.Self, n.Args.Min, n.Args.Max));   // d/dx clamp = [min <= x <= max]

    public static Derivative<(double? Min, double? Max)> ClampMin => field ??= Op<(double? Min, double? Max)>("ClampMinBackward0")
        .Grad(Self, reads: Self, (n, g) => g * InRange(n.Self, n.Args.Min, null));         // [x >= min]

    public static Derivative<(double? Min, double? Max)> ClampMax => field ??= Op<(double? Min, double? Max)>("ClampMaxBackward0")
        .Grad(Self, reads: Self, (n, g) => g * InRange(n.Self, null, n.Args.Max));         // [x <= max]

    /// <summary>self where condition, other elsewhere (the condition is saved as <see cref="Mask"/>).</summary>
    public static Row Where => field ??= Op("WhereBackward0")
        .Grad(Self, reads: Mask, (n, g) => g.Where(n[Mask], Zero(g)))    // d/dx = [condition]
        .Grad(Other, reads: Mask, (n, g) => Zero(g).Where(n[Mask], g));  // d/dy = [not condition]

    /// <summary>A dtype conversion.</summary>
    public static Row ToCopy => field ??= Op("ToCopyBackward0")
        .Grad(Self, (n, g) => g.To(n.InputDType(0)));                 // the gradient converts back

    /// <summary>softmax along <c>Args</c> (the dim).</summary>
    public static Derivative<int> Softmax => field ??= Op<int>("SoftmaxBackward0")
        .Grad(Self, reads: Result, (n, g) => SoftmaxBackward(g, n.Result, n.Args));        // y ⊙ (g - Σ g⊙y)

    public static Derivative<int> LogSoftmax => field ??= Op<int>("LogSoftmaxBackward0")
        .Grad(Self, reads: Result, (n, g) => LogSoftmaxBackward(g, n.Result, n.Args));     // g - e^y ⊙ Σ g

    // ---- more elementwise functions (issue 10 part 2) ------------------------------------------

    // ---- reductions ---------------------------------------------------------------------------

    public static Row Sum => field ??= Op("SumBackward0")
        .Grad(Self, (n, g) => g.Expand(n.InputShape(0)));             // d/dx Σx = 1

    /// <summary>sum over the dims of <c>Args.Mask</c>.</summary>
    public static Derivative<(bool[] Mask, bool KeepDim)> SumDims => field ??= Op<(bool[] Mask, bool KeepDim)>("SumBackward1")
        .Grad(Self, (n, g) => Unsqueezed(g, n.Args.Mask, n.Args.KeepDim).Expand(n.InputShape(0)));   // 1, spread back over the reduced dims

    /// <summary>mean of all <c>Args</c> elements.</summary>
    public static Derivative<int> Mean => field ??= Op<int>("MeanBackward0")
        .Grad(Self, (n, g) => g.Expand(n.InputShape(0)) / n.Args);    // d/dx mean = 1/n

    public static Derivative<(bool[] Mask, bool KeepDim, int Count)> MeanDims => field ??= Op<(bool[] Mask, bool KeepDim, int Count)>("MeanBackward1")
        .Grad(Self, (n, g) => Unsqueezed(g, n.Args.Mask, n.Args.KeepDim).Expand(n.InputShape(0)) / n.Args.Count);   // 1/n over the reduced dims

    /// <summary>cumsum along <c>Args</c> (the dim).</summary>
    public static Derivative<int> CumSum => field ??= Op<int>("CumsumBackward0")
        .Grad(Self, (n, g) => ReversedCumSum(g.To(n.InputDType(0)), n.Args));   // xₖ reaches every yⱼ with j ≥ k

    /// <summary>max of all elements: the gradient is shared by the elements that attain it.</summary>
    public static Row Max => field ??= Op("MaxBackward1")
        .Grad(Self, reads: Self | Result, (n, g) => EvenlyDistribute(g, n.Self, n.Result));

    public static Row Min => field ??= Op("MinBackward1")
        .Grad(Self, reads: Self | Result, (n, g) => EvenlyDistribute(g, n.Self, n.Result));

    /// <summary>max along a dim (<c>Args</c>): the gradient goes to the selected element.</summary>
    public static Derivative<(int Dim, bool KeepDim)> MaxDim => field ??= Op<(int Dim, bool KeepDim)>("MaxBackward0")
        .Grad(Self, reads: Indices, (n, g) => SelectedBackward(g, n[Indices], n.InputShape(0), n.Args.Dim, n.Args.KeepDim));

    public static Derivative<(int Dim, bool KeepDim)> MinDim => field ??= Op<(int Dim, bool KeepDim)>("MinBackward0")
        .Grad(Self, reads: Indices, (n, g) => SelectedBackward(g, n[Indices], n.InputShape(0), n.Args.Dim, n.Args.KeepDim));

    /// <summary>‖x‖ₚ over the dims of <c>Args.Mask</c>.</summary>
    public static Derivative<(double P, bool[] Mask, bool KeepDim)> VectorNorm => field ??= Op<(double P, bool[] Mask, bool KeepDim)>("LinalgVectorNormBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => VectorNormBackward(g, n.Self, n.Result, n.Args.P, n.Args.Mask, n.Args.KeepDim));

    // ---- more reductions, scans and sorting (issue 10 part 2) ----------------------------------

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

    // ---- indexing -----------------------------------------------------------------------------

    /// <summary>select(dim, index) (<c>Args</c>): the gradient is embedded at the index.</summary>
    public static Derivative<(int Dim, int Index)> Select => field ??= Op<(int Dim, int Index)>("SelectBackward0")
        .Grad(Self, (n, g) => g.SelectBackward(n.InputShape(0), n.Args.Dim, n.Args.Index));

    public static Derivative<(int Dim, int Index)> SelectBackward => field ??= Op<(int Dim, int Index)>("SelectBackwardBackward0")
        .Grad(Self, (n, g) => g.Select(n.Args.Dim, n.Args.Index));    // linear: the same selection

    /// <summary>narrow(dim, start, length) (<c>Args</c>): the gradient is embedded in the slice.</summary>
    public static Derivative<(int Dim, int Start, int Length)> Slice => field ??= Op<(int Dim, int Start, int Length)>("SliceBackward0")
        .Grad(Self, (n, g) => g.SliceBackward(n.InputShape(0), n.Args.Dim, n.Args.Start, n.Args.Length));

    public static Derivative<(int Dim, int Start, int Length)> SliceBackward => field ??= Op<(int Dim, int Start, int Length)>("SliceBackwardBackward0")
        .Grad(Self, (n, g) => g.Narrow(n.Args.Dim, n.Args.Start, n.Args.Length));

    /// <summary>as_strided on a contiguous tensor (<c>Args</c>: the view's geometry).</summary>
    public static Derivative<StridedGeometry> AsStrided => field ??= Op<StridedGeometry>("AsStridedBackward0")
        .Grad(Self, (n, g) => g.AsStridedBackward(n.InputShape(0), n.Args));

    public static Derivative<StridedGeometry> AsStridedBackward => field ??= Op<StridedGeometry>("AsStridedBackwardBackward0")
        .Grad(Self, (n, g) => g.Contiguous().StridedView(n.Args));

    /// <summary>A region written into a zero base (the in-place update of a view: PyTorch's CopySlices).</summary>
    public static Derivative<StridedGeometry> AsStridedScatter => field ??= Op<StridedGeometry>("AsStridedScatterBackward0")
        .Grad(Self, (n, g) => g.Contiguous().StridedView(n.Args));

    /// <summary>cat along <c>Args.Dim</c> of inputs with <c>Args.Sizes</c> along it: each input gets its slice.</summary>
    public static Derivative<(int Dim, int[] Sizes)> Cat => field ??= Op<(int Dim, int[] Sizes)>("CatBackward0")
        .Variadic(reads: None, (n, g) => CatBackward(n, g, n.Args.Dim, n.Args.Sizes));

    /// <summary>stack along <c>Args</c>: input i gets slice i.</summary>
    public static Derivative<int> Stack => field ??= Op<int>("StackBackward0")
        .Variadic(reads: None, (n, g) => StackBackward(n, g, n.Args));

    /// <summary>gather(dim, index): the gradient is scatter-added back.</summary>
    public static Derivative<int> Gather => field ??= Op<int>("GatherBackward0")
        .Grad(Self, reads: Slot.Index, (n, g) => Tensor.Zeros(n.InputShape(0), g.DType).ScatterAdd(n.Args, n[Slot.Index], g));

    /// <summary>self.scatter_add(dim, index, src).</summary>
    public static Derivative<int> ScatterAdd => field ??= Op<int>("ScatterAddBackward0")
        .Grad(Self, (n, g) => g)                                       // the base passes through
        .Grad(Source, reads: Slot.Index, (n, g) => g.Gather(n.Args, n[Slot.Index]));   // each source element went to its index

    /// <summary>index_select(dim, index): the gradient is index-added back.</summary>
    public static Derivative<int> IndexSelect => field ??= Op<int>("IndexSelectBackward0")
        .Grad(Self, reads: Slot.Index, (n, g) => Tensor.Zeros(n.InputShape(0), g.DType).IndexAdd(n.Args, n[Slot.Index], g));

    /// <summary>self.index_add(dim, index, source, alpha) (<c>Args</c>: dim and alpha).</summary>
    public static Derivative<(int Dim, double Alpha)> IndexAdd => field ??= Op<(int Dim, double Alpha)>("IndexAddBackward0")
        .Grad(Self, (n, g) => g)
        .Grad(Source, reads: Slot.Index, (n, g) => Scale(IndexAddSourceGrad(g, n.Args.Dim, n[Slot.Index], n.InputShape(Source)), n.Args.Alpha));

    // ---- more indexing: advanced indexing, scatter, masks (issue 10 part 2) -------------------

    // ---- matrix products ----------------------------------------------------------------------

    /// <summary>mm (<c>Args</c>: whether each operand is column-major, so each gradient is made in its operand's layout).</summary>
    public static Derivative<(bool SelfColumnMajor, bool Mat2ColumnMajor)> Mm => field ??= Op<(bool SelfColumnMajor, bool Mat2ColumnMajor)>("MmBackward0")
        .Grad(Self, reads: Mat2, (n, g) => Mat1Grad(g, n[Mat2], n.Args.SelfColumnMajor))     // G·mat2ᵀ
        .Grad(Mat2, reads: Self, (n, g) => Mat2Grad(g, n.Self, n.Args.Mat2ColumnMajor));     // selfᵀ·G

    /// <summary>self + mat1·mat2, the bias broadcast over the rows (<c>Args</c> as for mm).</summary>
    public static Derivative<(bool Mat1ColumnMajor, bool Mat2ColumnMajor)> Addmm => field ??= Op<(bool Mat1ColumnMajor, bool Mat2ColumnMajor)>("AddmmBackward0")
        .Grad(Self, (n, g) => g)                                                              // summed over the rows by the node
        .Grad(Mat1, reads: Mat2, (n, g) => Mat1Grad(g, n[Mat2], n.Args.Mat1ColumnMajor))     // G·mat2ᵀ
        .Grad(Mat2, reads: Mat1, (n, g) => Mat2Grad(g, n[Mat1], n.Args.Mat2ColumnMajor));    // mat1ᵀ·G

    public static Row Bmm => field ??= Op("BmmBackward0")
        .Grad(Self, reads: Mat2, (n, g) => g.Bmm(n[Mat2].Transpose(1, 2)))   // dA = G·Bᵀ per batch
        .Grad(Mat2, reads: Self, (n, g) => n.Self.Transpose(1, 2).Bmm(g));   // dB = Aᵀ·G per batch

    public static Row Dot => field ??= Op("DotBackward0")
        .Grad(Self, reads: Other, (n, g) => g * n.Other)              // d/da a·b = b
        .Grad(Other, reads: Self, (n, g) => g * n.Self);              // d/db a·b = a

    public static Row Mv => field ??= Op("MvBackward0")
        .Grad(Self, reads: Vec, (n, g) => g.Unsqueeze(1).Mm(n[Vec].Unsqueeze(0)))   // dA = g·vᵀ
        .Grad(Vec, reads: Self, (n, g) => n.Self.T.Mv(g));                        // dv = Aᵀ·g

    // ---- linear algebra and more products (issue 10 part 2) -----------------------------------

    // ---- in-place writes ----------------------------------------------------------------------

    public static Row Zero_ => field ??= Op("ZeroBackward0")
        .Grad(Self, (n, g) => g * 0);                                  // the old values are gone

    public static Row Fill_ => field ??= Op("FillBackward0")
        .Grad(Self, (n, g) => g * 0);

    public static Row Copy_ => field ??= Op("CopyBackwards")
        .Grad(Self, (n, g) => g * 0)                                   // overwritten
        .Grad(Source, (n, g) => g);                                    // copied through

    // ---- neural-network ops -------------------------------------------------------------------
    // (issue 11's new layers: the section "more neural-network ops" at the end)


    public static Row Erf => field ??= Op("ErfBackward0")
        .Grad(Self, reads: Self, (n, g) => g * (n.Self * n.Self * -1).Exp() * (2 / Math.Sqrt(Math.PI)));   // d/dx erf x = 2/√π·e^(-x²)

    public static Row Gelu => field ??= Op("GeluBackward0")
        .Grad(Self, reads: Self, (n, g) => g * GeluDerivative(n.Self));   // Φ(x) + x·φ(x)

    public static Row Silu => field ??= Op("SiluBackward0")
        .Grad(Self, reads: Self, (n, g) => g * SiluDerivative(n.Self));   // σ(x)·(1 + x·(1 - σ(x)))

    /// <summary>leaky_relu with slope <c>Args</c>.</summary>
    public static Derivative<double> LeakyRelu => field ??= Op<double>("LeakyReluBackward0")
        .Grad(Self, reads: Self, (n, g) => g * SlopeOf(n.Self, n.Args));   // 1 or the slope

    /// <summary>conv2d y = C(x, W) + b: bilinear, so each input's gradient is an adjoint of C (a further op).</summary>
    public static Derivative<ConvGeometry> Convolution => field ??= Op<ConvGeometry>("ConvolutionBackward0")
        .Grad(Input, reads: Weight, (n, g) => NNOps.ConvInputGrad(g, n[Weight], n.Args))    // d/dx ⟨G, C(x, W)⟩ = Cᵢ*(G, W)
        .Grad(Weight, reads: Input, (n, g) => NNOps.ConvWeightGrad(n[Input], g, n.Args))    // d/dW ⟨G, C(x, W)⟩ = C_w*(x, G)
        .Grad(Bias, (n, g) => g.Sum([0, 2, 3]));                                            // db = Σ G over batch and positions

    /// <summary>The input gradient Cᵢ*(G, W) as an op: ⟨H, Cᵢ*(G, W)⟩ = ⟨G, C(H, W)⟩.</summary>
    public static Derivative<ConvGeometry> ConvolutionInputGrad => field ??= Op<ConvGeometry>("ConvolutionBackwardBackward0")
        .Grad(Self, reads: Weight, (n, g) => NNOps.Convolve(g, n[Weight], null, n.Args))   // d/dG = C(H, W)
        .Grad(Weight, reads: Self, (n, g) => NNOps.ConvWeightGrad(g, n.Self, n.Args));     // d/dW = C_w*(H, G)

    /// <summary>The weight gradient C_w*(x, G) as an op: ⟨H, C_w*(x, G)⟩ = ⟨G, C(x, H)⟩.</summary>
    public static Derivative<ConvGeometry> ConvolutionWeightGrad => field ??= Op<ConvGeometry>("ConvolutionBackwardBackward0")
        .Grad(Input, reads: Self, (n, g) => NNOps.ConvInputGrad(n.Self, g, n.Args))        // d/dx = Cᵢ*(G, H)
        .Grad(Self, reads: Input, (n, g) => NNOps.Convolve(n[Input], g, null, n.Args));    // d/dG = C(x, H)

    /// <summary>max_pool2d (<c>Args</c>: kernel, stride, padding): the gradient goes to the element each window picked.</summary>
    public static Derivative<PoolKernel> MaxPool2d => field ??= Op<PoolKernel>("MaxPool2DWithIndicesBackward0")
        .Grad(Self, reads: Indices, (n, g) => MaxPoolBackward(g, n[Indices], n.InputShape(0)));

    /// <summary>avg_pool2d; its gradient is the adjoint of the window means, itself an op.</summary>
    public static Derivative<AveragePoolArgs> AvgPool2d => field ??= Op<AveragePoolArgs>("AvgPool2DBackward0")
        .Grad(Self, (n, g) => NNOps.AveragePoolBackward(g, n.InputShape(0), n.Args));

    public static Derivative<AveragePoolArgs> AdaptiveAvgPool2d => field ??= Op<AveragePoolArgs>("AdaptiveAvgPool2DBackward0")
        .Grad(Self, (n, g) => NNOps.AveragePoolBackward(g, n.InputShape(0), n.Args));

    /// <summary>The adjoint of average pooling; its own adjoint is the pooling again.</summary>
    public static Derivative<AveragePoolArgs> AvgPool2dBackward => field ??= Op<AveragePoolArgs>("AvgPool2DBackwardBackward0")
        .Grad(Self, (n, g) => NNOps.AveragePool(g, n.Args));

    public static Derivative<AveragePoolArgs> AdaptiveAvgPool2dBackward => field ??= Op<AveragePoolArgs>("AdaptiveAvgPool2DBackwardBackward0")
        .Grad(Self, (n, g) => NNOps.AveragePool(g, n.Args));

    /// <summary>batch norm, (x - mean)·invstd·γ + β over all dims but the channels.</summary>
    public static Derivative<NormArgs> BatchNorm => field ??= Op<NormArgs>("NativeBatchNormBackward0")
        .Joint([Input, Weight, Bias], reads: Input | Weight | Result1 | Result2, NormalizationBackward);

    /// <summary>layer norm over the trailing dims.</summary>
    public static Derivative<NormArgs> LayerNorm => field ??= Op<NormArgs>("NativeLayerNormBackward0")
        .Joint([Input, Weight, Bias], reads: Input | Weight, NormalizationBackward);

    /// <summary>embedding: weight rows looked up by <see cref="Slot.Index"/>; each row's gradient adds up the lookups.</summary>
    public static Row Embedding => field ??= Op("EmbeddingBackward0")
        .Grad(Weight, reads: Slot.Index, (n, g) => EmbeddingBackward(g, n[Slot.Index], n.InputShape(0)));   // dW[i] = Σ of the gradients of the rows that looked up i

    public static Derivative<LossArgs> MseLoss => field ??= Op<LossArgs>("MseLossBackward0")
        .Grad(Input, reads: Input | Target, (n, g) => LossScale(n, g) * (n[Input] - n[Target]) * 2)     // d/dx (x - y)² = 2(x - y)
        .Grad(Target, reads: Input | Target, (n, g) => LossScale(n, g) * (n[Input] - n[Target]) * -2); // d/dy (x - y)² = -2(x - y)

    public static Derivative<LossArgs> BinaryCrossEntropy => field ??= Op<LossArgs>("BinaryCrossEntropyBackward0")
        .Grad(Input, reads: Input | Target | Weight, (n, g) => LossScale(n, g) * BceInputGrad(n))
        .Grad(Target, reads: Input | Weight, (n, g) => LossScale(n, g) * BceTargetGrad(n));

    public static Derivative<LossArgs> BinaryCrossEntropyWithLogits => field ??= Op<LossArgs>("BinaryCrossEntropyWithLogitsBackward0")
        .Grad(Input, reads: Input | Target | Weight | PosWeight, (n, g) => LossScale(n, g) * BceLogitsInputGrad(n))
        .Grad(Target, reads: Input | Weight | PosWeight, (n, g) => LossScale(n, g) * BceLogitsTargetGrad(n));

    /// <summary>nll_loss: -w[y] (over Σ w for the mean) at each target class, 0 elsewhere.</summary>
    public static Derivative<NllArgs> NllLoss => field ??= Op<NllArgs>("NllLossBackward0")
        .Grad(Self, (n, g) => NllBackward(g, n.InputShape(0), n.Args));

    public static Derivative<NllArgs> NllLoss2d => field ??= Op<NllArgs>("NllLoss2DBackward0")
        .Grad(Self, (n, g) => NllBackward(g, n.InputShape(0), n.Args));

    // ---- more neural-network ops (issue 11) ---------------------------------------------------

    /// <summary>
    /// scaled_dot_product_attention as one fused op (PyTorch's CPU flash attention): its backward is a
    /// fused kernel too, recomputing the weights from the saved log-sum-exp (<see cref="Result1"/>).
    /// </summary>
    public static Derivative<AttentionGeometry> ScaledDotProductAttention => field ??= Op<AttentionGeometry>("ScaledDotProductFlashAttentionForCpuBackward0")
        .Joint([Query, Key, Value], reads: Query | Key | Value | Result | Result1, NNOps.ScaledDotProductAttentionBackward);

    /// <summary>The fused backward's outputs: not differentiable again, as in PyTorch.</summary>
    public static Derivative<AttentionGeometry> ScaledDotProductAttentionBackward => field ??= Op<AttentionGeometry>("ScaledDotProductFlashAttentionForCpuBackwardBackward0")
        .OfOutputs([Self, Query, Key, Value], reads: None, (n, g) => throw new NotSupportedException(
            "the derivative of scaled_dot_product_attention's backward is not implemented (as in PyTorch's flash attention); compose the attention from ops (softmax(q.MatMul(k.MT) * scale).MatMul(v)) for double backward or forward mode"));
}
