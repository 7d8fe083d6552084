namespace Nabla;

/// <summary>
/// Functions and scopes of automatic differentiation, like <c>torch.autograd</c>:
/// <see cref="Grad(IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, IReadOnlyList{Tensor}?, bool?, bool, bool)"/>,
/// grad-mode scopes and gradient checks.
/// </summary>
public static partial class Autograd
{
    /// <summary>
    /// The gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/>, like
    /// <c>torch.autograd.grad</c>; no <see cref="Tensor.Grad"/> is changed.
    /// </summary>
    /// <param name="outputs">The tensors to differentiate.</param>
    /// <param name="inputs">The tensors to differentiate with respect to (they must require grad).</param>
    /// <param name="gradOutputs">The gradient of each output (null entries: ones, for one-element outputs).</param>
    /// <param name="retainGraph">Keep the graph for another pass; defaults to <paramref name="createGraph"/>.</param>
    /// <param name="createGraph">Record the computation, for higher-order derivatives.</param>
    /// <param name="allowUnused">Return null for inputs the outputs do not depend on, instead of throwing.</param>
    /// <returns>One gradient per input (null only for unused inputs with <paramref name="allowUnused"/>).</returns>
    public static Tensor?[] Grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?>? gradOutputs = null,
        bool? retainGraph = null, bool createGraph = false, bool allowUnused = false)
    {
        Guard.NoNullElements(outputs);
        Guard.NoNullElements(inputs);
        return Engine.Grad(outputs, inputs, gradOutputs, retainGraph ?? createGraph, createGraph, allowUnused, GradientArithmetic.Instance);
    }

    /// <summary>The gradient of one output with respect to one input, like <c>torch.autograd.grad(y, x)[0]</c>.</summary>
    public static Tensor? Grad(Tensor output, Tensor input, Tensor? gradOutput = null, bool? retainGraph = null, bool createGraph = false, bool allowUnused = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(input);
        return Grad([output], [input], [gradOutput], retainGraph, createGraph, allowUnused)[0];
    }

    /// <summary>Whether operations are recorded now (in this async flow), like <c>torch.is_grad_enabled()</c>.</summary>
    public static bool IsGradEnabled => GradMode.IsEnabled;

    /// <summary>A scope in which nothing is recorded, like <c>with torch.no_grad():</c>. Dispose to leave it.</summary>
    public static IDisposable NoGrad() => GradMode.Set(false);

    /// <summary>A scope in which recording is on again, like <c>with torch.enable_grad():</c>.</summary>
    public static IDisposable EnableGrad() => GradMode.Set(true);

    /// <summary>A scope that turns recording on or off, like <c>torch.set_grad_enabled(mode)</c>.</summary>
    public static IDisposable SetGradEnabled(bool enabled) => GradMode.Set(enabled);

    /// <summary>
    /// A scope of anomaly detection, like <c>torch.autograd.detect_anomaly()</c>: nodes created in it
    /// remember the stack trace of their forward call; a backward run in it fails on the first NaN
    /// gradient or node error, naming the node and showing that trace.
    /// </summary>
    public static IDisposable DetectAnomaly() => AnomalyMode.Enter();

    /// <summary>A scope for pure inference, like <c>with torch.inference_mode():</c> (here: recording off).</summary>
    public static IDisposable InferenceMode() => GradMode.Set(false, inference: true);
}
