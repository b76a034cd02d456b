using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Community.Cluster.Entities;
using Community.Contracts.Circles;

namespace Community.Cluster.Circles;

/// <summary>One persistent actor per interest circle.</summary>
public sealed class CircleEntity(string entityId, EntitySettings settings)
    : EventSourcedEntity<CircleState>(Kind, entityId, settings)
{
    public const string Kind = "circle";

    public static Props Props(string entityId, EntitySettings settings) =>
        Akka.Actor.Props.Create(() => new CircleEntity(entityId, settings));

    public static string? EntityIdOf(object message) => (message as IWithCircleId)?.CircleId.Value;
}

/// <summary>Registry key of the circle shard region.</summary>
public sealed class CircleRegion;

public static class CircleEntityHosting
{
    public static AkkaConfigurationBuilder AddCircleEntity(this AkkaConfigurationBuilder builder, EntitySettings settings,
        ShardOptions shardOptions, int numberOfShards) =>
        builder.WithShardRegion<CircleRegion>(CircleEntity.Kind, id => CircleEntity.Props(id, settings),
            new EntityMessageExtractor(numberOfShards, CircleEntity.EntityIdOf), shardOptions);
}
