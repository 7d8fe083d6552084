using System.Runtime.InteropServices;
using TorchSharp;
using TT = TorchSharp.torch.Tensor;

namespace Nabla.Bench;

/// <summary>
/// The name of the autograd node behind a libtorch tensor, read from libtorch itself. TorchSharp 0.107 has no
/// <c>grad_fn</c>, but libtorch exports <c>at::TensorBase::grad_fn() const</c>, and a TorchSharp tensor's
/// handle is an <c>at::Tensor*</c>. The node's class is the name Python's <c>grad_fn.name()</c> returns for
/// generated nodes (<c>torch::autograd::generated::AddBackward0</c>), so we read it from the object's C++
/// run-time type information: under the Itanium C++ ABI (Linux, macOS) an object with virtual functions
/// starts with its vtable pointer, the vtable's entry -1 is the <c>std::type_info</c>, whose second word is
/// the mangled class name. Where any of that is unavailable (another ABI, a libtorch without the export),
/// <see cref="Available"/> is false and the check reports node names as unchecked.
/// </summary>
internal static unsafe class LibtorchNodes
{
    // const std::shared_ptr<torch::autograd::Node>& at::TensorBase::grad_fn() const
    private const string GradFnSymbol = "_ZNK2at10TensorBase7grad_fnEv";

    private static readonly delegate* unmanaged<IntPtr, IntPtr> s_gradFn = Resolve(out s_why);
    private static readonly string s_why;

    /// <summary>Whether node names can be read (and were found right on a known graph: x * x → MulBackward0).</summary>
    public static bool Available { get; } = s_gradFn != null && SelfTest();

    /// <summary>Why node names cannot be read, when they cannot.</summary>
    public static string Why => Available ? "" : s_why.Length > 0 ? s_why : "the self-test (x * x → MulBackward0) failed";

    /// <summary>The class name of the node that produced <paramref name="t"/> (e.g. "AddBackward0"), or null for none.</summary>
    public static string? Name(TT t)
    {
        if (s_gradFn == null) return null;
        IntPtr sharedPtr = s_gradFn(t.Handle);             // the shared_ptr's first word is the Node*
        IntPtr node = *(IntPtr*)sharedPtr;
        if (node == IntPtr.Zero) return null;
        IntPtr vtable = *(IntPtr*)node;
        IntPtr typeInfo = ((IntPtr*)vtable)[-1];
        IntPtr mangled = ((IntPtr*)typeInfo)[1];
        return LastComponent(Marshal.PtrToStringAnsi(mangled) ?? "");
    }

    /// <summary>
    /// The innermost name of a mangled type name: "N5torch8autograd9generated12AddBackward0E" → "AddBackward0"
    /// (a nested name is N, then length-prefixed components, then E; a leading '*' marks local linkage).
    /// </summary>
    internal static string LastComponent(string mangled)
    {
        int i = mangled.StartsWith('*') ? 1 : 0;
        if (i < mangled.Length && mangled[i] == 'N') i++;
        string last = mangled;
        while (i < mangled.Length && char.IsAsciiDigit(mangled[i]))
        {
            int start = i;
            while (i < mangled.Length && char.IsAsciiDigit(mangled[i])) i++;
            int length = int.Parse(mangled.AsSpan(start, i - start));
            if (i + length > mangled.Length) break;
            last = mangled.Substring(i, length);
            i += length;
        }
        return last;
    }

    private static delegate* unmanaged<IntPtr, IntPtr> Resolve(out string why)
    {
        why = "";
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            why = "reading libtorch's node classes needs the Itanium C++ ABI (Linux or macOS)";
            return null;
        }
        using (torch.zeros(1)) { }   // makes TorchSharp load libtorch, so that we find the same copy
        foreach (var path in LoadedLibtorch())
        {
            if (NativeLibrary.TryLoad(path, out var lib) && NativeLibrary.TryGetExport(lib, GradFnSymbol, out var f))
                return (delegate* unmanaged<IntPtr, IntPtr>)f;
        }
        why = $"libtorch_cpu does not export {GradFnSymbol}";
        return null;
    }

    /// <summary>The libtorch_cpu this process mapped (from /proc/self/maps), else the name for the loader to find.</summary>
    private static IEnumerable<string> LoadedLibtorch()
    {
        if (File.Exists("/proc/self/maps"))
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                int slash = line.IndexOf('/');
                if (slash >= 0 && Path.GetFileName(line[slash..]).StartsWith("libtorch_cpu.", StringComparison.Ordinal))
                {
                    yield return line[slash..];
                    yield break;
                }
            }
        }
        yield return OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so";
    }

    private static bool SelfTest()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones(2, requires_grad: true);
        string? leaf = Name(x), product = Name(x * x);
        return leaf is null && product == "MulBackward0";
    }
}
