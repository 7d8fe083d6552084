// Draws the autograd graph behind the loss of a small MLP (what Backward() will walk): writes it
// as Graphviz DOT and, when Graphviz's `dot` program is on the PATH, renders it as SVG.
//   dotnet run --project samples/GraphViz [-- OUTPUT_FOLDER]
// The boxes carry PyTorch's node names (AddmmBackward0, TBackward0, ReluBackward0...), so the
// picture is the one torchviz draws for the same PyTorch model.
using System.Diagnostics;
using Nabla;
using Nabla.NN;

string folder = args.Length > 0 ? args[0] : ".";
Directory.CreateDirectory(folder);

var generator = new Generator(seed: 0);
var model = new Sequential(new Linear(4, 8, generator: generator), new Relu(), new Linear(8, 3, generator: generator));
var inputs = Tensor.Randn([16, 4], generator: generator);
var labels = Tensor.RandInt(3, [16], generator: generator);
var loss = new CrossEntropyLoss().Forward(model.Forward(inputs), labels);
Console.WriteLine(model);
Console.WriteLine($"loss: {loss}");

string dot = Autograd.ToDot(loss);
string dotPath = Path.Combine(folder, "graph.dot");
File.WriteAllText(dotPath, dot);
Console.WriteLine($"wrote {dotPath} ({dot.Split('\n').Count(l => l.Contains("label="))} nodes)");

string svgPath = Path.Combine(folder, "graph.svg");
if (RenderSvg(dotPath, svgPath)) Console.WriteLine($"wrote {svgPath}");
else Console.WriteLine("Graphviz's `dot` is not installed (e.g. apt-get install graphviz): render graph.dot with it, or paste it into any Graphviz viewer.");
return 0;

// Runs `dot -Tsvg`; false when the program is not on the PATH.
static bool RenderSvg(string dotPath, string svgPath)
{
    var dot = Environment.GetEnvironmentVariable("PATH")?.Split(Path.PathSeparator)
        .Select(dir => Path.Combine(dir, OperatingSystem.IsWindows() ? "dot.exe" : "dot"))
        .FirstOrDefault(File.Exists);
    if (dot is null) return false;
    using var process = Process.Start(new ProcessStartInfo(dot, ["-Tsvg", dotPath, "-o", svgPath]) { UseShellExecute = false })!;
    process.WaitForExit();
    if (process.ExitCode != 0) throw new InvalidOperationException($"dot exited with code {process.ExitCode}");
    return true;
}
