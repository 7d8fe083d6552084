namespace Nabla.Tests;

public static partial class OpCases
{
    private static IEnumerable<OpCase> Softmax()
    {
        yield return Case("softmax dim 1", "SoftmaxBackward0", x => x[0].Softmax(1), A(2, 3));
        yield return Case("softmax dim 0", "SoftmaxBackward0", x => x[0].Softmax(0), A(2, 3));
        yield return Case("softmax dim 1 3-d", "SoftmaxBackward0", x => x[0].Softmax(1), A(2, 3, 2));
        yield return Case("softmax dim -1 transposed", "SoftmaxBackward0", x => x[0].T.Softmax(-1), A(3, 2));
        yield return Case("softmax 1-d", "SoftmaxBackward0", x => x[0].Softmax(0), A(4));
        yield return Case("log_softmax dim 1", "LogSoftmaxBackward0", x => x[0].LogSoftmax(1), A(2, 3));
        yield return Case("log_softmax dim 0", "LogSoftmaxBackward0", x => x[0].LogSoftmax(0), A(2, 3));
        yield return Case("log_softmax dim 2 3-d", "LogSoftmaxBackward0", x => x[0].LogSoftmax(2), A(2, 3, 2));
        yield return Case("log_softmax dim 0 3-d", "LogSoftmaxBackward0", x => x[0].LogSoftmax(0), A(2, 3, 2));
        yield return Case("log_softmax dim -1 transposed", "LogSoftmaxBackward0", x => x[0].T.LogSoftmax(-1), A(3, 2));
        yield return Case("softmax then log", "LogBackward0", x => x[0].Softmax(1).Log(), A(2, 3));
    }
}
