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

    /// <summary>nan_to_num (<c>Args</c>: the replacements of NaN, +∞ and -∞, which only an exporter reads).</summary>
    public static readonly Derivative<(double Nan, double PosInf, double NegInf)> NanToNum = Op<(double Nan, double PosInf, double NegInf)>("NanToNumBackward0")
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
}
