// The autograd tutorial's first gradient: d/dx mean(3(x + 2)²) at x = 1 is 4.5 everywhere.
using Nabla;

var x = Tensor.Ones([2, 2], requiresGrad: true);
var y = x + 2;
var result = (y * y * 3).Mean();
result.Backward();
Console.WriteLine(string.Join(" ", x.Grad!.ToArray<float>()));   // 4.5 4.5 4.5 4.5
