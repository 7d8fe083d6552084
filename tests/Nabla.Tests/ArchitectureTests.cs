using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Nabla.Tests;

/// <summary>
/// The layers of <c>src/Nabla</c> (docs/design.md, "Layers"), checked on the source: every use of a
/// member or type is bound with Roslyn, and a use is refused when the member is declared in a folder
/// the using folder must not depend on. Folders, not namespaces, are the layers: the partial class
/// <c>Tensor</c> spans several of them, and each of its members belongs where it is declared.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly string Source = Path.Combine(DocsTests.Root, "src", "Nabla");

    /// <summary>Each folder and the folders it must not use, with the reason.</summary>
    public static readonly (string Folder, string[] MustNotUse, string Why)[] Rules =
    [
        ("Core", ["Tensor", "Kernels", "Engine", "Ops", "Autograd", "Printing", "NN", "Optim", "Data", "IO"],
            "the core is dtypes, storage, shapes and generators: no Tensor"),
        ("Tensor", ["Ops", "Autograd", "Printing", "NN", "Optim", "Data", "IO"],
            "the Tensor class holds data and its autograd state (a Node, hooks); it calls no op"),
        ("Kernels", ["Engine", "Ops", "Autograd", "NN", "Optim", "Data", "IO"],
            "kernels compute on buffers: no autograd types, no ops"),
        ("Engine", ["Kernels", "Ops", "Autograd", "NN", "Optim", "Data", "IO"],
            "the engine knows only Node; the arithmetic between nodes comes through IGradientArithmetic"),
        ("Ops", ["Autograd", "NN", "Optim", "Data", "IO"],
            "ops sit below the autograd API and nn"),
        ("Autograd", ["Kernels", "NN", "Optim", "Data", "IO"],
            "the autograd API (Grad, Function, checks, functional, forward mode) sits above the ops and uses them"),
        ("Printing", ["Kernels", "Ops", "Autograd", "NN", "Optim", "Data", "IO"], "printing reads values and the grad_fn name through the Tensor class"),
        ("NN", ["Kernels", "Engine"], "layers and F call ops, never kernels or the engine"),
        ("Optim", ["Kernels", "Engine"], "optimisers call ops, never kernels or the engine"),
        ("Data", ["Kernels", "Engine"], "data loading uses tensors and ops"),
        ("IO", ["Kernels", "Engine"], "file formats use tensors and ops"),
    ];

    private static readonly Lazy<(CSharpCompilation Compilation, IReadOnlyList<SyntaxTree> Trees)> Sources = new(Compile);

    public static TheoryData<string> Folders => [.. Rules.Select(r => r.Folder)];

    [Fact]
    public void TheSourcesBindWithoutErrors()
    {
        var errors = Sources.Value.Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        Assert.True(errors.Count == 0, "the architecture check binds src/Nabla itself; it must compile: " + string.Join("; ", errors));
    }

    [Fact]
    public void EveryFolderHasARule()
    {
        var folders = Directory.GetDirectories(Source).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).Order();
        Assert.Equal(folders, Rules.Select(r => r.Folder).Order());
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void FolderUsesOnlyWhatItMay(string folder)
    {
        var (_, forbidden, why) = Rules.Single(r => r.Folder == folder);
        var violations = Uses(folder).Where(u => forbidden.Contains(u.DeclaredIn)).Select(u => $"{u.Where}: {u.Symbol} (declared in {u.DeclaredIn}/)").Distinct().Take(20).ToList();
        Assert.True(violations.Count == 0, $"{folder}/ must not use {string.Join(", ", forbidden)}: {why}.\n" + string.Join("\n", violations));
    }

    [Fact]
    public void TheCheckSeesAUseAcrossLayers()
    {
        // The check itself: Ops uses the engine (GradMode), and Engine declares Node, which Ops uses.
        Assert.Contains(Uses("Ops"), u => u.DeclaredIn == "Engine");
        Assert.Contains(Uses("NN"), u => u.DeclaredIn == "Ops");
    }

    private sealed record Use(string Where, string Symbol, string DeclaredIn);

    private static IEnumerable<Use> Uses(string folder)
    {
        var (compilation, trees) = Sources.Value;
        foreach (var tree in trees.Where(t => FolderOf(t.FilePath) == folder))
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                if (!IsUse(node) || model.GetSymbolInfo(node).Symbol is not { } symbol) continue;
                if (DeclaringFolder(symbol) is { } declaredIn && declaredIn != folder)
                {
                    int line = tree.GetLineSpan(node.Span).StartLinePosition.Line + 1;
                    yield return new Use($"{Path.GetRelativePath(Source, tree.FilePath)}:{line}", symbol.ToDisplayString(), declaredIn);
                }
            }
        }
    }

    // Names, operators, indexers, constructors and conversions: every syntax that can bind a member.
    private static bool IsUse(SyntaxNode node) => node is SimpleNameSyntax or BinaryExpressionSyntax or PrefixUnaryExpressionSyntax
        or PostfixUnaryExpressionSyntax or AssignmentExpressionSyntax or ElementAccessExpressionSyntax or BaseObjectCreationExpressionSyntax
        or CastExpressionSyntax;

    // A member belongs to the folder of its declaration; a type only when all of its parts are in one
    // folder (naming the partial class Tensor uses no layer, its members do).
    private static string? DeclaringFolder(ISymbol symbol)
    {
        symbol = symbol.OriginalDefinition;
        if (symbol is IMethodSymbol { MethodKind: MethodKind.ReducedExtension } reduced) symbol = reduced.ReducedFrom ?? symbol;
        var folders = symbol.Locations.Where(l => l.IsInSource).Select(l => FolderOf(l.SourceTree!.FilePath)).Distinct().ToList();
        return folders.Count == 1 ? folders[0] : null;
    }

    private static string? FolderOf(string path)
    {
        var relative = Path.GetRelativePath(Source, path);
        int slash = relative.IndexOf(Path.DirectorySeparatorChar);
        return slash > 0 && !relative.StartsWith("..", StringComparison.Ordinal) ? relative[..slash] : null;
    }

    private static (CSharpCompilation, IReadOnlyList<SyntaxTree>) Compile()
    {
        var options = new CSharpParseOptions(LanguageVersion.Preview, DocumentationMode.None);
        var files = Directory.EnumerateFiles(Source, "*.cs", SearchOption.AllDirectories)
            .Where(f => FolderOf(f) is { } top && top is not ("bin" or "obj"));
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), options, f)).ToList();
        // The SDK's implicit usings for a class library (ImplicitUsings in Directory.Build.props).
        trees.Add(CSharpSyntaxTree.ParseText(
            "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; " +
            "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;", options,
            Path.Combine(Source, "obj", "ImplicitUsings.g.cs")));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(System.Numerics.Tensors.TensorPrimitives).Assembly.Location)
            .Distinct().Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("NablaArchitecture", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
        return (compilation, trees);
    }
}
