using System.Collections.Frozen;
using System.Reflection;
using System.Runtime.Serialization;
using Community.Contracts.Common;

namespace Community.Cluster.Serialization;

/// <summary>
/// The stable name of every serialized type, declared on the type itself with <see cref="ManifestAttribute"/>: an area
/// adds messages without editing a central list. The contracts and this assembly are read at first use; an area that
/// keeps messages in another assembly adds it with <see cref="Include"/> before its node starts.
/// </summary>
public static class Manifests
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<Assembly> Assemblies = [typeof(ICommunityMessage).Assembly, typeof(Manifests).Assembly];
    private static Catalog? _catalog;

    public static IReadOnlyDictionary<string, Type> All => Current.TypesByManifest;

    public static string Of(Type type) =>
        Current.ManifestsByType.TryGetValue(type, out var manifest)
            ? manifest
            : throw new SerializationException($"{type.FullName} has no manifest; give it a [Manifest(\"...\")] attribute.");

    public static Type TypeOf(string manifest) =>
        Current.TypesByManifest.TryGetValue(manifest, out var type)
            ? type
            : throw new SerializationException($"Unknown manifest '{manifest}'.");

    /// <summary>Adds the messages of another assembly (an area outside Contracts and Cluster).</summary>
    public static void Include(Assembly assembly)
    {
        lock (Gate)
        {
            if (Assemblies.Add(assembly)) _catalog = null;
        }
    }

    private static Catalog Current
    {
        get
        {
            if (Volatile.Read(ref _catalog) is { } catalog) return catalog;
            lock (Gate) return _catalog ??= Catalog.Of(Assemblies);
        }
    }

    private sealed record Catalog(FrozenDictionary<string, Type> TypesByManifest, FrozenDictionary<Type, string> ManifestsByType)
    {
        public static Catalog Of(IEnumerable<Assembly> assemblies)
        {
            var types = new Dictionary<string, Type>();
            foreach (var type in assemblies.SelectMany(a => a.GetTypes()))
            {
                if (type.GetCustomAttribute<ManifestAttribute>() is not { } attribute) continue;
                if (!types.TryAdd(attribute.Name, type))
                    throw new InvalidOperationException(
                        $"Manifest '{attribute.Name}' names both {types[attribute.Name].FullName} and {type.FullName}.");
            }
            return new(types.ToFrozenDictionary(), types.ToFrozenDictionary(p => p.Value, p => p.Key));
        }
    }
}
