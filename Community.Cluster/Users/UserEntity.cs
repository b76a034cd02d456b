using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Community.Cluster.Entities;
using Community.Contracts.Users;

namespace Community.Cluster.Users;

/// <summary>One persistent actor per user: account, profile, roles.</summary>
public sealed class UserEntity(string entityId, EntitySettings settings)
    : EventSourcedEntity<UserState>(Kind, entityId, settings)
{
    public const string Kind = "user";

    // A user's commands come from its own devices and from others (roles, follows, points): no reason to wait in line.
    protected override bool PipelinesWrites => true;

    public static Props Props(string entityId, EntitySettings settings) =>
        Akka.Actor.Props.Create(() => new UserEntity(entityId, settings));

    public static string? EntityIdOf(object message) => (message as IWithUserId)?.UserId.Value;
}

/// <summary>Registry key of the user shard region.</summary>
public sealed class UserRegion;

public static class UserEntityHosting
{
    public static AkkaConfigurationBuilder AddUserEntity(this AkkaConfigurationBuilder builder, EntitySettings settings,
        ShardOptions shardOptions, int numberOfShards) =>
        builder.WithShardRegion<UserRegion>(UserEntity.Kind, id => UserEntity.Props(id, settings),
            new EntityMessageExtractor(numberOfShards, UserEntity.EntityIdOf), shardOptions);
}
