using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Community.Cluster.Persistence;
using Community.Cluster.Serialization;
using Community.Cluster.Tests.Support;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Contracts.HelpTickets;
using Community.Contracts.Users;

namespace Community.Cluster.Tests.Persistence;

/// <summary>What the journal must guarantee whichever database is configured: a restarted node knows exactly what
/// the old one knew, snapshots shorten recovery without changing it, events are tagged for projections.
/// Each database runs these through its own subclass; every test gets a fresh database.</summary>
public abstract class JournalSpecs : IAsyncLifetime
{
    protected abstract JournalDatabase Database { get; }

    private JournalTables Tables => new(Database);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_entity_kind_recovers_identical_state_in_a_new_actor_system()
    {
        object[] before;
        await using (var node = EntityNode.Start(Database))
        {
            await WriteHistoryAsync(node);
            before = await ReadAllAsync(node);
        }

        await using (var restarted = EntityNode.Start(Database))
        {
            var after = await ReadAllAsync(restarted);
            for (var i = 0; i < before.Length; i++) Same.Assert(before[i], after[i]);

            // The recovered entity continues its sequence: nothing is overwritten, nothing is skipped.
            Assert.Equal(new CommandAccepted(5), await restarted.AskAsync<CommandAccepted>(restarted.User("u-1"), Samples.Profile("u-1", "又一个名字")));
        }

        Assert.Equal([1L, 2, 3, 4, 5], (await Tables.EventsAsync("user-u-1")).Select(e => e.SequenceNr));
    }

    [Fact]
    public async Task Events_are_stored_under_stable_manifests_by_the_community_serializer()
    {
        await using (var node = EntityNode.Start(Database))
            await WriteHistoryAsync(node);

        var events = await Tables.EventsAsync("user-u-1");
        Assert.Equal(["user-registered.v1", "profile-updated.v1", "role-granted.v1", "role-granted.v1"], events.Select(e => e.Manifest));
        Assert.All(events, e => Assert.Equal(CommunitySerializer.Id, e.SerializerId));
        Assert.Equal(["ticket-filed.v2"], (await Tables.EventsAsync("ticket-t-1")).Select(e => e.Manifest));
    }

    [Fact]
    public async Task A_snapshot_is_kept_every_N_events_older_ones_are_deleted_and_recovery_starts_from_it()
    {
        const string persistenceId = "user-u-snap";
        UserView before;
        await using (var node = EntityNode.Start(Database, snapshotEvery: 3))
        {
            var user = node.User("u-snap");
            await node.AskAsync<CommandAccepted>(user, Samples.Register("u-snap"));
            for (var i = 1; i <= 6; i++)
                await node.AskAsync<CommandAccepted>(user, Samples.Profile("u-snap", $"名字 {i}", i % 2 == 0 ? "330100" : "330523"));
            before = await node.AskAsync<UserView>(user, new GetUser(new UserId("u-snap")));
            Assert.Equal(7, before.Seq);

            // Snapshots at 3 and 6; the one at 3 is trimmed once 6 is saved (asynchronously, after the reply).
            await Eventually.TrueAsync(async () => (await Tables.SnapshotsAsync(persistenceId)).Select(s => s.SequenceNr).SequenceEqual([6L]),
                "only the snapshot at sequence number 6 is left");
        }

        var snapshot = Assert.Single(await Tables.SnapshotsAsync(persistenceId));
        Assert.Equal(("user-state.v3", CommunitySerializer.Id), (snapshot.Manifest, snapshot.SerializerId));

        // Without events 1..6 only the snapshot can bring that state back: this proves recovery starts from it.
        await Tables.DeleteEventsUpToAsync(persistenceId, 6);

        await using (var restarted = EntityNode.Start(Database, snapshotEvery: 3))
        {
            var user = restarted.User("u-snap");
            Same.Assert(before, await restarted.AskAsync<UserView>(user, new GetUser(new UserId("u-snap"))));

            await restarted.AskAsync<CommandAccepted>(user, Samples.Profile("u-snap", "名字 8"));
            Assert.Equal(new CommandAccepted(9), await restarted.AskAsync<CommandAccepted>(user, Samples.Profile("u-snap", "名字 9")));
            await Eventually.TrueAsync(async () => (await Tables.SnapshotsAsync(persistenceId)).Select(s => s.SequenceNr).SequenceEqual([9L]),
                "the snapshot at 9 replaces the one at 6");
        }
    }

