namespace Nabla;

/// <summary>The geometry of an as_strided view: shape, strides and offset relative to the start of a contiguous tensor.</summary>
internal sealed record StridedGeometry(int[] Shape, int[] Strides, int Offset);
