using Nabla.Kernels;
using static Nabla.Slot;
using Row = Nabla.Derivative<Nabla.NoArgs>;

namespace Nabla;

// The derivative table, continued (Derivatives.cs has the table's description and its first themes): matrix products and linear algebra.
internal static partial class Derivatives
{
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
}
