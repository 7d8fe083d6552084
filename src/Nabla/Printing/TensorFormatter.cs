using System.Globalization;
using System.Text;

namespace Nabla.Printing;

/// <summary>
/// Renders a tensor exactly as PyTorch 2.x's <c>str(t)</c> does with default print options
/// (port of <c>torch/_tensor_str.py</c>), except that dtypes print without the <c>torch.</c> prefix.
/// </summary>
internal static class TensorFormatter
{
    /// <summary>PyTorch's <c>linewidth</c>.</summary>
    private const int LineWidth = 80;

    /// <summary>PyTorch's <c>threshold</c>: more elements than this are summarized with "...".</summary>
    private const int Threshold = 1000;

    /// <summary>PyTorch's <c>edgeitems</c>: items kept at each end of a summarized dimension.</summary>
    private const int EdgeItems = 3;

    /// <summary>Marks the "..." slot in a list of shown indices.</summary>
    private const int Ellipsis = -1;

    private const string Prefix = "tensor(";

    /// <summary>
    /// Formats a tensor. <paramref name="values"/> holds the elements row-major and contiguous as
    /// float[]/double[]/long[]/int[]/bool[] matching <paramref name="dtype"/>; an empty
    /// <paramref name="shape"/> is a 0-d tensor. <paramref name="gradFnName"/> (e.g. "AddBackward0")
    /// wins over <paramref name="requiresGrad"/>, as in PyTorch.
    /// </summary>
    internal static string Format(Array values, int[] shape, DType dtype, string? gradFnName, bool requiresGrad)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(shape);
        long numel = shape.Aggregate(1L, (n, d) => n * d);
        if (values.Length != numel)
        {
            throw new ArgumentException($"Expected {numel} values for the shape, got {values.Length}.", nameof(values));
        }

        var suffixes = new List<string>();
        string body;
        if (numel == 0)
        {
            // An empty tensor shows its shape unless it is (0,), and any non-float32 dtype,
            // since there are no elements to infer it from.
            if (shape.Length != 1)
            {
                suffixes.Add("size=" + ShapeTuple(shape));
            }

            if (dtype != DType.Float32)
            {
                suffixes.Add("dtype=" + DTypeName(dtype));
            }

            body = "[]";
        }
        else
        {
            if (dtype is not (DType.Float32 or DType.Int64 or DType.Bool))
            {
                suffixes.Add("dtype=" + DTypeName(dtype));
            }

            body = new Layout(values, shape, dtype).Render(Prefix.Length);
        }

        if (gradFnName is not null)
        {
            suffixes.Add("grad_fn=<" + gradFnName + ">");
        }
        else if (requiresGrad)
        {
            suffixes.Add("requires_grad=True");
        }

