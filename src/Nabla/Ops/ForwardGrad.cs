namespace Nabla;

/// <summary>
/// Forward-mode AD. A tensor may carry one tangent per open dual level. Every op's tangent is
/// derived from its reverse-mode rule, which is linear in the output gradient g:
/// J·t = ∂/∂g ⟨rule(g), t⟩, one extra vector-Jacobian product, so every op with a rule has a
/// forward rule too. A level's tangent is computed with only the outer levels active, so outer
/// tangents flow into inner ones (forward-over-forward gives second derivatives) and levels never mix.
/// </summary>
internal static class ForwardGrad
{
    private static readonly AsyncLocal<DualLevelScope?> s_innermost = new();
    private static readonly AsyncLocal<int> s_cap = new();   // while computing level L's tangent: only levels below L are live
    private static int s_openLevels;
    private static readonly (Node?, int) s_needs = (new AccumulateGrad(Tensor.Scalar(0f)), 0);

    public static bool AnyLevelOpen => Volatile.Read(ref s_openLevels) > 0;

    /// <summary>The innermost open level in this async flow.</summary>
    public static DualLevelScope? Innermost => s_innermost.Value;

    public static DualLevelScope Open()
    {
        var parent = s_innermost.Value;
        var level = new DualLevelScope(parent, (parent?.Depth ?? 0) + 1);
        s_innermost.Value = level;
        Interlocked.Increment(ref s_openLevels);
        return level;
    }

    internal static void Close(DualLevelScope level)
    {
        s_innermost.Value = level.Parent;
        Interlocked.Decrement(ref s_openLevels);
    }

    private static bool Live(DualLevelScope level) => level.IsOpen && (s_cap.Value == 0 || level.Depth < s_cap.Value);

    /// <summary>The tangent of <paramref name="t"/> at <paramref name="level"/>, if it has a live one.</summary>
    public static Tensor? TangentOf(Tensor t, DualLevelScope level) =>
        Live(level) && t.Tangents is { } list ? list.Find(e => e.Level == level).Tangent : null;

    /// <summary>Gives the results of an op their tangents at every live level where an input has one.</summary>
    public static void Propagate<TArgs>(Derivative<TArgs> derivative, ReadOnlySpan<Tensor> results, ReadOnlySpan<Tensor> inputs, TArgs args,
        ReadOnlySpan<(Slot, Tensor)> saved)
    {
        for (var level = s_innermost.Value; level is not null; level = level.Parent)
        {
            var tangents = new Tensor?[inputs.Length];
            bool any = false;
            for (int i = 0; i < inputs.Length; i++) any |= (tangents[i] = inputs[i] is null ? null : TangentOf(inputs[i], level)) is not null;
            if (!any) continue;
            var edges = new (Node?, int)[inputs.Length];
            for (int i = 0; i < inputs.Length; i++) edges[i] = tangents[i] is null ? (null, 0) : s_needs;
            var node = derivative.NewNode(edges, results, inputs, args, saved);
            var cap = s_cap.Value;
            s_cap.Value = level.Depth;
            // Keep the tangent differentiable (reverse over forward) when the caller records a graph.
            bool keep = GradMode.IsEnabled && (Tensor.ShouldRecord(inputs) || tangents.Any(t => t?.RequiresGrad == true));
            try
            {
                var jvps = Jvp(node, results, tangents, keep);
                for (int k = 0; k < results.Length; k++) results[k].SetTangent(level, jvps[k]);
            }
            finally { s_cap.Value = cap; }
        }
    }

    // J·t through the rule: g is a dummy cotangent per output; ⟨rule(g), t⟩ is linear in g, and its gradient in g is J·t.
    private static Tensor[] Jvp(OpNode node, ReadOnlySpan<Tensor> results, Tensor?[] tangents, bool keepGraph)
    {
        using var enable = GradMode.Set(true);
        var gs = new Tensor[results.Length];
        for (int k = 0; k < gs.Length; k++) gs[k] = Tensor.Zeros(results[k].ShapeArray, results[k].DType, requiresGrad: true);
        var vjps = node.Apply(gs);
        Tensor? inner = null;
        for (int i = 0; i < vjps.Length; i++)
            if (vjps[i] is { } v && tangents[i] is { } t)
            {
                var term = (v * t).Sum();
                inner = inner is null ? term : inner + term;
            }
        var jvps = inner is { RequiresGrad: true }
            ? Engine.Grad([inner], gs, null, keepGraph, keepGraph, allowUnused: true, GradientArithmetic.Instance)
            : new Tensor?[gs.Length];
        var result = new Tensor[gs.Length];
        for (int k = 0; k < gs.Length; k++) result[k] = jvps[k] ?? Tensor.Zeros(results[k].ShapeArray, results[k].DType);
        return result;
    }
}

/// <summary>One open dual level (<see cref="Autograd.ForwardAD.DualLevel"/>); closing it makes its tangents invisible.</summary>
internal sealed class DualLevelScope(DualLevelScope? parent, int depth) : IDisposable
{
    public DualLevelScope? Parent { get; } = parent;

    public int Depth { get; } = depth;

    public bool IsOpen { get; private set; } = true;

    public void Dispose()
    {
        if (!IsOpen) return;
        IsOpen = false;
        ForwardGrad.Close(this);
    }
}
