using Akka.Actor;
using Akka.Hosting;
using Community.Contracts.Common;

namespace Community.Cluster.Hosting;

/// <summary>Asks an entity through its shard region with the configured timeout. Entities answer every message
/// (a reply, <see cref="CommandAccepted"/> or <see cref="CommandRejected"/>); no exceptions cross the Ask.</summary>
public sealed class EntityGateway(ActorRegistry registry, CommunityClusterOptions options)
{
    public Task<object> AskAsync<TRegion>(ICommunityMessage message, CancellationToken cancellationToken = default) =>
        registry.Get<TRegion>().Ask<object>(message, options.Entities.AskTimeout, cancellationToken);
}
