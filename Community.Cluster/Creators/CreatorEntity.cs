using Akka.Actor;
using Community.Cluster.Entities;
using Community.Contracts.Creators;

namespace Community.Cluster.Creators;

/// <summary>One persistent actor per creator account ("Chaominghao").</summary>
public sealed class CreatorEntity(string entityId, EntitySettings settings)
    : EventSourcedEntity<CreatorState>(Kind, entityId, settings)
{
    public const string Kind = "creator";

    public static Props Props(string entityId, EntitySettings settings) =>
        Akka.Actor.Props.Create(() => new CreatorEntity(entityId, settings));

    public static string? EntityIdOf(object message) => (message as IWithCreatorId)?.CreatorId.Value;
}

/// <summary>Registry key of the creator shard region.</summary>
public sealed class CreatorRegion;
