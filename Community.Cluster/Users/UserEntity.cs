using Akka.Actor;
using Community.Cluster.Circles;
using Community.Cluster.Entities;
using Community.Contracts.Common;
using Community.Contracts.Users;

namespace Community.Cluster.Users;

/// <summary>One persistent actor per user: account, profile, roles, the circles it joined.</summary>
/// <param name="circles">The circle shard region (resolved when first needed: regions start in any order).</param>
public sealed class UserEntity(string entityId, EntitySettings settings, Func<IActorRef> circles)
    : EventSourcedEntity<UserState>(Kind, entityId, settings)
{
    public const string Kind = "user";

    // A user's commands come from its own devices and from others (roles, follows, points): no reason to wait in line.
    protected override bool PipelinesWrites => true;

    public static Props Props(string entityId, EntitySettings settings, Func<IActorRef> circles) =>
        Akka.Actor.Props.Create(() => new UserEntity(entityId, settings, circles));

    public static string? EntityIdOf(object message) => (message as IWithUserId)?.UserId.Value;

    // Every node's session check keeps the newest auth it has seen of each user: tell them all after a change.
    protected override void Persisted(ICommunityEvent evt)
    {
        if (UserState.ChangesAuth(evt)) PublishOn(AuthChanged.Topic, new AuthChanged(State.ToAuth()));
    }

    // Only circle acts are forwarded, after the membership check.
    protected override IActorRef ForwardTarget(ICommunityMessage message) => circles();
}

/// <summary>Registry key of the user shard region.</summary>
public sealed class UserRegion;
