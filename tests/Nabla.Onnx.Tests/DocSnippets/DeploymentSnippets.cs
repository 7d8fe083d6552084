using Microsoft.ML.OnnxRuntime;
using Nabla.NN;

namespace Nabla.Onnx.Tests.DocSnippets;

/// <summary>
/// The code of docs/deployment.md, run (Nabla.Tests' DocsTests checks that each block is here). The
/// blocks use relative paths, so they run in a temporary current folder, one at a time.
/// </summary>
[CollectionDefinition(nameof(DeploymentSnippets), DisableParallelization = true)]
[Collection(nameof(DeploymentSnippets))]
public sealed class DeploymentSnippets
{
    [Fact]
    public void ExportThenRunInOnnxRuntime()
    {
        string previous = Directory.GetCurrentDirectory();
        var folder = Directory.CreateTempSubdirectory("nabla-onnx-docs-");
        Directory.SetCurrentDirectory(folder.FullName);
        try
        {
            var model = new Sequential(new Linear(784, 128), new Relu(), new Linear(128, 10));
            // ... train the model ...
            OnnxExport.Save(model, Tensor.Randn([1, 784]), "mnist.onnx", dynamicBatch: true);

            Assert.Equal([3 * 10], Run());
            Assert.All(model.Modules(), m => Assert.True(m.Training));   // its mode is given back
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
            folder.Delete(recursive: true);
        }
    }

    private static int[] Run()
    {
        using var session = new InferenceSession("mnist.onnx");
        using var input = OrtValue.CreateTensorValueFromMemory(new float[3 * 784], [3, 784]);   // any batch size
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["input"], [input], ["output"]);
        float[] scores = outputs[0].GetTensorDataAsSpan<float>().ToArray();                     // 3 × 10 scores
        return [scores.Length];
    }
}
