using Nabla;
using Nabla.NN;

/// <summary>
/// LeNet-5 as in PyTorch's "Neural Networks" tutorial: two 5×5 convolutions with max pooling, then
/// three fully connected layers. The first convolution pads by 2 so that 28×28 MNIST digits give
/// the tutorial's 16×5×5 features (the tutorial feeds 32×32 images).
/// </summary>
sealed class LeNet : Module
{
    private readonly Conv2d _conv1, _conv2;
    private readonly Linear _fc1, _fc2, _fc3;

    public LeNet(Generator generator)
    {
        _conv1 = RegisterModule("conv1", new Conv2d(1, 6, 5, padding: 2, generator: generator));
        _conv2 = RegisterModule("conv2", new Conv2d(6, 16, 5, generator: generator));
        _fc1 = RegisterModule("fc1", new Linear(16 * 5 * 5, 120, generator: generator));
        _fc2 = RegisterModule("fc2", new Linear(120, 84, generator: generator));
        _fc3 = RegisterModule("fc3", new Linear(84, 10, generator: generator));
    }

    public override Tensor Forward(Tensor x)
    {
        x = F.MaxPool2d(F.Relu(_conv1.Forward(x)), 2);   // [N, 6, 14, 14]
        x = F.MaxPool2d(F.Relu(_conv2.Forward(x)), 2);   // [N, 16, 5, 5]
        x = x.Flatten(1);
        x = F.Relu(_fc1.Forward(x));
        x = F.Relu(_fc2.Forward(x));
        return _fc3.Forward(x);                           // logits
    }
}
