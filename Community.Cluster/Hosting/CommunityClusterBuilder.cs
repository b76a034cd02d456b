using Akka.Cluster.Hosting;
using Akka.Hosting;
using Community.Cluster.Entities;
using Community.Cluster.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Community.Cluster.Hosting;

/// <summary>
/// What the areas of a node add to it. Each area has one <c>AddXArea</c> extension of this builder (its entity and
/// shard region, its projections and read models, its options); the node's core (remoting, clustering, persistence,
/// serializer, pub-sub) knows none of them.
/// </summary>
public sealed class CommunityClusterBuilder(IServiceCollection services)
{
    private readonly List<Action<AkkaConfigurationBuilder, AreaContext>> _nodeParts = [];
    private readonly HashSet<string> _areas = [];

    /// <summary>The services of the host: an area adds its read models and options here.</summary>
    public IServiceCollection Services { get; } = services;

    /// <summary>Adds an area's part of the actor system (shard regions, singletons). An area is added once.</summary>
    public CommunityClusterBuilder AddArea(string name, Action<AkkaConfigurationBuilder, AreaContext> configure)
    {
        if (!_areas.Add(name)) return this;
        _nodeParts.Add(configure);
        return this;
    }

    internal void ConfigureAreas(AkkaConfigurationBuilder akka, AreaContext context)
    {
        foreach (var part in _nodeParts) part(akka, context);
    }
}

/// <summary>What an area's part of the node is built from.</summary>
public sealed class AreaContext(CommunityClusterOptions options, JournalDatabase database, IServiceProvider services)
{
    public CommunityClusterOptions Options { get; } = options;

    public JournalDatabase Database { get; } = database;

    public IServiceProvider Services { get; } = services;

    /// <summary>The settings every entity kind shares (an area may change its snapshot interval).</summary>
    public EntitySettings EntitySettings { get; } = new(options.Entities.SnapshotEvery);

    public ShardOptions ShardOptions { get; } = new()
    {
        StateStoreMode = Akka.Cluster.Sharding.StateStoreMode.DData,
        RememberEntities = false,
        PassivateIdleEntityAfter = options.Entities.PassivateAfter,
        HandOffStopMessage = StopEntity.Instance,
    };

    /// <summary>Routes an entity kind's messages to its shards (the shard count is fixed for the cluster's life).</summary>
    public EntityMessageExtractor Extractor(Func<object, string?> entityIdOf) => new(Options.Entities.NumberOfShards, entityIdOf);
}
