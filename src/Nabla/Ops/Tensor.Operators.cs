using System.Runtime.CompilerServices;

namespace Nabla;

// C# operators. Binary operators build new tensors; compound assignments (+= ...) update in place, as in PyTorch.
// == and != are deliberately not overloaded: they stay reference equality; use Eq / Ne.
public partial class Tensor
{
    /// <summary>Elementwise sum with broadcasting.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => NotNull(a).Add(NotNull(b));
    /// <summary>Adds a number.</summary>
    public static Tensor operator +(Tensor a, double b) => NotNull(a).Add(b);
    /// <summary>Adds a number.</summary>
    public static Tensor operator +(double a, Tensor b) => NotNull(b).Add(a);
    /// <summary>Adds an integer (an integer tensor stays integer).</summary>
    public static Tensor operator +(Tensor a, long b) => NotNull(a).Add(b);
    /// <summary>Adds an integer.</summary>
    public static Tensor operator +(long a, Tensor b) => NotNull(b).Add(a);

    /// <summary>Elementwise difference with broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => NotNull(a).Sub(NotNull(b));
    /// <summary>Subtracts a number.</summary>
    public static Tensor operator -(Tensor a, double b) => NotNull(a).Sub(b);
    /// <summary>A number minus a tensor (<c>RsubBackward1</c>).</summary>
    public static Tensor operator -(double a, Tensor b) => NotNull(b).Rsub(b.WrapScalar(a));
    /// <summary>Subtracts an integer.</summary>
    public static Tensor operator -(Tensor a, long b) => NotNull(a).Sub(b);
    /// <summary>An integer minus a tensor.</summary>
    public static Tensor operator -(long a, Tensor b) => NotNull(b).Rsub(b.WrapScalar(a));

    /// <summary>Elementwise product with broadcasting.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => NotNull(a).Mul(NotNull(b));
    /// <summary>Multiplies by a number.</summary>
    public static Tensor operator *(Tensor a, double b) => NotNull(a).Mul(b);
    /// <summary>Multiplies by a number.</summary>
    public static Tensor operator *(double a, Tensor b) => NotNull(b).Mul(a);
    /// <summary>Multiplies by an integer.</summary>
    public static Tensor operator *(Tensor a, long b) => NotNull(a).Mul(b);
    /// <summary>Multiplies by an integer.</summary>
    public static Tensor operator *(long a, Tensor b) => NotNull(b).Mul(a);

    /// <summary>Elementwise true division with broadcasting.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => NotNull(a).Div(NotNull(b));
    /// <summary>Divides by a number.</summary>
    public static Tensor operator /(Tensor a, double b) => NotNull(a).Div(b);
    /// <summary>A number divided by a tensor (PyTorch: reciprocal times the number).</summary>
    public static Tensor operator /(double a, Tensor b) => NotNull(b).Reciprocal() * a;

    /// <summary>Elementwise remainder with the divisor's sign, as Python's and PyTorch's <c>%</c> (<see cref="Remainder(Tensor)"/>, not C#'s truncated remainder: -7 % 3 is 2).</summary>
    public static Tensor operator %(Tensor a, Tensor b) => NotNull(a).Remainder(NotNull(b));
    /// <summary>The remainder by a number, with its sign.</summary>
    public static Tensor operator %(Tensor a, double b) => NotNull(a).Remainder(b);
    /// <summary>The remainder by an integer, with its sign (an integer tensor stays integer).</summary>
    public static Tensor operator %(Tensor a, long b) => NotNull(a).Remainder(b);

    /// <summary>Elementwise negation.</summary>
    public static Tensor operator -(Tensor a) => NotNull(a).Neg();

