namespace Nabla;

// einsum, composed as PyTorch's aten/src/ATen/native/Linear.cpp composes it, so the graph shows the same
// nodes: diagonals for repeated subscripts, unsqueeze and permute to align every operand to
// [output dims, contracted dims], then pairwise products reduced to bmm, left to right.
public partial class Tensor
{
    private const int Letters = 26;
    private const int Labels = 2 * Letters;   // A-Z are labels 0-25, a-z 26-51 (so an implicit output sorts capitals first)
    private const int Ellipsis = Labels;

    /// <summary>
    /// Einstein summation, like <c>torch.einsum</c>: <c>Tensor.Einsum("bij,bjk->bik", a, b)</c> is a batched matrix
    /// product, <c>"ii"</c> a trace, <c>"ii->i"</c> a diagonal, <c>"i,j->ij"</c> an outer product. Subscripts are
    /// letters; "..." stands for broadcast dims; without "->" the output is the ellipsis dims then the subscripts
    /// that appear once, in alphabetical order (capitals first). Composed of permute, reshape, bmm and sum as
    /// PyTorch composes it, so the graph shows those nodes.
    /// </summary>
    /// <exception cref="ArgumentException">When the equation does not parse or does not fit the operands' shapes.</exception>
    public static Tensor Einsum(string equation, params Tensor[] operands)
    {
        ArgumentNullException.ThrowIfNull(equation);
        ArgumentNullException.ThrowIfNull(operands);
        if (operands.Length == 0) throw new ArgumentException("einsum(): must provide at least one operand", nameof(operands));
        foreach (var t in operands) ArgumentNullException.ThrowIfNull(t, nameof(operands));
        int arrow = equation.IndexOf("->", StringComparison.Ordinal);
        var opLabels = ParseEinsumOperands(arrow < 0 ? equation : equation[..arrow], operands.Length);

        var labelCount = new int[Labels];
        int ellipsisDims = 0;   // the most dims any ellipsis covers
        for (int i = 0; i < operands.Length; i++)
        {
            int named = opLabels[i].Count(l => l != Ellipsis);
            bool hasEllipsis = named < opLabels[i].Count;
            foreach (int l in opLabels[i]) if (l != Ellipsis) labelCount[l]++;
            if (hasEllipsis) ellipsisDims = Math.Max(ellipsisDims, operands[i].Dim - named);
            if (hasEllipsis ? named > operands[i].Dim : named != operands[i].Dim)
                throw new ArgumentException($"einsum(): the number of subscripts in the equation ({named}) " +
                    (hasEllipsis ? $"is more than the number of dimensions ({operands[i].Dim}) for operand {i}"
                        : $"does not match the number of dimensions ({operands[i].Dim}) for operand {i} and no ellipsis was given"), nameof(equation));
        }

        // Where each label (and the ellipsis) goes in the aligned shape: output dims first, then contracted ones.
        var position = Enumerable.Repeat(-1, Labels).ToArray();
        int aligned = 0, ellipsisAt = 0;
        bool ellipsisInOutput;
        if (arrow < 0)
        {
            aligned = ellipsisDims;
            ellipsisInOutput = true;
            for (int l = 0; l < Labels; l++)
                if (labelCount[l] == 1) position[l] = aligned++;
        }
        else (aligned, ellipsisAt, ellipsisInOutput) = ParseEinsumOutput(equation, arrow, labelCount, position, ellipsisDims);
        int outputDims = aligned;
        if (!ellipsisInOutput)
        {
            ellipsisAt = aligned;
            aligned += ellipsisDims;
        }
        for (int l = 0; l < Labels; l++)
            if (labelCount[l] > 0 && position[l] == -1) position[l] = aligned++;

        var dimCounts = new int[aligned];   // per aligned dim: how many operands have it with a size other than 1
        var ops = new List<Tensor>();
        var labelSize = Enumerable.Repeat(1, Labels).ToArray();
        var ellipsisSizes = Enumerable.Repeat(1, ellipsisDims).ToArray();
        for (int i = 0; i < operands.Length; i++)
            ops.Add(AlignEinsumOperand(operands[i], i, opLabels[i], position, aligned, ellipsisAt, ellipsisDims, labelSize, ellipsisSizes, dimCounts));

        while (ops.Count > 1)
        {
            var (a, b) = (ops[0], ops[1]);
            ops.RemoveRange(0, 2);
            var sumDims = new List<int>();
            var aOnly = new List<int>();
            var bOnly = new List<int>();
            for (int d = outputDims; d < aligned; d++)
            {
                if (a.ShapeArray[d] != 1 && b.ShapeArray[d] != 1)
                {
                    if (--dimCounts[d] == 1)   // no operand left after these two has it: contract it now
                    {
                        sumDims.Add(d);
                        dimCounts[d] = 0;
                    }
                }
                else if (dimCounts[d] == 1)   // only one of the two has it, and nobody else: sum it away first
                {
                    if (a.ShapeArray[d] != 1) aOnly.Add(d);
                    else if (b.ShapeArray[d] != 1) bOnly.Add(d);
                    dimCounts[d] = 0;
                }
            }
            if (aOnly.Count > 0) a = a.Sum([.. aOnly], keepDim: true);
            if (bOnly.Count > 0) b = b.Sum([.. bOnly], keepDim: true);
            ops.Insert(0, SumProductPair(a, b, [.. sumDims]));
        }

        if (aligned == outputDims) return ops[0];
        if (operands.Length > 1) return ops[0].View(ops[0].ShapeArray[..outputDims]);   // the contracted dims are all 1 by now
        return ops[0].Sum([.. Enumerable.Range(outputDims, aligned - outputDims)]);
    }

