using Nabla;
using Nabla.Optim;

/// <summary>The command line: --data DIR is required; the rest have defaults.</summary>
sealed record Options(string Data, int Epochs, string Optimizer, double? LearningRate, int BatchSize, string Output, long Seed)
{
    /// <summary>Parses the options; on a mistake prints it and the usage line, which starts with <paramref name="command"/> (samples/DistributedMnist shares this parser).</summary>
    public static Options? Parse(string[] args, string command = "dotnet run -c Release --project samples/Mnist --")
    {
        Options? Usage(string problem) => PrintUsage(problem, command);
        var values = new Dictionary<string, string>();
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) return Usage($"unexpected argument '{args[i]}'");
            values[args[i][2..]] = args[i + 1];
        }
        if (args.Length % 2 == 1) return Usage($"'{args[^1]}' needs a value");
        if (!values.TryGetValue("data", out var data)) return Usage("--data DIR is required");
        string optimizer = values.GetValueOrDefault("optimizer", "adam");
        if (optimizer is not ("adam" or "sgd")) return Usage("--optimizer is adam or sgd");
        return new Options(data, int.Parse(values.GetValueOrDefault("epochs", "6")), optimizer,
            values.TryGetValue("lr", out var lr) ? double.Parse(lr, System.Globalization.CultureInfo.InvariantCulture) : null,
            int.Parse(values.GetValueOrDefault("batch-size", "64")), values.GetValueOrDefault("out", "mnist-out"),
            long.Parse(values.GetValueOrDefault("seed", "0")));
    }

    /// <summary>The chosen optimiser with its default learning rate (Adam 2e-3, SGD 0.01 with momentum 0.9) unless --lr gives one.</summary>
    public Optimizer CreateOptimizer(IEnumerable<Tensor> parameters) => Optimizer == "sgd"
        ? new Sgd(parameters, lr: LearningRate ?? 0.01, momentum: 0.9)
        : new Adam(parameters, lr: LearningRate ?? 2e-3);

    private static Options? PrintUsage(string problem, string command)
    {
        Console.Error.WriteLine($"error: {problem}");
        Console.Error.WriteLine($"usage: {command} --data DIR [--epochs 6] [--optimizer adam|sgd] [--lr X] [--batch-size 64] [--out mnist-out] [--seed 0]");
        Console.Error.WriteLine("DIR holds the MNIST IDX files (raw or .gz); in this repository's CI: ../shared/data/mnist (test set only).");
        return null;
    }
}
