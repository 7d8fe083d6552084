namespace Nabla.NN;

/// <summary>Modules applied one after another, like <c>torch.nn.Sequential</c>; children are named 0, 1, 2...</summary>
public sealed class Sequential : Module
{
    private readonly Module[] _modules;

    /// <summary>A chain of <paramref name="modules"/>.</summary>
    public Sequential(params Module[] modules)
    {
        Guard.NoNullElements(modules);
        _modules = modules;
        for (int i = 0; i < modules.Length; i++) RegisterModule(i.ToString(System.Globalization.CultureInfo.InvariantCulture), modules[i]);
    }

    /// <summary>The i-th module.</summary>
    public Module this[int index] => _modules[index];

    /// <summary>The number of modules.</summary>
    public int Count => _modules.Length;

    /// <summary>Feeds <paramref name="input"/> through the modules in order; each runs through <see cref="Module.Call"/>, so their forward hooks run.</summary>
    public override Tensor Forward(Tensor input)
    {
        foreach (var m in _modules) input = m.Call(input);
        return input;
    }
}
