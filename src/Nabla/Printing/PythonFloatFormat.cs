using System.Globalization;
using System.Numerics;

namespace Nabla.Printing;

/// <summary>
/// Formats doubles exactly as Python's <c>"{:.Nf}"</c> and <c>"{:.Ne}"</c> do.
/// </summary>
/// <remarks>
/// Python rounds the exact binary value of the double half-to-even (0.03125 -> "0.0312"),
/// whereas .NET's "F4"/"E4" round midpoints away from zero and use a different exponent
/// style, so the digits are produced here with exact big-integer arithmetic.
/// </remarks>
internal static class PythonFloatFormat
{
    /// <summary>Python's <c>"{:.{precision}f}".format(value)</c>.</summary>
    internal static string Fixed(double value, int precision)
    {
        if (TryNonFinite(value, out string? special))
        {
            return special;
        }

        (BigInteger num, BigInteger den) = ExactRatio(Math.Abs(value));
        BigInteger scaled = RoundHalfEven(num * BigInteger.Pow(10, precision), den);
        string digits = scaled.ToString(CultureInfo.InvariantCulture).PadLeft(precision + 1, '0');
        string text = precision == 0 ? digits : digits[..^precision] + "." + digits[^precision..];
        return SignOf(value) + text;
    }

    /// <summary>Python's <c>"{:.{precision}e}".format(value)</c>, e.g. <c>1.0240e+02</c>.</summary>
    internal static string Scientific(double value, int precision)
    {
        if (TryNonFinite(value, out string? special))
        {
            return special;
        }

        double abs = Math.Abs(value);
        BigInteger digits = BigInteger.Zero;
        int exponent = 0;
        if (abs != 0)
        {
            (BigInteger num, BigInteger den) = ExactRatio(abs);
            exponent = DecimalExponent(num, den, abs);
            digits = ScaleAndRound(num, den, precision - exponent);
            // Rounding 9.99995 up yields 10^(precision+1): renormalise to 1.0000e(exponent+1).
            if (digits == BigInteger.Pow(10, precision + 1))
            {
                digits /= 10;
                exponent++;
            }
        }

        string text = digits.ToString(CultureInfo.InvariantCulture).PadLeft(precision + 1, '0');
        string mantissa = precision == 0 ? text : text[..1] + "." + text[1..];
        string expDigits = Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        return SignOf(value) + mantissa + "e" + (exponent < 0 ? "-" : "+") + expDigits;
    }

    /// <summary>Python prints non-finite values as nan/inf/-inf; nan never carries a sign.</summary>
    private static bool TryNonFinite(double value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? text)
    {
        text = double.IsNaN(value) ? "nan"
            : double.IsPositiveInfinity(value) ? "inf"
            : double.IsNegativeInfinity(value) ? "-inf"
            : null;
        return text is not null;
    }

    /// <summary>Python keeps the sign of -0.0 and of negatives that round to zero.</summary>
    private static string SignOf(double value) => double.IsNegative(value) ? "-" : "";

    /// <summary>Splits a finite non-negative double into num/den with den a power of two.</summary>
    private static (BigInteger Num, BigInteger Den) ExactRatio(double abs)
    {
        long bits = BitConverter.DoubleToInt64Bits(abs);
        int biased = (int)((bits >> 52) & 0x7FF);
        long fraction = bits & ((1L << 52) - 1);
        long mantissa = biased == 0 ? fraction : fraction | (1L << 52);
        int exponent = biased == 0 ? -1074 : biased - 1075;
        return exponent >= 0
            ? (new BigInteger(mantissa) << exponent, BigInteger.One)
            : (new BigInteger(mantissa), BigInteger.One << -exponent);
    }

    /// <summary>The exact floor(log10(num/den)), seeded by the floating-point estimate.</summary>
    private static int DecimalExponent(BigInteger num, BigInteger den, double abs)
    {
        int exponent = (int)Math.Floor(Math.Log10(abs));
        while (CompareWithPowerOfTen(num, den, exponent) < 0)
        {
            exponent--;
        }

        while (CompareWithPowerOfTen(num, den, exponent + 1) >= 0)
        {
            exponent++;
        }

        return exponent;
    }

    /// <summary>Compares num/den with 10^power exactly.</summary>
    private static int CompareWithPowerOfTen(BigInteger num, BigInteger den, int power) =>
        power >= 0
            ? num.CompareTo(den * BigInteger.Pow(10, power))
            : (num * BigInteger.Pow(10, -power)).CompareTo(den);

    /// <summary>round_half_even(num/den * 10^power).</summary>
    private static BigInteger ScaleAndRound(BigInteger num, BigInteger den, int power) =>
        power >= 0
            ? RoundHalfEven(num * BigInteger.Pow(10, power), den)
            : RoundHalfEven(num, den * BigInteger.Pow(10, -power));

    /// <summary>Integer division of non-negative values, ties going to the even quotient.</summary>
    private static BigInteger RoundHalfEven(BigInteger num, BigInteger den)
    {
        BigInteger quotient = BigInteger.DivRem(num, den, out BigInteger remainder);
        int half = (remainder * 2).CompareTo(den);
        return half > 0 || (half == 0 && !quotient.IsEven) ? quotient + 1 : quotient;
    }
}
