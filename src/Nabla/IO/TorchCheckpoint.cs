using Nabla.IO;

namespace Nabla;

/// <summary>
/// Reads and writes PyTorch checkpoints of state dicts (<c>.pt</c>, <c>.pth</c>): what
/// <c>torch.save(model.state_dict(), path)</c> writes and <c>torch.load(path, weights_only=True)</c>
/// reads, in the zip format PyTorch has written by default since 1.6.
/// </summary>
/// <remarks>
/// <para>
/// Loading never runs code from the file. The pickle inside a checkpoint may name any Python
/// function; this reader knows only what a state dict uses (<c>collections.OrderedDict</c>,
/// <c>torch._utils._rebuild_tensor_v2</c>, <c>torch._utils._rebuild_parameter</c> and the
/// <c>torch.*Storage</c> classes) and refuses any other name with an
/// <see cref="InvalidDataException"/> naming it, the allow-list idea of <c>weights_only=True</c>.
/// </para>
/// <para>
/// Dtypes: float32, float64, int64, int32 and bool load as themselves. Nabla has no 16-bit or
/// 8-bit dtypes, so float16 and bfloat16 load as float32, and int16, int8 and uint8 as int32
/// (the same widening as <see cref="IO.Safetensors"/>), which keeps every value exactly; a model
/// whose parameters are float32 then loads them as it would from a float32 checkpoint.
/// </para>
/// <para>
/// Tensors that share a storage in the file (views such as <c>w.t()</c> or tied weights) load
/// as views sharing one Nabla storage, with the file's offsets and strides, as in PyTorch.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var model = new Sequential(new Linear(4, 8), new Relu(), new Linear(8, 3));
/// model.LoadStateDict(TorchCheckpoint.Load("mlp.pt"));          // torch.save(model.state_dict(), "mlp.pt")
/// TorchCheckpoint.Save("back.pt", model.StateDict());            // torch.load("back.pt", weights_only=True)
/// </code>
/// </example>
public static class TorchCheckpoint
{
    /// <summary>
    /// Reads the state dict saved in <paramref name="path"/> by <c>torch.save(state_dict, path)</c>,
    /// in the file's key order, like <c>torch.load(path, weights_only=True)</c>.
    /// </summary>
    /// <exception cref="InvalidDataException">
    /// When the file is truncated or corrupt, is in the legacy (pre-1.6) format, names a Python
    /// global outside the allow-list, or holds something other than a dict of tensors (the message
    /// says what it holds, and which key to pass to <see cref="Load(string, string)"/> when the
    /// state dict sits one level down, as in <c>{"model": ..., "optimizer": ...}</c>).
    /// </exception>
    public static OrderedDictionary<string, Tensor> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = OpenRead(path);
        return LoadFrom(file, path);
    }

    /// <summary><see cref="Load(string)"/> from a seekable stream, named <paramref name="name"/> in messages (the tests' fast path).</summary>
    internal static OrderedDictionary<string, Tensor> LoadFrom(Stream stream, string name) => TorchStateDict.From(Unpickle(stream, name), name);

    /// <summary>
    /// Reads the state dict stored under <paramref name="key"/> of a checkpoint whose top level is
    /// a dict, like <c>torch.load(path, weights_only=True)[key]</c>: the usual training checkpoint
    /// <c>{"model": model.state_dict(), "optimizer": ..., "epoch": ...}</c>. The other entries must
    /// still hold only allowed objects (numbers, strings, containers, tensors).
    /// </summary>
    /// <exception cref="ArgumentException">When the file has no entry <paramref name="key"/> (the message lists its entries).</exception>
    /// <exception cref="InvalidDataException">As <see cref="Load(string)"/>, and when the entry is not a dict of tensors.</exception>
    public static OrderedDictionary<string, Tensor> Load(string path, string key)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(key);
        using var file = OpenRead(path);
        return TorchStateDict.FromEntry(Unpickle(file, path), path, key);
    }

    /// <summary>
    /// Writes <paramref name="stateDict"/> to <paramref name="path"/> as <c>torch.save(state_dict, path)</c>
    /// does (PyTorch 1.6 and later read it, with or without <c>weights_only=True</c>). Tensors are
    /// saved detached, as <c>state_dict()</c> returns them; tensors sharing a storage stay views of
    /// one storage, which is written whole.
    /// </summary>
    /// <exception cref="ArgumentException">For a name that appears twice.</exception>
    public static void Save(string path, IEnumerable<KeyValuePair<string, Tensor>> stateDict)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(stateDict);
        var tensors = new List<(string, Tensor)>();
        var names = new HashSet<string>();
        foreach (var (name, tensor) in stateDict)
        {
            ArgumentNullException.ThrowIfNull(name, nameof(stateDict));
            ArgumentNullException.ThrowIfNull(tensor, nameof(stateDict));
            if (!names.Add(name)) throw new ArgumentException($"the name '{name}' appears twice", nameof(stateDict));
            tensors.Add((name, tensor));
        }
        TorchCheckpointWriter.Write(path, tensors);
    }

    private static FileStream OpenRead(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);

    private static object? Unpickle(Stream stream, string name)
    {
        using var archive = TorchArchive.Open(stream, name);
        return TorchUnpickler.Load(archive);
    }
}
