using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Nabla.Tests;

/// <summary>
/// Calls public members of an assembly with null in each parameter that is declared non-nullable
/// (nullable reference annotations), valid samples everywhere else, and records what each call
/// does. The contract (issue 15, item 7): an <see cref="ArgumentNullException"/> whose
/// <c>ParamName</c> is the parameter's name, before anything else is looked at. The file is linked
/// into the test projects of the packages (Nabla.Onnx, Nabla.Distributed), each sweeping its own assembly.
/// </summary>
internal sealed class NullArgumentSweep
{
    /// <summary>
    /// Sweeps <paramref name="assembly"/> and fails unless at least <paramref name="minimumTrials"/> trials ran (so that the
    /// sweep still reaches the API) and every one named its null argument; <paramref name="log"/> gets the count and what
    /// could not be sampled (a member with such a parameter is skipped).
    /// </summary>
    public static void AssertEveryMemberNamesItsNullArgument(Assembly assembly, int minimumTrials, Action<string> log, Func<MemberInfo, bool>? exclude = null)
    {
        var sweep = new NullArgumentSweep();
        sweep.Sweep(assembly, exclude);
        log($"{sweep.Trials} trials; no sample for: {string.Join(", ", sweep.Unsampled.Order())}");
        Assert.True(sweep.Trials >= minimumTrials, $"only {sweep.Trials} trials ran: the sweep no longer reaches the API");
        Assert.True(sweep.Failures.Count == 0, $"{sweep.Failures.Count} of {sweep.Trials} trials failed:\n" + string.Join("\n", sweep.Failures));
    }

    private static readonly NullabilityInfoContext s_nullability = new();
    private readonly List<string> _failures = [];
    private readonly HashSet<string> _unsampled = [];

    /// <summary>The members whose null checks failed, one line each: member, parameter, what happened.</summary>
    public IReadOnlyList<string> Failures => _failures;

    /// <summary>The parameter types the sweep could not make a sample of (their members are skipped).</summary>
    public IReadOnlyCollection<string> Unsampled => _unsampled;

    /// <summary>How many (member, parameter) trials ran.</summary>
    public int Trials { get; private set; }

