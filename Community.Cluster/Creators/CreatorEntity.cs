using Akka.Actor;
using Akka.Hosting;
using Community.Cluster.Entities;
using Community.Contracts.Common;
using Community.Contracts.Creators;

namespace Community.Cluster.Creators;

/// <summary>One persistent actor per creator account ("Chaominghao").</summary>
/// <param name="creators">The creator shard region, where a reprint is handed on to the original's account (resolved
/// when first needed: regions start in any order); null means the node's <see cref="ActorRegistry"/>.</param>
public sealed class CreatorEntity(string entityId, EntitySettings settings, Func<IActorRef>? creators = null)
    : EventSourcedEntity<CreatorState>(Kind, entityId, settings)
{
    public const string Kind = "creator";

    public static Props Props(string entityId, EntitySettings settings) =>
        Akka.Actor.Props.Create(() => new CreatorEntity(entityId, settings, null));

    public static Props Props(string entityId, EntitySettings settings, Func<IActorRef> creators) =>
        Akka.Actor.Props.Create(() => new CreatorEntity(entityId, settings, creators));

    public static string? EntityIdOf(object message) => (message as IWithCreatorId)?.CreatorId.Value;

    // Only a reprint is forwarded: the reprinter checked its side, the original's account records it and answers.
    protected override IActorRef ForwardTarget(ICommunityMessage message) =>
        creators?.Invoke() ?? ActorRegistry.For(Context.System).Get<CreatorRegion>();
}

/// <summary>Registry key of the creator shard region.</summary>
public sealed class CreatorRegion;