    // The labels of each operand (Ellipsis for "..."), with PyTorch's messages for what does not parse.
    private static List<int>[] ParseEinsumOperands(string lhs, int count)
    {
        var labels = Enumerable.Range(0, count).Select(_ => new List<int>()).ToArray();
        int current = 0;
        bool ellipsisSeen = false;
        for (int i = 0; i < lhs.Length; i++)
        {
            char c = lhs[i];
            switch (c)
            {
                case ' ':
                    break;
                case '.':
                    if (ellipsisSeen) throw new ArgumentException($"einsum(): found '.' for operand {current} for which an ellipsis was already found", "equation");
                    if (!(i + 2 < lhs.Length && lhs[++i] == '.' && lhs[++i] == '.'))
                        throw new ArgumentException($"einsum(): found '.' for operand {current} that is not part of any ellipsis", "equation");
                    labels[current].Add(Ellipsis);
                    ellipsisSeen = true;
                    break;
                case ',':
                    if (++current >= count) throw new ArgumentException("einsum(): fewer operands were provided than specified in the equation", "operands");
                    ellipsisSeen = false;
                    break;
                default:
                    labels[current].Add(EinsumLabel(c, i));
                    break;
            }
        }
        if (current != count - 1) throw new ArgumentException("einsum(): more operands were provided than specified in the equation", "operands");
        return labels;
    }

    // The explicit output after "->": the aligned position of each output label and of the ellipsis.
    private static (int Aligned, int EllipsisAt, bool EllipsisInOutput) ParseEinsumOutput(string equation, int arrow, int[] labelCount, int[] position, int ellipsisDims)
    {
        int aligned = 0, ellipsisAt = 0;
        bool ellipsisInOutput = false;
        for (int i = arrow + 2; i < equation.Length; i++)
        {
            char c = equation[i];
            if (c == ' ') continue;
            if (c == '.')
            {
                if (ellipsisInOutput) throw new ArgumentException("einsum(): found '.' for output but an ellipsis (...) was already found", nameof(equation));
                if (!(i + 2 < equation.Length && equation[++i] == '.' && equation[++i] == '.'))
                    throw new ArgumentException("einsum(): found '.' for output that is not part of any ellipsis (...)", nameof(equation));
                ellipsisAt = aligned;
                aligned += ellipsisDims;
                ellipsisInOutput = true;
                continue;
            }
            int l = EinsumLabel(c, i);
            if (labelCount[l] == 0 || position[l] != -1)
                throw new ArgumentException($"einsum(): output subscript {c}" + (position[l] != -1 ? " appears more than once in the output" : " does not appear in the equation for any input operand"), nameof(equation));
            position[l] = aligned++;
        }
        return (aligned, ellipsisAt, ellipsisInOutput);
    }

    private static int EinsumLabel(char c, int at) =>
        c is >= 'A' and <= 'Z' ? c - 'A'
        : c is >= 'a' and <= 'z' ? c - 'a' + Letters
        : throw new ArgumentException($"einsum(): invalid subscript given at index {at} in the equation string, subscripts must be in [a-zA-Z]", "equation");

