using Akka.Actor;
using Akka.Persistence.Query;
using Community.Cluster.Creators;
using Community.Cluster.Hosting;
using Community.Cluster.Persistence;
using Community.Cluster.Projections;
using Community.Cluster.Tests.Support;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Contracts.Users;
using Community.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using static Community.Cluster.Projections.ProjectionOffsets;

namespace Community.Cluster.Tests.Creators;

/// <summary>The creators' stats on each storage: views and shares from the behavior log, likes and follows from the
/// readers' journal, works from the accounts' journal, counted once each into per-work, per-day and total numbers; the
/// tasks' progress counted within their windows; the publisher telling the accounts, which complete or fail tasks.</summary>
public abstract class CreatorStatsSpecs : ProjectionSpec
{
    private static readonly CreatorId Anji = new("cr-anji");
    private static readonly DateTimeOffset Day1 = new(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(8));

    private CreatorStatsReadModel Model => new(Database);

    private async Task CreatorEventsAsync(params ICreatorEvent[] events)
    {
        var batch = events.Select(e => Next(e, $"creator-{e.CreatorId.Value}", AreaTagger.TagOf<ICreatorEvent>())).ToArray();
        await ApplyAsync(new CreatorReadModelProjection(), batch);
        await ApplyAsync(new CreatorStatsFromWorks(), batch);
    }

    private Task ReaderEventsAsync(params (UserId Reader, IUserEvent Event)[] events) =>
        ApplyAsync(new CreatorStatsFromReaders(), [.. events.Select(e => Next(e.Event, $"user-{e.Reader.Value}", AreaTagger.TagOf<IUserEvent>()))]);

    private Task TaskEventsAsync(params TaskDefined[] events) =>
        ApplyAsync(new CreatorTasksProjection(), [.. events.Select(e => Next(e, $"task-{e.TaskId}", AreaTagger.TagOf<ITaskEvent>()))]);

