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

    /// <summary>self / a number, as ATen's own composites divide (div.Scalar; Python wraps numbers and records DivBackward0) (<c>Args</c>: the divisor).</summary>
    public static Derivative<double> DivScalar => field ??= Op<double>("DivBackward1")
        .Grad(Self, (n, g) => g / n.Args);                             // d/dx x/c = 1/c

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

    /// <summary>torch.clamp_min (<c>Args</c>: the bound), which ATen's losses call; Python's x.clamp(min=m) is clamp's.</summary>
    public static Derivative<double> ClampMin => field ??= Op<double>("ClampMinBackward0")
        .Grad(Self, reads: Self, (n, g) => g * InRange(n.Self, n.Args, null));           // [x >= min]

    /// <summary>torch.clamp_max (<c>Args</c>: the bound).</summary>
    public static Derivative<double> ClampMax => field ??= Op<double>("ClampMaxBackward0")
        .Grad(Self, reads: Self, (n, g) => g * InRange(n.Self, null, n.Args));           // [x <= max]

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

    public static readonly Row Tan = Op("TanBackward0")
        .Grad(Self, reads: Result, (n, g) => g * (n.Result * n.Result + 1));       // d/dx tan x = 1 + tan² x

    public static readonly Row Asin = Op("AsinBackward0")
        .Grad(Self, reads: Self, (n, g) => g * (1 - n.Self * n.Self).Rsqrt());     // d/dx asin x = 1/√(1 - x²)

    public static readonly Row Acos = Op("AcosBackward0")
        .Grad(Self, reads: Self, (n, g) => -g * (1 - n.Self * n.Self).Rsqrt());    // d/dx acos x = -1/√(1 - x²)

    public static readonly Row Sinh = Op("SinhBackward0")
        .Grad(Self, reads: Self, (n, g) => g * n.Self.Cosh());                     // d/dx sinh x = cosh x

    public static readonly Row Cosh = Op("CoshBackward0")
        .Grad(Self, reads: Self, (n, g) => g * n.Self.Sinh());                     // d/dx cosh x = sinh x

    public static readonly Row Asinh = Op("AsinhBackward0")
        .Grad(Self, reads: Self, (n, g) => g * (n.Self * n.Self + 1).Rsqrt());     // d/dx asinh x = 1/√(x² + 1)

    public static readonly Row Acosh = Op("AcoshBackward0")
        .Grad(Self, reads: Self, (n, g) => g * (n.Self * n.Self - 1).Rsqrt());     // d/dx acosh x = 1/√(x² - 1)

    public static readonly Row Atanh = Op("AtanhBackward0")
        .Grad(Self, reads: Self, (n, g) => g / (1 - n.Self * n.Self));             // d/dx atanh x = 1/(1 - x²)

    public static readonly Row Log1p = Op("Log1PBackward0")
        .Grad(Self, reads: Self, (n, g) => g / (n.Self + 1));                      // d/dx ln(1 + x) = 1/(1 + x)

    public static readonly Row Expm1 = Op("Expm1Backward0")
        .Grad(Self, reads: Result, (n, g) => g * (n.Result + 1));                  // d/dx (eˣ - 1) = eˣ

    public static readonly Row Exp2 = Op("Exp2Backward0")
        .Grad(Self, reads: Result, (n, g) => g * n.Result * Ln2);                  // d/dx 2ˣ = 2ˣ·ln 2

    public static readonly Row Log2 = Op("Log2Backward0")
        .Grad(Self, reads: Self, (n, g) => g / (n.Self * Ln2));                    // d/dx log₂ x = 1/(x ln 2)

    public static readonly Row Log10 = Op("Log10Backward0")
        .Grad(Self, reads: Self, (n, g) => g / (n.Self * Ln10));                   // d/dx log₁₀ x = 1/(x ln 10)

    public static readonly Row Rsqrt = Op("RsqrtBackward0")
        .Grad(Self, reads: Result, (n, g) => g * n.Result * n.Result * n.Result * -0.5);   // d/dx x^-½ = -½·x^-3/2

    public static readonly Row Erfc = Op("ErfcBackward0")
        .Grad(Self, reads: Self, (n, g) => g * (n.Self * n.Self * -1).Exp() * (-2 / Math.Sqrt(Math.PI)));   // d/dx erfc x = -2/√π·e^(-x²)

    public static readonly Row ErfInv = Op("ErfinvBackward0")
        .Grad(Self, reads: Result, (n, g) => g * (n.Result * n.Result).Exp() * (Math.Sqrt(Math.PI) / 2));   // d/dx erfinv x = √π/2·e^(erfinv² x)

    public static readonly Row Floor = Op("FloorBackward0")
        .Grad(Self, (n, g) => g * 0);                                               // flat between the integers

    public static readonly Row Ceil = Op("CeilBackward0")
        .Grad(Self, (n, g) => g * 0);

    public static readonly Row Round = Op("RoundBackward0")
        .Grad(Self, (n, g) => g * 0);

    /// <summary>round(decimals) (<c>Args</c>: decimals).</summary>
    public static readonly Derivative<int> RoundDecimals = Op<int>("RoundBackward1")
        .Grad(Self, (n, g) => g * 0);

    public static readonly Row Trunc = Op("TruncBackward0")
        .Grad(Self, (n, g) => g * 0);

    public static readonly Row Frac = Op("FracBackward0")
        .Grad(Self, (n, g) => g);                                                   // d/dx (x - trunc x) = 1

    public static readonly Row Sgn = Op("SgnBackward0")
        .Grad(Self, (n, g) => g * 0);                                               // real sgn is sign: flat

    /// <summary>logit with <c>Args</c> = eps (null: none).</summary>
    public static readonly Derivative<double?> Logit = Op<double?>("LogitBackward0")
        .Grad(Self, reads: Self, (n, g) => LogitBackward(g, n.Self, n.Args));     // 1/(x(1 - x)) inside [eps, 1 - eps]

    public static readonly Row NanToNum = Op("NanToNumBackward0")
        .Grad(Self, reads: Self, (n, g) => g * n.Self.IsFinite());                 // 1 where x was kept, 0 where replaced

    public static readonly Row Maximum = Op("MaximumBackward0")
        .Grad(Self, reads: Self | Other, (n, g) => SplitAtTies(g, n.Self, n.Other, loses: n.Self.Lt(n.Other)))    // 1 where x wins, ½ at ties
        .Grad(Other, reads: Self | Other, (n, g) => SplitAtTies(g, n.Self, n.Other, loses: n.Self.Gt(n.Other)));

    public static readonly Row Minimum = Op("MinimumBackward0")
        .Grad(Self, reads: Self | Other, (n, g) => SplitAtTies(g, n.Self, n.Other, loses: n.Self.Gt(n.Other)))
        .Grad(Other, reads: Self | Other, (n, g) => SplitAtTies(g, n.Self, n.Other, loses: n.Self.Lt(n.Other)));

    public static readonly Row Fmax = Op("FmaxBackward0")
        .Grad(Self, reads: Self | Other, (n, g) => g * n.Self.Ge(n.Other).LogicalOr(n.Other.IsNan()))             // x is picked: x ≥ y or y is NaN
        .Grad(Other, reads: Self | Other, (n, g) => g * n.Self.Ge(n.Other).LogicalOr(n.Other.IsNan()).LogicalNot());

    public static readonly Row Fmin = Op("FminBackward0")
        .Grad(Self, reads: Self | Other, (n, g) => g * n.Self.Le(n.Other).LogicalOr(n.Other.IsNan()))
        .Grad(Other, reads: Self | Other, (n, g) => g * n.Self.Le(n.Other).LogicalOr(n.Other.IsNan()).LogicalNot());

    /// <summary>fmod by a number.</summary>
    public static readonly Row FmodScalar = Op("FmodBackward0")
        .Grad(Self, (n, g) => g);                                                   // d/dx (x - k·y) = 1 (k constant almost everywhere)

    public static readonly Row Fmod = Op("FmodBackward1")
        .Grad(Self, (n, g) => g)
        .Grad(Other, reads: Self | Other, (n, g) => -g * (n.Self / n.Other).Trunc());   // d/dy (x - trunc(x/y)·y) = -trunc(x/y)

    /// <summary>remainder by a number.</summary>
    public static readonly Row RemainderScalar = Op("RemainderBackward0")
        .Grad(Self, (n, g) => g);

    public static readonly Row Remainder = Op("RemainderBackward1")
        .Grad(Self, (n, g) => g)
        .Grad(Other, reads: Self | Other, (n, g) => -g * (n.Self / n.Other).Floor());   // d/dy (x - ⌊x/y⌋·y) = -⌊x/y⌋

    public static readonly Row Hypot = Op("HypotBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => g * n.Self / n.Result)       // d/dx √(x² + y²) = x/h
        .Grad(Other, reads: Other | Result, (n, g) => g * n.Other / n.Result);   // d/dy = y/h

    public static readonly Row LogAddExp = Op("LogaddexpBackward0")
        .Grad(Self, reads: Self | Other, (n, g) => g / ((n.Other - n.Self).Exp() + 1))    // d/dx ln(eˣ + eʸ) = 1/(1 + e^(y-x))
        .Grad(Other, reads: Self | Other, (n, g) => g / ((n.Self - n.Other).Exp() + 1));

    public static readonly Row LogAddExp2 = Op("Logaddexp2Backward0")
        .Grad(Self, reads: Self | Other, (n, g) => g / ((n.Other - n.Self).Exp2() + 1))   // d/dx log₂(2ˣ + 2ʸ) = 1/(1 + 2^(y-x))
        .Grad(Other, reads: Self | Other, (n, g) => g / ((n.Self - n.Other).Exp2() + 1));

    public static readonly Row XLogY = Op("XlogyBackward0")
        .Grad(Self, reads: Self | Other, (n, g) => XLogYSelfGrad(g, n.Self, n.Other))   // ln y, taken as 0 at x = 0, y ≤ 0
        .Grad(Other, reads: Self | Other, (n, g) => g * n.Self / n.Other);              // d/dy x ln y = x/y

    /// <summary>xlogy of a number and a tensor (<c>Args</c>: the number x).</summary>
    public static readonly Derivative<double> XLogYScalarSelf = Op<double>("XlogyBackward1")
        .Grad(Other, reads: Other, (n, g) => g * n.Args / n.Other);

    /// <summary>xlogy of a tensor and a number (<c>Args</c>: the number y).</summary>
    public static readonly Derivative<double> XLogYScalarOther = Op<double>("XlogyBackward2")
        .Grad(Self, reads: Self, (n, g) => XLogYSelfGrad(g, n.Self, n.Args));

    public static readonly Row CopySign = Op("CopysignBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => g * SignRatio(n.Self, n.Result))   // ±1: whether the sign was flipped
        .Grad(Other, (n, g) => g * 0);                                                  // the sign is flat in y

    /// <summary>copysign by a number.</summary>
    public static readonly Row CopySignScalar = Op("CopysignBackward1")
        .Grad(Self, reads: Self | Result, (n, g) => g * SignRatio(n.Self, n.Result));

    /// <summary>lerp with a number weight (<c>Args</c>).</summary>
    public static readonly Derivative<double> Lerp = Op<double>("LerpBackward0")
        .Grad(Self, (n, g) => Scale(g, 1 - n.Args))                               // d/dx (x + w(e - x)) = 1 - w
        .Grad(End, (n, g) => Scale(g, n.Args));                                   // d/de = w

    public static readonly Row LerpTensor = Op("LerpBackward1")
        .Grad(Self, reads: Weight, (n, g) => g * (1 - n[Weight]))
        .Grad(End, reads: Weight, (n, g) => g * n[Weight])
        .Grad(Weight, reads: Self | End, (n, g) => g * (n[End] - n.Self));       // d/dw = e - x

    /// <summary>self + value·tensor1·tensor2 (<c>Args</c>: value).</summary>
    public static readonly Derivative<double> Addcmul = Op<double>("AddcmulBackward0")
        .Grad(Self, (n, g) => g)
        .Grad(Tensor1, reads: Tensor2, (n, g) => g * Scale(n[Tensor2], n.Args))   // value·t₂
        .Grad(Tensor2, reads: Tensor1, (n, g) => g * Scale(n[Tensor1], n.Args));  // value·t₁

    /// <summary>self + value·tensor1/tensor2 (<c>Args</c>: value).</summary>
    public static readonly Derivative<double> Addcdiv = Op<double>("AddcdivBackward0")
        .Grad(Self, (n, g) => g)
        .Grad(Tensor1, reads: Tensor2, (n, g) => g * (n.Args / n[Tensor2]))                                     // value/t₂
        .Grad(Tensor2, reads: Tensor1 | Tensor2, (n, g) => -g * (Scale(n[Tensor1], n.Args) / (n[Tensor2] * n[Tensor2])));   // -value·t₁/t₂²

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

    /// <summary>prod of all elements.</summary>
    public static Row Prod => field ??= Op("ProdBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => ProdBackward(g, n.Self.To(g.DType), n.Result));                  // Π_{j≠i} xⱼ

    /// <summary>prod along <c>Args.Dim</c>.</summary>
    public static Derivative<(int Dim, bool KeepDim)> ProdDim => field ??= Op<(int Dim, bool KeepDim)>("ProdBackward1")
        .Grad(Self, reads: Self | Result, (n, g) => ProdBackward(g, n.Self.To(g.DType), n.Result, n.Args.Dim, n.Args.KeepDim));

    /// <summary>var over <c>Args.Mask</c> with Bessel's correction <c>Args.Correction</c>.</summary>
    public static Derivative<MomentArgs> Var => field ??= Op<MomentArgs>("VarBackward0")
        .Grad(Self, reads: Self, (n, g) => VarBackward(g, n.Self, n.Args));                                              // 2(x - mean)/(N - c)

    public static Derivative<MomentArgs> Std => field ??= Op<MomentArgs>("StdBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => VarBackward(StdToVarGrad(g, n.Result), n.Self, n.Args));            // d√v = dv/(2√v)

    /// <summary>var_mean: both outputs are differentiable, so the formula takes both gradients.</summary>
    public static Derivative<MomentArgs> VarMean => field ??= Op<MomentArgs>("VarMeanBackward0")
        .OfOutputs([Self], reads: Self, (n, g) => [MomentsBackward(g[0], null, g[1], n.Self, n.Args)]);

    public static Derivative<MomentArgs> StdMean => field ??= Op<MomentArgs>("StdMeanBackward0")
        .OfOutputs([Self], reads: Self | Result, (n, g) => [MomentsBackward(g[0], n.Result, g[1], n.Self, n.Args)]);

    /// <summary>logsumexp over <c>Args.Mask</c>.</summary>
    public static Derivative<(bool[] Mask, bool KeepDim)> LogSumExp => field ??= Op<(bool[] Mask, bool KeepDim)>("LogsumexpBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => LogSumExpBackward(g, n.Self, n.Result, n.Args.Mask, n.Args.KeepDim));   // softmax(x)

    /// <summary>amax over <c>Args.Mask</c>: the gradient is shared by the elements that attain it.</summary>
    public static Derivative<(bool[] Mask, bool KeepDim)> Amax => field ??= Op<(bool[] Mask, bool KeepDim)>("AmaxBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => ShareAmongTies(g, n.Self, n.Result, n.Args.Mask, n.Args.KeepDim));

    public static Derivative<(bool[] Mask, bool KeepDim)> Amin => field ??= Op<(bool[] Mask, bool KeepDim)>("AminBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => ShareAmongTies(g, n.Self, n.Result, n.Args.Mask, n.Args.KeepDim));

    /// <summary>nansum over <c>Args.Mask</c>: NaN elements get no gradient.</summary>
    public static Derivative<(bool[] Mask, bool KeepDim)> NanSum => field ??= Op<(bool[] Mask, bool KeepDim)>("NansumBackward0")
        .Grad(Self, reads: Self, (n, g) => Unsqueezed(g, n.Args.Mask, n.Args.KeepDim).Expand(n.InputShape(0)) * n.Self.Eq(n.Self));   // [x is not NaN]

    /// <summary>median of all elements (the lower one): shared by the elements equal to it.</summary>
    public static Row Median => field ??= Op("MedianBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => EvenlyDistribute(g, n.Self, n.Result));

    public static Row NanMedian => field ??= Op("NanmedianBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => EvenlyDistribute(g, n.Self, n.Result));

    // The ops that pick elements of a line (PyTorch's value_selecting_reduction_backward): the gradient goes
    // to the picked positions, saved as Indices. Sort and topk keep the dim (Args.KeepDim is true).
    public static Derivative<(int Dim, bool KeepDim)> MedianDim => field ??= Picking("MedianBackward1");
    public static Derivative<(int Dim, bool KeepDim)> NanMedianDim => field ??= Picking("NanmedianBackward1");
    public static Derivative<(int Dim, bool KeepDim)> Kthvalue => field ??= Picking("KthvalueBackward0");
    public static Derivative<(int Dim, bool KeepDim)> TopK => field ??= Picking("TopkBackward0");
    public static Derivative<(int Dim, bool KeepDim)> Sort => field ??= Picking("SortBackward0");

    /// <summary>sort with <c>stable</c> given (PyTorch's sort.stable overload).</summary>
    public static Derivative<(int Dim, bool KeepDim)> SortStable => field ??= Picking("SortBackward1");

    /// <summary>cumprod along <c>Args</c> (the dim).</summary>
    public static Derivative<int> CumProd => field ??= Op<int>("CumprodBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => CumProdBackward(g.To(n.InputDType(0)), n.Self, n.Result, n.Args));   // Σ_{j≥k} gⱼ·Π_{i≤j, i≠k} xᵢ

    public static Derivative<int> LogCumSumExp => field ??= Op<int>("LogcumsumexpBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => LogCumSumExpBackward(g, n.Self, n.Result, n.Args));   // Σ_{j≥k} gⱼ·e^(xₖ - yⱼ)

    /// <summary>cummax along <c>Args</c>: each output's gradient goes to the position it came from.</summary>
    public static Derivative<int> CumMax => field ??= Op<int>("CummaxBackward0")
        .Grad(Self, reads: Indices, (n, g) => ScatteredBack(g, n[Indices], n.InputShape(0), n.Args));

    public static Derivative<int> CumMin => field ??= Op<int>("CumminBackward0")
        .Grad(Self, reads: Indices, (n, g) => ScatteredBack(g, n[Indices], n.InputShape(0), n.Args));

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

    // ---- indexing -----------------------------------------------------------------------------

    /// <summary>select(dim, index) (<c>Args</c>): the gradient is embedded at the index.</summary>
    public static Derivative<(int Dim, int Index)> Select => field ??= Op<(int Dim, int Index)>("SelectBackward0")
        .Grad(Self, (n, g) => g.SelectBackward(n.InputShape(0), n.Args.Dim, n.Args.Index));

    public static Derivative<(int Dim, int Index)> SelectBackward => field ??= Op<(int Dim, int Index)>("SelectBackwardBackward0")
        .Grad(Self, (n, g) => g.Select(n.Args.Dim, n.Args.Index));    // linear: the same selection

    /// <summary>slice(dim, start, end, step) and narrow (<c>Args</c>): the gradient is embedded in the slice.</summary>
    public static Derivative<SliceArgs> Slice => field ??= Op<SliceArgs>("SliceBackward0")
        .Grad(Self, (n, g) => g.SliceBackward(n.InputShape(0), n.Args));

    public static Derivative<SliceArgs> SliceBackward => field ??= Op<SliceArgs>("SliceBackwardBackward0")
        .Grad(Self, (n, g) => g.SliceView(n.Args));                   // linear: the same slice

    /// <summary>as_strided on a contiguous tensor (<c>Args</c>: the view's geometry).</summary>
    public static Derivative<StridedGeometry> AsStrided => field ??= Op<StridedGeometry>("AsStridedBackward0")
        .Grad(Self, (n, g) => g.AsStridedBackward(n.InputShape(0), n.Args));

    public static Derivative<StridedGeometry> AsStridedBackward => field ??= Op<StridedGeometry>("AsStridedBackwardBackward0")
        .Grad(Self, (n, g) => g.Contiguous().StridedView(n.Args));

    /// <summary>
    /// The in-place update of a view (<c>Args</c>: the view's geometry in its base): the base with the view's place
    /// replaced by the updated region (Other). PyTorch's CopySlices node, which wraps the in-place op's node.
    /// </summary>
    public static Derivative<StridedGeometry> CopySlices => field ??= Op<StridedGeometry>("CopySlices")
        .Grad(Self, (n, g) => g - Embedded(RegionOf(g, n.Args), n.InputShape(0), n.Args))   // overwritten at the view's place
        .Grad(Other, (n, g) => RegionOf(g, n.Args));                                         // the region's new values

    /// <summary>A region written into a zero base (the backward of as_strided's region, and of CopySlices).</summary>
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

    /// <summary>x[indices] with tensor subscripts (<c>Args</c>: the normalised index): the gradient is put back, repeats adding up.</summary>
    public static Derivative<AdvancedIndex> Index => field ??= Op<AdvancedIndex>("IndexBackward0")
        .Grad(Self, (n, g) => Tensor.Zeros(n.InputShape(0), g.DType).IndexPut(n.Args, g, accumulate: true));

    /// <summary>index_put(indices, values, accumulate).</summary>
    public static Derivative<(AdvancedIndex Index, bool Accumulate)> IndexPut => field ??= Op<(AdvancedIndex Index, bool Accumulate)>("IndexPutBackward0")
        .Grad(Self, (n, g) => n.Args.Accumulate ? g : g.IndexPut(n.Args.Index, Zero(g), accumulate: false))   // overwritten elements get nothing
        .Grad(Source, (n, g) => g.Index(n.Args.Index));                // each value went to its positions (summed over its broadcast by the node)

    /// <summary>scatter(dim, index, src) (<c>Args</c>: the dim).</summary>
    public static Derivative<int> Scatter => field ??= Op<int>("ScatterBackward0")
        .Grad(Self, reads: Slot.Index, (n, g) => g.Scatter(n.Args, n[Slot.Index], 0.0))                          // overwritten elements get nothing
        .Grad(Source, reads: Slot.Index, (n, g) => PadTo(g.Gather(n.Args, n[Slot.Index]), n.InputShape(Source)));   // each src element went to its index

    /// <summary>scatter(dim, index, value).</summary>
    public static Derivative<int> ScatterValue => field ??= Op<int>("ScatterBackward1")
        .Grad(Self, reads: Slot.Index, (n, g) => g.Scatter(n.Args, n[Slot.Index], 0.0));

    /// <summary>scatter_reduce(dim, index, src, reduce, include_self).</summary>
    public static Derivative<(int Dim, string Reduce, bool IncludeSelf)> ScatterReduce => field ??= Op<(int Dim, string Reduce, bool IncludeSelf)>("ScatterReduceBackward0")
        .Joint([Self, Source], reads: Self | Source | Slot.Index | Result, ScatterReduceBackward);

    /// <summary>index_copy(dim, index, source) (<c>Args</c>: the dim).</summary>
    public static Derivative<int> IndexCopy => field ??= Op<int>("IndexCopyBackward0")
        .Grad(Self, reads: Slot.Index, (n, g) => g.IndexFill(n.Args, n[Slot.Index], 0.0))                                  // overwritten slices get nothing
        .Grad(Source, reads: Slot.Index, (n, g) => IndexAddSourceGrad(g, n.Args, n[Slot.Index], n.InputShape(Source)));   // each slice went to its index

    /// <summary>index_fill(dim, index, value) with a number.</summary>
    public static Derivative<int> IndexFill => field ??= Op<int>("IndexFillBackward0")
        .Grad(Self, reads: Slot.Index, (n, g) => g.IndexFill(n.Args, n[Slot.Index], 0.0));

    /// <summary>index_fill(dim, index, value) with a 0-d tensor (the index saved without repeats).</summary>
    public static Derivative<int> IndexFillTensor => field ??= Op<int>("IndexFillBackward1")
        .Grad(Self, reads: Slot.Index, (n, g) => g.IndexFill(n.Args, n[Slot.Index], 0.0))
        .Grad(Source, reads: Slot.Index, (n, g) => g.IndexSelect(n.Args, n[Slot.Index]).Sum());   // the value is in every filled slice

    /// <summary>masked_fill(mask, value) with a number.</summary>
    public static Row MaskedFill => field ??= Op("MaskedFillBackward0")
        .Grad(Self, reads: Mask, (n, g) => g.MaskedFill(n[Mask], 0.0));   // filled elements get nothing

    /// <summary>masked_fill(mask, value) with a 0-d tensor.</summary>
    public static Row MaskedFillTensor => field ??= Op("MaskedFillBackward1")
        .Grad(Self, reads: Mask, (n, g) => g.MaskedFill(n[Mask], 0.0))
        .Grad(Source, reads: Mask, (n, g) => g.MaskedSelect(n[Mask]).Sum());   // the value is in every filled element

    /// <summary>masked_select(mask): the gradient goes back to the selected elements.</summary>
    public static Row MaskedSelect => field ??= Op("MaskedSelectBackward0")
        .Grad(Self, reads: Mask, (n, g) => MaskedSelectBackward(g, n[Mask], n.InputShape(0)));

    /// <summary>masked_scatter(mask, source).</summary>
    public static Row MaskedScatter => field ??= Op("MaskedScatterBackward0")
        .Grad(Self, reads: Mask, (n, g) => g.MaskedFill(n[Mask], 0.0))                                     // overwritten elements get nothing
        .Grad(Source, reads: Mask, (n, g) => MaskedScatterSourceGrad(g, n[Mask], n.InputShape(Source)));   // the first source elements went to the true positions

    /// <summary>take(index) (the index saved with negative positions wrapped).</summary>
    public static Row Take => field ??= Op("TakeBackward0")
        .Grad(Self, reads: Slot.Index, (n, g) => TakeBackward(g, n[Slot.Index], n.InputShape(0)));

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

    /// <summary>linalg.solve(A, B) (<c>Args</c>: left, and whether B is a vector): X = A⁻¹B.</summary>
    public static Derivative<(bool Left, bool Vector)> LinalgSolve => field ??= Op<(bool Left, bool Vector)>("LinalgSolveExBackward0")
        .Joint([Self, Other], reads: Self | Result, SolveBackward);                     // gB = A⁻ᵀ gX, gA = -gB Xᵀ

    /// <summary>linalg.solve_triangular(A, B) (<c>Args</c>: upper, left, unitriangular).</summary>
    public static Derivative<(bool Upper, bool Left, bool Unitriangular)> LinalgSolveTriangular => field ??=
        Op<(bool Upper, bool Left, bool Unitriangular)>("LinalgSolveTriangularBackward0")
        .Joint([Self, Other], reads: Self | Result, SolveTriangularBackward);           // as solve, gA kept on A's triangle

    public static Row LinalgInv => field ??= Op("LinalgInvExBackward0")
        .Grad(Self, reads: Result, (n, g) => -MT(n.Result).MatMul(g.MatMul(MT(n.Result))));   // d(A⁻¹) = -A⁻¹ dA A⁻¹

    public static Row LinalgDet => field ??= Op("LinalgDetBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => DetBackward(g, n.Self, n.Result));         // g·det A·A⁻ᵀ (the adjugate when singular)

    /// <summary>(sign, log|det A|): the sign is flat for real A.</summary>
    public static Row LinalgSlogdet => field ??= Op("LinalgSlogdetBackward0")
        .OfOutputs([Self], reads: Self, (n, g) => [g[1] is { } gLog ? Linalg.Solve(MT(n.Self), ScaledIdentity(gLog, n.Self.Size(-1))) : null]);   // g·A⁻ᵀ

    /// <summary>linalg.cholesky (<c>Args</c>: upper).</summary>
    public static Derivative<bool> LinalgCholesky => field ??= Op<bool>("LinalgCholeskyExBackward0")
        .Grad(Self, reads: Result, (n, g) => CholeskyBackward(g, n.Result, n.Args));

    /// <summary>linalg.qr (<c>Args</c>: the mode), outputs (Q, R).</summary>
    public static Derivative<string> LinalgQr => field ??= Op<string>("LinalgQrBackward0")
        .OfOutputs([Self], reads: Result | Result1, (n, g) => [QrBackward(g[0], g[1], n.Result, n[Result1], n.Args)]);

    /// <summary>linalg.eigh, outputs (eigenvalues, eigenvectors); eigvalsh records both too, so that a second derivative reaches A through the vectors.</summary>
    public static Row LinalgEigh => field ??= Op("LinalgEighBackward0")
        .OfOutputs([Self], reads: Result | Result1, (n, g) => [EighBackward(g[0], g[1], n.Result, n[Result1])]);

    /// <summary>linalg.svd, outputs (U, S, Vh) (<c>Args</c>: full_matrices); svdvals records all three too, as eigvalsh does.</summary>
    public static Derivative<bool> LinalgSvd => field ??= Op<bool>("LinalgSvdBackward0")
        .OfOutputs([Self], reads: Result | Result1 | Result2, (n, g) => [SvdBackward(g[0], g[1], g[2], n.Result, n[Result1], n[Result2], n.Args)]);

    public static Row LinalgPinv => field ??= Op("LinalgPinvBackward0")
        .Grad(Self, reads: Self | Result, (n, g) => PinvBackward(g, n.Result, n.Self));

    /// <summary>linalg.lstsq(A, B), differentiable outputs (solution, residuals) (<c>Args</c>: whether B is a vector).</summary>
    public static Derivative<bool> LinalgLstsq => field ??= Op<bool>("LinalgLstsqBackward0")
        .OfOutputs([Self, Other], reads: Self | Other | Result, (n, g) => LstsqBackward(n, g[0], g[1]));

    public static Row LinalgMatrixExp => field ??= Op("LinalgMatrixExpBackward0")
        .Grad(Self, reads: Self, (n, g) => MatrixExpBackward(g, n.Self));                    // exp([[Aᵀ, G], [0, Aᵀ]]), top-right block

    /// <summary>linalg.cross along <c>Args</c> (the dim).</summary>
    public static Derivative<int> LinalgCross => field ??= Op<int>("LinalgCrossBackward0")
        .Grad(Self, reads: Other, (n, g) => Linalg.Cross(n.Other, g, n.Args))                  // d/da a×b · g = b×g
        .Grad(Other, reads: Self, (n, g) => Linalg.Cross(g, n.Self, n.Args));                  // d/db a×b · g = g×a

    public static Row Trace => field ??= Op("TraceBackward0")
        .Grad(Self, (n, g) => g * Tensor.Eye(n.InputShape(0)[0], n.InputShape(0)[1], g.DType));   // g on the diagonal

    /// <summary>beta·self + alpha·batch1·batch2 per batch (<c>Args</c>: beta, alpha).</summary>
    public static Derivative<(double Beta, double Alpha)> Baddbmm => field ??= Op<(double Beta, double Alpha)>("BaddbmmBackward0")
        .Grad(Self, (n, g) => Scale(g, n.Args.Beta))
        .Grad(Batch1, reads: Batch2, (n, g) => Scale(g.Bmm(n[Batch2].Transpose(1, 2)), n.Args.Alpha))    // α G B₂ᵀ
        .Grad(Batch2, reads: Batch1, (n, g) => Scale(n[Batch1].Transpose(1, 2).Bmm(g), n.Args.Alpha));   // α B₁ᵀ G

    /// <summary>beta·self + alpha·Σ_b batch1[b]·batch2[b] (<c>Args</c>: beta, alpha).</summary>
    public static Derivative<(double Beta, double Alpha)> Addbmm => field ??= Op<(double Beta, double Alpha)>("AddbmmBackward0")
        .Grad(Self, (n, g) => Scale(g, n.Args.Beta))
        .Grad(Batch1, reads: Batch2, (n, g) => Scale(PerBatch(g, n.InputShape(Batch1)[0]).Bmm(n[Batch2].Transpose(1, 2)), n.Args.Alpha))
        .Grad(Batch2, reads: Batch1, (n, g) => Scale(n[Batch1].Transpose(1, 2).Bmm(PerBatch(g, n.InputShape(Batch1)[0])), n.Args.Alpha));

    /// <summary>beta·self + alpha·mat·vec (<c>Args</c>: beta, alpha).</summary>
    public static Derivative<(double Beta, double Alpha)> Addmv => field ??= Op<(double Beta, double Alpha)>("AddmvBackward0")
        .Grad(Self, (n, g) => Scale(g, n.Args.Beta))
        .Grad(Mat, reads: Vec, (n, g) => Scale(g.Outer(n[Vec]), n.Args.Alpha))                 // α g vᵀ
        .Grad(Vec, reads: Mat, (n, g) => Scale(n[Mat].T.Mv(g), n.Args.Alpha));                 // α Mᵀ g

    /// <summary>cdist(x1, x2, p) (<c>Args</c>: p): ‖x1ᵢ - x2ⱼ‖ₚ for every pair of rows.</summary>
    public static Derivative<double> Cdist => field ??= Op<double>("CdistBackward0")
        .Grad(Self, reads: Self | Other | Result, (n, g) => CdistBackward(g, n.Self, n.Other, n.Result, n.Args))
        .Grad(Other, reads: Self | Other | Result, (n, g) => CdistBackward(MT(g), n.Other, n.Self, MT(n.Result), n.Args));

    /// <summary>cdist's p = 2 distances through a matrix product (PyTorch's _euclidean_dist, for many rows).</summary>
    public static Row EuclideanDist => field ??= Op("EuclideanDistBackward0")
        .Joint([Self, Other], reads: Self | Other | Result, EuclideanDistBackward);

    // ---- in-place writes ----------------------------------------------------------------------

    public static Row Zero_ => field ??= Op("ZeroBackward0")
        .Grad(Self, (n, g) => g * 0);                                  // the old values are gone

    public static Row Fill_ => field ??= Op("FillBackward2")   // fill_.Scalar (fill.Scalar, fill.Tensor are 0 and 1)
        .Grad(Self, (n, g) => g * 0);

    public static Row Copy_ => field ??= Op("CopyBackwards")
        .Grad(Self, (n, g) => g * 0)                                   // overwritten
        .Grad(Source, (n, g) => g);                                    // copied through

    // ---- neural-network ops -------------------------------------------------------------------
    // (issue 11's new layers: the section "more neural-network ops" at the end)


    public static Row Erf => field ??= Op("ErfBackward0")
        .Grad(Self, reads: Self, (n, g) => g * (n.Self * n.Self * -1).Exp() * (2 / Math.Sqrt(Math.PI)));   // d/dx erf x = 2/√π·e^(-x²)

    public static Row Gelu => field ??= Op("GeluBackward0")
        .Grad(Self, reads: Self, (n, g) => NNOps.GeluBackward(g, n.Self));   // g·(Φ(x) + x·φ(x)), one fused kernel

    /// <summary>gelu's backward g·(Φ(x) + x·φ(x)) (PyTorch's gelu_backward; Self is g, Other is x), differentiable in both.</summary>
    public static Row GeluGrad => field ??= Op("GeluBackwardBackward0")
        .Grad(Self, reads: Other, (n, gg) => gg * GeluDerivative(n.Other))                          // linear in g
        .Grad(Other, reads: Self | Other, (n, gg) => gg * n.Self * GeluSecondDerivative(n.Other));   // φ(x)·(2 - x²)

    public static Row Silu => field ??= Op("SiluBackward0")
        .Grad(Self, reads: Self, (n, g) => g * SiluDerivative(n.Self));   // σ(x)·(1 + x·(1 - σ(x)))

    /// <summary>leaky_relu with slope <c>Args</c>.</summary>
    public static Derivative<double> LeakyRelu => field ??= Op<double>("LeakyReluBackward0")
        .Grad(Self, reads: Self, (n, g) => g * SlopeOf(n.Self, n.Args));   // 1 or the slope

    /// <summary>conv2d y = C(x, W) + b: bilinear, so each input's gradient is an adjoint of C (a further op).</summary>
    public static Derivative<ConvGeometry> Convolution => field ??= Op<ConvGeometry>("ConvolutionBackward0")
        .Grad(Input, reads: Weight, (n, g) => NNOps.ConvInputGrad(g, n[Weight], n.Args))    // d/dx ⟨G, C(x, W)⟩ = Cᵢ*(G, W)
        .Grad(Weight, reads: Input, (n, g) => NNOps.ConvWeightGrad(n[Input], g, n.Args))    // d/dW ⟨G, C(x, W)⟩ = C_w*(x, G)
        .Grad(Bias, (n, g) => g.Sum(NNOps.AllDimsExcept(g.Dim, 1)));                       // db = Σ G over batch and positions

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

    /// <summary>embedding: weight rows looked up by <see cref="Slot.Index"/>; each row's gradient adds up the lookups (<c>Args</c>: padding_idx, scale_grad_by_freq).</summary>
    public static Derivative<EmbeddingOptions> Embedding => field ??= Op<EmbeddingOptions>("EmbeddingBackward0")
        .Grad(Weight, reads: Slot.Index, (n, g) => EmbeddingBackward(g, n[Slot.Index], n.InputShape(0), n.Args));   // dW[i] = Σ of the gradients of the rows that looked up i

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

    /// <summary>
    /// _thnn_fused_lstm_cell: the LSTM gates' nonlinearities and the state update, outputs (hy, cy), the activated
    /// gates saved as the workspace. Both gate inputs get the gradient of the pre-activations.
    /// </summary>
    public static Row FusedLstmCell => field ??= Op("ThnnFusedLstmCellBackward0")
        .OfOutputs([InputGates, HiddenGates, Cx], reads: InputGates | HiddenGates | Cx | Result1 | Result2, LstmCellBackward);

    /// <summary>_thnn_fused_gru_cell: the GRU gates and the state update (the hidden gates include the hidden bias); r, z, n and hg_n saved as the workspace.</summary>
    public static Row FusedGruCell => field ??= Op("ThnnFusedGruCellBackward0")
        .Joint([InputGates, HiddenGates, Hx], reads: InputGates | HiddenGates | Hx | Result1, GruCellBackward);

    // ---- normalisation, activations and embeddings (issue 11 layers) --------------------------

    /// <summary>gelu(approximate='tanh') (<c>Args</c>: "tanh", so that readers of the trace tell it from the exact gelu, the row <see cref="Gelu"/>).</summary>
    public static Derivative<string> GeluTanh => field ??= Op<string>("GeluBackward0")
        .Grad(Self, reads: Self, (n, g) => g * GeluTanhDerivative(n.Self));   // (1 + tanh u)/2 + x/2·(1 - tanh² u)·u'

    public static Derivative<SoftplusArgs> Softplus => field ??= Op<SoftplusArgs>("SoftplusBackward0")
        .Grad(Self, reads: Self, (n, g) => g * SoftplusDerivative(n.Self, n.Args));   // σ(βx), 1 where βx > threshold

    /// <summary>elu, selu and celu (<c>Args</c>: α, scale, input scale).</summary>
    public static Derivative<EluArgs> Elu => field ??= Op<EluArgs>("EluBackward0")
        .Grad(Self, reads: Self, (n, g) => g * EluDerivative(n.Self, n.Args));   // scale for x > 0, else scale·α·inputScale·e^(inputScale·x)

    /// <summary>celu: elu's rule with input scale 1/α, under a node of its own (derivatives.yaml lists celu apart from elu).</summary>
    public static Derivative<EluArgs> Celu => field ??= Op<EluArgs>("CeluBackward0")
        .Grad(Self, reads: Self, (n, g) => g * EluDerivative(n.Self, n.Args));

    public static Row Mish => field ??= Op("MishBackward0")
        .Grad(Self, reads: Self, (n, g) => g * MishDerivative(n.Self));   // tanh(sp x) + x·σ(x)·(1 - tanh²(sp x))

    public static Row Hardswish => field ??= Op("HardswishBackward0")
        .Grad(Self, reads: Self, (n, g) => g * HardswishDerivative(n.Self));   // 0 below -3, x/3 + 1/2 up to 3, 1 from 3 on

    public static Row Hardsigmoid => field ??= Op("HardsigmoidBackward0")
        .Grad(Self, reads: Self, (n, g) => g * Inside(n.Self, -3, 3) / 6);   // 1/6 strictly inside (-3, 3)

    /// <summary>hardtanh and relu6 (<c>Args</c>: min, max).</summary>
    public static Derivative<(double Min, double Max)> Hardtanh => field ??= Op<(double Min, double Max)>("HardtanhBackward0")
        .Grad(Self, reads: Self, (n, g) => g * Inside(n.Self, n.Args.Min, n.Args.Max));   // 1 strictly inside (min, max)

    public static Row LogSigmoid => field ??= Op("LogSigmoidBackward0")
        .Grad(Self, reads: Self, (n, g) => g * (-n.Self).Sigmoid());   // d/dx log σ(x) = 1 - σ(x) = σ(-x)

    /// <summary>glu along the dim <c>Args</c>.</summary>
    public static Derivative<int> Glu => field ??= Op<int>("GluBackward0")
        .Grad(Self, reads: Self, (n, g) => GluBackward(g, n.Self, n.Args));   // [g·σ(b), g·a·σ(b)(1 - σ(b))]

    /// <summary>_prelu_kernel, the weight viewed to broadcast along the channels.</summary>
    public static Row PreluKernel => field ??= Op("PreluKernelBackward0")
        .Grad(Self, reads: Self | Weight, (n, g) => g.Where(n.Self.Gt(0.0), g * n[Weight]))   // 1 for x > 0, else w
        .Grad(Weight, reads: Self, (n, g) => (g * n.Self).Where(n.Self.Le(0.0), 0.0));        // x for x ≤ 0, else 0

    /// <summary>
    /// add.Scalar, self + a number: what ATen's C++ composites record (rms_norm's mean + eps), where a
    /// Python <c>x + 1</c> records <c>AddBackward0</c>.
    /// </summary>
    public static Row AddScalar => field ??= Op("AddBackward1")
        .Grad(Self, (n, g) => g);

    /// <summary>native_group_norm: the statistics over each group of channels of each sample.</summary>
    public static Derivative<GroupNormArgs> GroupNorm => field ??= Op<GroupNormArgs>("NativeGroupNormBackward0")
        .Joint([Input, Weight, Bias], reads: Input | Weight, GroupNormBackward);

    /// <summary>
    /// _embedding_bag: each bag the sum, mean or max of its rows (<c>Args</c>: the bags); the per-sample
    /// weights (mode sum) scale each row.
    /// </summary>
    public static Derivative<EmbeddingBagArgs> EmbeddingBag => field ??= Op<EmbeddingBagArgs>("EmbeddingBagBackward0")
        .Grad(Weight, reads: PerSampleWeights, (n, g) => EmbeddingBagWeightGrad(g, n.Optional(PerSampleWeights), n.InputShape(0), n.Args))
        .Grad(PerSampleWeights, reads: Weight, (n, g) => EmbeddingBagPerSampleWeightsGrad(g, n[Weight], n.Args));   // ⟨g of its bag, its row⟩

    // ---- convolutions, pooling and upsampling (issue 11 layers) -------------------------------

    /// <summary>
    /// conv_transpose y = Cᵢ*(x, W) + b, the input gradient of the convolution <c>Args</c> describes: bilinear,
    /// and ⟨G, Cᵢ*(x, W)⟩ = ⟨C(G, W), x⟩, so its gradients are that convolution and its weight gradient.
    /// </summary>
    public static Derivative<ConvGeometry> ConvolutionTransposed => field ??= Op<ConvGeometry>("ConvolutionBackward0")
        .Grad(Input, reads: Weight, (n, g) => NNOps.Convolve(g, n[Weight], null, n.Args.Untransposed))     // d/dx = C(G, W)
        .Grad(Weight, reads: Input, (n, g) => NNOps.ConvWeightGrad(g, n[Input], n.Args.Untransposed))      // d/dW = C_w*(G, x)
        .Grad(Bias, (n, g) => g.Sum(NNOps.AllDimsExcept(g.Dim, 1)));                                         // db = Σ G over batch and positions

    /// <summary>adaptive_max_pool2d: the gradient goes to the element each window picked, as in max_pool2d.</summary>
    public static Row AdaptiveMaxPool2d => field ??= Op("AdaptiveMaxPool2DBackward0")
        .Grad(Self, reads: Indices, (n, g) => MaxPoolBackward(g, n[Indices], n.InputShape(0)));

    // Upsampling (F.interpolate): linear in the input; the gradient is the adjoint resampling, whose own gradient is the resampling.
    public static Derivative<ResampleArgs> UpsampleNearest1d => field ??= Resampling("UpsampleNearest1DBackward0");
    public static Derivative<ResampleArgs> UpsampleNearest2d => field ??= Resampling("UpsampleNearest2DBackward0");
    public static Derivative<ResampleArgs> UpsampleLinear1d => field ??= Resampling("UpsampleLinear1DBackward0");
    public static Derivative<ResampleArgs> UpsampleBilinear2d => field ??= Resampling("UpsampleBilinear2DBackward0");
    public static Derivative<ResampleArgs> UpsampleNearest1dBackward => field ??= ResamplingAdjoint("UpsampleNearest1DBackwardBackward0");
    public static Derivative<ResampleArgs> UpsampleNearest2dBackward => field ??= ResamplingAdjoint("UpsampleNearest2DBackwardBackward0");
    public static Derivative<ResampleArgs> UpsampleLinear1dBackward => field ??= ResamplingAdjoint("UpsampleLinear1DBackwardBackward0");
    public static Derivative<ResampleArgs> UpsampleBilinear2dBackward => field ??= ResamplingAdjoint("UpsampleBilinear2DBackwardBackward0");

    // ---- losses (issue 11 layers) --------------------------------------------------------------

    /// <summary>huber_loss with <c>Args.Threshold</c> = delta: the gradient of the error d = x - y is clamp(d, -δ, δ).</summary>
    public static Derivative<ThresholdLossArgs> HuberLoss => field ??= Op<ThresholdLossArgs>("HuberLossBackward0")
        .Grad(Input, reads: Input | Target, (n, g) => ThresholdLossScale(n, g) * HuberSlope(n))       // d/dx = clamp(x - y, -δ, δ)
        .Grad(Target, reads: Input | Target, (n, g) => ThresholdLossScale(n, g) * -HuberSlope(n));    // d/dy = -d/dx

    /// <summary>smooth_l1_loss with <c>Args.Threshold</c> = beta &gt; 0: the gradient of d = x - y is clamp(d/β, -1, 1).</summary>
    public static Derivative<ThresholdLossArgs> SmoothL1Loss => field ??= Op<ThresholdLossArgs>("SmoothL1LossBackward0")
        .Grad(Input, reads: Input | Target, (n, g) => ThresholdLossScale(n, g) * SmoothL1Slope(n))    // d/dx = clamp((x - y)/β, -1, 1)
        .Grad(Target, reads: Input | Target, (n, g) => ThresholdLossScale(n, g) * -SmoothL1Slope(n)); // d/dy = -d/dx

    /// <summary>norm(self, p, dim) as ATen's composites call it (pairwise_distance): linalg_vector_norm's formula under its own node.</summary>
    public static Derivative<(double P, bool[] Mask, bool KeepDim)> NormDim => field ??= Op<(double P, bool[] Mask, bool KeepDim)>("NormBackward1")
        .Grad(Self, reads: Self | Result, (n, g) => VectorNormBackward(g, n.Self, n.Result, n.Args.P, n.Args.Mask, n.Args.KeepDim));

    /// <summary>_ctc_loss: the alpha-beta backward (a kernel), scaled per sample by the output gradient.</summary>
    public static Derivative<Kernels.CtcTargets> CtcLoss => field ??= Op<Kernels.CtcTargets>("CtcLossBackward0")
        .Grad(LogProbs, reads: LogProbs | Result | Result1, (n, g) => NNOps.CtcLossBackward(g, n[LogProbs], n.Result, n[Result1], n.Args));

    /// <summary>_ctc_loss_backward's result: PyTorch implements no derivative for it (no double backward, no forward mode).</summary>
    public static Derivative<Kernels.CtcTargets> CtcLossBackward => field ??= Op<Kernels.CtcTargets>("NotImplemented")
        .Joint([Self, LogProbs], reads: None, (n, g) => throw new NotSupportedException("derivative for aten::_ctc_loss_backward is not implemented (as in PyTorch): ctc_loss has no double backward and no forward mode"));
}
