using Module = Nabla.NN.Module;
using TorchSharp;
using TT = TorchSharp.torch.Tensor;

namespace Nabla.Bench;

/// <summary>What one layer row found (the differences as shown) and whether each comparison passed.</summary>
internal sealed record LayerOutcome(LayerRow Row, string Output, string InputGrad, string ParamGrad, string Buffers, bool Ok);

/// <summary>
/// The layer check (bench/run.sh --layers): each row's Nabla module is built in float64, the libtorch module of the
/// same configuration takes Nabla's state dict by key (the key sets must be equal), both run forward on the same
/// inputs, and outputs, the gradients of the floating inputs and of every parameter (one backward pass of the
/// weighted sum Σₖ sum(outₖ · wₖ), the same weights in both), and the buffers after the pass (running statistics)
/// are compared.
/// </summary>
internal static class LayerCheck
{
    public static int Run(string[] args)
    {
        string? filter = null;
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] == "--filter" && i + 1 < args.Length) filter = args[++i];
            else { Console.Error.WriteLine("usage: Nabla.Bench --layers [--filter TEXT]"); return 2; }
        }
        var rows = LayerRows.All().Where(r => filter is null || r.Title.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToList();
        if (rows.Count == 0) { Console.Error.WriteLine($"no row matches '{filter}'"); return 2; }
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var outcomes = rows.Select(CheckGuarded).ToList();
        Print(outcomes, filter, watch.Elapsed);
        return outcomes.All(o => o.Ok) ? 0 : 1;
    }

    private static LayerOutcome CheckGuarded(LayerRow row)
    {
        try { return Check(row); }
        catch (Exception e)
        {
            if (Environment.GetEnvironmentVariable("OPCHECK_TRACE") is not null) Console.Error.WriteLine($"{row.Title}: {e}");
            return new(row, $"the check threw {e.GetType().Name}: {OpCheck.Oneline(e.Message)}", "", "", "", false);
        }
    }

    public static LayerOutcome Check(LayerRow row)
    {
        using var scope = torch.NewDisposeScope();
        long seed = OpCheck.StableHash(row.Title);
        var nablaModule = row.NablaModule().To(DType.Float64);
        var torchModule = row.TorchModule();
        torchModule.to(torch.float64);
        string? keys = LoadState(nablaModule, torchModule);
        if (keys is not null) return new(row, keys, "", "", "", false);

        var values = row.Inputs.Select((input, k) => input.Draw(new Random((int)(seed + k)), input.Numel)).ToArray();
        var nablaIn = row.Inputs.Select((input, k) => Values.ToNabla(values[k], input)).ToArray();
        var torchIn = row.Inputs.Select((input, k) => Values.ToTorch(values[k], input)).ToArray();
        var nablaOut = row.Nabla(nablaModule, nablaIn);
        var torchOut = row.Torch(torchModule, torchIn);
        if (nablaOut.Length != torchOut.Length) return new(row, $"{nablaOut.Length} outputs vs {torchOut.Length}", "", "", "", false);

        var (output, outputOk) = Worst(Enumerable.Range(0, nablaOut.Length).Select(k => ($"output {k}", (Tensor?)nablaOut[k], (TT?)torchOut[k])), row.Tolerance);
        var weights = torchOut.Select((t, k) => Weights(seed, k, t.shape)).ToArray();
        torchOut.Select((t, k) => (t * torch.tensor(weights[k], t.shape).to_type(t.dtype)).sum()).Aggregate((x, y) => x + y).backward();
        nablaOut.Select((t, k) => (t * Tensor.FromArray(weights[k], t.Shape.ToArray(), t.DType)).Sum()).Aggregate((x, y) => x + y).Backward();

        var (inputGrad, inputOk) = Worst(Enumerable.Range(0, row.Inputs.Length).Where(i => row.Inputs[i].Grad)
            .Select(i => ($"input {i}", nablaIn[i].Grad, torchIn[i].grad)), row.Tolerance);
        var nablaParams = nablaModule.NamedParameters().ToDictionary(p => p.Name, p => (Tensor)p.Parameter);
        var (paramGrad, paramOk) = Worst(torchModule.named_parameters().Select(p => (p.name, nablaParams.GetValueOrDefault(p.name)?.Grad, p.parameter.grad)), row.Tolerance);
        var nablaState = nablaModule.StateDict();
        var (buffers, buffersOk) = Worst(torchModule.named_buffers().Select(b => (b.name, nablaState.GetValueOrDefault(b.name), (TT?)b.buffer)), row.Tolerance);
        bool ok = outputOk && inputOk && paramOk && buffersOk;
        return new(row, output, inputGrad, paramGrad, buffers, ok);
    }

    /// <summary>Copies Nabla's state dict into the libtorch module by key; the key sets must be equal (else the difference, as text).</summary>
    private static string? LoadState(Module nabla, torch.nn.Module libtorch)
    {
        var nablaState = nabla.StateDict();
        var torchState = libtorch.state_dict();
        var missing = torchState.Keys.Except(nablaState.Keys).ToList();
        var extra = nablaState.Keys.Except(torchState.Keys).ToList();
        if (missing.Count > 0 || extra.Count > 0)
            return $"state dict keys differ: libtorch only [{string.Join(", ", missing)}], Nabla only [{string.Join(", ", extra)}]";
        using (torch.no_grad())
        {
            foreach (var (key, target) in torchState)
            {
                var source = nablaState[key];
                var shape = source.Shape.ToArray().Select(d => (long)d).ToArray();
                if (!shape.SequenceEqual(target.shape)) return $"{key}: shape {Values.ShapeText(shape)} in Nabla, {Values.ShapeText(target.shape)} in libtorch";
                target.copy_(torch.tensor(Values.Read(source), shape).to_type(target.dtype));
            }
        }
        return null;
    }

    // The largest difference over named pairs (a pair missing on one side, or a shape mismatch, fails with its name).
    private static (string Text, bool Ok) Worst(IEnumerable<(string Name, Tensor? Nabla, TT? Torch)> pairs, double tolerance)
    {
        double worst = 0;
        string where = "";
        int count = 0;
        foreach (var (name, nabla, libtorch) in pairs)
        {
            if (nabla is null && libtorch is null) continue;
            if (nabla is null || libtorch is null) return ($"{name}: {(nabla is null ? "none in Nabla" : "none in libtorch")}", false);
            var (diff, problem) = Values.Compare(nabla, libtorch);
            if (problem is not null) return ($"{name}: {problem}", false);
            count++;
            if (diff >= worst) (worst, where) = (diff, name);
        }
        if (count == 0) return ("—", true);
        return ($"{(worst == 0 ? "0" : worst.ToString("0.0e+0", System.Globalization.CultureInfo.InvariantCulture))} ({where}, {count} compared)", worst <= tolerance);
    }

    private static double[] Weights(long seed, int k, long[] shape)
    {
        var rng = new Random((int)(seed ^ 0x5EED) + k);
        var weights = new double[shape.Aggregate(1L, (p, s) => p * s)];
        for (int i = 0; i < weights.Length; i++) weights[i] = 2 * rng.NextDouble() - 1;
        return weights;
    }

    private static void Print(List<LayerOutcome> outcomes, string? filter, TimeSpan elapsed)
    {
        Console.WriteLine($"Nabla vs libtorch (TorchSharp-cpu {typeof(torch).Assembly.GetName().Version}), layer by layer, float64{(filter is null ? "" : $", rows matching '{filter}'")}");
        Console.WriteLine("The same state dict in both; max|Nabla - libtorch| / max|libtorch| of outputs, input gradients, parameter gradients and");
        Console.WriteLine("buffers after the pass (the worst one named, and how many were compared); tolerance 1e-6 unless the row says otherwise.");
        Console.WriteLine();
        string[] head = ["layer", "inputs", "outputs", "input grads", "parameter grads", "buffers", "check"];
        var cells = outcomes.Select(o => new[] { o.Row.Title, o.Row.Shapes, o.Output, o.InputGrad, o.ParamGrad, o.Buffers, o.Ok ? "OK" : "FAIL" }).ToList();
        var width = head.Select((h, i) => Math.Max(h.Length, cells.Max(c => c[i].Length))).ToArray();
        Console.WriteLine(Line(head, width));
        Console.WriteLine("|" + string.Join("|", width.Select(w => new string('-', w + 2))) + "|");
        foreach (var c in cells) Console.WriteLine(Line(c, width));
        Console.WriteLine();
        Console.WriteLine($"{elapsed.TotalSeconds:F1} s.");
        Console.WriteLine($"layers: {outcomes.Count}; mismatches: {outcomes.Count(o => !o.Ok)}");
    }

    private static string Line(string[] cells, int[] width) => "| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(width[i]))) + " |";
}