    /// <summary>Elementwise and: logical for bool tensors, bitwise for integer ones (<see cref="BitwiseAnd(Tensor)"/>).</summary>
    public static Tensor operator &(Tensor a, Tensor b) => NotNull(a).BitwiseAnd(NotNull(b));
    /// <summary>Bitwise and with an integer.</summary>
    public static Tensor operator &(Tensor a, long b) => NotNull(a).BitwiseAnd(b);
    /// <summary>Bitwise and with an integer.</summary>
    public static Tensor operator &(long a, Tensor b) => NotNull(b).BitwiseAnd(a);

    /// <summary>Elementwise or: logical for bool tensors, bitwise for integer ones (<see cref="BitwiseOr(Tensor)"/>).</summary>
    public static Tensor operator |(Tensor a, Tensor b) => NotNull(a).BitwiseOr(NotNull(b));
    /// <summary>Bitwise or with an integer.</summary>
    public static Tensor operator |(Tensor a, long b) => NotNull(a).BitwiseOr(b);
    /// <summary>Bitwise or with an integer.</summary>
    public static Tensor operator |(long a, Tensor b) => NotNull(b).BitwiseOr(a);

    /// <summary>Elementwise exclusive or: logical for bool tensors, bitwise for integer ones (<see cref="BitwiseXor(Tensor)"/>).</summary>
    public static Tensor operator ^(Tensor a, Tensor b) => NotNull(a).BitwiseXor(NotNull(b));
    /// <summary>Bitwise exclusive or with an integer.</summary>
    public static Tensor operator ^(Tensor a, long b) => NotNull(a).BitwiseXor(b);
    /// <summary>Bitwise exclusive or with an integer.</summary>
    public static Tensor operator ^(long a, Tensor b) => NotNull(b).BitwiseXor(a);

    /// <summary>Elementwise not: logical for a bool tensor (inverting a mask), bitwise for an integer one (<see cref="BitwiseNot"/>).</summary>
    public static Tensor operator ~(Tensor a) => NotNull(a).BitwiseNot();

    /// <summary>In-place add, like <c>x += y</c> in PyTorch.</summary>
    public void operator +=(Tensor other) => AddInPlace(NotNull(other));
    /// <summary>In-place add of a number.</summary>
    public void operator +=(double other) => AddInPlace(other);
    /// <summary>In-place add of an integer.</summary>
    public void operator +=(long other) => AddInPlace(WrapScalar(other));
    /// <summary>In-place subtract.</summary>
    public void operator -=(Tensor other) => SubInPlace(NotNull(other));
    /// <summary>In-place subtract of a number.</summary>
    public void operator -=(double other) => SubInPlace(other);
    /// <summary>In-place subtract of an integer.</summary>
    public void operator -=(long other) => SubInPlace(WrapScalar(other));
    /// <summary>In-place multiply.</summary>
    public void operator *=(Tensor other) => MulInPlace(NotNull(other));
    /// <summary>In-place multiply by a number.</summary>
    public void operator *=(double other) => MulInPlace(other);
    /// <summary>In-place multiply by an integer.</summary>
    public void operator *=(long other) => MulInPlace(WrapScalar(other));
    /// <summary>In-place divide.</summary>
    public void operator /=(Tensor other) => DivInPlace(NotNull(other));
    /// <summary>In-place divide by a number.</summary>
    public void operator /=(double other) => DivInPlace(other);
    /// <summary>In-place and, like <c>mask &amp;= other</c> in PyTorch.</summary>
    public void operator &=(Tensor other) => BitwiseAndInPlace(NotNull(other));
    /// <summary>In-place or, like <c>mask |= other</c>.</summary>
    public void operator |=(Tensor other) => BitwiseOrInPlace(NotNull(other));
    /// <summary>In-place exclusive or, like <c>mask ^= other</c>.</summary>
    public void operator ^=(Tensor other) => BitwiseXorInPlace(NotNull(other));

    // An operand of an operator checked by its own name (a, b, other), before the method it calls checks it under another.
    private static Tensor NotNull(Tensor? operand, [CallerArgumentExpression(nameof(operand))] string? name = null)
        => operand ?? throw new ArgumentNullException(name);
}