    /// <summary>Sweeps every public constructor and method (operators and property setters included) of the assembly's exported types.</summary>
    public void Sweep(Assembly assembly, Func<MemberInfo, bool>? exclude = null)
    {
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (type.IsEnum || type.IsInterface || typeof(Delegate).IsAssignableFrom(type) || type.ContainsGenericParameters) continue;
            if (!type.IsAbstract)
                foreach (var ctor in type.GetConstructors())
                    if (exclude?.Invoke(ctor) != true) Try(ctor);
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                if (method.IsAbstract || exclude?.Invoke(method) == true) continue;
                var closed = Close(method);
                if (closed is not null) Try(closed);
            }
        }
    }

    private static MethodInfo? Close(MethodInfo method)
    {
        if (!method.IsGenericMethodDefinition) return method;
        try { return method.MakeGenericMethod([.. method.GetGenericArguments().Select(_ => typeof(double))]); }
        catch (ArgumentException) { return null; }
    }

    private void Try(MethodBase member)
    {
        var parameters = member.GetParameters();
        for (int i = 0; i < parameters.Length; i++)
        {
            if (MustNotBeNull(member, parameters[i])) Trial(member, parameters, i, null, "");
            // A list whose elements must not be null (Cat's tensors, an optimiser's parameters) gets one null element too.
            if (ElementMustNotBeNull(parameters[i]) is { } element)
                Trial(member, parameters, i, Array.CreateInstance(element, 1), " (a null element)");
        }
    }

    private void Trial(MethodBase member, ParameterInfo[] parameters, int i, object? value, string what)
    {
        object?[] args;
        object? target = null;
        try
        {
            args = [.. parameters.Select((p, j) => j == i ? value : Sample(p.ParameterType, p))];
            if (!member.IsStatic && member is MethodInfo) target = Sample(member.DeclaringType!, null);
        }
        catch (NoSampleException e)
        {
            _unsampled.Add(e.Message);
            return;
        }
        Trials++;
        string name = $"{Describe(member)}: {parameters[i].Name}{what}";
        var outcome = Invoke(member, target, args);
        if (outcome is ArgumentNullException ane && ane.ParamName == parameters[i].Name) return;
        // Another argument judged invalid first (a sample of the wrong dtype or rank for this member) is not a null bug.
        if (outcome is ArgumentException { ParamName: { } blamed } and not ArgumentNullException && blamed != parameters[i].Name) return;
        _failures.Add(outcome switch
        {
            null => $"{name}: null accepted",
            ArgumentNullException other => $"{name}: ArgumentNullException names '{other.ParamName}'",
            _ => $"{name}: {outcome.GetType().Name}: {Shorten(outcome.Message)}",
        });
    }

    // The element type of an array or read-only list parameter whose elements are declared non-nullable references.
    private static Type? ElementMustNotBeNull(ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type.IsByRef) return null;
        var info = s_nullability.Create(parameter);
        (Type? element, NullabilityState? state) = type.IsArray && type.GetArrayRank() == 1 ? (type.GetElementType()!, info.ElementType?.WriteState)
            : type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IEnumerable<>) || d == typeof(IReadOnlyList<>) || d == typeof(IList<>))
                ? (type.GetGenericArguments()[0], info.GenericTypeArguments[0].WriteState)
                : ((Type?)null, (NullabilityState?)null);
        return element is { IsValueType: false } && state == NullabilityState.NotNull ? element : null;
    }

    private static Exception? Invoke(MethodBase member, object? target, object?[] args)
    {
        // A member that hangs on null must fail the sweep, not the test run.
        var call = Task.Run(() =>
        {
            try
            {
                var result = member is ConstructorInfo ctor ? ctor.Invoke(args) : member.Invoke(target, args);
                if (result is IEnumerable sequence and not Tensor and not string)   // lazy sequences check when enumerated
                    foreach (var _ in sequence) break;
                return null;
            }
            catch (TargetInvocationException e) { return e.InnerException; }
            catch (Exception e) { return e; }
        });
        return call.Wait(TimeSpan.FromSeconds(10)) ? call.Result : new TimeoutException("no answer in 10 s");
    }

    private static bool MustNotBeNull(MethodBase member, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (type.IsByRef || type.IsPointer || type.IsValueType) return false;
        if (member is MethodInfo { IsSpecialName: true } m && m.Name.StartsWith("set_", StringComparison.Ordinal))
        {
            var property = m.DeclaringType!.GetProperty(m.Name[4..], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static);
            return property is not null && s_nullability.Create(property).WriteState == NullabilityState.NotNull;
        }
        return s_nullability.Create(parameter).WriteState == NullabilityState.NotNull;
    }

    private static string Describe(MethodBase member)
        => $"{member.DeclaringType!.Name}.{(member is ConstructorInfo ? "ctor" : member.Name)}({string.Join(", ", member.GetParameters().Select(p => p.ParameterType.Name))})";

    private static string Shorten(string message) => message.Length <= 120 ? message : message[..120] + "…";

    private sealed class NoSampleException(string type) : Exception(type);

    /// <summary>A valid value of a parameter's type: small float64 tensors, a Linear module, one-element arrays, and so on.</summary>
    private object? Sample(Type type, ParameterInfo? parameter, int depth = 0)
    {
        if (depth > 3) throw new NoSampleException(type.Name);
        if (parameter is { HasDefaultValue: true } && parameter.DefaultValue is not null && !type.IsByRef) return parameter.DefaultValue;
        if (Nullable.GetUnderlyingType(type) is not null) return null;
        if (type.IsByRef || type.IsPointer || type.IsByRefLike) throw new NoSampleException(type.Name);
        if (type == typeof(Tensor)) return Tensor.Rand([2, 2], DType.Float64);
        if (type == typeof(NN.Parameter)) return new NN.Parameter(Tensor.Rand([2, 2], DType.Float64));
        if (type == typeof(string)) return Path.Combine(Path.GetTempPath(), "nabla-null-sweep");
        if (type == typeof(int) || type == typeof(long) || type == typeof(short)) return Convert.ChangeType(1, type);
        if (type == typeof(double) || type == typeof(float)) return Convert.ChangeType(0.5, type);
        if (type == typeof(bool)) return false;
        if (type == typeof(object)) return new object();
        if (type.IsEnum) return Enum.GetValues(type).GetValue(0);
        if (type == typeof(Stream)) return new MemoryStream();
        if (type == typeof(Generator)) return new Generator(1);
        if (type == typeof(NN.Module)) return new NN.Linear(2, 2);
        if (type == typeof(Optim.Optimizer)) return new Optim.Sgd(new NN.Linear(2, 2).Parameters(), lr: 0.1);
        if (type.IsArray) return OneElementArray(type.GetElementType()!, depth);
        if (type.IsGenericType && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IList<>)
                || definition == typeof(IReadOnlyCollection<>) || definition == typeof(ICollection<>)))
            return OneElementArray(type.GetGenericArguments()[0], depth);
        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) || type.GetGenericTypeDefinition() == typeof(IDictionary<,>)))
        {
            var kv = type.GetGenericArguments();
            var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(kv))!;
            dictionary.Add(Sample(kv[0], null, depth + 1)!, Sample(kv[1], null, depth + 1));
            return dictionary;
        }
        if (typeof(Delegate).IsAssignableFrom(type)) return Lambda(type, depth);
        if (type.IsValueType)
        {
            if (type.IsGenericType && type.FullName!.StartsWith("System.ValueTuple", StringComparison.Ordinal))
                return Activator.CreateInstance(type, [.. type.GetGenericArguments().Select(t => Sample(t, null, depth + 1))]);
            return Activator.CreateInstance(type);
        }
        if (type.IsAbstract || type.IsInterface)
        {
            var concrete = type.Assembly.GetExportedTypes().Concat(typeof(Tensor).Assembly.GetExportedTypes())
                .Where(t => !t.IsAbstract && !t.ContainsGenericParameters && type.IsAssignableFrom(t))
                .OrderBy(t => t.GetConstructors().Select(c => c.GetParameters().Length).DefaultIfEmpty(99).Min()).FirstOrDefault();
            return concrete is null ? throw new NoSampleException(type.Name) : Sample(concrete, null, depth + 1);
        }
        foreach (var ctor in type.GetConstructors().OrderBy(c => c.GetParameters().Length))
        {
            try { return ctor.Invoke([.. ctor.GetParameters().Select(p => Sample(p.ParameterType, p, depth + 1))]); }
            catch (Exception e) when (e is TargetInvocationException or NoSampleException) { }
        }
        throw new NoSampleException(type.Name);
    }

    private Array OneElementArray(Type element, int depth)
    {
        var array = Array.CreateInstance(element, 1);
        array.SetValue(Sample(element, null, depth + 1), 0);
        return array;
    }

    // A delegate that ignores its arguments and returns a sample of its return type.
    private Delegate Lambda(Type delegateType, int depth)
    {
        var invoke = delegateType.GetMethod("Invoke")!;
        var parameters = invoke.GetParameters().Select(p => Expression.Parameter(p.ParameterType, p.Name)).ToArray();
        Expression body = invoke.ReturnType == typeof(void)
            ? Expression.Empty()
            : Expression.Constant(Sample(invoke.ReturnType, null, depth + 1), invoke.ReturnType);
        return Expression.Lambda(delegateType, body, parameters).Compile();
    }
}
