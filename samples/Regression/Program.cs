// Fits y = sin(x) + noise with a small MLP and Adam, printing the loss every 250 steps, then plots
// the data, the true curve and the fit as a PNG.
//   dotnet run --project samples/Regression [-- --steps 2000 --out regression.png --seed 0]
using Nabla;
using Nabla.NN;
using Nabla.Optim;

var options = Options.Parse(args);
if (options is null) return 1;

// 200 noisy samples of sin on [-π, π], as columns [200, 1]: a Linear layer maps the last dim.
var generator = new Generator(options.Seed);
var x = (Tensor.Rand([200, 1], generator: generator) * 2 - 1) * Math.PI;
var y = x.Sin() + Tensor.Randn([200, 1], generator: generator) * 0.1;

var model = new Sequential(
    new Linear(1, 32, generator: generator), new Tanh(),
    new Linear(32, 32, generator: generator), new Tanh(),
    new Linear(32, 1, generator: generator));
var optimizer = new Adam(model.Parameters(), lr: 0.01);
var criterion = new MseLoss();

float loss = float.NaN;
for (int step = 1; step <= options.Steps; step++)
{
    var output = criterion.Forward(model.Forward(x), y);   // the whole data set is one batch
    optimizer.ZeroGrad();
    output.Backward();
    optimizer.Step();
    loss = output.Item<float>();                           // a number, so the step's graph can be collected
    if (step % 250 == 0 || step == 1) Console.WriteLine($"step {step,5}  loss {loss:F5}");
}

// The fit on a fine grid, without recording a graph.
var grid = Tensor.Linspace(-Math.PI, Math.PI, 400).Unsqueeze(1);
Tensor fit;
using (Autograd.NoGrad()) fit = model.Forward(grid);

Plot.Save(options.Output, x.ToArray<float>(), y.ToArray<float>(), grid.ToArray<float>(), fit.ToArray<float>());
Console.WriteLine($"final loss {loss:F5} (the noise alone gives about {0.1 * 0.1:F5}); plot: {Path.GetFullPath(options.Output)}");
return 0;
