using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Nabla.Kernels;

/// <summary>
/// One vector width for a kernel written once over <typeparamref name="TV"/>: the JIT specialises the kernel
/// for each struct implementing this and inlines every member, so the generic code costs nothing.
/// <see cref="Lanes512{T}"/> where AVX-512 runs (<see cref="Vector{T}"/> is 256 bits there unless the
/// application raises it, which halves a compute-bound kernel on machines that run 512-bit FMAs at full
/// width), <see cref="LanesN{T}"/> elsewhere.
/// </summary>
internal interface ILanes<TV, T> where TV : struct where T : unmanaged, INumber<T>
{
    static abstract int Count { get; }
    static abstract TV Load(ref T first, nint index);
    static abstract void Store(TV value, ref T first, nint index);
    static abstract TV Broadcast(T value);
    static abstract TV Fma(TV x, TV y, TV acc);
    static abstract TV Add(TV x, TV y);
    static abstract T Sum(TV x);
}

/// <summary>Vector512 lanes.</summary>
internal readonly struct Lanes512<T> : ILanes<Vector512<T>, T> where T : unmanaged, INumber<T>
{
    public static int Count => Vector512<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T first, nint index) => Vector512.LoadUnsafe(ref first, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T first, nint index) => value.StoreUnsafe(ref first, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Fma(Vector512<T> x, Vector512<T> y, Vector512<T> acc) => Gemm.Fma(x, y, acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> x, Vector512<T> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector512<T> x) => Vector512.Sum(x);
}

/// <summary><see cref="Vector{T}"/> lanes, whatever width the hardware and the runtime give them.</summary>
internal readonly struct LanesN<T> : ILanes<Vector<T>, T> where T : unmanaged, INumber<T>
{
    public static int Count => Vector<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Load(ref T first, nint index) => Vector.LoadUnsafe(ref first, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector<T> value, ref T first, nint index) => value.StoreUnsafe(ref first, (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Broadcast(T value) => new(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Fma(Vector<T> x, Vector<T> y, Vector<T> acc) => Gemm.Fma(x, y, acc);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Add(Vector<T> x, Vector<T> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector<T> x) => Vector.Sum(x);
}
