using Akka.Actor;
using Community.Cluster.Entities;
using Community.Cluster.Tests.Support;
using Community.Cluster.Users;
using Community.Contracts.Common;
using Community.Contracts.Users;

namespace Community.Cluster.Tests.Entities;

/// <summary>What every entity kind inherits: stopping in order, failing fast when the journal refuses an event.</summary>
public sealed class EventSourcedEntitySpecs : EntitySpec
{
    [Fact]
    public void A_stop_sent_right_after_a_command_stops_the_entity_only_after_the_command_is_persisted_and_answered()
    {
        var user = Sys.ActorOf(UserEntity.Props("u-1", Settings));
        Watch(user);

        // Passivation and hand-off send StopEntity; it must not cut off a persist in flight.
        user.Tell(Samples.Register("u-1"), TestActor);
        user.Tell(StopEntity.Instance, TestActor);

        Assert.Equal(new CommandAccepted(1), ExpectMsg<CommandAccepted>());
        ExpectTerminated(user);

        var again = Sys.ActorOf(UserEntity.Props("u-1", Settings));
        Assert.Equal(1, Send<UserView>(again, new GetUser(new UserId("u-1"))).Seq);
    }

    [Fact]
    public void An_event_the_journal_rejects_fails_the_command_at_once_and_changes_nothing()
    {
        var entity = Sys.ActorOf(Props.Create(() => new Unserializable("x-1", Settings)));

        // The event has no manifest, so the journal cannot serialize it and rejects the write.
        entity.Tell(new Poke(), TestActor);
        ExpectMsg<Status.Failure>();

        Assert.Equal(new CommandAccepted(0), Send<CommandAccepted>(entity, new Peek()));
        AssertNothingPublished();
    }

    internal sealed record Poke : ICommunityMessage;

    internal sealed record Peek : ICommunityMessage;

    internal sealed record WithoutManifest(DateTimeOffset At) : ICommunityEvent;

    internal sealed record UnserializableState(long Seq) : IEntityState<UnserializableState>
    {
        public static UnserializableState Empty(string entityId) => new(0);

        public Decision Decide(ICommunityMessage message) => message is Peek
            ? Decision.Reply(new CommandAccepted(Seq))
            : Decision.Persist(new WithoutManifest(Samples.At));

        public UnserializableState Apply(ICommunityEvent evt) => this with { Seq = Seq + 1 };
    }

    internal sealed class Unserializable(string entityId, EntitySettings settings)
        : EventSourcedEntity<UnserializableState>("unserializable", entityId, settings);
}
