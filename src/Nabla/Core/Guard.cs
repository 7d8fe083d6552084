using System.Runtime.CompilerServices;

namespace Nabla;

/// <summary>
/// Argument checks that public entry points share: a null element of a list is reported as the
/// list's fault, under the list's parameter name, before any work starts.
/// </summary>
internal static class Guard
{
    /// <summary>Throws <see cref="ArgumentNullException"/> naming <paramref name="name"/> when the span or one of its elements is null.</summary>
    public static void NoNullElements<T>(ReadOnlySpan<T?> items, [CallerArgumentExpression(nameof(items))] string? name = null) where T : class
    {
        for (int i = 0; i < items.Length; i++)
            if (items[i] is null) throw new ArgumentNullException(name, $"{name}[{i}] is null");
    }

    /// <summary>Throws <see cref="ArgumentNullException"/> naming <paramref name="name"/> when the array or one of its elements is null.</summary>
    public static void NoNullElements<T>(T?[]? items, [CallerArgumentExpression(nameof(items))] string? name = null) where T : class
    {
        ArgumentNullException.ThrowIfNull(items, name);
        NoNullElements(new ReadOnlySpan<T?>(items), name);
    }

    /// <summary>The items as an array (enumerated once), after checking that neither the sequence nor any element is null.</summary>
    public static T[] NoNullElements<T>(IEnumerable<T?>? items, [CallerArgumentExpression(nameof(items))] string? name = null) where T : class
    {
        ArgumentNullException.ThrowIfNull(items, name);
        var array = items.ToArray();
        NoNullElements(array, name);
        return array!;
    }
}
