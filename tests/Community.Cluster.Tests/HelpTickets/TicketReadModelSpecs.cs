using System.Text.Json;
using Akka.Persistence.Query;
using Community.Cluster.HelpTickets;
using Community.Cluster.Hosting;
using Community.Cluster.Persistence;
using Community.Cluster.Tests.Support;
using Community.Contracts.Common;
using Community.Contracts.HelpTickets;
using Community.Tests.Shared;
using static Community.Cluster.Tests.HelpTickets.TicketRules;

namespace Community.Cluster.Tests.HelpTickets;

/// <summary>The tickets read model on each storage: what <see cref="TicketReadModelProjection"/> writes from the
/// tickets' events is what the queues, the public column, the SLA sweep and the figures read, and a batch applied again
/// changes nothing. Every time comes from the events, chosen here; none from the clock.</summary>
public abstract class TicketReadModelSpecs : ProjectionSpec
{
    private readonly TicketReadModelProjection _projection = new();

    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private const string Anji = "d-330523-roads";

    /// <summary>Monday 2 November 2026, 10:00 in Hangzhou.</summary>
    private static readonly DateTimeOffset B = C(11, 2, 10);

    private static readonly CancellationToken None = CancellationToken.None;

    private TicketReadModel Model => new(Database);

    private static DateTimeOffset C(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, China);

    private static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    // ---- Events, each with the times a spec chooses ----

    private static TicketFiled Filed(string id, DateTimeOffset at, string region = "330106", DateTimeOffset? acceptDue = null,
        bool isPublic = true, bool showName = false, string name = "市民小王") =>
        new(new TicketId(id), new UserId("u-citizen"), name, TicketKinds.Help, "路灯不亮", "文三路 the street lights have been out for a week",
            region, "roads", new GeoLocation(30.2741, 120.1551, "文三路 12号"), new TicketContact("13800000000"),
            new TicketPrivacy(isPublic, showName), null, acceptDue ?? at.AddDays(1), at);

    private static TicketAccepted Accepted(string id, DateTimeOffset at) => new(new TicketId(id), Moderator, AcceptReason, at);

    private static TicketAssigned Assigned(string id, string department, DateTimeOffset at, DateTimeOffset due, string? from = null) =>
        new(new TicketId(id), department, from, Moderator, from is null ? AcceptReason : TransferReason, due, at);

    private static TicketReplied Replied(string id, string department, DateTimeOffset at, DateTimeOffset resolveDue, bool first = true,
        bool isPublic = true, string text = ReplyText) =>
        new(new TicketId(id), department, Staff(department), $"rp-{id}-{Ms(at)}", text, isPublic, first, resolveDue, at);

    private static TicketResolved Resolved(string id, string department, DateTimeOffset at, DateTimeOffset feedbackDue) =>
        new(new TicketId(id), department, Staff(department), ResolutionText, feedbackDue, at);

    private static TicketClosed Satisfied(string id, DateTimeOffset at, int rating) => new(new TicketId(id), Citizen, true, rating, "谢谢", at);

    private static TicketClosed ClosedByItself(string id, DateTimeOffset at) => new(new TicketId(id), TicketActor.System, null, null, null, at);

    private static TicketReopened Reopened(string id, string department, DateTimeOffset at, int rating, DateTimeOffset due) =>
        new(new TicketId(id), department, Citizen, rating, "还是不亮", due, at);

    private static TicketRejected Rejected(string id, DateTimeOffset at) => new(new TicketId(id), Moderator, RejectReason, at);

    private static TicketMarkedDuplicate Duplicate(string id, string original, DateTimeOffset at) =>
        new(new TicketId(id), new TicketId(original), Moderator, DuplicateReason, at);

    private static TicketEscalated Escalated(string id, int level, string stage, string? supervisor, DateTimeOffset due, DateTimeOffset at) =>
        new(new TicketId(id), level, stage, supervisor, due, at);

    private static TicketPrivacyChanged MadePrivate(string id, DateTimeOffset at, bool isPublic = false) =>
        new(new TicketId(id), new TicketPrivacy(isPublic, false), at);

    /// <summary>Filed at <paramref name="filed"/> in <paramref name="region"/>, accepted an hour later to
    /// <paramref name="department"/> with its first reply due at <paramref name="due"/>.</summary>
    private static ITicketEvent[] Working(string id, string department, DateTimeOffset filed, DateTimeOffset due, string region = "330106",
        bool isPublic = true, bool showName = false, string name = "市民小王") =>
    [
        Filed(id, filed, region, isPublic: isPublic, showName: showName, name: name),
        Accepted(id, filed.AddHours(1)),
        Assigned(id, department, filed.AddHours(1), due),
    ];

    private EventEnvelope[] Envelopes(params ITicketEvent[] events) =>
        [.. events.Select(e => Next(e, $"ticket-{e.TicketId.Value}", AreaTagger.TagOf<ITicketEvent>()))];

    private async Task<EventEnvelope[]> ApplyAsync(params ITicketEvent[] events)
    {
        var batch = Envelopes(events);
        await ApplyAsync(_projection, batch);
        return batch;
    }

    private async Task<string[]> QueueIdsAsync(string department, string? status = null, bool supervised = false, (long, string)? after = null,
        int limit = 100) =>
        [.. (await Model.QueueAsync(department, status, supervised, after, limit, None)).Select(t => t.TicketId)];

    private async Task<string[]> PublicIdsAsync(string? region, (long, string)? after = null, int limit = 100) =>
        [.. (await Model.PublicAsync(region, after, limit, None)).Select(t => t.TicketId)];

    private async Task<string[]> DueIdsAsync(DateTimeOffset now, int limit = 100) => [.. (await Model.DueAsync(now, null, limit, None)).Select(d => d.TicketId)];

    // ---- Department queues ----

