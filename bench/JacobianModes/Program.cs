// The cost of a Jacobian row in reverse mode (one backward through one recorded forward pass) against
// a column in forward mode (one dual forward pass), for tanh(W·x) in float64. Autograd.Functional.Jacobian
// uses forward mode only when outputs outnumber inputs by more than the measured cost ratio (5).
using System.Diagnostics;
using Nabla;

var g = new Generator(3);
foreach (var (m, n) in new[] { (64, 64), (256, 8), (256, 32), (8, 256) })
{
    var w = Tensor.Randn([m, n], DType.Float64, generator: g);
    var x = Tensor.Randn([n], DType.Float64, generator: g);
    Func<Tensor, Tensor> f = t => w.MatMul(t).Tanh();
    var eyeN = Tensor.Eye(n, DType.Float64);
    var eyeM = Tensor.Eye(m, DType.Float64);
    double forward = Median(() => Tensor.Stack(Enumerable.Range(0, n).Select(j => Autograd.Functional.Jvp(f, x, eyeN[j]).Product).ToArray(), 1));
    double reverse = Median(() =>
    {
        var leaf = x.Detach().RequiresGradInPlace();
        var y = f(leaf);
        Tensor.Stack(Enumerable.Range(0, m).Select(i => Autograd.Grad(y, leaf, eyeM[i], retainGraph: true)!).ToArray());
    });
    Console.WriteLine($"Jacobian {m}x{n}: reverse {reverse:F2} ms ({reverse / m * 1000:F0} µs per row), forward {forward:F2} ms ({forward / n * 1000:F0} µs per column)");
}

static double Median(Action run)
{
    for (int i = 0; i < 40; i++) run();   // past the tiered JIT's call counting
    var times = new List<double>();
    for (int i = 0; i < 15; i++)
    {
        var clock = Stopwatch.StartNew();
        run();
        times.Add(clock.Elapsed.TotalMilliseconds);
    }
    times.Sort();
    return times[times.Count / 2];
}
