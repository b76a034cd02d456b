using Akka.Cluster.Hosting;
using Akka.Hosting;
using Community.Cluster.Entities;
using Community.Cluster.Hosting;
using Community.Cluster.Projections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Community.Cluster.Circles;

/// <summary>The circles area of a node: one entity per interest circle, and the circles read model.</summary>
public static class CirclesArea
{
    public const string Name = "circles";

    /// <summary>Options from <c>Community:Circles</c>; <paramref name="configure"/> changes them after binding.</summary>
    public static CommunityClusterBuilder AddCirclesArea(this CommunityClusterBuilder cluster, Action<CircleEntityOptions>? configure = null)
    {
        var options = cluster.Services.AddOptions<CircleEntityOptions>().BindConfiguration(CircleEntityOptions.Section);
        if (configure is not null) options.Configure(configure);
        cluster.Services.AddSingleton<CircleReadModel>();
        return cluster.AddArea(Name, (akka, area) =>
        {
            var circles = area.Services.GetRequiredService<IOptions<CircleEntityOptions>>().Value;
            var settings = area.EntitySettings with { SnapshotEvery = circles.SnapshotEvery };
            akka.WithShardRegion<CircleRegion>(CircleEntity.Kind, id => CircleEntity.Props(id, settings).WithMailbox(EntityMailbox.Id),
                    area.Extractor(CircleEntity.EntityIdOf), area.ShardOptions)
                .WithProjection(new CircleReadModelProjection(), area.Database);
        });
    }
}

/// <summary>The circle entities' part of the <c>Community:Circles</c> configuration section.</summary>
public sealed class CircleEntityOptions
{
    public const string Section = "Community:Circles";

    /// <summary>A circle saves a snapshot after this many events. Its state grows with its posts and likers, so a
    /// snapshot of a busy circle costs far more than a user's; replaying this many events on recovery is cheaper.</summary>
    public int SnapshotEvery { get; set; } = 5000;
}