    // The behavior log as Community.Recommender's ingestion writes it (the consumer's contract is this table).
    private async Task LogAsync(params (string Kind, string ItemKind, string ItemId, DateTimeOffset At)[] rows)
    {
        var log = CreatorStatsFromBehavior.BehaviorLogOf(Database);
        await using var connection = log.CreateConnection();
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = log.IsPostgres
                ? """
                  CREATE TABLE IF NOT EXISTS behavior_events (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at_ms BIGINT NOT NULL,
                    received_ms BIGINT NOT NULL, user_id TEXT NULL, kind TEXT NOT NULL, item_kind TEXT NOT NULL, item_id TEXT NOT NULL, ms INTEGER NULL)
                  """
                : """
                  CREATE TABLE IF NOT EXISTS behavior_events (id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL,
                    user_id TEXT NULL, kind TEXT NOT NULL, item_kind TEXT NOT NULL, item_id TEXT NOT NULL, ms INTEGER NULL)
                  """;
            await create.ExecuteNonQueryAsync();
        }
        foreach (var (kind, itemKind, itemId, at) in rows)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO behavior_events (at_ms, received_ms, user_id, kind, item_kind, item_id) VALUES (@at, @at, NULL, @kind, @itemKind, @item)";
            AddParameter(insert, "@at", at.ToUnixTimeMilliseconds());
            AddParameter(insert, "@kind", kind);
            AddParameter(insert, "@itemKind", itemKind);
            AddParameter(insert, "@item", itemId);
            await insert.ExecuteNonQueryAsync();
        }
    }

    private async Task CountLogAsync()
    {
        var consumer = new CreatorStatsFromBehavior(Database, CreatorStatsFromBehavior.BehaviorLogOf(Database), NullLogger.Instance);
        while (await consumer.RunOnceAsync(CancellationToken.None) > 0) { }
    }

    private async Task<(string Older, string Newer)> PublishedAccountAsync(CreatorId creator, string regionCode, DateTimeOffset at)
    {
        var older = CreatorSamples.WorkId(creator.Value);
        var newer = CreatorSamples.WorkId(creator.Value);
        var owner = new UserId("u-" + creator.Value);
        await CreatorEventsAsync(
            new CreatorRegistered(creator, owner, "安吉发布", OrgTypes.CountyMediaCenter, regionCode, at),
            new CreatorVerificationDecided(creator, true, "ok", new UserId("u-mod"), at),
            new WorkCreated(creator, older, owner, WorkKinds.Article, CreatorSamples.Text, [Tiers.County], regionCode, at),
            new WorkPublished(creator, older, owner, [Tiers.County], regionCode, at),
            new WorkCreated(creator, newer, owner, WorkKinds.Article, CreatorSamples.Text, [Tiers.County], regionCode, at.AddHours(1)),
            new WorkPublished(creator, newer, owner, [Tiers.County], regionCode, at.AddHours(1)));
        return (older, newer);
    }

    [Fact]
    public async Task Views_and_shares_of_the_log_are_counted_once_per_work_per_day_and_in_total()
    {
        var (older, newer) = await PublishedAccountAsync(Anji, "330523", Day1);
        await LogAsync(("view", "work", older, Day1.AddMinutes(5)), ("view", "work", older, Day1.AddDays(1)), ("share", "work", older, Day1.AddDays(1)),
            ("view", "work", newer, Day1.AddDays(1)), ("click", "work", newer, Day1.AddDays(1)), ("view", "post", "p-1", Day1),
            ("view", "work", CreatorSamples.WorkId("cr-nobody"), Day1));
        await CountLogAsync();
        await CountLogAsync();

        var stats = await Model.DashboardAsync(Anji.Value, "330523", Day1.AddDays(2), CancellationToken.None);
        Assert.Equal(new CreatorTotals(0, 2, 3, 0, 1, 0), stats.Totals);
        var byDate = stats.Daily.ToDictionary(d => d.Date);
        Assert.Equal(CreatorStatsReadModel.DailyDays, stats.Daily.Length);
        Assert.Equal((1L, 0L), (byDate[new DateOnly(2026, 11, 20)].Views, byDate[new DateOnly(2026, 11, 20)].Shares));
        Assert.Equal((2L, 1L), (byDate[new DateOnly(2026, 11, 21)].Views, byDate[new DateOnly(2026, 11, 21)].Shares));
        Assert.Equal(new[] { (older, 2L, 1L), (newer, 1L, 0L) }, stats.TopWorks.Select(w => (w.WorkId, w.Views, w.Shares)).ToArray());
    }

    [Fact]
    public async Task A_day_is_a_day_in_China()
    {
        var (older, _) = await PublishedAccountAsync(Anji, "330523", Day1);
        // 23:30 on the 20th in Hangzhou is 15:30 UTC; 00:30 on the 21st is 16:30 UTC the 20th.
        await LogAsync(("view", "work", older, new DateTimeOffset(2026, 11, 20, 15, 30, 0, TimeSpan.Zero)),
            ("view", "work", older, new DateTimeOffset(2026, 11, 20, 16, 30, 0, TimeSpan.Zero)));
        await CountLogAsync();

        var daily = (await Model.DashboardAsync(Anji.Value, "330523", Day1.AddDays(2), CancellationToken.None)).Daily.ToDictionary(d => d.Date);
        Assert.Equal((1L, 1L), (daily[new DateOnly(2026, 11, 20)].Views, daily[new DateOnly(2026, 11, 21)].Views));
    }

    [Fact]
    public async Task Likes_follows_and_withdrawals_move_the_numbers_both_ways()
    {
        var (older, newer) = await PublishedAccountAsync(Anji, "330523", Day1);
        var reader = new UserId("u-reader");
        var second = new UserId("u-2");
        await ReaderEventsAsync((reader, new WorkLikeChanged(reader, older, Anji, true, Day1)), (second, new WorkLikeChanged(second, older, Anji, true, Day1)),
            (reader, new WorkLikeChanged(reader, older, Anji, false, Day1.AddMinutes(1))), (reader, new CreatorFollowed(reader, Anji, Day1)),
            (second, new CreatorFollowed(second, Anji, Day1)), (second, new CreatorUnfollowed(second, Anji, Day1.AddMinutes(2))));
        await CreatorEventsAsync(new WorkWithdrawn(Anji, newer, new UserId("u-cr-anji"), "版权", Day1.AddHours(2)));

        var stats = await Model.DashboardAsync(Anji.Value, "330523", Day1.AddDays(1), CancellationToken.None);
        Assert.Equal(new CreatorTotals(1, 1, 0, 1, 0, 0), stats.Totals);
        var (work, likedByReader) = await Model.WorkAsync(older, reader.Value, CancellationToken.None);
        Assert.Equal((1L, false, true), (work!.Likes, likedByReader, (await Model.WorkAsync(older, "u-2", CancellationToken.None)).Liked));
    }

    [Fact]
    public async Task A_comment_recorded_twice_under_one_id_is_listed_and_counted_once()
    {
        var (older, _) = await PublishedAccountAsync(Anji, "330523", Day1);
        var reader = new UserId("u-reader");
        var comment = new WorkCommented(reader, older, Anji, "m-1", "小明", "拍得真好", Day1);
        await ReaderEventsAsync((reader, comment), (reader, comment with { At = Day1.AddMinutes(1) }),
            (reader, comment with { CommentId = "m-2", Text = "再来一张" }));

        var stats = await Model.DashboardAsync(Anji.Value, "330523", Day1.AddDays(1), CancellationToken.None);
        Assert.Equal(2L, stats.Totals.Comments);
        var comments = await Model.CommentsAsync(older, null, 10, CancellationToken.None);
        Assert.Equal(new[] { "拍得真好", "再来一张" }, comments.Select(c => c.Text).ToArray());
        Assert.Equal("再来一张", Assert.Single(await Model.CommentsAsync(older, comments[0].Position, 10, CancellationToken.None)).Text);
    }

    [Fact]
    public async Task A_tasks_progress_counts_its_metric_in_the_hours_of_its_window_for_the_accounts_of_its_audience()
    {
        var (older, _) = await PublishedAccountAsync(Anji, "330523", Day1);
        await PublishedAccountAsync(new CreatorId("cr-xihu"), "330106", Day1);
        var terms = CreatorTaskSpecs.Terms(target: 3) with { From = Day1.AddDays(1), To = Day1.AddDays(3), Audience = new TaskAudience([Tiers.County], ["330500"]) };
        await TaskEventsAsync(new TaskDefined(terms.TaskId, terms, new UserId("u-mod"), Day1));
        await LogAsync(("view", "work", older, Day1), ("view", "work", older, Day1.AddDays(1).AddMinutes(10)),
            ("view", "work", older, Day1.AddDays(2)), ("view", "work", older, Day1.AddDays(4)));
        await CountLogAsync();

        var anji = await Model.DashboardAsync(Anji.Value, "330523", Day1.AddDays(2), CancellationToken.None);
        var task = Assert.Single(anji.Tasks);
        Assert.Equal((terms.TaskId, 2L, TaskStatuses.Open), (task.Terms.TaskId, task.Progress, task.Status));
        Assert.Empty((await Model.DashboardAsync("cr-xihu", "330106", Day1.AddDays(2), CancellationToken.None)).Tasks);
        Assert.Empty((await Model.DashboardAsync(Anji.Value, "330523", Day1, CancellationToken.None)).Tasks);
    }

    [Fact]
    public async Task The_publisher_tells_accounts_once_per_change_completes_tasks_once_and_fails_the_short_ones_at_the_end()
    {
        var database = Database;
        var hits = new CreatorId("cr-hits");
        var quiet = new CreatorId("cr-quiet");
        var (hitWork, _) = await PublishedAccountAsync(hits, "330523", Day1);
        var (quietWork, _) = await PublishedAccountAsync(quiet, "330522", Day1);
        var terms = CreatorTaskSpecs.Terms(target: 2) with { From = Day1, To = Day1.AddDays(2) };
        await TaskEventsAsync(new TaskDefined(terms.TaskId, terms, new UserId("u-mod"), Day1));
        await LogAsync(("view", "work", hitWork, Day1.AddHours(1)), ("view", "work", hitWork, Day1.AddHours(2)),
            ("view", "work", quietWork, Day1.AddHours(1)));
        await CountLogAsync();

        await using var node = EntityNode.Start(database);
        foreach (var (creator, region) in new[] { (hits, "330523"), (quiet, "330522") })
        {
            var entity = node.Creator(creator.Value);
            await node.AskAsync<CommandAccepted>(entity, CreatorSamples.Register(creator.Value, "u-" + creator.Value, "安吉发布", region));
            await node.AskAsync<CommandAccepted>(entity, CreatorSamples.Verify(creator.Value));
            await node.AskAsync<CommandAccepted>(entity, CreatorSamples.Article(creator.Value, CreatorSamples.WorkId(creator.Value), "u-" + creator.Value, true));
        }
        var router = node.System.ActorOf(Props.Create(() => new ByCreator(node)));
        var publisher = new CreatorStatsPublisher(database, () => Task.FromResult(router), EntityNode.AskTimeout, NullLogger.Instance);
        var journal = new JournalTables(database);

        Assert.Equal(2, await publisher.TickAsync(Day1.AddDays(1), CancellationToken.None));
        Assert.Equal(0, await publisher.TickAsync(Day1.AddDays(1).AddSeconds(1), CancellationToken.None));
        var hitEvents = (await journal.EventsAsync("creator-cr-hits")).Select(e => e.Manifest).ToList();
        Assert.Equal(1, hitEvents.Count(m => m == "task-completed.v1"));
        Assert.Equal(1, hitEvents.Count(m => m == "incentive-granted.v1"));
        Assert.Contains("task-progressed.v1", (await journal.EventsAsync("creator-cr-quiet")).Select(e => e.Manifest));

        // The window ends: the account short of the target fails, the one that completed is left alone.
        await CreatorEventsAsync(new TaskCompleted(hits, terms.TaskId, terms.Title, terms.Metric, 2, 2, terms.Reward, Day1.AddDays(1)));
        await publisher.TickAsync(Day1.AddDays(2).AddMinutes(1), CancellationToken.None);
        await publisher.TickAsync(Day1.AddDays(2).AddMinutes(2), CancellationToken.None);
        Assert.Equal(1, (await journal.EventsAsync("creator-cr-quiet")).Count(e => e.Manifest == "task-failed.v1"));
        Assert.DoesNotContain("task-failed.v1", (await journal.EventsAsync("creator-cr-hits")).Select(e => e.Manifest));
        Assert.Equal(1, (await journal.EventsAsync("creator-cr-hits")).Count(e => e.Manifest == "incentive-granted.v1"));
    }

    /// <summary>Routes a creator command to its entity on the spec's node, as the shard region does.</summary>
    private sealed class ByCreator : ReceiveActor
    {
        public ByCreator(EntityNode node) => Receive<ICreatorCommand>(command => node.Creator(command.CreatorId.Value).Forward(command));
    }
}

public sealed class SqliteCreatorStatsSpecs : CreatorStatsSpecs
{
    protected override StorageOptions Storage { get; } = new();
}

/// <summary>Needs COMMUNITY_TEST_POSTGRES (ops/test.sh sets it).</summary>
public sealed class PostgresCreatorStatsSpecs : CreatorStatsSpecs
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
