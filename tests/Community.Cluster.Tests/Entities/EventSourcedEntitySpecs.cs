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
        var user = Sys.ActorOf(UserProps("u-1"));
        Watch(user);

        // Passivation and hand-off send StopEntity; it must not cut off a persist in flight.
        user.Tell(Samples.Register("u-1"), TestActor);
        user.Tell(StopEntity.Instance, TestActor);

        Assert.Equal(new CommandAccepted(1), ExpectMsg<CommandAccepted>());
        ExpectTerminated(user);

        var again = Sys.ActorOf(UserProps("u-1"));
        Assert.Equal(1, Send<UserView>(again, new GetUser(new UserId("u-1"))).Seq);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_event_the_journal_rejects_fails_the_command_at_once_and_changes_nothing(bool pipelined)
    {
        var entity = Sys.ActorOf(pipelined
            ? Props.Create(() => new PipelinedUnserializable("x-1", Settings))
            : Props.Create(() => new Unserializable("x-1", Settings)));

        // The event has no manifest, so the journal cannot serialize it and rejects the write.
        entity.Tell(new Poke(), TestActor);
        ExpectMsg<Status.Failure>();

        Assert.Equal(new CommandAccepted(0), Send<CommandAccepted>(entity, new Peek()));
        AssertNothingPublished();
    }

    /// <summary>
    /// A pipelined entity decides commands against the events still in flight and writes those decided meanwhile as one
    /// atomic write. When the journal refuses a write, every command in it and behind it was decided on top of the
    /// refused event: each caller fails (none waits for its timeout), none of their events is stored, and the entity
    /// recovers from the journal and takes the next command.
    /// </summary>
    [Theory]
    [InlineData("refused first, the rest queued behind it", new[] { "poke", "write", "write", "peek", "write" }, 0)]
    [InlineData("one write stored, then one batch with the refused event", new[] { "write", "write", "poke", "write", "peek" }, 1)]
    public async Task A_write_the_journal_rejects_fails_every_pipelined_caller_in_flight_or_queued_and_stores_none_of_them(
        string scenario, string[] commands, int stored)
    {
        var callers = commands.Select((_, i) => CreateTestProbe($"caller-{i}")).ToList();
        var entity = Sys.ActorOf(Props.Create(() => new PipelinedUnserializable("x-1", Settings)));

        // Sent while the entity is still recovering: they wait in its stash and are then decided one after another,
        // before any answer of the journal, so everything after the first write is decided while that write is in flight.
        for (var i = 0; i < commands.Length; i++)
            entity.Tell(Command(commands[i], i), callers[i].Ref);

        for (var i = 0; i < commands.Length; i++)
        {
            if (i < stored) Assert.Equal(new CommandAccepted(i + 1), callers[i].ExpectMsg<CommandAccepted>());
            else callers[i].ExpectMsg<Status.Failure>(message => Assert.NotNull(message.Cause), hint: $"{scenario}: caller {i} ({commands[i]})");
        }

        Assert.Equal(new CommandAccepted(stored), Send<CommandAccepted>(entity, new Peek()));
        Assert.Equal(new CommandAccepted(stored + 1), Send<CommandAccepted>(entity, new Write("after")));
        var rows = await Journal.EventsAsync("unserializable-x-1");
        Assert.Equal(Enumerable.Range(1, stored + 1).Select(i => (long)i), rows.Select(row => row.SequenceNr));

        // What the journal holds is what a restarted entity recovers.
        Watch(entity);
        Sys.Stop(entity);
        ExpectTerminated(entity);
        var again = Sys.ActorOf(Props.Create(() => new PipelinedUnserializable("x-1", Settings)));
        Assert.Equal(new CommandAccepted(stored + 1), Send<CommandAccepted>(again, new Peek()));
    }

    private static ICommunityMessage Command(string kind, int index) => kind switch
    {
        "poke" => new Poke(),
        "peek" => new Peek(),
        _ => new Write($"读者 {index}"),
    };

    internal sealed record Poke : ICommunityMessage;

    /// <summary>Persists an event the journal stores.</summary>
    internal sealed record Write(string DisplayName) : ICommunityMessage;

    internal sealed record Peek : ICommunityMessage;

    internal sealed record WithoutManifest(DateTimeOffset At) : ICommunityEvent;

    internal sealed record UnserializableState(long Seq) : IEntityState<UnserializableState>
    {
        public static UnserializableState Empty(string entityId) => new(0);

        public Decision Decide(ICommunityMessage message) => message switch
        {
            Peek => Decision.Reply(new CommandAccepted(Seq)),
            Write write => Decision.Persist(new ProfileUpdated(new UserId("u-1"), write.DisplayName, "330106", Samples.At)),
            _ => Decision.Persist(new WithoutManifest(Samples.At)),
        };

        public UnserializableState Apply(ICommunityEvent evt) => this with { Seq = Seq + 1 };
    }

    internal sealed class Unserializable(string entityId, EntitySettings settings)
        : EventSourcedEntity<UnserializableState>("unserializable", entityId, settings);

    internal sealed class PipelinedUnserializable(string entityId, EntitySettings settings)
        : EventSourcedEntity<UnserializableState>("unserializable", entityId, settings)
    {
        protected override bool PipelinesWrites => true;
    }

    [Fact]
    public async Task Concurrent_commands_on_one_entity_are_all_acknowledged_with_consecutive_seqs_and_survive_a_restart()
    {
        var user = Sys.ActorOf(UserProps("u-hot"));
        Assert.Equal(new CommandAccepted(1), Send<CommandAccepted>(user, Samples.Register("u-hot")));

        // 200 updates sent at once: each is decided against the state the earlier ones will make.
        var replies = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            user.Ask<object>(Samples.Profile("u-hot", $"读者 {i}"), TimeSpan.FromSeconds(30))));
        var seqs = replies.Select(r => Assert.IsType<CommandAccepted>(r).Seq).ToList();
        Assert.Equal(Enumerable.Range(2, 200).Select(i => (long)i), seqs.Order());

        // A query sent behind the writes sees all of them.
        var view = Send<UserView>(user, new GetUser(new UserId("u-hot")));
        Assert.Equal((201L, "读者 199"), (view.Seq, view.DisplayName));

        Watch(user);
        Sys.Stop(user);
        ExpectTerminated(user);
        var again = Sys.ActorOf(UserProps("u-hot"));
        Same.Assert(view, Send<UserView>(again, new GetUser(new UserId("u-hot"))));
    }
}
