using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using DriftCatcher.Core.Agent;
using DriftCatcher.Core.Agent.State;
using Shouldly;

namespace DriftCatcher.Core.Tests.Agent;

/// <summary>
/// Every value the agent keeps must survive its JSON document, or a node that resumes the agent decides on less
/// than the node that saved it. Comparing two documents cannot show a value the document drops (both lack it), so
/// these tests fill every property of the state graph with a distinct value and compare the objects themselves.
/// </summary>
public sealed class StateRoundTripTests
{
    [Fact]
    public void EveryPropertyOfTheStateGraph_SurvivesTheJsonDocument()
    {
        // Each pass takes the next derived type wherever the state holds an abstract one (the detectors' states).
        for (var variant = 0; variant < 8; variant++)
        {
            var filler = new Filler(variant);
            var state = (AgentState)filler.Make(typeof(AgentState), "state");

            var json = JsonSerializer.Serialize(state, AgentJson.Options);
            var back = JsonSerializer.Deserialize<AgentState>(json, AgentJson.Options)!;

            var differences = new List<string>();
            Compare(typeof(AgentState), state, back, "state", differences);
            differences.ShouldBeEmpty($"pass {variant}");
            filler.Leaves.ShouldBeGreaterThan(150); // the graph was really walked
        }
    }