    private ITicketEvent[] XihuQueue() =>
    [
        .. Working("q-a", Xihu, B, B.AddDays(3)),
        .. Working("q-b", Xihu, B, B.AddDays(2)), Replied("q-b", Xihu, B.AddHours(2), B.AddDays(10)),
        .. Working("q-c", Xihu, B, B.AddDays(1)),
        .. Working("q-d", Xihu, B, B.AddDays(1)), Replied("q-d", Xihu, B.AddHours(2), B.AddDays(5)), Resolved("q-d", Xihu, B.AddHours(3), B.AddDays(7)),
        .. Working("q-e", Gongshu, B, B.AddHours(2), "330105"),
        .. Working("q-f", Xihu, B, B.AddDays(3)),
        .. Working("q-g", Xihu, B, B.AddDays(1)), Replied("q-g", Xihu, B.AddHours(2), B.AddDays(5)), Resolved("q-g", Xihu, B.AddHours(3), B.AddDays(7)),
        Satisfied("q-g", B.AddHours(4), 5),
    ];

    [Fact]
    public async Task A_departments_queue_lists_its_own_tickets_most_urgent_first_and_those_without_a_running_clock_last()
    {
        await ApplyAsync(XihuQueue());

        Assert.Equal(["q-c", "q-a", "q-f", "q-b", "q-d", "q-g"], await QueueIdsAsync(Xihu));
        Assert.Equal(["q-e"], await QueueIdsAsync(Gongshu));
        Assert.Empty(await QueueIdsAsync(Hangzhou));

        var queue = await Model.QueueAsync(Xihu, null, false, null, 100, None);
        Assert.Equal(new TicketListing("q-c", "u-citizen", TicketKinds.Help, "路灯不亮", "330106", "roads", TicketStatuses.Assigned, Xihu, B,
            TicketStages.FirstReply, B.AddDays(1), 0, true, 3, Ms(B.AddDays(1))), queue[0]);
        Assert.Equal((TicketStatuses.Answered, TicketStages.Resolution, B.AddDays(10), Ms(B.AddDays(10)), 4L),
            (queue[3].Status, queue[3].Stage, queue[3].DueAt!.Value, queue[3].QueueKey, queue[3].LastSeq));
        // Waiting for the citizen is no department's deadline.
        Assert.Equal((TicketStatuses.Resolved, TicketStages.Feedback, TicketReadModelProjection.NoDue), (queue[4].Status, queue[4].Stage, queue[4].QueueKey));
        Assert.Equal((TicketStatuses.Closed, (string?)null, (DateTimeOffset?)null, TicketReadModelProjection.NoDue),
            (queue[5].Status, queue[5].Stage, queue[5].DueAt, queue[5].QueueKey));
    }

    [Fact]
    public async Task A_departments_queue_filters_by_status()
    {
        await ApplyAsync(XihuQueue());

        Assert.Equal(["q-c", "q-a", "q-f"], await QueueIdsAsync(Xihu, TicketStatuses.Assigned));
        Assert.Equal(["q-b"], await QueueIdsAsync(Xihu, TicketStatuses.Answered));
        Assert.Equal(["q-d"], await QueueIdsAsync(Xihu, TicketStatuses.Resolved));
        Assert.Equal(["q-g"], await QueueIdsAsync(Xihu, TicketStatuses.Closed));
        Assert.Empty(await QueueIdsAsync(Xihu, TicketStatuses.Submitted));
    }

    [Fact]
    public async Task A_departments_queue_pages_on_the_queue_key_and_the_id_so_tickets_due_at_the_same_time_are_neither_lost_nor_repeated()
    {
        await ApplyAsync(XihuQueue());

        var first = await Model.QueueAsync(Xihu, null, false, null, 2, None);
        Assert.Equal(["q-c", "q-a"], first.Select(t => t.TicketId));
        var second = await Model.QueueAsync(Xihu, null, false, (first[^1].QueueKey, first[^1].TicketId), 2, None);
        Assert.Equal(["q-f", "q-b"], second.Select(t => t.TicketId));
        var third = await Model.QueueAsync(Xihu, null, false, (second[^1].QueueKey, second[^1].TicketId), 2, None);
        Assert.Equal(["q-d", "q-g"], third.Select(t => t.TicketId));
        Assert.Empty(await QueueIdsAsync(Xihu, after: (third[^1].QueueKey, third[^1].TicketId)));
        Assert.Equal(["q-f"], await QueueIdsAsync(Xihu, TicketStatuses.Assigned, after: (first[^1].QueueKey, first[^1].TicketId)));
    }

    [Fact]
    public async Task A_transferred_ticket_leaves_the_former_departments_queue_for_the_new_ones_with_its_new_due_time()
    {
        await ApplyAsync(XihuQueue());
        await ApplyAsync(Assigned("q-a", Gongshu, B.AddHours(5), B.AddHours(6), from: Xihu));

        Assert.Equal(["q-c", "q-f", "q-b", "q-d", "q-g"], await QueueIdsAsync(Xihu));
        Assert.Equal(["q-e", "q-a"], await QueueIdsAsync(Gongshu));
    }

