using TorchSharp;
using TT = TorchSharp.torch.Tensor;

namespace Nabla.Bench;

/// <summary>
/// The libtorch side of a row written in TorchScript, for the calls TorchSharp cannot make as Python makes them
/// (it has no <c>rsub</c>, no <c>alpha</c> on <c>sub</c>, ...). The function is compiled by libtorch and run once,
/// so it executes the same ATen ops, recording the same nodes, as eager PyTorch. Scripts are compiled without
/// Python: only builtins resolve (<c>torch.X</c> is ATen's X; <c>torch.nn.functional</c> is not there), and a
/// script that does not compile aborts the process (TorchSharp lets libtorch's exception through). Note that TorchScript, unlike
/// Python, passes numbers to the Scalar overloads (<c>a + 2.0</c> records AddBackward1, where Python records
/// AddBackward0): write <c>num(2.0)</c> (a 0-d float64 tensor) where Python would wrap the number.
/// </summary>
internal static class Script
{
    private static readonly string[] Names = ["a", "b", "c", "d", "e"];

    // num(x): a Python number as Python passes it to add, mul, div...: a 0-d tensor.
    private const string Prelude = "def num(x: float):\n    return torch.tensor(x, dtype=7)\n";   // 7: ScalarType.Double (torch.float64 is no value in a C++-compiled script)

    // "expr" returns the expression; "s1; s2; return r" (statements with an explicit return) runs them in order.
    private static string Body(string expression)
        => expression.Contains("return ", StringComparison.Ordinal)
            ? string.Join('\n', expression.Split("; ").Select(statement => "    " + statement))
            : "    return " + expression;

    /// <summary>
    /// A function of the row's inputs, named a, b, c... in order, returning <paramref name="expression"/>
    /// (a tensor, or a tuple of tensors: each becomes an output), or running statements separated by "; " whose
    /// last is a return.
    /// </summary>
    public static Func<TT[], TT[]> Of(string expression) => inputs =>
    {
        string parameters = string.Join(", ", Names.Take(inputs.Length));
        using var unit = torch.jit.compile($"{Prelude}def f({parameters}):\n{Body(expression)}\n");
        var result = unit.invoke("f", inputs.Cast<object>().ToArray());
        return result switch
        {
            TT t => [t],
            System.Runtime.CompilerServices.ITuple tuple => [.. Enumerable.Range(0, tuple.Length).Select(i => (TT)tuple[i]!)],
            object[] list => [.. list.Cast<TT>()],
            _ => throw new InvalidOperationException($"TorchScript returned {result?.GetType().Name ?? "null"}"),
        };
    };
}
