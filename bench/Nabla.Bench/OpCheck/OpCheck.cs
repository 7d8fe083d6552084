using TorchSharp;
using TT = TorchSharp.torch.Tensor;

namespace Nabla.Bench;

/// <summary>What one row found: the differences (as shown), the node names, and which comparisons passed.</summary>
internal sealed record Outcome(OpRow Row, string Value, string Grad, string NablaNode, string TorchNode, bool ValueOk, bool GradOk, bool NodeOk)
{
    public bool Ok => ValueOk && GradOk && NodeOk;

    /// <summary>The nodes differ as the row says they do (<see cref="OpRow.KnownNodeDifference"/>).</summary>
    public bool KnownNodeDifference => Row.KnownNodeDifference is not null && NablaNode != TorchNode && TorchNode != "n/a";
}

/// <summary>
/// The op-by-op differential check (bench/run.sh --ops): each row of <see cref="OpRows"/> runs in Nabla and in
/// libtorch on the same float64 inputs; forward values, the gradient of every floating input (one backward
/// pass of the weighted sum Σₖ sum(outₖ · wₖ) over the floating outputs, with the same fixed weights in both
/// engines) and the node behind the result are compared.
/// </summary>
internal static class OpCheck
{
    private const string Usage = "usage: Nabla.Bench --ops [--filter TEXT]   (rows whose op, configuration or shapes contain TEXT)";