    [Fact]
    public async Task The_supervised_queue_lists_the_tickets_escalated_to_that_department()
    {
        await ApplyAsync([
            .. Working("s-1", Xihu, B, B.AddDays(1)), Escalated("s-1", 1, TicketStages.FirstReply, Hangzhou, B.AddDays(1), B.AddDays(1)),
            .. Working("s-2", Xihu, B, B.AddHours(12)), Escalated("s-2", 1, TicketStages.FirstReply, Hangzhou, B.AddHours(12), B.AddDays(2)),
            Escalated("s-2", 2, TicketStages.FirstReply, Zhejiang, B.AddHours(12), B.AddDays(2)),
            .. Working("s-3", Xihu, B, B.AddHours(2)),
            .. Working("s-4", Hangzhou, B, B.AddHours(6), "330100"), Escalated("s-4", 1, TicketStages.FirstReply, Zhejiang, B.AddHours(6), B.AddDays(1)),
        ]);

        Assert.Equal(["s-2", "s-1"], await QueueIdsAsync(Hangzhou, supervised: true));
        Assert.Equal(["s-4"], await QueueIdsAsync(Hangzhou));
        Assert.Equal(["s-4", "s-2"], await QueueIdsAsync(Zhejiang, supervised: true));
        Assert.Empty(await QueueIdsAsync(Xihu, supervised: true));
        Assert.Equal(["s-3", "s-2", "s-1"], await QueueIdsAsync(Xihu));
        var levels = (await Model.QueueAsync(Hangzhou, null, true, null, 10, None)).Select(t => (t.TicketId, t.EscalationLevel));
        Assert.Equal([("s-2", 2), ("s-1", 1)], levels);
        Assert.Equal(["s-1"], await QueueIdsAsync(Hangzhou, TicketStatuses.Assigned, supervised: true, after: (Ms(B.AddHours(12)), "s-2")));
    }

    [Fact]
    public async Task An_escalation_to_the_moderators_only_lists_the_ticket_in_no_supervised_queue()
    {
        await ApplyAsync([
            Filed("m-1", B, acceptDue: B.AddHours(4)), Escalated("m-1", 1, TicketStages.Acceptance, null, B.AddHours(4), B.AddHours(4)),
            .. Working("m-2", Zhejiang, B, B.AddHours(3), "330000"), Escalated("m-2", 1, TicketStages.FirstReply, null, B.AddHours(4), B.AddHours(4)),
        ]);

        foreach (var department in new[] { Xihu, Hangzhou, Zhejiang })
            Assert.Empty(await QueueIdsAsync(department, supervised: true));
        Assert.Equal(1, (await Model.ReviewQueueAsync(null, 10, None)).Single().EscalationLevel);
    }

    // ---- Review queue ----

    [Fact]
    public async Task The_review_queue_lists_the_submitted_tickets_oldest_first_and_pages_on_the_filing_time_and_the_id()
    {
        await ApplyAsync(
            Filed("r-1", B), Filed("r-2", B.AddHours(-1)), Filed("r-6", B),
            Filed("r-3", B.AddHours(-2)), Accepted("r-3", B), Assigned("r-3", Xihu, B, B.AddDays(2)),
            Filed("r-4", B.AddHours(1)),
            Filed("r-5", B.AddHours(-3)), Rejected("r-5", B),
            Filed("r-7", B.AddHours(-4)), Duplicate("r-7", "r-1", B));

        var first = await Model.ReviewQueueAsync(null, 2, None);
        Assert.Equal(["r-2", "r-1"], first.Select(t => t.TicketId));
        Assert.Equal((TicketStatuses.Submitted, TicketStages.Acceptance, B.AddDays(1), (string?)null),
            (first[1].Status, first[1].Stage, first[1].DueAt!.Value, first[1].DepartmentId));
        var rest = await Model.ReviewQueueAsync((Ms(first[^1].FiledAt), first[^1].TicketId), 10, None);
        Assert.Equal(["r-6", "r-4"], rest.Select(t => t.TicketId));
    }

    // ---- Public column ----

    private ITicketEvent[] PublicColumn() =>
    [
        .. Working("p-1", Xihu, B, B.AddDays(2)), Replied("p-1", Xihu, B.AddHours(2), B.AddDays(5)),
        .. Working("p-2", Anji, B, B.AddDays(2), "330523", showName: true, name: "老李"),
        Replied("p-2", Anji, B.AddHours(2), B.AddDays(5), isPublic: false, text: "内部：已联系施工单位"), Resolved("p-2", Anji, B.AddHours(3), B.AddDays(7)),
        .. Working("p-3", Hangzhou, B, B.AddDays(2), "330100"), Replied("p-3", Hangzhou, B.AddMinutes(90), B.AddDays(5)),
        Resolved("p-3", Hangzhou, B.AddHours(4), B.AddDays(7)), Satisfied("p-3", B.AddHours(5), 5),
        .. Working("p-4", Xihu, B, B.AddDays(2), isPublic: false), Replied("p-4", Xihu, B.AddHours(6), B.AddDays(5)),
        .. Working("p-5", Xihu, B, B.AddDays(2)),
        .. Working("p-6", Xihu, B, B.AddDays(2)), Replied("p-6", Xihu, B.AddHours(7), B.AddDays(5), isPublic: false),
        Filed("p-7", B), Rejected("p-7", B.AddHours(8)),
        .. Working("p-8", Xihu, B, B.AddDays(2)), Replied("p-8", Xihu, B.AddHours(9), B.AddDays(5)),
        Resolved("p-8", Xihu, B.AddHours(10), B.AddDays(7)), Reopened("p-8", Xihu, B.AddHours(11), 2, B.AddDays(3)),
    ];

    [Fact]
    public async Task The_public_column_lists_public_tickets_a_department_answered_or_resolved_newest_public_step_first()
    {
        await ApplyAsync(PublicColumn());

        Assert.Equal(["p-3", "p-2", "p-1"], await PublicIdsAsync(null));
        var column = await Model.PublicAsync(null, null, 10, None);
        Assert.Equal(new PublicTicketListing("p-1", TicketKinds.Help, "路灯不亮", "文三路 the street lights have been out for a week", "330106",
            "roads", TicketStatuses.Answered, Xihu, null, B, B.AddHours(2), ReplyText, null, Ms(B.AddHours(2))), column[2]);
        // A private reply is no answer of the column; the resolution is.
        Assert.Equal((TicketStatuses.Resolved, (string?)null, (DateTimeOffset?)null, ResolutionText, Ms(B.AddHours(3))),
            (column[1].Status, column[1].Answer, column[1].AnsweredAt, column[1].Resolution, column[1].PublicMs));
        // Closing is no public step: the column keeps the resolution's time.
        Assert.Equal((TicketStatuses.Closed, ReplyText, ResolutionText, Ms(B.AddHours(4))),
            (column[0].Status, column[0].Answer, column[0].Resolution, column[0].PublicMs));
        Assert.Equal(["p-2"], await PublicIdsAsync(null, (column[0].PublicMs, column[0].TicketId), 1));
    }

