using System.Reflection;
using System.Reflection.Emit;

namespace ActorPipeline.Tests.Architecture;

/// <summary>
/// Which namespace uses which, read from the compiled assemblies: every type's base types, interfaces, attributes, the
/// signatures of its members and the types, methods and fields its method bodies name (IL tokens). Lambdas, iterators and
/// async methods compile to nested types, so they count for the namespace of the type that declares them. What the IL
/// does not keep is not seen: constants (inlined), <c>nameof</c>, doc comments: a dependency through those alone is
/// not a dependency of the running code.
/// </summary>
internal sealed class NamespaceGraph
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly OpCode[] OneByteOpCodes = new OpCode[256];
    private static readonly OpCode[] TwoByteOpCodes = new OpCode[256];

    static NamespaceGraph()
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var code = (OpCode)field.GetValue(null)!;
            ushort value = unchecked((ushort)code.Value);
            if (code.Size == 1) OneByteOpCodes[value] = code;
            else TwoByteOpCodes[value & 0xff] = code;
        }
    }

    private readonly string _prefix;
    /// <summary>(from, to) → one use that makes the edge, e.g. "WorkOrder → RepetitionStep", to name it in a failure.</summary>
    private readonly Dictionary<(string From, string To), string> _edges = new();

    /// <param name="prefix">Only namespaces starting with this count (the project's own).</param>
    public NamespaceGraph(IEnumerable<Assembly> assemblies, string prefix)
    {
        _prefix = prefix;
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()))
        {
            if (NamespaceOf(type) is not { } from) continue;
            Namespaces.Add(from);
            foreach (var used in UsedBy(type).SelectMany(Expand))
                if (NamespaceOf(used) is { } to && to != from)
                    _edges.TryAdd((from, to), $"{Outermost(type).Name} → {Outermost(used).Name}");
        }
    }

    public HashSet<string> Namespaces { get; } = new();

    public IEnumerable<string> Targets(string from) => _edges.Keys.Where(e => e.From == from).Select(e => e.To);

    public string Why(string from, string to) => _edges[(from, to)];

    /// <summary>Every group of namespaces that reach each other (Tarjan's strongly connected components of more than one).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var cycles = new List<IReadOnlyList<string>>();
        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in Targets(node))
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next)) low[node] = Math.Min(low[node], index[next]);
            }
            if (low[node] != index[node]) return;
            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            } while (member != node);
            if (component.Count > 1) cycles.Add(component.Order().ToList());
        }
        foreach (var node in Namespaces.Order()) if (!index.ContainsKey(node)) Visit(node);
        return cycles;
    }

    /// <summary>
    /// A group of <see cref="Cycles"/>: its members, then every dependency inside it with the use that makes it
    /// ("A ⇒ B (X → Y)"), so the failure says which uses to move.
    /// </summary>
    public string Describe(IReadOnlyList<string> cycle)
    {
        var members = cycle.ToHashSet();
        var inside = cycle.SelectMany(from => Targets(from).Where(members.Contains).Order().Select(to => $"  {Short(from)} ⇒ {Short(to)} ({Why(from, to)})"));
        return $"{string.Join(" ⇄ ", cycle.Select(Short))}:{Environment.NewLine}{string.Join(Environment.NewLine, inside)}";
    }

    /// <summary>One closed path through a group of <see cref="Cycles"/>, each step with the use that makes it: A ⇒ B (X → Y) → B ⇒ A (Z → W).</summary>
    public string ClosedPath(IReadOnlyList<string> cycle)
    {
        var members = cycle.ToHashSet();
        string start = cycle[0];
        // Breadth-first from the start back to itself, inside the group.
        var previous = new Dictionary<string, string>();
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var next in Targets(node).Where(members.Contains).Order())
            {
                if (next == start)
                {
                    var path = new List<string> { node };
                    while (previous.TryGetValue(path[^1], out var before)) path.Add(before);
                    path.Reverse();
                    path.Add(start);
                    return string.Join(" → ", path.Zip(path.Skip(1), (from, to) => $"{Short(from)} ⇒ {Short(to)} ({Why(from, to)})"));
                }
                if (next != start && previous.TryAdd(next, node)) queue.Enqueue(next);
            }
        }
        return string.Join(", ", cycle);
    }

    private string Short(string ns) => ns.StartsWith(_prefix, StringComparison.Ordinal) ? ns[_prefix.Length..] : ns;

    private string? NamespaceOf(Type type)
    {
        var ns = Outermost(type).Namespace;
        return ns is not null && ns.StartsWith(_prefix, StringComparison.Ordinal) ? ns : null;
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer && !type.IsGenericParameter) type = outer;
        return type;
    }

    /// <summary>A type with the types it is made of: generic arguments, array and pointer elements.</summary>
    private static IEnumerable<Type> Expand(Type? type)
    {
        if (type is null || type.IsGenericParameter) yield break;
        if (type.HasElementType)
        {
            foreach (var inner in Expand(type.GetElementType())) yield return inner;
            yield break;
        }
        yield return type;
        if (type.IsConstructedGenericType)
            foreach (var argument in type.GetGenericArguments())
                foreach (var inner in Expand(argument)) yield return inner;
    }

    private static IEnumerable<Type?> UsedBy(Type type)
    {
        yield return type.BaseType;
        foreach (var i in type.GetInterfaces()) yield return i;
        foreach (var t in Attributes(type.CustomAttributes)) yield return t;
        if (type.IsGenericTypeDefinition)
            foreach (var parameter in type.GetGenericArguments())
                foreach (var constraint in parameter.GetGenericParameterConstraints()) yield return constraint;
        foreach (var field in type.GetFields(Declared))
        {
            yield return field.FieldType;
            foreach (var t in Attributes(field.CustomAttributes)) yield return t;
        }
        foreach (var property in type.GetProperties(Declared))
        {
            yield return property.PropertyType;
            foreach (var t in Attributes(property.CustomAttributes)) yield return t;
        }
        foreach (var e in type.GetEvents(Declared)) yield return e.EventHandlerType;
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if (method is MethodInfo info) yield return info.ReturnType;
            foreach (var t in Attributes(method.CustomAttributes)) yield return t;
            foreach (var parameter in method.GetParameters())
            {
                yield return parameter.ParameterType;
                foreach (var t in Attributes(parameter.CustomAttributes)) yield return t;
            }
            foreach (var t in Body(type, method)) yield return t;
        }
    }

    private static IEnumerable<Type?> Attributes(IEnumerable<CustomAttributeData> attributes)
    {
        foreach (var attribute in attributes)
        {
            yield return attribute.AttributeType;
            foreach (var argument in attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(n => n.TypedValue)))
                if (argument.Value is Type t) yield return t;
        }
    }

    /// <summary>The locals of a method body and every type, method or field its instructions name.</summary>
    private static IEnumerable<Type?> Body(Type type, MethodBase method)
    {
        MethodBody? body;
        try { body = method.GetMethodBody(); }
        catch (Exception) { yield break; }
        if (body is null) yield break;
        foreach (var local in body.LocalVariables) yield return local.LocalType;
        foreach (var t in body.ExceptionHandlingClauses.Where(c => c.Flags == ExceptionHandlingClauseOptions.Clause).Select(c => c.CatchType)) yield return t;
        var il = body.GetILAsByteArray() ?? [];
        var typeArguments = type.IsGenericType ? type.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int at = 0; at < il.Length;)
        {
            var code = il[at] == 0xfe ? TwoByteOpCodes[il[at + 1]] : OneByteOpCodes[il[at]];
            at += code.Size;
            switch (code.OperandType)
            {
                case OperandType.InlineType or OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineTok:
                    foreach (var t in Member(method.Module, BitConverter.ToInt32(il, at), typeArguments, methodArguments)) yield return t;
                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + 4 * BitConverter.ToInt32(il, at);
                    break;
                default:
                    at += OperandSize(code.OperandType);
                    break;
            }
        }
    }

    private static IEnumerable<Type?> Member(Module module, int token, Type[]? typeArguments, Type[]? methodArguments)
    {
        MemberInfo? member;
        try { member = module.ResolveMember(token, typeArguments, methodArguments); }
        catch (Exception) { yield break; }
        switch (member)
        {
            case Type t:
                yield return t;
                break;
            case FieldInfo field:
                yield return field.DeclaringType;
                yield return field.FieldType;
                break;
            case MethodBase called:
                yield return called.DeclaringType;
                if (called is MethodInfo { IsGenericMethod: true } generic)
                    foreach (var argument in generic.GetGenericArguments()) yield return argument;
                break;
        }
    }

    private static int OperandSize(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };
}
