using System.Globalization;

/// <summary>
/// The command line. Every default is nanoGPT's CPU run of config/train_shakespeare_char.py:
/// <c>--eval_iters=20 --log_interval=1 --block_size=64 --batch_size=12 --n_layer=4 --n_head=4 --n_embd=128
/// --max_iters=2000 --lr_decay_iters=2000 --dropout=0.0</c> on top of that file's (eval_interval 250,
/// learning_rate 1e-3, min_lr 1e-4, beta2 0.99, warmup_iters 100) and train.py's (weight_decay 0.1,
/// beta1 0.9, grad_clip 1.0, bias False, seed 1337); sampling as sample.py's (temperature 0.8, top_k 200).
/// Options are written as nanoGPT's, with '-' or '_' (<c>--max-iters 500</c> or <c>--max_iters=500</c>).
/// </summary>
public sealed record Options
{
    /// <summary>The text to train on.</summary>
    public string Text { get; init; } = "../shared/data/tinyshakespeare.txt";
    /// <summary>The folder the weights are written to.</summary>
    public string Out { get; init; } = "chargpt-out";
    /// <summary>Seeds the generator behind the initialisation, the batches and the sampling.</summary>
    public long Seed { get; init; } = 1337;

    /// <summary>Evaluate every this many steps (and after the last).</summary>
    public int EvalInterval { get; init; } = 250;
    /// <summary>Batches per split in each evaluation.</summary>
    public int EvalIters { get; init; } = 20;
    /// <summary>Sequences per step.</summary>
    public int BatchSize { get; init; } = 12;
    /// <summary>The context length.</summary>
    public int BlockSize { get; init; } = 64;
    /// <summary>Transformer blocks.</summary>
    public int NLayer { get; init; } = 4;
    /// <summary>Attention heads per block.</summary>
    public int NHead { get; init; } = 4;
    /// <summary>The embedding width.</summary>
    public int NEmbd { get; init; } = 128;
    /// <summary>Dropout probability.</summary>
    public double Dropout { get; init; }

    /// <summary>The peak learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Training steps.</summary>
    public int MaxIters { get; init; } = 2000;
    /// <summary>AdamW's decoupled weight decay (on the matrices only).</summary>
    public double WeightDecay { get; init; } = 0.1;
    /// <summary>AdamW's β₁.</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>AdamW's β₂.</summary>
    public double Beta2 { get; init; } = 0.99;
    /// <summary>The gradients' total norm is clipped to this (0: no clipping).</summary>
    public double GradClip { get; init; } = 1.0;
    /// <summary>Steps of linear warm-up.</summary>
    public int WarmupIters { get; init; } = 100;
    /// <summary>The step at which the cosine decay reaches <see cref="MinLr"/>.</summary>
    public int LrDecayIters { get; init; } = 2000;
    /// <summary>The learning rate at the end of the decay.</summary>
    public double MinLr { get; init; } = 1e-4;

    /// <summary>Characters generated after training.</summary>
    public int MaxNewTokens { get; init; } = 500;
    /// <summary>Divides the logits before sampling: below 1 sharper, above 1 flatter.</summary>
    public double Temperature { get; init; } = 0.8;
    /// <summary>Sample only among the k likeliest characters.</summary>
    public int TopK { get; init; } = 200;

    /// <summary>The model for a vocabulary of <paramref name="vocabSize"/> characters.</summary>
    public GptConfig ModelConfig(int vocabSize) => new(vocabSize, BlockSize, NLayer, NHead, NEmbd, Dropout);

    /// <summary>nanoGPT's <c>get_lr</c>: linear warm-up to <see cref="LearningRate"/>, then cosine decay to <see cref="MinLr"/>.</summary>
    public double LearningRateAt(int iter)
    {
        if (iter < WarmupIters) return LearningRate * (iter + 1) / (WarmupIters + 1);
        if (iter > LrDecayIters) return MinLr;
        double decayRatio = (iter - WarmupIters) / (double)(LrDecayIters - WarmupIters);
        double coeff = 0.5 * (1.0 + Math.Cos(Math.PI * decayRatio));   // from 1 down to 0
        return MinLr + coeff * (LearningRate - MinLr);
    }

