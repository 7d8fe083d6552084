using System.Text.Json;
using System.Text.Json.Serialization;

namespace Nabla.Tests;

/// <summary>
/// PyTorch's optimiser and scheduler trajectories from Fixtures/optim_reference.json (written by
/// Fixtures/optim_reference.py; each case says whether it is torch.optim 1.13's or PyTorch 2.x's
/// update restated).
/// </summary>
internal static class OptimReference
{
    /// <summary>An element-wise optimiser on a tiny linear model: w [2, 3] then b [3], flattened.</summary>
    public sealed record Elementwise(string Name, string Dtype, string Source, double[] Start, double[][] Grads, double[][] Params);

    /// <summary>L-BFGS on a 4-variable problem held as two parameters of 2 elements.</summary>
    public sealed record Lbfgs(string Name, string Problem, double[] Start, double[] Losses, double[][] Params,
        [property: JsonPropertyName("func_evals")] long[] FuncEvals, [property: JsonPropertyName("n_iter")] long[] NIter);

    /// <summary>The lr of each of two groups after construction and after each step (and momentum, for the cycling schedules).</summary>
    public sealed record Schedule(string Name, double[][] Lrs, double[][]? Momentum, double[]? Epochs, double[]? Metrics);

    public sealed record Document(string Torch, Elementwise[] Elementwise, Lbfgs[] Lbfgs, Schedule[] Schedulers, Schedule[] Plateau);

    private static readonly Lazy<Document> s_document = new(() =>
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "optim_reference.json");
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        return JsonSerializer.Deserialize<Document>(File.ReadAllText(path), options)
            ?? throw new InvalidDataException($"{path} is empty");
    });

    public static Document All => s_document.Value;

    public static TheoryData<string> Names(Func<Document, IEnumerable<string>> select) => [.. select(All)];
}
