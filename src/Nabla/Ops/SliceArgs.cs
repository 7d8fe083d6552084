namespace Nabla;

/// <summary>A slice's arguments, normalised: <c>start:end:step</c> along <c>Dim</c>, with 0 ≤ start ≤ end ≤ size and a positive step.</summary>
internal readonly record struct SliceArgs(int Dim, int Start, int End, int Step);
