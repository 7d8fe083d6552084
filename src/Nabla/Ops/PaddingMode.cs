namespace Nabla.NN;   // in Ops/ because the padding op takes it; public as Nabla.NN.PaddingMode

/// <summary>How <see cref="F.Pad"/> fills the new border, like PyTorch's <c>mode=</c> argument of <c>F.pad</c>.</summary>
public enum PaddingMode
{
    /// <summary>A constant value (PyTorch's <c>'constant'</c>, the default).</summary>
    Constant,

    /// <summary>The input mirrored at its edge, the edge itself not repeated: [a, b, c] padded by 2 on the left starts c, b, a (<c>'reflect'</c>).</summary>
    Reflect,

    /// <summary>The edge value repeated (<c>'replicate'</c>).</summary>
    Replicate,

    /// <summary>The input wrapped around: the left border comes from the right end (<c>'circular'</c>).</summary>
    Circular,
}
