namespace Nabla;

public partial class Tensor
{
    /// <summary>Forward-mode tangents, one per dual level (see <see cref="Autograd.ForwardAD"/>).</summary>
    internal List<(DualLevelScope Level, Tensor Tangent)>? Tangents { get; set; }

    internal void SetTangent(DualLevelScope level, Tensor tangent)
    {
        Tangents ??= [];
        Tangents.RemoveAll(e => e.Level == level || !e.Level.IsOpen);
        Tangents.Add((level, tangent));
    }

    internal void RemoveTangent(DualLevelScope level) => Tangents?.RemoveAll(e => e.Level == level);
}
