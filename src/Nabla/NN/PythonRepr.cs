using System.Globalization;

namespace Nabla.NN;

/// <summary>Python's <c>repr</c> of the values that module reprs show: floats (<c>1e-05</c>, <c>0.1</c>), bools, int tuples.</summary>
internal static class PythonRepr
{
    /// <summary>Python's <c>repr(float)</c>: the shortest round-trip digits, in scientific notation below 1e-4 or from 1e16 on.</summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";
        var (digits, point) = ShortestDigits(Math.Abs(value));
        string sign = value < 0 ? "-" : "";
        // Python's float_repr_style 'short': fixed notation while -4 <= exponent < 16.
        if (point > 16 || point < -3)
        {
            int exponent = point - 1;
            string mantissa = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
            return $"{sign}{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }
        if (point <= 0) return $"{sign}0.{new string('0', -point)}{digits}";
        if (point >= digits.Length) return $"{sign}{digits}{new string('0', point - digits.Length)}.0";
        return $"{sign}{digits[..point]}.{digits[point..]}";
    }

    /// <summary>Python's <c>True</c> / <c>False</c>.</summary>
    public static string Bool(bool value) => value ? "True" : "False";

    /// <summary>A Python tuple of ints: <c>(3, 3)</c>, <c>(64,)</c>.</summary>
    public static string Tuple(params ReadOnlySpan<int> values)
        => values.Length == 1 ? $"({values[0]},)" : "(" + string.Join(", ", values.ToArray()) + ")";

    // The shortest digits that round-trip (from .NET's "R"), and where the decimal point goes:
    // value = 0.d₁d₂… × 10^point.
    private static (string Digits, int Point) ShortestDigits(double abs)
    {
        string r = abs.ToString("R", CultureInfo.InvariantCulture);
        int e = r.IndexOf('E');
        int exponent = e < 0 ? 0 : int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        string mantissa = e < 0 ? r : r[..e];
        int dot = mantissa.IndexOf('.');
        string whole = dot < 0 ? mantissa : mantissa[..dot], fraction = dot < 0 ? "" : mantissa[(dot + 1)..];
        string all = whole + fraction;
        int leadingZeros = all.Length - all.TrimStart('0').Length;
        return (all.Trim('0'), whole.Length + exponent - leadingZeros);
    }
}
