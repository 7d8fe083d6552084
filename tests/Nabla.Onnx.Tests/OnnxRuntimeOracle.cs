using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;

namespace Nabla.Onnx.Tests;

/// <summary>
/// Runs exported models in ONNX Runtime, the oracle of these tests, and keeps what ONNX Runtime logs at
/// warning level or above per session (its log id), so a test can check that loading a model warned of nothing.
/// </summary>
internal static class OnnxRuntimeOracle
{
    private static readonly ConcurrentQueue<(string LogId, string Message)> s_warnings = new();
    private static readonly DOrtLoggingFunction s_logger = Log;   // kept alive: native code calls it
    private static int s_sessions;

    // The environment is created once per process, with the logger, before any session.
    private static readonly Lazy<OrtEnv> s_environment = new(() =>
    {
        var options = new EnvironmentCreationOptions
        {
            logId = "Nabla.Onnx.Tests",
            logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
            loggingFunction = s_logger,
        };
        return OrtEnv.CreateInstanceWithOptions(ref options);
    });

    private static void Log(IntPtr param, OrtLoggingLevel severity, string category, string logId, string codeLocation, string message)
        => s_warnings.Enqueue((logId, $"{severity} {category} {codeLocation}: {message}"));

    /// <summary>Loads <paramref name="model"/> into a session whose warnings <see cref="Warnings"/> returns.</summary>
    public static InferenceSession Load(byte[] model, out string logId)
    {
        _ = s_environment.Value;
        logId = $"session{Interlocked.Increment(ref s_sessions)}";
        using var options = new SessionOptions { LogId = logId, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING };
        return new InferenceSession(model, options);
    }

    /// <summary>What ONNX Runtime logged at warning level or above for the session <paramref name="logId"/>.</summary>
    public static string[] Warnings(string logId) => [.. s_warnings.Where(w => w.LogId == logId).Select(w => w.Message)];

    /// <summary>Runs the model's single input and output: the output's elements (float32) and shape.</summary>
    public static (float[] Data, long[] Shape) Run(InferenceSession session, Tensor input)
    {
        long[] shape = [.. input.Shape.Select(d => (long)d)];
        using var value = input.DType switch
        {
            DType.Float32 => OrtValue.CreateTensorValueFromMemory(input.ToArray<float>(), shape),
            DType.Int64 => OrtValue.CreateTensorValueFromMemory(input.ToArray<long>(), shape),
            var other => throw new ArgumentException($"the tests feed float32 or int64 inputs, not {other}"),
        };
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [session.InputNames[0]], [value], [session.OutputNames[0]]);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[0].GetTensorTypeAndShape().Shape);
    }

    /// <summary>Exports <paramref name="model"/> on <paramref name="input"/>, runs it in ONNX Runtime on <paramref name="input"/> and checks the output against Nabla's.</summary>
    public static byte[] ExportAndCompare(NN.Module model, Tensor input, bool dynamicBatch = false)
    {
        var onnx = ExportToBytes(model, input, dynamicBatch);
        using var session = Load(onnx, out var logId);
        AssertClose(Expected(model, input), Run(session, input));
        Assert.Empty(Warnings(logId));
        return onnx;
    }

    public static byte[] ExportToBytes(NN.Module model, Tensor input, bool dynamicBatch = false)
    {
        using var stream = new MemoryStream();
        OnnxExport.Save(model, input, stream, dynamicBatch);
        return stream.ToArray();
    }

    /// <summary>Nabla's output in evaluation mode (what the exporter traces), leaving the model's mode as it was.</summary>
    public static Tensor Expected(NN.Module model, Tensor input)
    {
        bool training = model.Training;
        model.Eval();
        try
        {
            using (Autograd.NoGrad()) return model.Call(input);
        }
        finally
        {
            model.Train(training);
        }
    }

    /// <summary>float32 agreement: |actual - expected| ≤ 1e-5 + 1e-4·|expected| elementwise, and the same shape.</summary>
    public static void AssertClose(Tensor expected, (float[] Data, long[] Shape) actual)
    {
        Assert.Equal(expected.Shape.Select(d => (long)d), actual.Shape);
        var want = expected.ToArray<float>();
        Assert.Equal(want.Length, actual.Data.Length);
        for (int i = 0; i < want.Length; i++)
            Assert.True(Math.Abs(actual.Data[i] - want[i]) <= 1e-5 + 1e-4 * Math.Abs(want[i]),
                $"element {i}: ONNX Runtime gives {actual.Data[i]}, Nabla {want[i]}");
    }
}