    // One operand as [aligned dims]: the diagonal for a repeated label, size-1 dims for missing labels, permuted into place.
    private static Tensor AlignEinsumOperand(Tensor op, int index, List<int> labels, int[] position, int aligned, int ellipsisAt, int ellipsisDims,
        int[] labelSize, int[] ellipsisSizes, int[] dimCounts)
    {
        var permutation = Enumerable.Repeat(-1, aligned).ToArray();
        int dim = 0;
        int covered = op.Dim - (labels.Count - 1);   // dims under this operand's ellipsis, if it has one
        foreach (int l in labels)
        {
            if (l == Ellipsis)
            {
                for (int j = ellipsisDims - covered; j < ellipsisDims; j++)
                {
                    int size = op.ShapeArray[dim];
                    if (size != 1)
                    {
                        if (ellipsisSizes[j] != 1 && ellipsisSizes[j] != size)
                            throw new ArgumentException($"einsum(): dimension {dim} covered by ellipsis in operand {index}has size {size} which does not broadcast with previously seen ellipsis with size {ellipsisSizes[j]} for the respective dimension", "operands");
                        ellipsisSizes[j] = size;
                        dimCounts[ellipsisAt + j]++;
                    }
                    permutation[ellipsisAt + j] = dim++;
                }
            }
            else if (permutation[position[l]] == -1)
            {
                int size = op.ShapeArray[dim];
                if (size != 1)
                {
                    if (labelSize[l] != 1 && labelSize[l] != size)
                        throw new ArgumentException($"einsum(): subscript {LabelChar(l)} has size {size} for operand {index} which does not broadcast with previously seen size {labelSize[l]}", "operands");
                    labelSize[l] = size;
                    dimCounts[position[l]]++;
                }
                permutation[position[l]] = dim++;
            }
            else
            {
                int previous = permutation[position[l]];
                if (op.ShapeArray[dim] != op.ShapeArray[previous])
                    throw new ArgumentException($"einsum(): subscript {LabelChar(l)} is repeated for operand {index} but the sizes don't match, {op.ShapeArray[dim]} != {op.ShapeArray[previous]}", "operands");
                op = op.Diagonal(0, previous, dim).MoveDim(-1, previous);
            }
        }
        for (int p = 0; p < aligned; p++)
            if (permutation[p] == -1)
            {
                op = op.Unsqueeze(dim);
                permutation[p] = dim++;
            }
        return op.Permute(permutation);
    }

    private static char LabelChar(int l) => (char)(l < Letters ? 'A' + l : 'a' + l - Letters);

    // (left·right) summed over sumDims, keeping them as size-1 dims, through one bmm: PyTorch's sumproduct_pair.
    // Dims are sorted into lro (in both and the output), lo (left only), the summed ones, and ro (right only).
    private static Tensor SumProductPair(Tensor left, Tensor right, int[] sumDims)
    {
        if (sumDims.Length == 0) return left * right;
        int rank = left.Dim;
        var summed = new bool[rank];
        foreach (int d in sumDims) summed[d] = true;
        var (lro, lo, ro) = (new List<int>(), new List<int>(), new List<int>());
        int lroSize = 1, loSize = 1, roSize = 1, sumSize = 1;
        for (int i = 0; i < rank; i++)
        {
            bool inLeft = left.ShapeArray[i] != 1, inRight = right.ShapeArray[i] != 1;
            if (summed[i])
            {
                if (inLeft && inRight) sumSize *= CheckedEinsumSize(left, right, i);
                else if (inLeft) left = left.Sum(i, keepDim: true);
                else if (inRight) right = right.Sum(i, keepDim: true);
            }
            else if (inLeft && inRight)
            {
                lroSize *= CheckedEinsumSize(left, right, i);
                lro.Add(i);
            }
            else if (inLeft)
            {
                loSize *= left.ShapeArray[i];
                lo.Add(i);
            }
            else
            {
                roSize *= right.ShapeArray[i];
                ro.Add(i);
            }
        }
        int[] outShape = [.. lro.Select(d => left.ShapeArray[d]), .. lo.Select(d => left.ShapeArray[d]), .. sumDims.Select(_ => 1), .. ro.Select(d => right.ShapeArray[d])];
        int[] leftOrder = [.. lro, .. lo, .. sumDims, .. ro];
        int[] rightOrder = [.. lro, .. sumDims, .. ro, .. lo];
        var outOrder = new int[rank];
        for (int i = 0; i < rank; i++) outOrder[leftOrder[i]] = i;   // the output is in left's order: lro, lo, summed, ro
        var product = left.Permute(leftOrder).Reshape(lroSize, loSize, sumSize).Bmm(right.Permute(rightOrder).Reshape(lroSize, sumSize, roSize));
        return product.View(outShape).Permute(outOrder);
    }

    private static int CheckedEinsumSize(Tensor left, Tensor right, int dim) => left.ShapeArray[dim] == right.ShapeArray[dim]
        ? left.ShapeArray[dim]
        : throw new ArgumentException("einsum(): non-broadcast dimensions must match");
}
