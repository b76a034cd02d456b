using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Community.Cluster.Entities;
using Community.Cluster.Persistence;
using Community.Cluster.Serialization;
using Community.Contracts.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Community.Cluster.Hosting;

public static class CommunityClusterHosting
{
    /// <summary>Starts this process's cluster node with the given options (tools and tests).</summary>
    public static IServiceCollection AddCommunityCluster(this IServiceCollection services, CommunityClusterOptions options,
        Action<CommunityClusterBuilder> areas, Action<AkkaConfigurationBuilder, IServiceProvider>? configure = null)
    {
        services.AddSingleton(Options.Create(options));
        return services.AddCommunityCluster(areas, configure);
    }

    /// <summary>Starts this process's cluster node: remoting, clustering (joining the seeds, or itself when there are
    /// none), persistence, our serializer, DistributedPubSub, and what each area added through
    /// <paramref name="areas"/>. Options come from <see cref="IOptions{CommunityClusterOptions}"/>.</summary>
    public static IServiceCollection AddCommunityCluster(this IServiceCollection services, Action<CommunityClusterBuilder> areas,
        Action<AkkaConfigurationBuilder, IServiceProvider>? configure = null)
    {
        var cluster = new CommunityClusterBuilder(services);
        areas(cluster);
        return services.AddCommunityCluster(cluster, configure);
    }

    /// <summary>Starts the node with the areas already added to <paramref name="cluster"/>.</summary>
    public static IServiceCollection AddCommunityCluster(this IServiceCollection services, CommunityClusterBuilder cluster,
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
        services.AddAkka("community", (builder, provider) =>
        {
            var options = provider.GetRequiredService<CommunityClusterOptions>();
            var database = provider.GetRequiredService<JournalDatabase>();
            builder.ConfigureCommunityNode(options, database);
            cluster.ConfigureAreas(builder, new AreaContext(options, database, provider));
            configure?.Invoke(builder, provider);
        });
        return services;
    }

    private static AkkaConfigurationBuilder ConfigureCommunityNode(this AkkaConfigurationBuilder builder,
        CommunityClusterOptions options, JournalDatabase database)
    {
        var node = options.Cluster;
        var selfJoin = node.Seeds.Count == 0;

        builder
            .ConfigureLoggers(loggers =>
            {
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            })
            .AddHocon(PersistenceHocon.Build(database), HoconAddMode.Prepend)
            .AddHocon(EntityMailbox.Hocon, HoconAddMode.Append)
            // Live streams are pub-sub topics subscribed while followed: a new subscription reaches the other nodes in
            // a gossip round, which the hub's first follower of a stream waits out (Community:Live:SubscriptionSettleTime,
            // three rounds). 300 ms rather than 1 s keeps that wait short; the registry deltas are small on a LAN.
            .AddHocon("akka.cluster.pub-sub.gossip-interval = 300ms", HoconAddMode.Prepend)
            .WithCustomSerializer("community", [typeof(ICommunityMessage)], system => new CommunitySerializer(system))
            .WithRemoting(node.Hostname, node.Port)
            .WithClustering(new ClusterOptions
            {
                SeedNodes = selfJoin ? [] : [.. node.Seeds],
                SplitBrainResolver = new KeepMajorityOption(),
            })
            .WithDistributedPubSub(role: null!);

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
