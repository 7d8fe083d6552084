using System.Globalization;

namespace Nabla.Printing;

/// <summary>
/// Port of PyTorch's <c>_Formatter</c>: picks one number style and one column width for all
/// elements of a tensor, from statistics over the elements that will actually be printed.
/// </summary>
internal sealed class ElementFormatter
{
    /// <summary>Digits after the decimal point (PyTorch's default <c>precision=4</c>).</summary>
    private const int Precision = 4;

    private readonly Func<int, string> _format;

    private ElementFormatter(Func<int, string> format, int width)
    {
        _format = format;
        Width = width;
    }

    /// <summary>The common column width; an element may still print wider (e.g. -inf in int mode).</summary>
    internal int Width { get; }

    /// <summary>Formats the element at a flat row-major index, right-aligned to <see cref="Width"/>.</summary>
    internal string Format(int index)
    {
        string text = _format(index);
        return text.Length >= Width ? text : new string(' ', Width - text.Length) + text;
    }

    /// <summary>Builds the formatter for <paramref name="values"/>, measuring only <paramref name="shown"/>.</summary>
    internal static ElementFormatter Create(Array values, DType dtype, IReadOnlyList<int> shown) => dtype switch
    {
        DType.Float32 => ForFloats(Widen((float[])values), shown),
        DType.Float64 => ForFloats((double[])values, shown),
        DType.Int64 => ForStrings(((long[])values).Select(IntText).ToArray(), shown),
        DType.Int32 => ForStrings(((int[])values).Select(v => IntText(v)).ToArray(), shown),
        DType.Bool => ForStrings(((bool[])values).Select(b => b ? "True" : "False").ToArray(), shown),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unsupported dtype."),
    };

    /// <summary>Python's <c>str(int)</c>.</summary>
    private static string IntText(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>float32 elements reach Python's formatter as exactly widened doubles.</summary>
    private static double[] Widen(float[] values) => Array.ConvertAll(values, v => (double)v);

    /// <summary>Non-floating dtypes: plain text, width = longest shown element (at least 1).</summary>
    private static ElementFormatter ForStrings(string[] texts, IReadOnlyList<int> shown)
    {
        int width = shown.Select(i => texts[i].Length).Prepend(1).Max();
        return new ElementFormatter(i => texts[i], width);
    }

    /// <summary>Floating dtypes: chooses int mode, fixed or scientific like <c>_Formatter.__init__</c>.</summary>
    private static ElementFormatter ForFloats(double[] data, IReadOnlyList<int> shown)
    {
        double[] nonzeroFinite = shown.Select(i => data[i]).Where(v => double.IsFinite(v) && v != 0).ToArray();
        if (nonzeroFinite.Length == 0)
        {
            // No statistics to go on: PyTorch stays in int mode with width 1.
            return new ElementFormatter(i => IntModeText(data[i]), 1);
        }

        // PyTorch computes these in float64, over absolute values.
        double min = nonzeroFinite.Min(Math.Abs);
        double max = nonzeroFinite.Max(Math.Abs);
        bool intMode = nonzeroFinite.All(v => v == Math.Ceiling(v));
        bool sciMode = max / min > 1000.0 || max > 1.0e8 || (!intMode && min < 1.0e-4);

        Func<double, string> style = sciMode ? v => PythonFloatFormat.Scientific(v, Precision)
            : intMode ? IntModeText
            : v => PythonFloatFormat.Fixed(v, Precision);
        // Same as PyTorch's measure: in int mode its len("{:.0f}") + 1 counts the trailing '.'.
        int width = nonzeroFinite.Max(v => style(v).Length);
        return new ElementFormatter(i => style(data[i]), width);
    }

    /// <summary>Int mode prints "{:.0f}" plus a '.' marking the float dtype, except for nan/inf.</summary>
    private static string IntModeText(double value) =>
        double.IsFinite(value) ? PythonFloatFormat.Fixed(value, 0) + "." : PythonFloatFormat.Fixed(value, 0);
}
