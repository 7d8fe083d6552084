namespace Nabla.Optim;

/// <summary>
/// The line search of <see cref="Lbfgs"/> with <c>lineSearchFn: "strong_wolfe"</c>, PyTorch's
/// <c>_strong_wolfe</c> (after minFunc's and Torch7's lswolfe): bracket a step that satisfies the
/// strong Wolfe conditions, then zoom into the bracket by cubic interpolation.
/// </summary>
internal static class StrongWolfe
{
    /// <summary>Evaluates the loss and flat gradient at x + t·d (and puts the parameters back at x).</summary>
    public delegate (double Loss, Tensor FlatGrad) Objective(double t);

    private const double C1 = 1e-4, C2 = 0.9;   // sufficient decrease and curvature constants
    private const int MaxLineSearch = 25;

    /// <summary>
    /// Searches along d from t, given the loss f, flat gradient g and directional derivative gtd at
    /// t = 0; returns the loss, gradient and step found and how many evaluations it took.
    /// </summary>
    public static (double Loss, Tensor FlatGrad, double T, int Evals) Search(Objective objective, double t, Tensor d, double f, Tensor g, double gtd, double toleranceChange)
    {
        double dNorm = d.Abs().Max().Item<double>();
        g = g.Clone();
        var (fNew, gNew) = objective(t);
        int evals = 1;
        double gtdNew = gNew.Dot(d).Item<double>();

        // Bracket an interval containing a point that satisfies the Wolfe criteria.
        double tPrev = 0, fPrev = f, gtdPrev = gtd;
        Tensor gPrev = g;
        bool done = false;
        int iteration = 0;
        double[] bracket = [], bracketF = [], bracketGtd = [];
        Tensor[] bracketG = [];
        while (iteration < MaxLineSearch)
        {
            if (fNew > f + C1 * t * gtd || (iteration > 1 && fNew >= fPrev))
            {
                (bracket, bracketF, bracketG, bracketGtd) = ([tPrev, t], [fPrev, fNew], [gPrev, gNew.Clone()], [gtdPrev, gtdNew]);
                break;
            }
            if (Math.Abs(gtdNew) <= -C2 * gtd)
            {
                (bracket, bracketF, bracketG) = ([t], [fNew], [gNew]);
                done = true;
                break;
            }
            if (gtdNew >= 0)
            {
                (bracket, bracketF, bracketG, bracketGtd) = ([tPrev, t], [fPrev, fNew], [gPrev, gNew.Clone()], [gtdPrev, gtdNew]);
                break;
            }
            // Extrapolate: the minimum of the cubic through the last two points, at least 1% beyond t and at most 10·t.
            double minStep = t + 0.01 * (t - tPrev), maxStep = t * 10, previous = t;
            t = CubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, (minStep, maxStep));
            (tPrev, fPrev, gPrev, gtdPrev) = (previous, fNew, gNew.Clone(), gtdNew);
            (fNew, gNew) = objective(t);
            evals++;
            gtdNew = gNew.Dot(d).Item<double>();
            iteration++;
        }
        if (iteration == MaxLineSearch)
            (bracket, bracketF, bracketG) = ([0, t], [f, fNew], [g, gNew]);

        // Zoom: shrink the bracket until a point satisfies the criteria (or the bracket is too small).
        bool insufficientProgress = false;
        var (low, high) = bracketF[0] <= bracketF[^1] ? (0, 1) : (1, 0);
        while (!done && iteration < MaxLineSearch)
        {
            if (Math.Abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) break;
            t = CubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);
            t = AwayFromTheEnds(t, bracket, ref insufficientProgress);

            (fNew, gNew) = objective(t);
            evals++;
            gtdNew = gNew.Dot(d).Item<double>();
            iteration++;

            if (fNew > f + C1 * t * gtd || fNew >= bracketF[low])
            {
                // Armijo condition not satisfied or not lower than the lowest point: t becomes the high end.
                (bracket[high], bracketF[high], bracketG[high], bracketGtd[high]) = (t, fNew, gNew.Clone(), gtdNew);
                (low, high) = bracketF[0] <= bracketF[1] ? (0, 1) : (1, 0);
            }
            else
            {
                if (Math.Abs(gtdNew) <= -C2 * gtd) done = true;
                else if (gtdNew * (bracket[high] - bracket[low]) >= 0)
                    (bracket[high], bracketF[high], bracketG[high], bracketGtd[high]) = (bracket[low], bracketF[low], bracketG[low], bracketGtd[low]);
                (bracket[low], bracketF[low], bracketG[low], bracketGtd[low]) = (t, fNew, gNew.Clone(), gtdNew);
            }
        }
        return (bracketF[low], bracketG[low], bracket[low], evals);
    }

    /// <summary>
    /// Moves a trial step that is within 10% of the bracket's length from an end 10% inside, when
    /// the previous trial was also that close or the step is at or beyond an end (PyTorch's
    /// insufficient-progress rule).
    /// </summary>
    private static double AwayFromTheEnds(double t, double[] bracket, ref bool insufficientProgress)
    {
        double max = Math.Max(bracket[0], bracket[1]), min = Math.Min(bracket[0], bracket[1]);
        double eps = 0.1 * (max - min);
        if (!(Math.Min(max - t, t - min) < eps))
        {
            insufficientProgress = false;
            return t;
        }
        if (insufficientProgress || t >= max || t <= min)
        {
            insufficientProgress = false;
            return Math.Abs(t - max) < Math.Abs(t - min) ? max - eps : min + eps;
        }
        insufficientProgress = true;
        return t;
    }

    /// <summary>
    /// The minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1 and g2, clamped to
    /// <paramref name="bounds"/> (by default the interval between the points); their midpoint when
    /// the cubic has no minimum.
    /// </summary>
    public static double CubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, (double Min, double Max)? bounds = null)
    {
        var (minBound, maxBound) = bounds ?? (x1 <= x2 ? (x1, x2) : (x2, x1));
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square < 0) return (minBound + maxBound) / 2.0;
        double d2 = Math.Sqrt(d2Square);
        double minPos = x1 <= x2
            ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
            : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
        return Math.Min(Math.Max(minPos, minBound), maxBound);
    }
}
