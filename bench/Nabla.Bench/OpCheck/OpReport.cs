using System.Runtime.InteropServices;
using TorchSharp;

namespace Nabla.Bench;

/// <summary>The differential check's Markdown table and its closing line of counts.</summary>
internal static class OpReport
{
    public static void Print(List<Outcome> outcomes, string? filter, TimeSpan elapsed)
    {
        Console.WriteLine($"Nabla vs libtorch (TorchSharp-cpu {typeof(torch).Assembly.GetName().Version}), op by op, float64{(filter is null ? "" : $", rows matching '{filter}'")}");
        Console.WriteLine($"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}");
        Console.WriteLine("value, grad: max|Nabla - libtorch| / max|libtorch| over the outputs, and over the gradients of the floating inputs");
        Console.WriteLine("(backward of Σₖ sum(outₖ · wₖ), the same weights in both); each row's tolerance is in OpRows.*.cs (1e-10 unless stated).");
        Console.WriteLine(LibtorchNodes.Available
            ? "node: the class of the node behind the result, read from libtorch's own objects (see LibtorchNodes.cs)."
            : $"node: libtorch's node names are unchecked here: {LibtorchNodes.Why}.");
        Console.WriteLine();
        string[] head = ["op", "inputs", "value diff", "grad diff", "node (Nabla)", "node (libtorch)", "check"];
        var cells = outcomes.Select(o => new[]
        {
            o.Row.Title, o.Row.Shapes, o.Value, o.Grad, o.NablaNode, o.TorchNode, Verdict(o),
        }).ToList();
        var width = head.Select((h, i) => Math.Max(h.Length, cells.Max(c => c[i].Length))).ToArray();
        Console.WriteLine(Line(head, width));
        Console.WriteLine("|" + string.Join("|", width.Select(w => new string('-', w + 2))) + "|");
        foreach (var c in cells) Console.WriteLine(Line(c, width));
        Console.WriteLine();
        int ops = outcomes.Select(o => o.Row.Op).Distinct().Count();
        var known = outcomes.Where(o => o.KnownNodeDifference).ToList();
        foreach (var o in known) Console.WriteLine($"- known node difference, {o.Row.Title}: {o.Row.KnownNodeDifference}");
        if (known.Count > 0) Console.WriteLine();
        Console.WriteLine($"{elapsed.TotalSeconds:F1} s.");
        Console.WriteLine($"ops: {ops} ({outcomes.Count} rows); value mismatches: {outcomes.Count(o => !o.ValueOk)}; " +
            $"gradient mismatches: {outcomes.Count(o => !o.GradOk)}; node-name mismatches: {outcomes.Count(o => !o.NodeOk)} " +
            $"(known differences, listed above: {known.Count})");
    }

    private static string Verdict(Outcome o)
    {
        if (o.Ok) return o.KnownNodeDifference ? "OK (known node difference)" : "OK";
        var what = new List<string>();
        if (!o.ValueOk) what.Add("value");
        if (!o.GradOk) what.Add("grad");
        if (!o.NodeOk) what.Add("node");
        return $"FAIL ({string.Join(", ", what)})";
    }

    private static string Line(string[] cells, int[] width) => "| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(width[i]))) + " |";
}