    [Fact]
    public async Task The_public_column_shows_the_citizens_name_only_when_the_citizen_allowed_it()
    {
        await ApplyAsync(PublicColumn());

        var names = (await Model.PublicAsync(null, null, 10, None)).Select(t => (t.TicketId, t.CitizenName));
        Assert.Equal([("p-3", (string?)null), ("p-2", "老李"), ("p-1", null)], names);
    }

    [Theory]
    [InlineData("330000", new[] { "p-3", "p-2", "p-1" })]
    [InlineData("330100", new[] { "p-3", "p-1" })]
    [InlineData("330106", new[] { "p-1" })]
    [InlineData("330500", new[] { "p-2" })]
    [InlineData("330523", new[] { "p-2" })]
    [InlineData("330105", new string[0])]
    public async Task The_public_column_of_a_region_includes_its_children_and_a_county_not_its_city(string region, string[] expected)
    {
        await ApplyAsync(PublicColumn());

        Assert.Equal(expected, await PublicIdsAsync(region));
    }

    [Fact]
    public async Task A_ticket_made_private_leaves_the_public_column_and_comes_back_when_made_public_again()
    {
        await ApplyAsync(PublicColumn());

        await ApplyAsync(MadePrivate("p-1", B.AddHours(12)));
        Assert.Equal(["p-3", "p-2"], await PublicIdsAsync(null));
        Assert.Equal(["p-3"], await PublicIdsAsync("330100"));
        Assert.False((await Model.QueueAsync(Xihu, TicketStatuses.Answered, false, null, 10, None)).Single(t => t.TicketId == "p-1").Public);

        await ApplyAsync(MadePrivate("p-1", B.AddHours(13), isPublic: true));
        Assert.Equal(["p-3", "p-2", "p-1"], await PublicIdsAsync(null));
    }

    // ---- The SLA sweep ----

    /// <summary>Now is <see cref="N"/>; every ticket's clock chosen around it.</summary>
    private static readonly DateTimeOffset N = C(11, 12, 10);

    private static ITicketEvent[] DueSet() =>
    [
        Filed("d-acc", N.AddDays(-2), acceptDue: N.AddHours(-1)),
        Filed("d-acc-later", N.AddHours(-2), acceptDue: N.AddHours(1)),
        Filed("d-acc-l1", N.AddDays(-4), acceptDue: N.AddDays(-3)), Escalated("d-acc-l1", 1, TicketStages.Acceptance, null, N.AddDays(-3), N.AddDays(-3)),
        .. Working("d-reply", Xihu, N.AddDays(-3), N.AddMinutes(-1)),
        .. Working("d-exact", Xihu, N.AddDays(-3), N),
        .. Working("d-res", Xihu, N.AddDays(-4), N.AddDays(-2)), Replied("d-res", Xihu, N.AddDays(-3), N.AddHours(-2)),
        // The first reply was due two days after assignment: level 2 is two days after level 1.
        .. Working("d-l1", Xihu, N.AddDays(-5).AddHours(-1), N.AddDays(-3)), Escalated("d-l1", 1, TicketStages.FirstReply, Hangzhou, N.AddDays(-3), N.AddDays(-3)),
        .. Working("d-l1-later", Xihu, N.AddDays(-3).AddHours(-1), N.AddDays(-1)),
        Escalated("d-l1-later", 1, TicketStages.FirstReply, Hangzhou, N.AddDays(-1), N.AddDays(-1)),
        .. Working("d-l2", Xihu, N.AddDays(-9).AddHours(-1), N.AddDays(-8)), Escalated("d-l2", 1, TicketStages.FirstReply, Hangzhou, N.AddDays(-8), N.AddDays(-7)),
        Escalated("d-l2", 2, TicketStages.FirstReply, Zhejiang, N.AddDays(-8), N.AddDays(-7)),
        .. Working("d-fb", Xihu, N.AddDays(-9), N.AddDays(-7)), Replied("d-fb", Xihu, N.AddDays(-8), N.AddDays(-3)),
        Resolved("d-fb", Xihu, N.AddDays(-7), N.AddHours(-3)),
        .. Working("d-fb-later", Xihu, N.AddDays(-9), N.AddDays(-7)), Replied("d-fb-later", Xihu, N.AddDays(-8), N.AddDays(-3)),
        Resolved("d-fb-later", Xihu, N.AddDays(-5), N.AddDays(2)),
        .. Working("d-closed", Xihu, N.AddDays(-9), N.AddDays(-7)), Replied("d-closed", Xihu, N.AddDays(-8), N.AddDays(-3)),
        Resolved("d-closed", Xihu, N.AddDays(-7), N.AddDays(-1)), ClosedByItself("d-closed", N.AddDays(-1)),
        Filed("d-rej", N.AddDays(-5), acceptDue: N.AddDays(-4)), Rejected("d-rej", N.AddDays(-3)),
        Filed("d-dup", N.AddDays(-5), acceptDue: N.AddDays(-4)), Escalated("d-dup", 1, TicketStages.Acceptance, null, N.AddDays(-4), N.AddDays(-4)),
        Duplicate("d-dup", "d-acc", N.AddDays(-3)),
    ];

    [Fact]
    public async Task The_sweep_finds_exactly_the_tickets_with_something_due_soonest_first()
    {
        await ApplyAsync(DueSet());

        Assert.Equal(["d-acc-l1", "d-l1", "d-fb", "d-res", "d-acc", "d-reply", "d-exact"], await DueIdsAsync(N));
        Assert.Equal(["d-acc-l1", "d-l1", "d-fb"], await DueIdsAsync(N, 3));
        Assert.Equal(["d-acc-l1", "d-l1", "d-fb", "d-res", "d-acc", "d-reply"], await DueIdsAsync(N.AddMilliseconds(-1)));
    }

