using System.Collections.Concurrent;
using System.Reflection;
using Akka.Persistence.Journal;
using Community.Contracts.Common;

namespace Community.Cluster.Persistence;

/// <summary>Tags every event with its area's <see cref="JournalTagAttribute"/> (declared on the area's event
/// interface), so projections can read one area's events in journal order.</summary>
public sealed class AreaTagger : IWriteEventAdapter
{
    private static readonly ConcurrentDictionary<Type, string?> Tags = new();

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => TagOf(evt.GetType()) is { } tag ? new Tagged(evt, [tag]) : evt;

    /// <summary>The journal tag of an event type (or of an area's event interface), null when it has none.</summary>
    public static string? TagOf(Type type) => Tags.GetOrAdd(type, Find);

    /// <summary>The journal tag of an area's event interface.</summary>
    public static string TagOf<TAreaEvent>() where TAreaEvent : ICommunityEvent =>
        TagOf(typeof(TAreaEvent)) ?? throw new InvalidOperationException($"{typeof(TAreaEvent).Name} has no [JournalTag].");

    private static string? Find(Type type)
    {
        var tags = (type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces())
            .Select(i => i.GetCustomAttribute<JournalTagAttribute>()?.Tag)
            .OfType<string>()
            .Distinct()
            .ToList();
        return tags.Count switch
        {
            0 => null,
            1 => tags[0],
            _ => throw new InvalidOperationException($"{type.Name} is an event of several areas ({string.Join(", ", tags)}); give it one."),
        };
    }
}
