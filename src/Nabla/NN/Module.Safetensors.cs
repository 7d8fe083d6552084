using Nabla.IO;

namespace Nabla.NN;

// Saving and loading the state dict in the safetensors format, as safetensors.torch.save_model and
// load_model do (and as Hugging Face checkpoints are stored).
public abstract partial class Module
{
    /// <summary>
    /// Writes <see cref="StateDict"/> (parameters and buffers by dotted name) to <paramref name="path"/>
    /// in the safetensors format, with the metadata <c>{"format": "pt"}</c> that Hugging Face loaders expect.
    /// </summary>
    /// <example><c>model.Save("model.safetensors");   // in Python: safetensors.torch.load_file("model.safetensors")</c></example>
    public void Save(string path) => Safetensors.Save(path, StateDict(), new Dictionary<string, string> { ["format"] = "pt" });

    /// <summary>
    /// Loads parameters and buffers from a safetensors file, like <c>safetensors.torch.load_model</c>.
    /// Names, shapes and dtypes must match (with <paramref name="strict"/> false, missing and unexpected
    /// names are allowed); every mismatch is reported at once and nothing is changed then.
    /// </summary>
    /// <exception cref="InvalidDataException">When the file is corrupt or does not match the model (the message lists each mismatch).</exception>
    public void Load(string path, bool strict = true)
    {
        var tensors = Safetensors.Load(path);
        try
        {
            LoadStateDict(tensors, strict);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path} does not fit this model. {e.Message}", e);
        }
    }
}
