namespace Nabla.Distributed;

/// <summary>How a collective combines the ranks' values element by element, like <c>torch.distributed.ReduceOp</c>.</summary>
public enum ReduceOp
{
    /// <summary>The sum over ranks (<c>ReduceOp.SUM</c>).</summary>
    Sum,

    /// <summary>The sum divided by the world size (<c>ReduceOp.AVG</c>); floating-point tensors only.</summary>
    Avg,

    /// <summary>The product over ranks (<c>ReduceOp.PRODUCT</c>).</summary>
    Product,

    /// <summary>The smallest value over ranks (<c>ReduceOp.MIN</c>).</summary>
    Min,

    /// <summary>The largest value over ranks (<c>ReduceOp.MAX</c>).</summary>
    Max,
}
