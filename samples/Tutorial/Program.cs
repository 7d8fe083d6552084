// PyTorch's "Autograd: Automatic Differentiation" tutorial, line by line in Nabla.
// Each Console.WriteLine prints what the tutorial's print(...) prints for the same values.
using Nabla;

var generator = new Generator(seed: 0);   // seeded: the same "random" numbers on every run and machine

// Create a tensor and set requiresGrad: true to track computation with it.
var x = Tensor.Ones([2, 2], requiresGrad: true);
Console.WriteLine(x);

// Do a tensor operation: y was created as a result of an operation, so it has a GradFn.
var y = x + 2;
Console.WriteLine(y);
Console.WriteLine(y.GradFn);

// More operations on y.
var z = y * y * 3;
var result = z.Mean();
Console.WriteLine($"{z} {result}");   // print(z, out) separates its arguments with a space

// RequiresGradInPlace(...) changes an existing tensor's RequiresGrad flag in place (requires_grad_).
var a = Tensor.Randn([2, 2], generator: generator);
a = a * 3 / (a - 1);
Console.WriteLine(a.RequiresGrad);
a.RequiresGradInPlace(true);
Console.WriteLine(a.RequiresGrad);
var b = (a * a).Sum();
Console.WriteLine(b.GradFn);

// Gradients: backprop from the scalar result; d(result)/dx is 4.5 everywhere.
result.Backward();
Console.WriteLine(x.Grad);

// A vector-Jacobian product: y is not a scalar, so Backward needs the vector v.
x = Tensor.Randn([3], requiresGrad: true, generator: generator);
y = x * 2;
while (y.Detach().Norm().Item<float>() < 1000)
    y = y * 2;
Console.WriteLine(y);

var v = Tensor.FromArray([0.1f, 1.0f, 0.0001f]);
y.Backward(v);
Console.WriteLine(x.Grad);

// Stop tracking history with a NoGrad scope.
Console.WriteLine(x.RequiresGrad);
Console.WriteLine(x.Pow(2).RequiresGrad);
using (Autograd.NoGrad())
    Console.WriteLine(x.Pow(2).RequiresGrad);