    public static int Run(string[] args)
    {
        string? filter = null;
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] == "--filter" && i + 1 < args.Length) filter = args[++i];
            else { Console.Error.WriteLine(Usage); return 2; }
        }
        var rows = OpRows.All().Where(r => filter is null || r.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToList();
        if (rows.Count == 0) { Console.Error.WriteLine($"no row matches '{filter}'"); return 2; }
        var duplicate = rows.GroupBy(r => r.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) { Console.Error.WriteLine($"two rows are named '{duplicate.Key}': row names seed the inputs and must be unique"); return 2; }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var outcomes = rows.Select(CheckGuarded).ToList();
        OpReport.Print(outcomes, filter, watch.Elapsed);
        return outcomes.All(o => o.Ok) ? 0 : 1;
    }

    // A row whose comparison itself throws (a bug of the check, or an output it cannot read) fails; the run goes on.
    private static Outcome CheckGuarded(OpRow row)
    {
        try { return Check(row); }
        catch (Exception e)
        {
            if (Environment.GetEnvironmentVariable("OPCHECK_TRACE") is not null) Console.Error.WriteLine($"{row.Name}: {e}");   // for row authors
            return Failed(row, $"the check threw {e.GetType().Name}: {Oneline(e.Message)}");
        }
    }

    public static Outcome Check(OpRow row)
    {
        using var scope = torch.NewDisposeScope();
        long seed = StableHash(row.Name);
        var values = row.Inputs.Select((input, k) => input.Draw(new Random((int)(seed + k)), input.Numel)).ToArray();
        var nablaIn = row.Inputs.Select((input, k) => Values.ToNabla(values[k], input)).ToArray();
        var torchIn = row.Inputs.Select((input, k) => Values.ToTorch(values[k], input)).ToArray();

        TT[] torchOut;
        try { torchOut = row.Torch(torchIn); }
        catch (Exception e) { return Failed(row, $"libtorch threw: {Oneline(e.Message)}"); }
        Tensor[] nablaOut;
        try { nablaOut = row.Nabla(nablaIn); }
        catch (Exception e) { return Failed(row, $"Nabla threw {e.GetType().Name}: {Oneline(e.Message)}"); }
        if (nablaOut.Length != torchOut.Length) return Failed(row, $"{nablaOut.Length} outputs vs {torchOut.Length}");

        string nablaNode = nablaOut[row.NodeOutput].GradFn?.Name ?? "—";
        string torchNode = LibtorchNodes.Available ? LibtorchNodes.Name(torchOut[row.NodeOutput]) ?? "—" : "n/a";
        bool nodeOk = !LibtorchNodes.Available || nablaNode == torchNode || row.KnownNodeDifference is not null;

        if (row.Gauge is { } gauge)
        {
            nablaOut = gauge.Nabla(nablaOut);
            torchOut = gauge.Torch(torchOut);
        }
        var (valueText, valueOk) = CompareValues(row, nablaOut, torchOut);
        var (gradText, gradOk) = row.Random ? ("random", true) : CompareGradients(row, seed, nablaIn, torchIn, nablaOut, torchOut);
        return new Outcome(row, valueText, gradText, nablaNode, torchNode, valueOk, gradOk, nodeOk);
    }

    private static Outcome Failed(OpRow row, string why) => new(row, why, "", "", "", false, true, true);

    private static (string Text, bool Ok) CompareValues(OpRow row, Tensor[] nabla, TT[] torch)
    {
        double worst = 0;
        for (int k = 0; k < nabla.Length; k++)
        {
            if (row.Random)
            {
                var nShape = nabla[k].Shape.ToArray().Select(d => (long)d).ToArray();
                if (!nShape.SequenceEqual(torch[k].shape))
                    return ($"output {k}: shape {Values.ShapeText(nShape)} vs {Values.ShapeText(torch[k].shape)}", false);
                if (Values.DTypeName(nabla[k]) != Values.DTypeName(torch[k]))
                    return ($"output {k}: dtype {Values.DTypeName(nabla[k])} vs {Values.DTypeName(torch[k])}", false);
                continue;
            }
            var (diff, problem) = Values.Compare(nabla[k], torch[k]);
            if (problem is not null) return ($"output {k}: {problem}", false);
            worst = Math.Max(worst, diff);
        }
        if (row.Random) return ("random: shapes", true);
        return (Number(worst), worst <= row.Tolerance);
    }

    /// <summary>
    /// One backward pass per engine of Σₖ sum(outₖ · wₖ) over the outputs that require grad in libtorch, with
    /// the same weights wₖ (uniform in [-1, 1]) in both, then every floating input's gradient compared. An input
    /// the pass does not reach has no gradient in either engine; one engine's null against the other's zeros is
    /// accepted (PyTorch itself returns either, depending on the op). Where libtorch records a node whose
    /// backward raises (a derivative PyTorch does not implement), Nabla giving no gradient either is a match.
    /// </summary>
    private static (string Text, bool Ok) CompareGradients(OpRow row, long seed, Tensor[] nablaIn, TT[] torchIn, Tensor[] nablaOut, TT[] torchOut)
    {
        var differentiable = Enumerable.Range(0, torchOut.Length).Where(k => torchOut[k].requires_grad).ToList();
        var leaves = Enumerable.Range(0, row.Inputs.Length).Where(i => row.Inputs[i].Grad).ToList();
        if (differentiable.Count == 0 || leaves.Count == 0)
        {
            var stray = Enumerable.Range(0, nablaOut.Length).Where(k => nablaOut[k].RequiresGrad).ToList();
            return stray.Count == 0 || leaves.Count == 0 ? ("—", true) : ($"output {stray[0]} requires grad in Nabla only", false);
        }
        var weights = differentiable.Select(k => Weights(seed, k, torchOut[k].shape)).ToList();
        string? torchError = Backward(() =>
        {
            var terms = differentiable.Select((k, j) => (torchOut[k] * torch.tensor(weights[j], torchOut[k].shape).to_type(torchOut[k].dtype)).sum());
            terms.Aggregate((x, y) => x + y).backward();
        });
        bool nablaRecords = differentiable.All(k => nablaOut[k].RequiresGrad);
        string? nablaError = !nablaRecords ? "an output does not require grad" : Backward(() =>
        {
            var terms = differentiable.Select((k, j) => (nablaOut[k] * Tensor.FromArray(weights[j], nablaOut[k].Shape.ToArray(), nablaOut[k].DType)).Sum());
            terms.Aggregate((x, y) => x + y).Backward();
        });
        if (torchError is not null)
            return nablaError is not null ? ("no derivative in either", true) : ($"Nabla only (libtorch: {torchError})", true);
        if (nablaError is not null) return ($"Nabla: {nablaError}", false);

        double worst = 0;
        foreach (int i in leaves)
        {
            Tensor? nablaGrad = nablaIn[i].Grad;
            TT? torchGrad = torchIn[i].grad;
            if (nablaGrad is null && torchGrad is null) continue;
            nablaGrad ??= Tensor.ZerosLike(nablaIn[i]);
            torchGrad ??= torch.zeros_like(torchIn[i]);
            var (diff, problem) = Values.Compare(nablaGrad, torchGrad);
            if (problem is not null) return ($"grad {i}: {problem}", false);
            worst = Math.Max(worst, diff);
        }
        return (Number(worst), worst <= (row.GradTolerance ?? row.Tolerance));
    }

    // The fixed upstream weights of output k: uniform in [-1, 1], from the row's seed.
    private static double[] Weights(long seed, int k, long[] shape)
    {
        var rng = new Random((int)(seed ^ 0x5EED) + k);
        var weights = new double[shape.Aggregate(1L, (p, s) => p * s)];
        for (int i = 0; i < weights.Length; i++) weights[i] = 2 * rng.NextDouble() - 1;
        return weights;
    }

    // Runs a backward pass; its exception's message, or null.
    private static string? Backward(Action pass)
    {
        try
        {
            pass();
            return null;
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {Oneline(e.Message)}";
        }
    }

    private static string Number(double d) => d == 0 ? "0" : d.ToString("0.0e+0", System.Globalization.CultureInfo.InvariantCulture);

    internal static string Oneline(string s)
    {
        int trace = s.IndexOf("Exception raised from", StringComparison.Ordinal);   // libtorch appends its C++ stack
        var line = (trace > 0 ? s[..trace] : s).Trim().ReplaceLineEndings(" ").Replace('|', '/');
        return line.Length > 160 ? line[..160] + "…" : line;
    }

    // FNV-1a: string.GetHashCode is randomised per process, and a row's inputs must not be.
    internal static long StableHash(string s)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in s) h = (h ^ c) * 1099511628211UL;
        return (long)(h >> 33);
    }
}