    [Fact]
    public async Task A_ticket_past_its_second_level_or_final_is_never_swept_again()
    {
        await ApplyAsync(DueSet());

        Assert.Equal(["d-acc-l1", "d-l1", "d-fb", "d-res", "d-acc", "d-reply", "d-exact", "d-acc-later", "d-l1-later", "d-fb-later"],
            await DueIdsAsync(N.AddYears(10)));
    }

    [Fact]
    public async Task At_any_time_the_sweep_lists_a_ticket_exactly_when_its_own_clock_decides_something()
    {
        var events = DueSet();
        await ApplyAsync(events);
        var states = events.GroupBy(e => e.TicketId.Value)
            .ToDictionary(g => g.Key, g => g.Aggregate(HelpTicketState.Empty(g.Key), (s, e) => s.Apply(e)));

        foreach (var now in new[] { N.AddDays(-3), N.AddDays(-1), N.AddHours(-2), N, N.AddHours(1), N.AddDays(1), N.AddDays(2), N.AddYears(1) })
        {
            var owed = states.Where(s => s.Value.Decide(new CheckTicketSla(new TicketId(s.Key), now)).Events.Count > 0).Select(s => s.Key).Order();
            Assert.Equal(owed, (await DueIdsAsync(now)).Order());
        }
    }

    [Fact]
    public async Task One_sweep_tells_every_due_ticket_once_to_check_its_clock_a_page_at_a_time()
    {
        // More than two pages, several tickets due at the same time (the cursor's tie on the id), and one not yet due.
        var count = TicketSlaWorker.BatchSize * 2 + 7;
        var ids = Enumerable.Range(0, count).Select(i => $"w-{i:D4}").ToArray();
        await ApplyAsync([.. ids.SelectMany((id, i) => Working(id, Xihu, B.AddDays(-3), N.AddMinutes(-(i % 5)))), .. Working("w-later", Xihu, B, N.AddMinutes(1))]);
        var checks = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var system = Akka.Actor.ActorSystem.Create("sweep-spec");
        var region = system.ActorOf(Akka.Actor.Props.Create(() => new CheckRecorder(checks)));

        var swept = await TicketSlaWorker.SweepOnceAsync(Model, () => Task.FromResult(region), N, None);

        Assert.Equal(count, swept.Checked);
        Assert.Equal(ids, checks.Order(StringComparer.Ordinal));
    }

    /// <summary>Stands for the tickets' shard region: answers each check, and keeps which ticket it was for.</summary>
    private sealed class CheckRecorder : Akka.Actor.ReceiveActor
    {
        public CheckRecorder(System.Collections.Concurrent.ConcurrentQueue<string> checks) =>
            Receive<CheckTicketSla>(check =>
            {
                checks.Enqueue(check.TicketId.Value);
                Sender.Tell(new object(), Self);
            });
    }

    [Fact]
    public async Task A_level_one_escalation_moves_the_next_check_to_the_second_level_and_the_second_ends_the_checks()
    {
        var start = N.AddDays(-2);
        await ApplyAsync(Working("e-1", Xihu, start.AddHours(-1), N));
        Assert.Equal(["e-1"], await DueIdsAsync(N));

        await ApplyAsync(Escalated("e-1", 1, TicketStages.FirstReply, Hangzhou, N, N));
        Assert.Empty(await DueIdsAsync(N.AddDays(2).AddMilliseconds(-1)));
        Assert.Equal(["e-1"], await DueIdsAsync(N.AddDays(2)));

        await ApplyAsync(Escalated("e-1", 2, TicketStages.FirstReply, Zhejiang, N, N.AddDays(2)));
        Assert.Empty(await DueIdsAsync(N.AddYears(1)));
        var listing = Assert.Single(await Model.QueueAsync(Xihu, null, false, null, 10, None));
        Assert.Equal((2, N, Ms(N)), (listing.EscalationLevel, listing.DueAt!.Value, listing.QueueKey));
    }

    // ---- Figures ----

    private static readonly DateTimeOffset From = C(11, 1, 0);
    private static readonly DateTimeOffset To = C(12, 1, 0);
    private static readonly DateTimeOffset Now = C(11, 20, 12);

