using System.Text;
using System.Text.RegularExpressions;

namespace Nabla.Onnx.Export;

/// <summary>PyTorch's names for a node: the aten function behind it, and a hint for the ops that are left out on purpose.</summary>
internal static partial class OpNames
{
    /// <summary>
    /// The aten function of a node name: the name without its <c>Backward0</c> suffix, in snake case
    /// (<c>MaxPool2DWithIndicesBackward0</c> → <c>max_pool2d_with_indices</c>, <c>ToCopyBackward0</c> → <c>_to_copy</c>).
    /// </summary>
    public static string AtenName(string nodeName)
    {
        string camel = BackwardSuffix().Replace(nodeName, "");
        if (camel == "ToCopy") return "_to_copy";
        var snake = new StringBuilder();
        for (int i = 0; i < camel.Length; i++)
        {
            char c = camel[i];
            // A word starts at a capital after a lower-case letter (AddMm), or at the last capital of a
            // run followed by a lower-case letter (2DWith → 2d_with); a capital after a digit joins it (2D).
            bool wordStart = i > 0 && char.IsUpper(c)
                && (char.IsLower(camel[i - 1]) || (char.IsUpper(camel[i - 1]) && i + 1 < camel.Length && char.IsLower(camel[i + 1])));
            if (wordStart) snake.Append('_');
            snake.Append(char.ToLowerInvariant(c));
        }
        return snake.ToString();
    }

    /// <summary>A sentence saying why an op is not exported and what to do, for the ops left out on purpose ("" otherwise).</summary>
    public static string Hint(string nodeName)
    {
        if (nodeName.Contains("Loss", StringComparison.Ordinal) || nodeName.Contains("CrossEntropy", StringComparison.Ordinal))   // binary_cross_entropy's node names no loss
            return " Losses are training-time ops: export the model without its loss (the loss can be computed from the exported model's output).";
        if (nodeName.Contains("BackwardBackward", StringComparison.Ordinal) || nodeName.Contains("ThresholdBackward", StringComparison.Ordinal))
            return " It is a gradient op: export traces the forward pass, without Backward or Autograd.Grad inside Forward.";
        if (nodeName.StartsWith("AsStrided", StringComparison.Ordinal) || nodeName is "CopyBackwards" or "FillBackward2" or "ZeroBackward0")
            return " In-place writes and strided views have no ONNX equivalent: compute the value with out-of-place ops.";
        if (nodeName is "ErfinvBackward0" or "LinalgInvExBackward0" or "LinalgSolveExBackward0" or "LinalgSolveTriangularBackward0" or "LinalgSlogdetBackward0"
            or "LinalgCholeskyExBackward0" or "LinalgQrBackward0" or "LinalgEighBackward0" or "LinalgSvdBackward0" or "LinalgPinvBackward0"
            or "LinalgLstsqBackward0" or "LinalgMatrixExpBackward0")
            return " ONNX (opset 18) has no operator for it (no inverse error function, matrix inverse, solve or decomposition): compute it outside the exported model.";
        if (nodeName.StartsWith("Normal", StringComparison.Ordinal) || nodeName is "BernoulliBackward0" or "PoissonBackward0")
            return " It is a random draw: ONNX's random operators cannot reproduce Nabla's generator, and a model in evaluation mode should not sample.";
        return " It can be added as a row of the mapping table (src/Nabla.Onnx/Emitters/OpMappings.cs).";
    }

    [GeneratedRegex(@"Backwards?\d*$")]
    private static partial Regex BackwardSuffix();
}
