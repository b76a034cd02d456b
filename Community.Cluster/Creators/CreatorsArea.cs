using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Community.Cluster.Entities;
using Community.Cluster.Hosting;
using Community.Cluster.Projections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Community.Cluster.Creators;

/// <summary>The creators area of a node: one entity per creator account ("Chaominghao") and per operator task, the
/// creators read model (directory, works, channels, reprints, followers), the stats (from the journal and the behavior
/// log) with their publisher, and the relay that carries reprints, corrections, withdrawals, staff roles and points on
/// to other entities.</summary>
public static class CreatorsArea
{
    public const string Name = "creators";

    public static CommunityClusterBuilder AddCreatorsArea(this CommunityClusterBuilder cluster)
    {
        cluster.Services.AddSingleton<CreatorReadModel>();
        cluster.Services.AddSingleton<CreatorStatsReadModel>();
        return cluster.AddArea(Name, (akka, area) =>
        {
            var logs = area.Services.GetRequiredService<ILoggerFactory>();
            var clock = area.Services.GetService<TimeProvider>() ?? TimeProvider.System;
            var behavior = new CreatorStatsFromBehavior(area.Database, CreatorStatsFromBehavior.BehaviorLogOf(area.Database),
                logs.CreateLogger<CreatorStatsFromBehavior>());
            var publisher = new CreatorStatsPublisher(area.Database,
                () => area.Services.GetRequiredService<ActorRegistry>().GetAsync<CreatorRegion>(), TimeSpan.FromSeconds(10),
                logs.CreateLogger<CreatorStatsPublisher>());
            akka.WithShardRegion<CreatorRegion>(CreatorEntity.Kind,
                    id => CreatorEntity.Props(id, area.EntitySettings).WithMailbox(EntityMailbox.Id),
                    area.Extractor(CreatorEntity.EntityIdOf), area.ShardOptions)
                .WithShardRegion<TaskRegion>(TaskEntity.Kind,
                    id => TaskEntity.Props(id, area.EntitySettings).WithMailbox(EntityMailbox.Id),
                    area.Extractor(TaskEntity.EntityIdOf), area.ShardOptions)
                .WithProjection(new CreatorReadModelProjection(), area.Database)
                .WithProjection(new CreatorFollowersProjection(), area.Database)
                .WithProjection(new CreatorStatsFromWorks(), area.Database)
                .WithProjection(new CreatorStatsFromReaders(), area.Database)
                .WithProjection(new CreatorTasksProjection(), area.Database)
                .WithProjection(new CreatorRelay(area.Services), CreatorRelay.DatabaseFor(area.Database))
                .WithSingleton<CreatorStatsWorker>("creator-stats",
                    CreatorStatsWorker.Props(behavior, publisher, clock, logs.CreateLogger<CreatorStatsWorker>()),
                    new ClusterSingletonOptions(), createProxyToo: false);
        });
    }
}
