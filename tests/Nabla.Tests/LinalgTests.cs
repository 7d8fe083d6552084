namespace Nabla.Tests;

/// <summary>
/// The linear-algebra ops by identities that pin them down whatever the algorithm (Q R = A with QᵀQ = I,
/// U diag(S) Vh = A, A A⁻¹ = I, det = Π eigenvalues...), in float32 and float64, on sizes past the op
/// table's tiny ones, plus the degenerate cases PyTorch documents. Values against PyTorch itself are in
/// <see cref="LinalgFixtureTests"/>; errors in <see cref="LinalgErrorTests"/>.
/// </summary>
public class LinalgTests
{
    public static TheoryData<DType> FloatTypes => [DType.Float32, DType.Float64];

    /// <summary>Each float dtype with a batch of tall matrices, a batch of wide ones, and a square one.</summary>
    public static TheoryData<DType, int[]> FloatTypesAndShapes => new()
    {
        { DType.Float32, [2, 9, 5] }, { DType.Float32, [2, 5, 9] }, { DType.Float32, [6, 6] },
        { DType.Float64, [2, 9, 5] }, { DType.Float64, [2, 5, 9] }, { DType.Float64, [6, 6] },
    };

    private static Tensor Random(DType dtype, int seed, params int[] shape) => Tensor.Randn(shape, DType.Float64, generator: new Generator(seed)).To(dtype);

    /// <summary>Random matrices of <paramref name="shape"/>, with their batch dims, rows, columns and the smaller of the two.</summary>
    private static (Tensor A, int[] Batch, int M, int N, int K) Matrices(DType dtype, int seed, int[] shape)
        => (Random(dtype, seed, shape), shape[..^2], shape[^2], shape[^1], Math.Min(shape[^2], shape[^1]));

    private static Tensor Eye(int n, DType dtype) => Tensor.Eye(n, dtype: dtype);

    private static Tensor MT(Tensor x) => x.Transpose(-2, -1);

    private static double Tolerance(DType dtype) => dtype == DType.Float32 ? 2e-4 : 1e-11;

