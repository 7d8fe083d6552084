namespace Nabla;

// Joining tensors (static, as torch.* functions): the stacks are cat after giving every input enough
// dims (CatBackward0, as in PyTorch), and meshgrid is a view and an expand per input.
public partial class Tensor
{
    /// <summary>
    /// Concatenates horizontally, like <c>torch.hstack</c>: along dim 1, or dim 0 when the tensors are 1-d
    /// (0-d tensors count as 1-d).
    /// </summary>
    /// <exception cref="ArgumentException">For no tensors, or shapes that do not fit.</exception>
    public static Tensor HStack(ReadOnlySpan<Tensor> tensors)
    {
        var parts = AtLeast(tensors, 1, "hstack");
        return Cat(parts, parts[0].Dim == 1 ? 0 : 1);
    }

    /// <summary>Concatenates vertically (along dim 0), 1-d tensors becoming rows, like <c>torch.vstack</c>.</summary>
    /// <exception cref="ArgumentException">For no tensors, or shapes that do not fit.</exception>
    public static Tensor VStack(ReadOnlySpan<Tensor> tensors) => Cat(AtLeast(tensors, 2, "vstack"), 0);

    /// <summary>Concatenates in depth (along dim 2), lower-dimensional tensors reshaped to 3-d first, like <c>torch.dstack</c>.</summary>
    /// <exception cref="ArgumentException">For no tensors, or shapes that do not fit.</exception>
    public static Tensor DStack(ReadOnlySpan<Tensor> tensors) => Cat(AtLeast(tensors, 3, "dstack"), 2);

    /// <summary>Concatenates as columns (along dim 1), 0-d and 1-d tensors becoming one column each, like <c>torch.column_stack</c>.</summary>
    /// <exception cref="ArgumentException">For no tensors, or shapes that do not fit.</exception>
    public static Tensor ColumnStack(ReadOnlySpan<Tensor> tensors)
    {
        CheckNonEmpty(tensors, "column_stack");
        var columns = new Tensor[tensors.Length];
        for (int i = 0; i < columns.Length; i++)
            columns[i] = tensors[i].Dim <= 1 ? tensors[i].Reshape(tensors[i].Count, 1) : tensors[i];
        return Cat(columns, 1);
    }

    /// <summary>
    /// Coordinate grids from 1-d (or 0-d) tensors, like <c>torch.meshgrid(x, y, indexing="ij")</c>: grid i holds
    /// tensor i's values along dim i ("ij") or, with "xy", the first two dims swapped (Cartesian indexing: for
    /// x of length 3 and y of length 2 both grids are [2, 3]). Each grid is an expanded view (<c>ExpandBackward0</c>).
    /// </summary>
    /// <exception cref="ArgumentException">For no tensors, a tensor of more than one dim, mixed dtypes, or another indexing.</exception>
    public static Tensor[] Meshgrid(ReadOnlySpan<Tensor> tensors, string indexing = "ij")
    {
        Guard.NoNullElements(tensors);
        if (indexing is not ("ij" or "xy"))
            throw new ArgumentException($"torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but received: {indexing}", nameof(indexing));
        if (tensors.Length == 0) throw new ArgumentException("meshgrid expects a non-empty TensorList", nameof(tensors));
        foreach (var t in tensors)
        {
            if (t.Dim > 1) throw new ArgumentException($"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: shape {ShapeMath.Format(t.ShapeArray)}", nameof(tensors));
            if (t.DType != tensors[0].DType) throw new ArgumentException($"meshgrid expects all tensors to have the same dtype, got {tensors[0].DType.Name()} and {t.DType.Name()}", nameof(tensors));
        }
        // "xy" is "ij" with the first two inputs swapped (so the first grid varies along dim 1), and their grids swapped back.
        var inputs = tensors.ToArray();
        bool swap = indexing == "xy" && inputs.Length >= 2;
        if (swap) (inputs[0], inputs[1]) = (inputs[1], inputs[0]);
        var shape = inputs.Select(t => t.Count).ToArray();
        var grids = new Tensor[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            var viewShape = Enumerable.Repeat(1, inputs.Length).ToArray();
            viewShape[i] = -1;
            grids[i] = inputs[i].View(viewShape).Expand(shape);
        }
        if (swap) (grids[0], grids[1]) = (grids[1], grids[0]);
        return grids;
    }

    // torch.atleast_1d/2d/3d on each tensor: 0-d → [1] / [1, 1] / [1, 1, 1], 1-d [n] → [1, n] / [1, n, 1], 2-d → [.., .., 1].
    private static Tensor[] AtLeast(ReadOnlySpan<Tensor> tensors, int rank, string op)
    {
        CheckNonEmpty(tensors, op);
        var result = new Tensor[tensors.Length];
        for (int i = 0; i < result.Length; i++)
        {
            var t = tensors[i];
            result[i] = t.Dim >= rank ? t : (t.Dim, rank) switch
            {
                (0, _) => t.Reshape(Enumerable.Repeat(1, rank).ToArray()),
                (1, 2) => t.Unsqueeze(0),
                (1, 3) => t.Unsqueeze(0).Unsqueeze(-1),
                _ => t.Unsqueeze(-1),   // 2-d to 3-d
            };
        }
        return result;
    }

    private static void CheckNonEmpty(ReadOnlySpan<Tensor> tensors, string op)
    {
        Guard.NoNullElements(tensors);
        if (tensors.Length == 0) throw new ArgumentException($"{op} expects a non-empty TensorList");
    }
}