    [Fact]
    public async Task Every_event_is_tagged_with_its_area_in_its_journal_row()
    {
        await using (var node = EntityNode.Start(Database))
            await WriteHistoryAsync(node);

        Assert.Equal([(AreaTagger.TagOf<IUserEvent>(), 1L), (AreaTagger.TagOf<IUserEvent>(), 2), (AreaTagger.TagOf<IUserEvent>(), 3), (AreaTagger.TagOf<IUserEvent>(), 4)],
            (await Tables.TagsAsync("user-u-1")).Select(t => (t.Tag, t.SequenceNr)));
        Assert.Equal([AreaTagger.TagOf<ICircleEvent>()], (await Tables.TagsAsync("circle-c-foodie")).Select(t => t.Tag));
        Assert.Equal([AreaTagger.TagOf<ICreatorEvent>()], (await Tables.TagsAsync("creator-cr-anji")).Select(t => t.Tag));
        Assert.Equal([AreaTagger.TagOf<ITicketEvent>()], (await Tables.TagsAsync("ticket-t-1")).Select(t => t.Tag));
    }

    [Fact]
    public async Task A_projection_reads_one_area_back_by_tag_in_journal_order()
    {
        await using var node = EntityNode.Start(Database);
        await WriteHistoryAsync(node);
        await node.AskAsync<CommandAccepted>(node.User("u-2"), Samples.Register("u-2", "xiaohong"));

        var journal = PersistenceQuery.Get(node.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var users = await journal.CurrentEventsByTag(AreaTagger.TagOf<IUserEvent>(), Offset.NoOffset())
            .RunWith(Sink.Seq<EventEnvelope>(), node.System.Materializer());
        var tickets = await journal.CurrentEventsByTag(AreaTagger.TagOf<ITicketEvent>(), Offset.NoOffset())
            .RunWith(Sink.Seq<EventEnvelope>(), node.System.Materializer());

        Assert.Equal(
            [("user-u-1", 1L, nameof(UserRegistered)), ("user-u-1", 2, nameof(ProfileUpdated)), ("user-u-1", 3, nameof(RoleGranted)),
             ("user-u-1", 4, nameof(RoleGranted)), ("user-u-2", 1, nameof(UserRegistered))],
            users.Select(e => (e.PersistenceId, e.SequenceNr, e.Event.GetType().Name)));
        Assert.True(users.Select(e => ((Sequence)e.Offset).Value).Order().SequenceEqual(users.Select(e => ((Sequence)e.Offset).Value)),
            "offsets grow in journal order, so a projection can resume from its last one");
        var filed = Assert.IsType<TicketFiled>(Assert.Single(tickets).Event);
        Assert.Equal(Samples.Ticket("t-1").Location, filed.Location);
    }

    /// <summary>Some accepted and some rejected commands for every entity kind.</summary>
    private static async Task WriteHistoryAsync(EntityNode node)
    {
        var user = node.User("u-1");
        await node.AskAsync<CommandAccepted>(user, Samples.Register("u-1"));
        await node.AskAsync<CommandAccepted>(user, Samples.Profile("u-1", "小红", "330523"));
        await node.AskAsync<CommandAccepted>(user, Samples.Grant("u-1", Roles.Moderator));
        await node.AskAsync<CommandAccepted>(user, Samples.Grant("u-1", Roles.Department, "hz-housing"));
        await node.AskAsync<CommandRejected>(user, Samples.Register("u-1"));
        await node.AskAsync<CommandRejected>(user, Samples.Grant("u-1", "superuser"));

        await node.AskAsync<CommandAccepted>(node.Circle("c-foodie"), Samples.Circle("c-foodie", "吃货圈"));
        await node.AskAsync<CommandAccepted>(node.Creator("cr-anji"), Samples.Creator("cr-anji"));
        await node.AskAsync<CommandRejected>(node.Creator("cr-bad"), Samples.Creator("cr-bad", "company"));
        await node.AskAsync<CommandAccepted>(node.Ticket("t-1"), Samples.Ticket("t-1"));
        await node.AskAsync<CommandRejected>(node.Ticket("t-1"), Samples.Ticket("t-1", TicketKinds.Complaint));
    }

    private static async Task<object[]> ReadAllAsync(EntityNode node) =>
    [
        await node.AskAsync<UserView>(node.User("u-1"), new GetUser(new UserId("u-1"))),
        await node.AskAsync<CircleView>(node.Circle("c-foodie"), new GetCircle(new CircleId("c-foodie"))),
        await node.AskAsync<CreatorView>(node.Creator("cr-anji"), new GetCreator(new CreatorId("cr-anji"))),
        await node.AskAsync<TicketView>(node.Ticket("t-1"), new GetTicket(new TicketId("t-1"))),
        // A rejected registration left nothing behind, not even after recovery.
        await node.AskAsync<CommandRejected>(node.Creator("cr-bad"), new GetCreator(new CreatorId("cr-bad"))),
    ];
}