    /// <summary>Asserts two tensors agree elementwise to a tolerance relative to the largest magnitude involved.</summary>
    private static void Close(Tensor expected, Tensor actual, DType dtype, double factor = 1)
    {
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        var (e, a) = (expected.To(DType.Float64).ToArray<double>(), actual.To(DType.Float64).ToArray<double>());
        double scale = Math.Max(1, e.Concat(a).Select(Math.Abs).DefaultIfEmpty().Max());
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= factor * Tolerance(dtype) * scale, $"element {i}: expected {e[i]}, got {a[i]}");
    }

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void SolveSatisfiesTheSystemWithBroadcastVectorsAndRightHandedForm(DType dtype)
    {
        var a = Random(dtype, 1, 2, 12, 12) + Eye(12, dtype) * 6;
        var b = Random(dtype, 2, 12, 3);
        var x = Linalg.Solve(a, b);
        Assert.Equal([2, 12, 3], x.Shape.ToArray());
        Assert.Equal(dtype, x.DType);
        Close(b.Expand(2, 12, 3), a.MatMul(x), dtype, 10);

        var v = Random(dtype, 3, 2, 12);   // A's shape without its last dim: a batch of vectors
        Close(v, a.MatMul(Linalg.Solve(a, v).Unsqueeze(-1)).Squeeze(-1), dtype, 10);

        var right = Random(dtype, 4, 5, 12);
        Close(right.Expand(2, 5, 12), Linalg.Solve(a, right, left: false).MatMul(a), dtype, 10);

        var transposed = MT(a);   // a strided input
        Close(b.Expand(2, 12, 3), transposed.MatMul(Linalg.Solve(transposed, b)), dtype, 10);
    }

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void SolveTriangularReadsOnlyItsTriangle(DType dtype)
    {
        var a = Random(dtype, 5, 6, 6) + Eye(6, dtype) * 4;
        var b = Random(dtype, 6, 6, 2);
        var upper = Linalg.SolveTriangular(a, b, upper: true);
        var triu = a.Triu();
        Close(b, triu.MatMul(upper), dtype, 10);
        Close(upper, Linalg.Solve(triu, b), dtype, 10);
    }

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void InverseTimesMatrixIsTheIdentity(DType dtype)
    {
        var a = Random(dtype, 7, 3, 10, 10) + Eye(10, dtype) * 5;
        var inverse = Linalg.Inv(a);
        Close(Eye(10, dtype).Expand(3, 10, 10), a.MatMul(inverse), dtype, 10);
        Close(Eye(10, dtype).Expand(3, 10, 10), inverse.MatMul(a), dtype, 10);
    }

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void DeterminantIsTheProductOfEigenvaluesAndSlogdetAgrees(DType dtype)
    {
        var x = Random(dtype, 8, 2, 6, 6);
        var symmetric = x + MT(x);
        var eigenvalues = Linalg.Eigvalsh(symmetric);
        var product = eigenvalues.Select(-1, 0);
        for (int i = 1; i < 6; i++) product = product * eigenvalues.Select(-1, i);
        Close(product, Linalg.Det(symmetric), dtype, 100);
        var (sign, logAbs) = Linalg.Slogdet(symmetric);
        Close(Linalg.Det(symmetric), sign * logAbs.Exp(), dtype, 100);
        // Where det itself overflows, the log does not: det(10 I₄₀₀) = 10⁴⁰⁰.
        var big = Linalg.Slogdet(Eye(400, DType.Float64) * 10);
        Assert.Equal(1.0, big.Sign.Item<double>());
        Assert.Equal(400 * Math.Log(10), big.LogAbsDet.Item<double>(), 1e-9);
        Assert.True(double.IsPositiveInfinity(Linalg.Det(Eye(400, DType.Float64) * 10).Item<double>()));
    }

    [Fact]
    public void SingularMatricesGiveSignedZeroDeterminantsAsPyTorch()
    {
        var singular = Tensor.FromArray(new double[,] { { 1, 2 }, { 2, 4 } });   // the pivot swaps rows once: -0
        Assert.True(double.IsNegative(Linalg.Det(singular).Item<double>()));
        var (sign, logAbs) = Linalg.Slogdet(singular);
        Assert.Equal(0.0, sign.Item<double>());
        Assert.True(double.IsNegativeInfinity(logAbs.Item<double>()));
        Assert.Equal(1.0, Linalg.Det(Tensor.Zeros([0, 0], DType.Float64)).Item<double>());   // the empty product
    }

    [Fact]
    public void DeterminantGradientAtASingularMatrixIsTheAdjugateAndDifferentiatesAgain()
    {
        // det is a polynomial, smooth at singular matrices too: its gradient there is the adjugate's transpose,
        // which PyTorch reaches through the SVD (the LU formula would divide by zero).
        var singular = Tensor.FromArray(new double[,] { { 1, 2, 3 }, { 4, 5, 6 }, { 7, 8, 9 } }, requiresGrad: true);
        var grad = Autograd.Grad(Linalg.Det(singular), singular)!;
        Close(Tensor.FromArray(new double[,] { { -3, 6, -3 }, { 6, -12, 6 }, { -3, 6, -3 } }), grad, DType.Float64, 1000);
        Assert.True(Autograd.GradCheck(x => Linalg.Det(x[0]), [singular]));
        // The second derivative through the SVD: ∂(cofactor₀₀ = a₁₁a₂₂ - a₁₂a₂₁)/∂A, as PyTorch gives it. (Finite
        // differences of the gradient are too noisy here: the perturbed matrices are nearly singular.)
        var cofactor = Autograd.Grad(Linalg.Det(singular), singular, createGraph: true)![0, 0];
        Close(Tensor.FromArray(new double[,] { { 0, 0, 0 }, { 0, 9, -8 }, { 0, -6, 5 } }), Autograd.Grad(cofactor, singular)!, DType.Float64, 1000);
        // A batch that mixes singular and regular matrices takes each by its formula.
        var mixed = Tensor.Stack([singular.Detach(), Tensor.Eye(3, dtype: DType.Float64) * 2]).RequiresGradInPlace();
        Assert.True(Autograd.GradCheck(x => Linalg.Det(x[0]), [mixed]));
    }

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void CholeskyFactorsReconstructTheMatrix(DType dtype)
    {
        var x = Random(dtype, 9, 2, 9, 9);
        var a = x.MatMul(MT(x)) + Eye(9, dtype);
        var l = Linalg.Cholesky(a);
        Close(a, l.MatMul(MT(l)), dtype, 10);
        Assert.All(l.Triu(1).ToArray<double>(), v => Assert.Equal(0.0, v));
        var u = Linalg.Cholesky(a, upper: true);
        Close(a, MT(u).MatMul(u), dtype, 10);
        Close(MT(l), u, dtype, 10);
    }

    [Theory]
    [MemberData(nameof(FloatTypesAndShapes))]
    public void QrIsOrthonormalTimesUpperTriangularInEveryMode(DType dtype, int[] shape)
    {
        var (a, batch, m, n, k) = Matrices(dtype, 10, shape);
        var (q, r) = Linalg.Qr(a);
        Assert.Equal([.. batch, m, k], q.Shape.ToArray());
        Assert.Equal([.. batch, k, n], r.Shape.ToArray());
        Close(a, q.MatMul(r), dtype, 10);
        Close(Eye(k, dtype).Expand([.. batch, k, k]), MT(q).MatMul(q), dtype, 10);
        Assert.All(r.Tril(-1).ToArray<double>(), v => Assert.Equal(0.0, v));

        var (qc, rc) = Linalg.Qr(a, mode: "complete");
        Assert.Equal([.. batch, m, m], qc.Shape.ToArray());
        Close(a, qc.MatMul(rc), dtype, 10);
        Close(Eye(m, dtype).Expand([.. batch, m, m]), MT(qc).MatMul(qc), dtype, 10);

        var (empty, ronly) = Linalg.Qr(a, mode: "r");
        Assert.Equal([0], empty.Shape.ToArray());
        Close(r, ronly, dtype);
    }

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void EighDiagonalisesWithOrthonormalVectorsAndAscendingValues(DType dtype)
    {
        var x = Random(dtype, 11, 3, 12, 12);
        var a = x + MT(x);
        var (values, vectors) = Linalg.Eigh(a);
        Close(a, (vectors * values.Unsqueeze(-2)).MatMul(MT(vectors)), dtype, 50);
        Close(Eye(12, dtype).Expand(3, 12, 12), MT(vectors).MatMul(vectors), dtype, 50);
        var v = values.ToArray<double>();
        for (int i = 0; i < v.Length; i++) Assert.True(i % 12 == 0 || v[i - 1] <= v[i], "ascending");
        Close(values, Linalg.Eigvalsh(a), dtype);

        // Repeated eigenvalues (here all equal) still give an orthonormal basis.
        var (same, basis) = Linalg.Eigh(Eye(5, dtype) * 3);
        Close(Tensor.Full([5], 3.0, dtype), same, dtype);
        Close(Eye(5, dtype), MT(basis).MatMul(basis), dtype);
    }

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void EighRecoversAKnownSpectrumWithClustersAndZeros(DType dtype)
    {
        // A = Q diag(λ) Qᵀ with Q orthogonal: a repeated eigenvalue, a close pair, zeros and a wide range.
        double[] spectrum = [-1e3, -2, 0, 0, 1e-3, 1, 1 + 1e-9, 3, 3, 3, 7, 50];
        int n = spectrum.Length;
        var q = Linalg.Qr(Random(DType.Float64, 29, n, n)).Q;
        var a = (q * Tensor.FromArray(spectrum).Unsqueeze(0)).MatMul(q.T).To(dtype);
        var (values, vectors) = Linalg.Eigh(a);
        Close(Tensor.FromArray(spectrum), values, dtype, 1e3);
        Close(Eye(n, dtype), MT(vectors).MatMul(vectors), dtype, 100);
        Close(a, (vectors * values.Unsqueeze(-2)).MatMul(MT(vectors)), dtype, 1e3);
    }

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void EighReadsOnlyTheTriangleUploNames(DType dtype)
    {
        var x = Random(dtype, 12, 5, 5);
        var lower = x.Tril();
        Close(Linalg.Eigvalsh(lower + x.Tril(-1).T), Linalg.Eigvalsh(x), dtype, 10);
        var upper = x.Triu();
        Close(Linalg.Eigvalsh(upper + x.Triu(1).T), Linalg.Eigvalsh(x, UPLO: "U"), dtype, 10);
    }

    [Theory]
    [MemberData(nameof(FloatTypesAndShapes))]
    public void SvdReconstructsWithOrthonormalVectorsAndDescendingValues(DType dtype, int[] shape)
    {
        var (a, batch, m, n, k) = Matrices(dtype, 13, shape);
        var (u, s, vh) = Linalg.Svd(a, fullMatrices: false);
        Close(a, (u * s.Unsqueeze(-2)).MatMul(vh), dtype, 10);
        Close(Eye(k, dtype).Expand([.. batch, k, k]), MT(u).MatMul(u), dtype, 10);
        Close(Eye(k, dtype).Expand([.. batch, k, k]), vh.MatMul(MT(vh)), dtype, 10);
        var values = s.ToArray<double>();
        for (int i = 0; i < values.Length; i++) Assert.True(i % k == 0 || values[i - 1] >= values[i], "descending");

        var (uf, sf, vhf) = Linalg.Svd(a);
        Assert.Equal([.. batch, m, m], uf.Shape.ToArray());
        Assert.Equal([.. batch, n, n], vhf.Shape.ToArray());
        Close(Eye(m, dtype).Expand([.. batch, m, m]), MT(uf).MatMul(uf), dtype, 10);
        Close(Eye(n, dtype).Expand([.. batch, n, n]), vhf.MatMul(MT(vhf)), dtype, 10);
        Close(s, sf, dtype);
        Close(s, Linalg.Svdvals(a), dtype);
    }

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void SvdOfRankDeficientMatricesStillHasOrthonormalVectors(DType dtype)
    {
        var rankOne = Random(dtype, 14, 6, 1).MatMul(Random(dtype, 15, 1, 4));
        foreach (var a in new[] { rankOne, Tensor.Zeros([4, 3], dtype) })
        {
            var (u, s, vh) = Linalg.Svd(a);
            Close(a, u.Narrow(-1, 0, s.Size(-1)).MatMul(s.Unsqueeze(-1) * vh.Narrow(-2, 0, s.Size(-1))), dtype, 10);
            Close(Eye(u.Size(-1), dtype), MT(u).MatMul(u), dtype, 10);
            Close(Eye(vh.Size(-1), dtype), vh.MatMul(MT(vh)), dtype, 10);
        }
        var empty = Linalg.Svd(Tensor.Zeros([0, 3], dtype));
        Assert.Equal([0], empty.S.Shape.ToArray());
        Close(Eye(3, dtype), empty.Vh, dtype);
    }

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void PinvSatisfiesThePenroseConditionsForRankDeficientMatrices(DType dtype)
    {
        var a = Random(dtype, 16, 7, 2).MatMul(Random(dtype, 17, 2, 5));   // rank 2
        var p = Linalg.Pinv(a);
        Assert.Equal([5, 7], p.Shape.ToArray());
        Close(a, a.MatMul(p).MatMul(a), dtype, 100);
        Close(p, p.MatMul(a).MatMul(p), dtype, 100);
        Close(a.MatMul(p), MT(a.MatMul(p)), dtype, 100);
        var x = Random(dtype, 18, 6, 6);
        var symmetric = x + MT(x);
        Close(Linalg.Pinv(symmetric), Linalg.Pinv(symmetric, hermitian: true), dtype, 100);
        Close(Tensor.Zeros([5, 7], dtype), Linalg.Pinv(a, atol: 1e6), dtype);   // every singular value below atol
    }

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void LstsqMatchesTheNormalEquationsAndReportsRankAndResiduals(DType dtype)
    {
        var a = Random(dtype, 19, 2, 8, 3);
        var b = Random(dtype, 20, 2, 8, 2);
        var (solution, residuals, rank, singular) = Linalg.Lstsq(a, b, driver: "gelsd");
        Close(Linalg.Solve(MT(a).MatMul(a), MT(a).MatMul(b)), solution, dtype, 100);
        Close((a.MatMul(solution) - b).Pow(2).Sum(-2), residuals, dtype, 100);
        Assert.Equal([3L, 3], rank.ToArray<long>());
        Close(Linalg.Svdvals(a), singular, dtype);

        var (_, noResiduals, defaultRank, noValues) = Linalg.Lstsq(a, b);   // gelsy: no residuals, no singular values
        Assert.Equal([0], noResiduals.Shape.ToArray());
        Assert.Equal([0], noValues.Shape.ToArray());
        Assert.Equal(DType.Int64, defaultRank.DType);
        Assert.Equal([0], Linalg.Lstsq(a, b, driver: "gels").Rank.Shape.ToArray());

        var wide = Random(dtype, 21, 2, 5);   // underdetermined: the solution of least norm is pinv(A) b
        var rhs = Random(dtype, 22, 2);
        Close(Linalg.Pinv(wide).MatMul(rhs), Linalg.Lstsq(wide, rhs).Solution, dtype, 100);
    }

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void MatrixExpOfKnownMatrices(DType dtype)
    {
        var diagonal = Tensor.FromArray([1.0, -2, 0.5]).To(dtype);
        Close(diagonal.Exp().Unsqueeze(-1) * Eye(3, dtype), Linalg.MatrixExp(diagonal.Unsqueeze(-1) * Eye(3, dtype)), dtype);
        var nilpotent = Tensor.FromArray(new double[,] { { 0, 1 }, { 0, 0 } }).To(dtype);
        Close(Tensor.FromArray(new double[,] { { 1, 1 }, { 0, 1 } }), Linalg.MatrixExp(nilpotent), dtype);
        var rotation = Tensor.FromArray(new double[,] { { 0, -Math.PI / 3 }, { Math.PI / 3, 0 } }).To(dtype);
        Close(Tensor.FromArray(new double[,] { { 0.5, -Math.Sqrt(3) / 2 }, { Math.Sqrt(3) / 2, 0.5 } }), Linalg.MatrixExp(rotation), dtype, 10);
        // A norm past θ₁₃ goes through scaling and squaring: a rotation by 20 radians is squared twice.
        var turn = Tensor.FromArray(new double[,] { { 0, -20 }, { 20, 0 } }).To(dtype);
        Close(Tensor.FromArray(new double[,] { { Math.Cos(20), -Math.Sin(20) }, { Math.Sin(20), Math.Cos(20) } }), Linalg.MatrixExp(turn), dtype, 100);
    }

    [Fact]
    public void CrossProductOfTheBasisAndOfIntegers()
    {
        var (x, y) = (Tensor.FromArray([1.0, 0, 0]), Tensor.FromArray([0.0, 1, 0]));
        Assert.Equal([0.0, 0, 1], Linalg.Cross(x, y).ToArray<double>());
        var ints = Linalg.Cross(Tensor.FromArray([1L, 2, 3], [1, 3]).Expand(2, 3), Tensor.FromArray([4L, 5, 6, 1, 0, 0], [2, 3]));
        Assert.Equal(DType.Int64, ints.DType);
        Assert.Equal([-3L, 6, -3, 0, 3, -2], ints.ToArray<long>());
        Assert.Equal([0.0, 0, 1], Linalg.Cross(x.Unsqueeze(1), y.Unsqueeze(1), dim: 0).Reshape(3).ToArray<double>());
    }

    [Fact]
    public void MatrixNormsByHand()
    {
        var a = Tensor.FromArray(new double[,] { { 1, -2 }, { 3, 4 } });
        Assert.Equal(Math.Sqrt(30), Linalg.MatrixNorm(a).Item<double>(), 12);
        Assert.Equal(6, Linalg.MatrixNorm(a, 1).Item<double>(), 12);    // largest column sum of |A|
        Assert.Equal(4, Linalg.MatrixNorm(a, -1).Item<double>(), 12);
        Assert.Equal(7, Linalg.MatrixNorm(a, double.PositiveInfinity).Item<double>(), 12);   // largest row sum
        Assert.Equal(3, Linalg.MatrixNorm(a, double.NegativeInfinity).Item<double>(), 12);
        var s = Linalg.Svdvals(a).ToArray<double>();
        Assert.Equal(s[0], Linalg.MatrixNorm(a, 2).Item<double>(), 12);
        Assert.Equal(s[1], Linalg.MatrixNorm(a, -2).Item<double>(), 12);
        Assert.Equal(s[0] + s[1], Linalg.MatrixNorm(a, "nuc").Item<double>(), 12);
        Assert.Equal(10, s[0] * s[1], 12);   // |det A|
        Assert.Equal([1, 3, 1, 1], Linalg.MatrixNorm(a.Expand(3, 2, 2).Reshape(1, 3, 2, 2), "fro", dim: (2, 3), keepDim: true).Shape.ToArray());
        Assert.Equal(Math.Sqrt(30), Linalg.VectorNorm(a).Item<double>(), 12);
        Assert.Equal(10, Linalg.VectorNorm(a, 1).Item<double>(), 12);
        Assert.Equal(DType.Float64, Linalg.VectorNorm(a.To(DType.Float32), dtype: DType.Float64).DType);
    }

    [Fact]
    public void ProductsByHand()
    {
        var a = Tensor.FromArray(new double[,] { { 1, 2 }, { 3, 4 } });
        Assert.Equal([1.0, 2, 2, 4, 3, 4, 6, 8, 3, 6, 4, 8, 9, 12, 12, 16], a.Kron(a).ToArray<double>());
        Assert.Equal(5, a.Trace().Item<double>());
        Assert.Equal([3.0, 4, 6, 8], Tensor.FromArray([1.0, 2]).Outer(Tensor.FromArray([3.0, 4])).ToArray<double>());
        var ints = Tensor.FromArray([1L, 1, 1, 1], [1, 2, 2]);
        // As PyTorch: integer factors are truncated, so alpha 2.5 multiplies by 2.
        Assert.Equal([9L, 9, 9, 9], Tensor.FromArray([1L, 1, 1, 1], [2, 2]).Baddbmm(ints * 2, ints, alpha: 2.5).ToArray<long>());
        // beta = 0 ignores the input, NaN included.
        var nan = Tensor.Full([2, 2], double.NaN, DType.Float64);
        Assert.Equal([7.0, 10, 15, 22], nan.Baddbmm(a.Unsqueeze(0), a.Unsqueeze(0), beta: 0).ToArray<double>());
        Assert.Equal([14.0, 20, 30, 44], Tensor.Zeros([2, 2], DType.Float64).Addbmm(a.Expand(2, 2, 2), a.Expand(2, 2, 2)).ToArray<double>());
        Assert.Equal([6.0, 10], Tensor.FromArray([1.0, 1]).Addmv(a, Tensor.FromArray([1.0, 1]), beta: 3).ToArray<double>());
        Assert.Equal(30, Tensor.Tensordot(a, a).Item<double>());
        Assert.Equal([7.0, 10, 15, 22], Tensor.Tensordot(a, a, dims: 1).ToArray<double>());
    }

    [Theory]
    [MemberData(nameof(FloatTypes))]
    public void EinsumAgreesWithTheOpsItStandsFor(DType dtype)
    {
        var a = Random(dtype, 24, 2, 3, 4);
        var b = Random(dtype, 25, 2, 4, 5);
        var sq = Random(dtype, 26, 4, 4);
        Close(a.MatMul(b), Tensor.Einsum("bij,bjk->bik", a, b), dtype, 10);
        Close(a.MatMul(b).Sum(0), Tensor.Einsum("b i j , b j k", a, b), dtype, 10);   // spaces are ignored; implicit output "ik" sums b
        Close(a.MatMul(b).Transpose(1, 2), Tensor.Einsum("...ij,...jk->...ki", a, b), dtype, 10);
        Close(sq.Trace(), Tensor.Einsum("ii", sq), dtype, 10);
        Close((sq * Eye(4, dtype)).Sum(1), Tensor.Einsum("ii->i", sq), dtype);
        Close(a.Sum(0).Sum(0), Tensor.Einsum("bij->j", a), dtype, 10);
        Close(a.Permute(2, 0, 1), Tensor.Einsum("bij->jbi", a), dtype);
        Close((a * a).Sum(), Tensor.Einsum("bij,bij->", a, a), dtype, 10);
        Close(sq.MatMul(sq).MatMul(sq), Tensor.Einsum("ij,jk,kl->il", sq, sq, sq), dtype, 100);
        Close(sq.T, Tensor.Einsum("ba", sq), dtype);   // implicit output sorts the labels: "ab"
        Close(sq, Tensor.Einsum("Ba", sq), dtype);     // capitals come first: "Ba"
        var ints = Tensor.FromArray([1L, 2, 3, 4], [2, 2]);
        Assert.Equal([7L, 10, 15, 22], Tensor.Einsum("ij,jk", ints, ints).ToArray<long>());
    }

    [Fact]
    public void MultiOutputOpsShareOneNode()
    {
        var x = Tensor.Randn([3, 3], DType.Float64, requiresGrad: true, generator: new Generator(27));
        var (q, r) = Linalg.Qr(x);
        Assert.Same(q.GradFn, r.GradFn);
        Assert.Equal("LinalgQrBackward0", q.GradFn!.Name);
        var (l, v) = Linalg.Eigh(x + x.T);
        Assert.Same(l.GradFn, v.GradFn);
        var (u, s, vh) = Linalg.Svd(x);
        Assert.Same(u.GradFn, s.GradFn);
        Assert.Same(s.GradFn, vh.GradFn);
        var (sign, logAbs) = Linalg.Slogdet(x);
        Assert.Equal("LinalgSlogdetBackward0", sign.GradFn!.Name);
        Assert.Same(sign.GradFn, logAbs.GradFn);
        // Without a gradient to compute, eigvalsh and svdvals skip the vectors and record nothing.
        Assert.Null(Linalg.Eigvalsh(x.Detach()).GradFn);
        using (Autograd.NoGrad()) Assert.Null(Linalg.Svdvals(x).GradFn);
    }

    [Fact]
    public void ResultsWrittenInPlaceKeepTheirNodeOrReportTheChange()
    {
        // Batched results come from matmuls of scratch tensors: they must be tensors of their own, not views of
        // the scratch, so that an in-place write builds on the op's node.
        var x = Tensor.Randn([2, 3, 3], DType.Float64, requiresGrad: true, generator: new Generator(30));
        var expected = Autograd.Grad((Linalg.MatrixExp(x) * 2).Sum(), x)!;
        var e = Linalg.MatrixExp(x);
        e.MulInPlace(2);
        Assert.Equal(expected.ToArray<double>(), Autograd.Grad(e.Sum(), x)!.ToArray<double>());
        // pinv saves its result, so changing it in place is reported at backward time, as in PyTorch.
        var p = Linalg.Pinv(x);
        p.MulInPlace(2);
        Assert.Contains("modified by an inplace operation", Assert.Throws<InvalidOperationException>(() => p.Sum().Backward()).Message);
    }

    [Fact]
    public void EighGradientThroughEigenvectorsOfRepeatedEigenvaluesIsNotFiniteAsPyTorchDocuments()
    {
        var a = Tensor.Eye(3, dtype: DType.Float64).RequiresGradInPlace();
        var (values, vectors) = Linalg.Eigh(a);
        var throughValues = Autograd.Grad(values.Sum(), a, retainGraph: true)!;
        Assert.All(throughValues.ToArray<double>(), g => Assert.True(double.IsFinite(g)));
        var throughVectors = Autograd.Grad(vectors.Abs().Sum(), a)!;
        Assert.Contains(throughVectors.ToArray<double>(), g => !double.IsFinite(g));
    }

    [Fact]
    public void QrBackwardRefusesWhatPyTorchRefuses()
    {
        var x = Tensor.Randn([3, 2], DType.Float64, requiresGrad: true, generator: new Generator(28));
        var r = Linalg.Qr(x, mode: "r").R;
        var error = Assert.Throws<InvalidOperationException>(() => r.Sum().Backward());
        Assert.Contains("The derivative of linalg.qr depends on Q, which is not computed when mode='r'", error.Message);
        var (q, rc) = Linalg.Qr(x, mode: "complete");
        error = Assert.Throws<InvalidOperationException>(() => (q.Sum() + rc.Sum()).Backward());
        Assert.Equal("The QR decomposition is not differentiable when mode='complete' and nrows > ncols.", error.Message);
    }
}