        return AddSuffixes(Prefix + body, suffixes, Prefix.Length);
    }

    /// <summary>Nabla's dtype names: PyTorch's without the "torch." prefix.</summary>
    private static string DTypeName(DType dtype) => dtype switch
    {
        DType.Float32 => "float32",
        DType.Float64 => "float64",
        DType.Int64 => "int64",
        DType.Int32 => "int32",
        DType.Bool => "bool",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unsupported dtype."),
    };

    /// <summary>Python's <c>str(tuple(shape))</c>: "(0, 3)", "(0,)".</summary>
    private static string ShapeTuple(int[] shape) => shape.Length == 1
        ? $"({shape[0].ToString(CultureInfo.InvariantCulture)},)"
        : "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")";

    /// <summary>
    /// Port of <c>_add_suffixes</c>: appends ", suffix" while it fits the line width, else starts a
    /// new indented line. The "+ 1" off-by-one of the original is kept on purpose.
    /// </summary>
    private static string AddSuffixes(string tensorStr, List<string> suffixes, int indent)
    {
        var sb = new StringBuilder(tensorStr);
        int lastLineLength = tensorStr.Length - tensorStr.LastIndexOf('\n') + 1;
        foreach (string suffix in suffixes)
        {
            if (lastLineLength + suffix.Length + 2 > LineWidth)
            {
                sb.Append(",\n").Append(' ', indent).Append(suffix);
                lastLineLength = indent + suffix.Length;
            }
            else
            {
                sb.Append(", ").Append(suffix);
                lastLineLength += suffix.Length + 2;
            }
        }

        return sb.Append(')').ToString();
    }

    /// <summary>
    /// The recursive bracket layout of <c>_tensor_str_with_formatter</c> / <c>_vector_str</c> over a
    /// contiguous buffer, plus <c>get_summarized_data</c>'s choice of which elements are shown.
    /// </summary>
    private sealed class Layout
    {
        private readonly int[] _shape;
        private readonly int[] _strides;
        private readonly bool _summarize;
        private readonly ElementFormatter _formatter;

        /// <summary>Prepares the layout; the formatter is measured on the shown elements only.</summary>
        internal Layout(Array values, int[] shape, DType dtype)
        {
            _shape = shape;
            _strides = new int[shape.Length];
            for (int d = shape.Length - 1, stride = 1; d >= 0; stride *= shape[d], d--)
            {
                _strides[d] = stride;
            }

            _summarize = values.Length > Threshold;
            var shown = new List<int>();
            CollectShown(0, 0, shown);
            _formatter = ElementFormatter.Create(values, dtype, shown);
        }

        /// <summary>Renders the whole tensor; <paramref name="indent"/> is the prefix length.</summary>
        internal string Render(int indent) =>
            _shape.Length == 0 ? _formatter.Format(0) : Render(0, 0, indent);

        /// <summary>Indices along a dimension: all of them, or edge items around an <see cref="Ellipsis"/>.</summary>
        private IEnumerable<int> ShownIndices(int size)
        {
            if (!_summarize || size <= 2 * EdgeItems)
            {
                return Enumerable.Range(0, size);
            }

            return Enumerable.Range(0, EdgeItems)
                .Append(Ellipsis)
                .Concat(Enumerable.Range(size - EdgeItems, EdgeItems));
        }

        /// <summary>Flat indices of the printed elements, i.e. <c>get_summarized_data</c>.</summary>
        private void CollectShown(int dim, int offset, List<int> shown)
        {
            if (dim == _shape.Length)
            {
                shown.Add(offset);
                return;
            }

            foreach (int i in ShownIndices(_shape[dim]).Where(i => i != Ellipsis))
            {
                CollectShown(dim + 1, offset + (i * _strides[dim]), shown);
            }
        }

        /// <summary>One bracketed sub-tensor starting at dimension <paramref name="dim"/>.</summary>
        private string Render(int dim, int offset, int indent)
        {
            if (dim == _shape.Length - 1)
            {
                return RenderVector(offset, indent);
            }

            IEnumerable<string> slices = ShownIndices(_shape[dim]).Select(i =>
                i == Ellipsis ? "..." : Render(dim + 1, offset + (i * _strides[dim]), indent + 1));
            // Sub-tensors of rank r are separated by r newlines: one line break per remaining dim.
            string separator = "," + new string('\n', _shape.Length - dim - 1) + new string(' ', indent + 1);
            return "[" + string.Join(separator, slices) + "]";
        }

        /// <summary>The last dimension, wrapped so each line holds a whole number of columns.</summary>
        private string RenderVector(int offset, int indent)
        {
            int elementLength = _formatter.Width + 2; // ", " between elements
            int perLine = Math.Max(1, (int)Math.Floor((LineWidth - indent) / (double)elementLength));
            string[] items = ShownIndices(_shape[^1])
                .Select(i => i == Ellipsis ? " ..." : _formatter.Format(offset + i))
                .ToArray();
            IEnumerable<string> lines = items.Chunk(perLine).Select(line => string.Join(", ", line));
            return "[" + string.Join(",\n" + new string(' ', indent + 1), lines) + "]";
        }
    }
}
