using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Community.Cluster.Circles;
using Community.Cluster.Creators;
using Community.Cluster.Entities;
using Community.Cluster.HelpTickets;
using Community.Cluster.Persistence;
using Community.Cluster.Projections;
using Community.Cluster.Serialization;
using Community.Cluster.Users;
using Community.Contracts.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Community.Cluster.Hosting;

public static class CommunityClusterHosting
{
    /// <summary>Starts this process's cluster node with the given options (tools and tests).</summary>
    public static IServiceCollection AddCommunityCluster(this IServiceCollection services, CommunityClusterOptions options,
        Action<AkkaConfigurationBuilder, IServiceProvider>? configure = null)
    {
        services.AddSingleton(Options.Create(options));
        return services.AddCommunityCluster(configure);
    }

    /// <summary>Starts this process's cluster node: remoting, clustering (joining the seeds, or itself when there are
    /// none), persistence, our serializer, DistributedPubSub and the four entity shard regions. Options come from
    /// <see cref="IOptions{CommunityClusterOptions}"/>.</summary>
    public static IServiceCollection AddCommunityCluster(this IServiceCollection services,
        Action<AkkaConfigurationBuilder, IServiceProvider>? configure = null)
    {
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<CommunityClusterOptions>>().Value);
        services.AddSingleton(provider =>
        {
            var database = new JournalDatabase(provider.GetRequiredService<CommunityClusterOptions>());
            database.Prepare();
            return database;
        });
        services.AddSingleton<EntityGateway>();
        services.AddSingleton<CircleReadModel>();
        services.AddAkka("community", (builder, provider) =>
        {
            builder.ConfigureCommunityNode(provider.GetRequiredService<CommunityClusterOptions>(),
                provider.GetRequiredService<JournalDatabase>());
            configure?.Invoke(builder, provider);
        });
        return services;
    }

    public static AkkaConfigurationBuilder ConfigureCommunityNode(this AkkaConfigurationBuilder builder,
        CommunityClusterOptions options, JournalDatabase database)
    {
        var node = options.Cluster;
        var entities = options.Entities;
        var selfJoin = node.Seeds.Count == 0;

        builder
            .ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            })
            .AddHocon(PersistenceHocon.Build(database), HoconAddMode.Prepend)
            .AddHocon(EntityMailbox.Hocon, HoconAddMode.Append)
            .WithCustomSerializer("community", [typeof(ICommunityMessage)], system => new CommunitySerializer(system))
            .WithRemoting(node.Hostname, node.Port)
            .WithClustering(new ClusterOptions
            {
                SeedNodes = selfJoin ? [] : [.. node.Seeds],
                SplitBrainResolver = new KeepMajorityOption(),
            })
            .WithDistributedPubSub(role: null!);

        var settings = new EntitySettings(entities.SnapshotEvery);
        var shardOptions = new ShardOptions
        {
            StateStoreMode = Akka.Cluster.Sharding.StateStoreMode.DData,
            RememberEntities = false,
            PassivateIdleEntityAfter = entities.PassivateAfter,
            HandOffStopMessage = StopEntity.Instance,
        };
        builder
            .AddUserEntity(settings, shardOptions, entities.NumberOfShards)
            .AddCircleEntity(settings with { SnapshotEvery = entities.CircleSnapshotEvery }, shardOptions, entities.NumberOfShards)
            .AddCreatorEntity(settings, shardOptions, entities.NumberOfShards)
            .AddHelpTicketEntity(settings, shardOptions, entities.NumberOfShards)
            .WithProjection(new CircleReadModelProjection(), database);

        if (selfJoin)
        {
            // A node without seeds is a cluster of one: join our own (possibly random) bound address.
            builder.WithActors((system, _) =>
            {
                var cluster = Akka.Cluster.Cluster.Get(system);
                cluster.Join(cluster.SelfAddress);
            });
        }
        return builder;
    }
}
