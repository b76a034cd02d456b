using Akka.Cluster.Hosting;
using Akka.Hosting;
using Community.Cluster.Entities;
using Community.Cluster.Hosting;
using Community.Cluster.Projections;
using Microsoft.Extensions.DependencyInjection;

namespace Community.Cluster.Creators;

/// <summary>The creators area of a node: one entity per creator account ("Chaominghao"), the creators read model
/// (directory, works, channels, reprints, followers), and the relay that carries reprints, corrections, withdrawals and
/// staff roles on to other entities.</summary>
public static class CreatorsArea
{
    public const string Name = "creators";

    public static CommunityClusterBuilder AddCreatorsArea(this CommunityClusterBuilder cluster)
    {
        cluster.Services.AddSingleton<CreatorReadModel>();
        return cluster.AddArea(Name, (akka, area) => akka.WithShardRegion<CreatorRegion>(CreatorEntity.Kind,
                id => CreatorEntity.Props(id, area.EntitySettings).WithMailbox(EntityMailbox.Id),
                area.Extractor(CreatorEntity.EntityIdOf), area.ShardOptions)
            .WithProjection(new CreatorReadModelProjection(), area.Database)
            .WithProjection(new CreatorFollowersProjection(), area.Database)
            .WithProjection(new CreatorRelay(area.Services), CreatorRelay.DatabaseFor(area.Database)));
    }
}