    /// <summary>November's tickets (first reply hours after filing in brackets): s-1 Xihu closed satisfied 5 [4]; s-2 Xihu
    /// reopened with 2, its new reply overdue [10]; s-3 Gongshu closed by itself [6]; s-4 Xihu never reviewed, overdue;
    /// s-5 Xihu assigned, not yet due; s-6 Xihu resolved, past its quiet period but not closed yet [24]; s-7 Hangzhou city,
    /// filed and closed just after midnight in China, satisfied 4 [2]; s-8 Anji (Huzhou) closed satisfied 3 [3]; s-10 Xihu
    /// duplicate; s-11 Xihu answered, its resolution overdue [8]; s-12 Xihu rejected; s-14 Xihu transferred to Gongshu.
    /// Outside the window: s-9 (October) and s-13 (filed exactly at its end).</summary>
    private static ITicketEvent[] November() =>
    [
        Filed("s-1", C(11, 2, 10)), Accepted("s-1", C(11, 2, 11)), Assigned("s-1", Xihu, C(11, 2, 11), C(11, 4, 11)),
        Replied("s-1", Xihu, C(11, 2, 14), C(11, 9, 14)), Resolved("s-1", Xihu, C(11, 3, 10), C(11, 10, 10)), Satisfied("s-1", C(11, 4, 9), 5),

        Filed("s-2", C(11, 2, 20)), Accepted("s-2", C(11, 2, 21)), Assigned("s-2", Xihu, C(11, 2, 21), C(11, 4, 21)),
        Replied("s-2", Xihu, C(11, 3, 6), C(11, 10, 6)), Resolved("s-2", Xihu, C(11, 3, 12), C(11, 10, 12)), Reopened("s-2", Xihu, C(11, 5, 10), 2, C(11, 7, 10)),

        Filed("s-3", C(11, 5, 9), "330105"), Accepted("s-3", C(11, 5, 10)), Assigned("s-3", Gongshu, C(11, 5, 10), C(11, 7, 10)),
        Replied("s-3", Gongshu, C(11, 5, 15), C(11, 12, 15)), Resolved("s-3", Gongshu, C(11, 6, 10), C(11, 13, 10)), ClosedByItself("s-3", C(11, 13, 10)),

        Filed("s-4", C(11, 10, 10), acceptDue: C(11, 11, 10)),

        Filed("s-5", C(11, 18, 10)), Accepted("s-5", C(11, 18, 11)), Assigned("s-5", Xihu, C(11, 18, 11), C(11, 25, 11)),

        Filed("s-6", C(11, 12, 10)), Accepted("s-6", C(11, 12, 11)), Assigned("s-6", Xihu, C(11, 12, 11), C(11, 14, 11)),
        Replied("s-6", Xihu, C(11, 13, 10), C(11, 20, 10)), Resolved("s-6", Xihu, C(11, 14, 10), C(11, 19, 10)),

        Filed("s-7", C(11, 9, 0, 30), "330100"), Accepted("s-7", C(11, 9, 1)), Assigned("s-7", Hangzhou, C(11, 9, 1), C(11, 11, 1)),
        Replied("s-7", Hangzhou, C(11, 9, 2, 30), C(11, 16, 2, 30)), Resolved("s-7", Hangzhou, C(11, 9, 5), C(11, 16, 5)), Satisfied("s-7", C(11, 10, 0, 30), 4),

        Filed("s-8", C(11, 3, 10), "330523"), Accepted("s-8", C(11, 3, 11)), Assigned("s-8", Anji, C(11, 3, 11), C(11, 5, 11)),
        Replied("s-8", Anji, C(11, 3, 13), C(11, 10, 13)), Resolved("s-8", Anji, C(11, 4, 10), C(11, 11, 10)), Satisfied("s-8", C(11, 5, 10), 3),

        Filed("s-9", C(10, 31, 10)), Accepted("s-9", C(10, 31, 11)), Assigned("s-9", Xihu, C(10, 31, 11), C(11, 2, 11)),
        Replied("s-9", Xihu, C(10, 31, 12), C(11, 7, 12)), Resolved("s-9", Xihu, C(11, 1, 10), C(11, 8, 10)), Satisfied("s-9", C(11, 2, 10), 1),

        Filed("s-10", C(11, 15, 10)), Duplicate("s-10", "s-1", C(11, 15, 11)),

        Filed("s-11", C(11, 16, 10)), Accepted("s-11", C(11, 16, 11)), Assigned("s-11", Xihu, C(11, 16, 11), C(11, 18, 11)),
        Replied("s-11", Xihu, C(11, 16, 18), C(11, 19, 18)),

        Filed("s-12", C(11, 20, 9)), Rejected("s-12", C(11, 20, 10)),

        Filed("s-13", To),

        Filed("s-14", C(11, 19, 10)), Accepted("s-14", C(11, 19, 11)), Assigned("s-14", Xihu, C(11, 19, 11), C(11, 21, 11)),
        Assigned("s-14", Gongshu, C(11, 19, 15), C(11, 21, 15), from: Xihu),
    ];

    private static void Figures(TicketFigures expected, TicketFigures actual, string what)
    {
        Assert.True(expected.Received == actual.Received, $"{what}: received {actual.Received}, expected {expected.Received}");
        Assert.True(expected.Closed == actual.Closed, $"{what}: closed {actual.Closed}, expected {expected.Closed}");
        Assert.True(Math.Abs(expected.CompletionRate - actual.CompletionRate) < 1e-12, $"{what}: completion {actual.CompletionRate}, expected {expected.CompletionRate}");
        Assert.True(expected.MedianHoursToFirstReply == actual.MedianHoursToFirstReply,
            $"{what}: median {actual.MedianHoursToFirstReply}, expected {expected.MedianHoursToFirstReply}");
        Assert.True(expected.Overdue == actual.Overdue, $"{what}: overdue {actual.Overdue}, expected {expected.Overdue}");
        Assert.True(expected.Rated == actual.Rated, $"{what}: rated {actual.Rated}, expected {expected.Rated}");
        Assert.True(expected.Satisfied == actual.Satisfied, $"{what}: satisfied {actual.Satisfied}, expected {expected.Satisfied}");
        Assert.True(expected.AverageRating is null ? actual.AverageRating is null : Math.Abs(expected.AverageRating.Value - (actual.AverageRating ?? double.NaN)) < 1e-12,
            $"{what}: average rating {actual.AverageRating}, expected {expected.AverageRating}");
    }

    [Fact]
    public async Task The_figures_of_a_city_count_its_counties_tickets_received_in_the_window()
    {
        await ApplyAsync(November());

        var stats = await Model.StatsAsync("330100", From, To, Now, None);

        // Received: s-1 to s-7, s-10, s-11, s-12, s-14. Closed: s-1, s-3, s-7. First replies 2, 4, 6, 8, 10, 24 hours (an
        // even count: the mean of 6 and 8). Overdue: s-2 (reopened), s-4 (review), s-11 (resolution); not s-6, which waits for
        // the citizen. Rated: s-1 (5), s-2 (2), s-7 (4); satisfied s-1 and s-7.
        Figures(new TicketFigures(11, 3, 3d / 11, 7, 3, 3, 2, 11d / 3), stats.Total, "Hangzhou");
    }

