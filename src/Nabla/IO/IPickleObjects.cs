namespace Nabla.IO;

/// <summary>
/// Everything in a pickle stream that is not plain data: the globals it names, the calls and
/// builds it asks for, and its persistent ids. <see cref="PickleReader"/> handles the plain data
/// itself and hands these to an implementation that decides what is allowed; Python's
/// <c>Unpickler.find_class</c> and <c>persistent_load</c> play this part, except that nothing
/// here imports or runs code: an implementation returns markers and builds known objects.
/// </summary>
internal interface IPickleObjects
{
    /// <summary>The value a <c>GLOBAL</c> or <c>STACK_GLOBAL</c> pushes; throws for a global that is not allowed.</summary>
    object FindGlobal(string module, string name);

    /// <summary><c>REDUCE</c>: the result of calling <paramref name="callable"/> (a value of <see cref="FindGlobal"/>) with <paramref name="args"/>.</summary>
    object? Call(object? callable, object?[] args);

    /// <summary><c>NEWOBJ</c>: <c>cls.__new__(cls, *args)</c>.</summary>
    object? New(object? cls, object?[] args);

    /// <summary><c>BUILD</c>: sets the state of <paramref name="target"/> (its <c>__setstate__</c> or <c>__dict__</c>).</summary>
    void Build(object? target, object? state);

    /// <summary><c>BINPERSID</c>: the object a persistent id stands for (PyTorch's storages).</summary>
    object? PersistentLoad(object? id);
}
