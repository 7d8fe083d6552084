using Nabla;
using Nabla.IO;

namespace Nabla.Distributed.Worker;

/// <summary>What one rank computed: tensors by name and messages (error texts, counts), written to one safetensors file per rank.</summary>
public sealed class Results
{
    private readonly Dictionary<string, Tensor> _tensors = [];
    private readonly Dictionary<string, string> _messages = [];

    /// <summary>Records a tensor (read when the results are saved, so a pending collective may still fill it).</summary>
    public void Add(string name, Tensor tensor) => _tensors.Add(name, tensor);

    /// <summary>Records a text.</summary>
    public void Message(string name, string text) => _messages.Add(name, text);

    /// <summary>The file rank <paramref name="rank"/> writes into <paramref name="folder"/>.</summary>
    public static string PathFor(string folder, int rank) => Path.Combine(folder, $"rank{rank}.safetensors");

    /// <summary>Writes the tensors (dense copies) with the messages as the file's metadata.</summary>
    public void Save(string path)
        => Safetensors.Save(path, _tensors.Select(kv => KeyValuePair.Create(kv.Key, kv.Value.Contiguous())), _messages);
}