    /// <summary>Parses <paramref name="args"/>; on a mistake prints it with the usage and returns null.</summary>
    public static Options? Parse(string[] args)
    {
        var options = new Options();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal)) return Usage($"unexpected argument '{arg}'");
            string[] parts = arg[2..].Split('=', 2);   // --name value, or --name=value as nanoGPT's configurator takes
            string name = parts[0].Replace('_', '-');
            string? value = parts.Length == 2 ? parts[1] : i + 1 < args.Length ? args[++i] : null;
            if (value is null) return Usage($"'{arg}' needs a value");
            try
            {
                options = options.With(name, value);
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                return Usage($"'{value}' is not a valid value for --{name}");
            }
            catch (ArgumentException e)
            {
                return Usage(e.Message);
            }
        }
        return options.Check() is { } problem ? Usage(problem) : options;
    }

    private Options With(string name, string value) => name switch
    {
        "text" => this with { Text = value },
        "out" or "out-dir" => this with { Out = value },
        "seed" => this with { Seed = long.Parse(value, CultureInfo.InvariantCulture) },
        "eval-interval" => this with { EvalInterval = Int(value) },
        "eval-iters" => this with { EvalIters = Int(value) },
        "batch-size" => this with { BatchSize = Int(value) },
        "block-size" => this with { BlockSize = Int(value) },
        "n-layer" => this with { NLayer = Int(value) },
        "n-head" => this with { NHead = Int(value) },
        "n-embd" => this with { NEmbd = Int(value) },
        "dropout" => this with { Dropout = Real(value) },
        "learning-rate" or "lr" => this with { LearningRate = Real(value) },
        "max-iters" => this with { MaxIters = Int(value) },
        "weight-decay" => this with { WeightDecay = Real(value) },
        "beta1" => this with { Beta1 = Real(value) },
        "beta2" => this with { Beta2 = Real(value) },
        "grad-clip" => this with { GradClip = Real(value) },
        "warmup-iters" => this with { WarmupIters = Int(value) },
        "lr-decay-iters" => this with { LrDecayIters = Int(value) },
        "min-lr" => this with { MinLr = Real(value) },
        "max-new-tokens" => this with { MaxNewTokens = Int(value) },
        "temperature" => this with { Temperature = Real(value) },
        "top-k" => this with { TopK = Int(value) },
        _ => throw new ArgumentException($"unknown option --{name}"),
    };

    private string? Check() =>
        BatchSize < 1 || BlockSize < 1 || NLayer < 1 || NHead < 1 || EvalInterval < 1 || EvalIters < 1 || TopK < 1 ? "sizes, counts and --top-k must be positive"
        : NEmbd < 1 || NEmbd % NHead != 0 ? $"--n-embd ({NEmbd}) must be a positive multiple of --n-head ({NHead})"
        : MaxIters < 0 || MaxNewTokens < 0 ? "--max-iters and --max-new-tokens cannot be negative"
        : WarmupIters < 0 || LrDecayIters <= WarmupIters ? "--lr-decay-iters must exceed --warmup-iters (>= 0)"
        : !(Dropout >= 0 && Dropout < 1) ? "--dropout must be in [0, 1)"
        : !(Temperature > 0) ? "--temperature must be positive"
        : null;

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    private static double Real(string value) => double.Parse(value, CultureInfo.InvariantCulture);

    private static Options? Usage(string problem)
    {
        Console.Error.WriteLine($"error: {problem}");
        Console.Error.WriteLine("usage: dotnet run -c Release --project samples/CharGpt -- [--text PATH] [--out DIR] [--seed 1337]");
        Console.Error.WriteLine("  [--max-iters 2000] [--eval-interval 250] [--eval-iters 20] [--batch-size 12] [--block-size 64]");
        Console.Error.WriteLine("  [--n-layer 4] [--n-head 4] [--n-embd 128] [--dropout 0] [--learning-rate 1e-3] [--min-lr 1e-4]");
        Console.Error.WriteLine("  [--warmup-iters 100] [--lr-decay-iters 2000] [--weight-decay 0.1] [--beta1 0.9] [--beta2 0.99] [--grad-clip 1]");
        Console.Error.WriteLine("  [--max-new-tokens 500] [--temperature 0.8] [--top-k 200]   (nanoGPT's names; '_' works as '-')");
        return null;
    }
}