    [Fact]
    public async Task The_figures_of_all_regions_count_every_ticket_received_in_the_window_and_the_province_is_all_regions()
    {
        await ApplyAsync(November());

        var all = await Model.StatsAsync(null, From, To, Now, None);
        var province = await Model.StatsAsync("330000", From, To, Now, None);

        // Hangzhou's and s-8 in Anji. First replies 2, 3, 4, 6, 8, 10, 24 hours (an odd count: the middle one).
        Figures(new TicketFigures(12, 4, 4d / 12, 6, 3, 4, 3, 14d / 4), all.Total, "all");
        Assert.Equal(JsonSerializer.Serialize(all), JsonSerializer.Serialize(province));
    }

    [Fact]
    public async Task The_figures_of_a_county_leave_out_its_city_and_the_other_counties()
    {
        await ApplyAsync(November());

        var xihu = await Model.StatsAsync("330106", From, To, Now, None);

        // s-1, s-2, s-4, s-5, s-6, s-10, s-11, s-12, s-14; first replies 4, 8, 10, 24 hours.
        Figures(new TicketFigures(9, 1, 1d / 9, 9, 3, 2, 1, 3.5), xihu.Total, "Xihu");
        Figures(new TicketFigures(1, 1, 1, 3, 0, 1, 1, 3), (await Model.StatsAsync("330523", From, To, Now, None)).Total, "Anji");
    }

    [Fact]
    public async Task The_figures_by_department_count_each_ticket_under_the_department_that_has_it_now()
    {
        await ApplyAsync(November());

        var byDepartment = (await Model.StatsAsync("330100", From, To, Now, None)).ByDepartment;

        Assert.Equal([Hangzhou, Gongshu, Xihu], byDepartment.Select(d => d.DepartmentId));
        Figures(new TicketFigures(1, 1, 1, 2, 0, 1, 1, 4), byDepartment[0].Figures, Hangzhou);
        Figures(new TicketFigures(2, 1, 0.5, 6, 0, 0, 0, null), byDepartment[1].Figures, Gongshu);
        Figures(new TicketFigures(5, 1, 0.2, 9, 2, 2, 1, 3.5), byDepartment[2].Figures, Xihu);
        Assert.Equal([Hangzhou, Gongshu, Xihu, Anji], (await Model.StatsAsync(null, From, To, Now, None)).ByDepartment.Select(d => d.DepartmentId));
    }

    [Fact]
    public async Task The_daily_series_counts_receptions_and_closings_on_their_days_in_china()
    {
        await ApplyAsync(November());

        var daily = (await Model.StatsAsync("330100", From, To, Now, None)).Daily;

        // s-7 was filed at 00:30 on the 9th and closed at 00:30 on the 10th in Hangzhou (the 8th and the 9th in UTC); s-9,
        // received in October, closed on the 2nd: a day's closings are every ticket closed that day.
        Assert.Equal([
            new DailyTicketFigures(new DateOnly(2026, 11, 2), 2, 1),
            new DailyTicketFigures(new DateOnly(2026, 11, 4), 0, 1),
            new DailyTicketFigures(new DateOnly(2026, 11, 5), 1, 0),
            new DailyTicketFigures(new DateOnly(2026, 11, 9), 1, 0),
            new DailyTicketFigures(new DateOnly(2026, 11, 10), 1, 1),
            new DailyTicketFigures(new DateOnly(2026, 11, 12), 1, 0),
            new DailyTicketFigures(new DateOnly(2026, 11, 13), 0, 1),
            new DailyTicketFigures(new DateOnly(2026, 11, 15), 1, 0),
            new DailyTicketFigures(new DateOnly(2026, 11, 16), 1, 0),
            new DailyTicketFigures(new DateOnly(2026, 11, 18), 1, 0),
            new DailyTicketFigures(new DateOnly(2026, 11, 19), 1, 0),
            new DailyTicketFigures(new DateOnly(2026, 11, 20), 1, 0),
        ], daily.ToArray());
    }

    [Fact]
    public async Task A_window_with_parts_of_days_at_its_edges_counts_exactly_the_tickets_within_it()
    {
        // The whole day of the 3rd is read from its counters, the afternoon of the 2nd and the morning of the 4th from the tickets.
        await ApplyAsync(Filed("w-1", C(11, 2, 10)), Filed("w-2", C(11, 2, 14)), Filed("w-3", C(11, 3, 9)), Filed("w-4", C(11, 4, 9)),
            Filed("w-5", C(11, 4, 16)), Filed("c-1", C(10, 30, 9)), ClosedByItself("c-1", C(11, 2, 13)), Filed("c-2", C(10, 30, 9)),
            ClosedByItself("c-2", C(11, 2, 11)));

        var stats = await Model.StatsAsync(null, C(11, 2, 12), C(11, 4, 12), C(11, 4, 12), None);

        Assert.Equal(3, stats.Total.Received);
        Assert.Equal([new DailyTicketFigures(new DateOnly(2026, 11, 2), 1, 1), new DailyTicketFigures(new DateOnly(2026, 11, 3), 1, 0),
            new DailyTicketFigures(new DateOnly(2026, 11, 4), 1, 0)], stats.Daily.ToArray());
        Assert.Equal(1, (await Model.StatsAsync(null, C(11, 2, 9), C(11, 2, 11), C(11, 4, 12), None)).Total.Received);
    }

    [Fact]
    public async Task Counters_missing_from_an_older_database_are_filled_from_the_tickets_when_the_projection_starts()
    {
        await ApplyAsync(November());
        var counted = JsonSerializer.Serialize(await Model.StatsAsync(null, From, To, Now, None));
        await using (var connection = Database.CreateConnection())
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM help_ticket_daily";
            await command.ExecuteNonQueryAsync();
            Assert.Equal(0, (await Model.StatsAsync(null, From, To, Now, None)).Total.Received);

            await _projection.EnsureSchemaAsync(connection, None);
        }

