using Akka.Cluster.Sharding;

namespace Community.Cluster.Entities;

/// <summary>Routes messages that carry an entity id to their shard; the shard count is fixed per cluster.</summary>
public sealed class EntityMessageExtractor(int numberOfShards, Func<object, string?> entityIdOf) : HashCodeMessageExtractor(numberOfShards)
{
    public override string? EntityId(object message) => entityIdOf(message);
}
