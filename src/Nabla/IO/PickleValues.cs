namespace Nabla.IO;

/// <summary>
/// A Python dict (or <c>collections.OrderedDict</c>) as a pickle stream builds it: insertion
/// order kept, a key set again keeps its place and takes the new value, as in Python.
/// </summary>
/// <remarks>Tuples, which Python hashes by value, are compared by reference here: no state dict uses them as keys.</remarks>
internal sealed class PickleDict
{
    // OrderedDictionary refuses null keys; Python allows None, which stands in as this object.
    private static readonly object s_noneKey = new();

    private readonly OrderedDictionary<object, object?> _items = new();

    public int Count => _items.Count;

    public void Set(object? key, object? value) => _items[key ?? s_noneKey] = value;

    public IEnumerable<KeyValuePair<object?, object?>> Items
        => _items.Select(kv => new KeyValuePair<object?, object?>(ReferenceEquals(kv.Key, s_noneKey) ? null : kv.Key, kv.Value));

    public bool TryGetValue(object key, out object? value) => _items.TryGetValue(key, out value);
}

/// <summary>Names the Python type of an unpickled value for error messages (<c>an int</c>, <c>a dict of 3 entries</c>).</summary>
internal static class PickleValues
{
    public static string Describe(object? value) => value switch
    {
        null => "None",
        bool => "a bool",
        long => "an int",
        double => "a float",
        string => "a str",
        byte[] b => $"a bytes object of {b.Length} bytes",
        List<object?> list => $"a list of {Count(list.Count, "item")}",
        object?[] tuple => $"a tuple of {Count(tuple.Length, "item")}",
        PickleDict dict => $"a dict of {Count(dict.Count, "entry", "entries")}",
        Tensor t => $"a tensor of shape {t.Shape}",
        _ => $"a {value.GetType().Name}",
    };

    public static string Count(int n, string singular, string? plural = null) => $"{n} {(n == 1 ? singular : plural ?? singular + "s")}";

    /// <summary>A key as Python prints it in a message: strings quoted, other keys by their description.</summary>
    public static string Key(object? key) => key is string s ? $"'{s}'" : key is long n ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : Describe(key);
}
