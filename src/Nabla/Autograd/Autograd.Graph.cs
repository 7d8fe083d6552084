using System.Globalization;
using System.Text;

namespace Nabla;

public static partial class Autograd
{
    /// <summary>
    /// The backward graph behind <paramref name="root"/> in Graphviz DOT: one box per node with its
    /// PyTorch name, leaves (AccumulateGrad) with their shape, and an edge from each of a node's
    /// <see cref="Node.NextFunctions"/> to it (the direction data flows in the forward pass).
    /// Render it with <c>dot -Tsvg graph.dot -o graph.svg</c>.
    /// </summary>
    public static string ToDot(Tensor root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var text = new StringBuilder("digraph autograd {\n    node [shape=box, fontname=\"monospace\"];\n");
        var (start, _) = root.GradientEdge();
        if (start is null)
        {
            text.Append(CultureInfo.InvariantCulture, $"    n0 [label=\"tensor\\n{ShapeMath.Format(root.ShapeArray)}\", shape=ellipse];\n");
            return text.Append("}\n").ToString();
        }
        var ids = new Dictionary<Node, int>(ReferenceEqualityComparer.Instance) { [start] = 0 };
        var queue = new Queue<Node>([start]);
        var edges = new StringBuilder();
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            text.Append(CultureInfo.InvariantCulture, $"    n{ids[node]} [{Label(node)}];\n");
            foreach (var (next, _) in node.Edges)
            {
                if (next is null) continue;
                if (!ids.TryGetValue(next, out int id))
                {
                    ids[next] = id = ids.Count;
                    queue.Enqueue(next);
                }
                edges.Append(CultureInfo.InvariantCulture, $"    n{id} -> n{ids[node]};\n");
            }
        }
        return text.Append(edges).Append("}\n").ToString();
    }

    private static string Label(Node node) => node is AccumulateGrad leaf
        ? $"label=\"AccumulateGrad\\n{ShapeMath.Format(leaf.Variable.ShapeArray)}\", style=filled, fillcolor=lightblue"
        : $"label=\"{node.Name}\"";
}
