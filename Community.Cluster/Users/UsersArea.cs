using Akka.Cluster.Hosting;
using Akka.Hosting;
using Community.Cluster.Circles;
using Community.Cluster.Entities;
using Community.Cluster.Hosting;

namespace Community.Cluster.Users;

/// <summary>The users area of a node: one entity per user (account, profile, roles, the circles it joined).</summary>
public static class UsersArea
{
    public const string Name = "users";

    public static CommunityClusterBuilder AddUsersArea(this CommunityClusterBuilder cluster) =>
        cluster.AddArea(Name, (akka, area) => akka.WithShardRegion<UserRegion>(UserEntity.Kind,
            // Circle acts go on to the circle region, resolved when first needed: regions start in any order.
            (_, registry, _) => id => UserEntity.Props(id, area.EntitySettings, () => registry.Get<CircleRegion>()).WithMailbox(EntityMailbox.Id),
            area.Extractor(UserEntity.EntityIdOf), area.ShardOptions));
}
