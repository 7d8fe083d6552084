/// <summary>The command line: --data DIR is required; the rest have defaults.</summary>
sealed record Options(string Data, int Epochs, string Optimizer, double? LearningRate, int BatchSize, string Output, long Seed)
{
    public static Options? Parse(string[] args)
    {
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

    private static Options? Usage(string problem)
    {
        Console.Error.WriteLine($"error: {problem}");
        Console.Error.WriteLine("usage: dotnet run -c Release --project samples/Mnist -- --data DIR [--epochs 6] [--optimizer adam|sgd] [--lr X] [--batch-size 64] [--out mnist-out] [--seed 0]");
        Console.Error.WriteLine("DIR holds the MNIST IDX files (raw or .gz); in this repository's CI: ../shared/data/mnist (test set only).");
        return null;
    }
}