    [Fact]
    public void TheStateGraph_KeepsNoValueOutsideItsPublicProperties()
    {
        // A private field, or a property without a public setter, is state the document never carries.
        var hidden = new List<string>();
        foreach (var type in Filler.StateTypes(typeof(AgentState)))
        {
            hidden.AddRange(type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                .Where(f => !f.Name.EndsWith(">k__BackingField", StringComparison.Ordinal))
                .Select(f => $"{type.Name}.{f.Name} (field)"));
            hidden.AddRange(type.GetProperties(BindingFlags.Instance | BindingFlags.Public)
                .Where(p => p.GetIndexParameters().Length == 0 && p.GetMethod is not null && p.SetMethod?.IsPublic != true
                    && p.DeclaringType!.GetField($"<{p.Name}>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic) is not null)
                .Select(p => $"{type.Name}.{p.Name} (no public setter)"));
        }

        hidden.ShouldBeEmpty();
    }

    [Fact]
    public void AValueTheDocumentDrops_IsFound()
    {
        // The check itself: a graph with a property JSON skips is reported, with its path.
        var differences = new List<string>();
        var a = new Dropping { Kept = 1 };
        a.SetHidden(2);
        var back = JsonSerializer.Deserialize<Dropping>(JsonSerializer.Serialize(a, AgentJson.Options), AgentJson.Options)!;
        Compare(typeof(Dropping), a, back, "x", differences);
        differences.ShouldBe(["x.Hidden: 2 became 0"]);
    }

    private static void Compare(Type type, object? a, object? b, string path, List<string> differences)
    {
        if (a is null || b is null)
        {
            if (a is not null || b is not null)
            {
                differences.Add($"{path}: {a ?? "null"} became {b ?? "null"}");
            }

            return;
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        if (Filler.IsLeaf(type))
        {
            if (!Equals(a, b))
            {
                differences.Add(string.Create(CultureInfo.InvariantCulture, $"{path}: {a} became {b}"));
            }

            return;
        }

        if (a is IDictionary da && b is IDictionary db)
        {
            var valueType = type.GetGenericArguments()[1];
            if (da.Count != db.Count)
            {
                differences.Add($"{path}: {da.Count} entries became {db.Count}");
                return;
            }

            foreach (DictionaryEntry e in da)
            {
                Compare(valueType, e.Value, db.Contains(e.Key) ? db[e.Key] : null, $"{path}[{e.Key}]", differences);
            }

            return;
        }

        if (a is IEnumerable ea && b is IEnumerable eb && type != typeof(string))
        {
            var la = ea.Cast<object?>().ToList();
            var lb = eb.Cast<object?>().ToList();
            if (la.Count != lb.Count)
            {
                differences.Add($"{path}: {la.Count} items became {lb.Count}");
                return;
            }

            var elementType = Filler.ElementType(type);
            for (var i = 0; i < la.Count; i++)
            {
                Compare(elementType, la[i], lb[i], $"{path}[{i}]", differences);
            }

            return;
        }

        foreach (var p in type.GetProperties(BindingFlags.Instance | BindingFlags.Public).Where(p => p.GetIndexParameters().Length == 0))
        {
            Compare(p.PropertyType, p.GetValue(a), p.GetValue(b), $"{path}.{p.Name}", differences);
        }
    }

    /// <summary>Builds an object graph with a distinct non-default value in every property it can set.</summary>
    private sealed class Filler(int variant = 0)
    {
        private int _next = 1;

        public int Leaves { get; private set; }

        public static bool IsLeaf(Type t) =>
            t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTimeOffset) || t == typeof(DateTime) || t == typeof(TimeSpan) || t == typeof(Guid);

        public static List<Type> Derived(Type t) =>
            [.. t.GetCustomAttributes<System.Text.Json.Serialization.JsonDerivedTypeAttribute>(inherit: false).Select(a => a.DerivedType)];

        public static Type ElementType(Type t) =>
            t.IsArray ? t.GetElementType()!
            : t.GetInterfaces().Append(t).First(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)).GetGenericArguments()[0];

        /// <summary>Every class or record reachable from <paramref name="root"/> through properties, collections and dictionaries.</summary>
        public static IEnumerable<Type> StateTypes(Type root)
        {
            var seen = new HashSet<Type>();
            var queue = new Queue<Type>([root]);
            while (queue.TryDequeue(out var t))
            {
                t = Nullable.GetUnderlyingType(t) ?? t;
                if (IsLeaf(t) || !seen.Add(t))
                {
                    continue;
                }

                if (t.IsGenericType && t.GetGenericArguments() is { } args && typeof(IEnumerable).IsAssignableFrom(t))
                {
                    args.ToList().ForEach(queue.Enqueue);
                    continue;
                }

                if (t.IsArray)
                {
                    queue.Enqueue(t.GetElementType()!);
                    continue;
                }

                Derived(t).ForEach(queue.Enqueue);
                yield return t;
                foreach (var p in t.GetProperties(BindingFlags.Instance | BindingFlags.Public))
                {
                    queue.Enqueue(p.PropertyType);
                }
            }
        }

        public object Make(Type t, string path)
        {
            t = Nullable.GetUnderlyingType(t) ?? t;
            if (IsLeaf(t))
            {
                Leaves++;
                return Leaf(t, _next++);
            }

            if (t.IsArray)
            {
                var element = t.GetElementType()!;
                var array = Array.CreateInstance(element, 2);
                array.SetValue(Make(element, path + "[0]"), 0);
                array.SetValue(Make(element, path + "[1]"), 1);
                return array;
            }

            if (t.IsGenericType && typeof(IEnumerable).IsAssignableFrom(t))
            {
                var args = t.GetGenericArguments();
                if (args.Length == 2)
                {
                    var dict = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(args))!;
                    dict[Make(args[0], path + ".key")] = Make(args[1], path + "[0]");
                    dict[Make(args[0], path + ".key")] = Make(args[1], path + "[1]");
                    return dict;
                }

                var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(args))!;
                list.Add(Make(args[0], path + "[0]"));
                list.Add(Make(args[0], path + "[1]"));
                return t.IsAssignableFrom(list.GetType()) ? list : Activator.CreateInstance(t, list)!;
            }

            if (t.IsAbstract && Derived(t) is { Count: > 0 } derived)
            {
                return Make(derived[variant % derived.Count], path);
            }

            if (t.IsAbstract || t.IsInterface)
            {
                throw new InvalidOperationException($"{path}: {t.Name} is abstract; teach the filler a concrete type");
            }

            // Records with a primary constructor: fill its parameters, then every settable property.
            var ctor = t.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            var value = ctor.Invoke([.. ctor.GetParameters().Select(p => Make(p.ParameterType, $"{path}({p.Name})"))]);
            foreach (var p in t.GetProperties(BindingFlags.Instance | BindingFlags.Public))
            {
                if (p.SetMethod?.IsPublic == true && p.GetIndexParameters().Length == 0)
                {
                    p.SetValue(value, Make(p.PropertyType, $"{path}.{p.Name}"));
                }
            }

            return value;
        }

        private static object Leaf(Type t, int n)
        {
            if (t.IsEnum)
            {
                var values = Enum.GetValues(t);
                return values.GetValue((n % (values.Length - 1)) + 1)!; // never the first (default) value
            }

            return t switch
            {
                _ when t == typeof(bool) => true,
                _ when t == typeof(string) => $"s{n}",
                _ when t == typeof(double) => n + 0.25,
                _ when t == typeof(float) => n + 0.25f,
                _ when t == typeof(decimal) => n + 0.25m,
                _ when t == typeof(DateTimeOffset) => AgentHarness.Start.AddMinutes(n),
                _ when t == typeof(DateTime) => AgentHarness.Start.UtcDateTime.AddMinutes(n),
                _ when t == typeof(TimeSpan) => TimeSpan.FromSeconds(n),
                _ when t == typeof(Guid) => new Guid(n, 0, 0, new byte[8]),
                _ => Convert.ChangeType(n, t, CultureInfo.InvariantCulture),
            };
        }
    }

    private sealed class Dropping
    {
        public int Kept { get; set; }

        public int Hidden { get; private set; }

        public void SetHidden(int value) => Hidden = value;
    }
}
