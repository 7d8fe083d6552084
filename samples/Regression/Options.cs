using System.Globalization;

/// <summary>The command line: every option has a default.</summary>
sealed record Options(int Steps, string Output, long Seed)
{
    public static Options? Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 == args.Length) return Usage($"unexpected '{args[i]}'");
            values[args[i][2..]] = args[i + 1];
        }
        if (values.Keys.Except(["steps", "out", "seed"]).FirstOrDefault() is { } unknown) return Usage($"unknown option --{unknown}");
        return new Options(
            int.Parse(values.GetValueOrDefault("steps", "2000"), CultureInfo.InvariantCulture),
            values.GetValueOrDefault("out", "regression.png"),
            long.Parse(values.GetValueOrDefault("seed", "0"), CultureInfo.InvariantCulture));
    }

    private static Options? Usage(string problem)
    {
        Console.Error.WriteLine($"error: {problem}");
        Console.Error.WriteLine("usage: dotnet run --project samples/Regression [-- --steps 2000 --out regression.png --seed 0]");
        return null;
    }
}
