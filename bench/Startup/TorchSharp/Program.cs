// The autograd tutorial's first gradient on libtorch: d/dx mean(3(x + 2)²) at x = 1 is 4.5 everywhere.
using static TorchSharp.torch;

var x = ones(2, 2, requires_grad: true);
var y = x + 2;
var result = (y * y * 3).mean();
result.backward();
Console.WriteLine(string.Join(" ", x.grad!.data<float>().ToArray()));   // 4.5 4.5 4.5 4.5