        Assert.Equal(counted, JsonSerializer.Serialize(await Model.StatsAsync(null, From, To, Now, None)));
    }

    [Fact]
    public async Task The_window_includes_its_start_and_excludes_its_end()
    {
        await ApplyAsync(Filed("w-1", From), Filed("w-2", From.AddMilliseconds(-1)), Filed("w-3", To.AddMilliseconds(-1)), Filed("w-4", To));

        var stats = await Model.StatsAsync(null, From, To, From, None);

        Figures(new TicketFigures(2, 0, 0, null, 0, 0, 0, null), stats.Total, "window");
    }

    [Fact]
    public async Task The_figures_of_no_tickets_are_zero_with_no_median_and_no_average()
    {
        await ApplyAsync(November());

        var stats = await Model.StatsAsync("330200", From, To, Now, None);

        Figures(new TicketFigures(0, 0, 0, null, 0, 0, 0, null), stats.Total, "Ningbo");
        Assert.Empty(stats.ByDepartment);
        Assert.Empty(stats.Daily);
    }

    [Fact]
    public async Task A_ticket_reopened_then_closed_by_itself_keeps_the_citizens_last_feedback_in_the_figures()
    {
        await ApplyAsync(Filed("r-1", C(11, 2, 10)), Accepted("r-1", C(11, 2, 11)), Assigned("r-1", Xihu, C(11, 2, 11), C(11, 4, 11)),
            Replied("r-1", Xihu, C(11, 2, 14), C(11, 9, 14)), Resolved("r-1", Xihu, C(11, 3, 10), C(11, 10, 10)),
            Reopened("r-1", Xihu, C(11, 4, 10), 2, C(11, 6, 10)), Replied("r-1", Xihu, C(11, 5, 10), C(11, 12, 10)),
            Resolved("r-1", Xihu, C(11, 6, 10), C(11, 13, 10)), ClosedByItself("r-1", C(11, 13, 10)));

        var stats = await Model.StatsAsync(null, From, To, Now, None);

        Figures(new TicketFigures(1, 1, 1, 4, 0, 1, 0, 2), stats.Total, "reopened, then closed by itself");
    }

    [Fact]
    public async Task Overdue_is_counted_against_the_time_asked()
    {
        await ApplyAsync(November());

        // The running clocks of Xihu's open tickets: s-2's reopened reply due on the 7th at 10:00, s-4's review on the 11th
        // at 10:00, s-11's resolution on the 19th at 18:00, s-5's and s-14's replies after the 20th.
        Assert.Equal(0, (await Model.StatsAsync("330106", From, To, C(11, 7, 9, 59), None)).Total.Overdue);
        Assert.Equal(1, (await Model.StatsAsync("330106", From, To, C(11, 7, 10, 1), None)).Total.Overdue);
        Assert.Equal(2, (await Model.StatsAsync("330106", From, To, C(11, 19, 17, 59), None)).Total.Overdue);
        Assert.Equal(3, (await Model.StatsAsync("330106", From, To, C(11, 19, 18, 1), None)).Total.Overdue);
        Assert.Equal(5, (await Model.StatsAsync("330106", From, To, C(11, 26, 0), None)).Total.Overdue);
    }

    // ---- Replays ----

    [Fact]
    public async Task A_batch_applied_again_changes_nothing()
    {
        var first = await ApplyAsync([.. November(), .. PublicColumn()]);
        var second = await ApplyAsync(
            Escalated("s-5", 1, TicketStages.FirstReply, Hangzhou, C(11, 25, 11), C(11, 25, 11)),
            Escalated("s-5", 2, TicketStages.FirstReply, Zhejiang, C(11, 25, 11), C(12, 2, 11)),
            MadePrivate("p-1", B.AddHours(12)), Replied("s-2", Xihu, C(11, 21, 10), C(11, 28, 10)),
            ClosedByItself("s-6", C(11, 21, 9)));
        var before = await SnapshotAsync();

        await ApplyAsync(_projection, second);
        Assert.Equal(before, await SnapshotAsync());

        await ApplyAsync(_projection, first);
        await ApplyAsync(_projection, second);
        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(7L, await Model.LastSeqAsync("s-2", None));
        Assert.Equal(5L, await Model.LastSeqAsync("s-5", None));
    }

    /// <summary>Everything the queries answer, as JSON.</summary>
    private async Task<string> SnapshotAsync()
    {
        var model = Model;
        var answers = new List<object>();
        foreach (var department in new[] { Xihu, Gongshu, Hangzhou, Zhejiang, Anji })
        {
            answers.Add(await model.QueueAsync(department, null, false, null, 100, None));
            answers.Add(await model.QueueAsync(department, null, true, null, 100, None));
        }
        answers.Add(await model.ReviewQueueAsync(null, 100, None));
        answers.Add(await model.FiledByAsync("u-citizen", null, 100, None));
        foreach (var region in new string?[] { null, "330100", "330106", "330500" })
        {
            answers.Add(await model.PublicAsync(region, null, 100, None));
            answers.Add(await model.StatsAsync(region, From, To, Now, None));
        }
        // Tickets due at the same time come in no particular order.
        foreach (var now in new[] { N, Now, To, To.AddYears(1) })
            answers.Add((await model.DueAsync(now, null, 100, None)).Select(d => d.TicketId).Order(StringComparer.Ordinal).ToList());
        return JsonSerializer.Serialize(answers);
    }
}

public sealed class SqliteTicketReadModelSpecs : TicketReadModelSpecs
{
    protected override StorageOptions Storage { get; } = new();
}

/// <summary>Needs COMMUNITY_TEST_POSTGRES (ops/test.sh sets it).</summary>
public sealed class PostgresTicketReadModelSpecs : TicketReadModelSpecs
{
    private readonly PostgresDatabase _postgres = new();

    protected override StorageOptions Storage => new() { Provider = StorageOptions.Postgres, ConnectionString = _postgres.ConnectionString };

    public override Task InitializeAsync() => _postgres.InitializeAsync();

    public override async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        await base.DisposeAsync();
    }
}
