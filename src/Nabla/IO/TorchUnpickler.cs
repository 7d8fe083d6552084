namespace Nabla.IO;

/// <summary>A storage loaded from a checkpoint: every tensor whose persistent id names the same key views it.</summary>
internal sealed record TorchStorage(string Key, TorchStorageType Type, Storage Storage);

/// <summary>
/// The objects a PyTorch state dict pickles, and nothing else: <c>collections.OrderedDict</c>,
/// <c>torch._utils._rebuild_tensor_v2</c>, <c>torch._utils._rebuild_parameter</c>, the
/// <c>torch.*Storage</c> classes, and persistent ids naming storages. Any other global is refused
/// when the stream names it, so a file can never make the loader import or run anything: the
/// allow-list idea of <c>torch.load(weights_only=True)</c>.
/// </summary>
internal sealed class TorchUnpickler(TorchArchive archive) : IPickleObjects
{
    private enum Callable { OrderedDict, RebuildTensorV2, RebuildParameter }

    private const string Allowed = "collections.OrderedDict, torch._utils._rebuild_tensor_v2, torch._utils._rebuild_parameter and the torch.*Storage classes";

    private readonly Dictionary<string, TorchStorage> _storages = [];

    /// <summary>Unpickles the archive's <c>data.pkl</c>, loading the storages it refers to.</summary>
    public static object? Load(TorchArchive archive)
        => new PickleReader(archive.ReadPickle(), $"{archive.Path} (its data.pkl)", new TorchUnpickler(archive)).Load();

    public object FindGlobal(string module, string name)
    {
        switch (module, name)
        {
            case ("collections", "OrderedDict"): return Callable.OrderedDict;
            case ("torch._utils", "_rebuild_tensor_v2"): return Callable.RebuildTensorV2;
            case ("torch._utils", "_rebuild_parameter"): return Callable.RebuildParameter;
        }
        if (module == "torch" && name.EndsWith("Storage", StringComparison.Ordinal))
            return TorchStorageType.Find(name)
                ?? throw Invalid($"it holds a storage of type torch.{name}, whose dtype Nabla does not have (it reads {TorchStorageType.Supported})");
        throw Invalid($"it refers to the Python global {module}.{name}, which TorchCheckpoint refuses. It loads only tensors and the containers of a state dict "
            + $"({Allowed}), the allow-list of torch.load(weights_only=True), and never runs code from a file");
    }

    public object? Call(object? callable, object?[] args) => callable switch
    {
        Callable.OrderedDict when args.Length == 0 => new PickleDict(),
        Callable.RebuildTensorV2 => RebuildTensor(args),
        Callable.RebuildParameter => RebuildParameter(args),
        _ => throw Invalid($"its pickle calls {Name(callable)} with {PickleValues.Describe(args)}, which is not part of a state dict"),
    };

    public object? New(object? cls, object?[] args)
        => cls is Callable.OrderedDict && args.Length == 0 ? new PickleDict()
            : throw Invalid($"its pickle creates an instance of {Name(cls)}, which is not part of a state dict");

    /// <summary>A state dict's OrderedDict carries <c>_metadata</c> (module versions) as an attribute: set by BUILD, not needed here.</summary>
    public void Build(object? target, object? state)
    {
        if (target is not PickleDict) throw Invalid($"its pickle sets the state of {Name(target)}, which is not part of a state dict");
    }

    /// <summary>PyTorch's persistent id of a storage: <c>('storage', torch.FloatStorage, key, location, numel)</c>.</summary>
    public object? PersistentLoad(object? id)
    {
        if (id is not object?[] { Length: 5 } tuple || tuple[0] is not "storage" || tuple[1] is not TorchStorageType type
            || tuple[2] is not string key || tuple[3] is not string || tuple[4] is not long numel)
            throw Invalid($"it has a persistent id that is not a storage's ('storage', type, key, location, numel): {PickleValues.Describe(id)}");
        if (_storages.TryGetValue(key, out var loaded))
            return loaded.Type == type ? loaded
                : throw Invalid($"storage '{key}' is viewed both as {loaded.Type} and {type}, which Nabla cannot share");
        return _storages[key] = new TorchStorage(key, type, archive.ReadStorage(key, type, numel));
    }

    /// <summary><c>_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])</c>: a view of the storage.</summary>
    private Tensor RebuildTensor(object?[] args)
    {
        if (args is not [TorchStorage storage, long offset, object?[] size, object?[] stride, bool requiresGrad, PickleDict, ..] || args.Length > 7)
            throw Invalid($"it calls torch._utils._rebuild_tensor_v2 with {PickleValues.Describe(args)}, not (storage, offset, size, stride, requires_grad, hooks)");
        int[] shape = Dimensions(size, "size"), strides = Dimensions(stride, "stride");
        if (shape.Length != strides.Length) throw Invalid($"a tensor has {shape.Length} sizes but {strides.Length} strides");
        CheckWithin(storage, offset, shape, strides);
        var t = new Tensor(storage.Storage, shape, strides, (int)offset);
        if (requiresGrad && t.DType.IsFloatingPoint()) t.RequiresGrad = true;
        return t;
    }

    /// <summary><c>_rebuild_parameter(data, requires_grad, backward_hooks)</c>: the tensor, as a leaf that requires grad when the file says so.</summary>
    private Tensor RebuildParameter(object?[] args)
    {
        if (args is not [Tensor data, bool requiresGrad, PickleDict])
            throw Invalid($"it calls torch._utils._rebuild_parameter with {PickleValues.Describe(args)}, not (data, requires_grad, hooks)");
        if (data.DType.IsFloatingPoint()) data.RequiresGrad = requiresGrad;
        return data;
    }

    private int[] Dimensions(object?[] values, string what)
    {
        var dims = new int[values.Length];
        for (int i = 0; i < dims.Length; i++)
            dims[i] = values[i] is long n and >= 0 and <= int.MaxValue ? (int)n
                : throw Invalid($"a tensor's {what} has {PickleValues.Describe(values[i])} ({values[i]}) where a size from 0 to {int.MaxValue} belongs");
        return dims;
    }

    /// <summary>Every element the view reaches must lie inside the storage (checked in 128 bits, so no size can overflow).</summary>
    private void CheckWithin(TorchStorage storage, long offset, int[] shape, int[] strides)
    {
        Int128 count = 1, last = offset;
        for (int d = 0; d < shape.Length; d++)
        {
            count *= shape[d];
            if (shape[d] > 0) last += (Int128)(shape[d] - 1) * strides[d];
        }
        if (count > int.MaxValue) throw Invalid($"a tensor of shape [{string.Join(", ", shape)}] has more elements than a Nabla tensor holds");
        if (offset < 0 || offset > storage.Storage.Length || count > 0 && last >= storage.Storage.Length)
            throw Invalid($"a tensor of shape [{string.Join(", ", shape)}], strides [{string.Join(", ", strides)}] and offset {offset} reaches past the {storage.Storage.Length} elements of storage '{storage.Key}'");
    }

    private static string Name(object? value) => value switch
    {
        Callable.OrderedDict => "collections.OrderedDict",
        Callable.RebuildTensorV2 => "torch._utils._rebuild_tensor_v2",
        Callable.RebuildParameter => "torch._utils._rebuild_parameter",
        TorchStorageType type => type.ToString(),
        _ => PickleValues.Describe(value),
    };

    private InvalidDataException Invalid(string why) => new($"{archive.Path}: {why}");
}
