using System.Data.Common;
using Akka.Persistence.Query;
using Community.Cluster.Persistence;
using Community.Cluster.Projections;
using Community.Contracts.Creators;
using Community.Contracts.Users;

namespace Community.Cluster.Creators;

/// <summary>
/// The tables of the creators' stats: counters per work, per account and hour, and per account, fed by three writers
/// that only ever add (so their order does not matter): <see cref="CreatorStatsFromWorks"/> (published works, tasks,
/// rewards), <see cref="CreatorStatsFromReaders"/> (likes, follows) and <see cref="CreatorStatsFromBehavior"/> (views,
/// shares). Every change of an account's totals raises its <c>revision</c>; the <see cref="CreatorStatsPublisher"/>
/// tells the account when its revision is ahead of the one it last told.
/// </summary>
public static class CreatorStatsTables
{
    /// <summary>Hours are UTC; days of the dashboard's daily series are days in China (UTC+8).</summary>
    public const long HourMs = 3_600_000;

    public static readonly TimeSpan DayOffset = TimeSpan.FromHours(8);

    public static long HourOf(long atMs) => atMs - ((atMs % HourMs) + HourMs) % HourMs;

    public static long HourOf(DateTimeOffset at) => HourOf(at.ToUnixTimeMilliseconds());

    public static async Task EnsureAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS creator_work_stats (
              work_id VARCHAR(200) NOT NULL PRIMARY KEY,
              creator_id VARCHAR(64) NOT NULL,
              status VARCHAR(20) NOT NULL,
              views BIGINT NOT NULL DEFAULT 0,
              likes BIGINT NOT NULL DEFAULT 0,
              shares BIGINT NOT NULL DEFAULT 0,
              comments BIGINT NOT NULL DEFAULT 0
            );
            CREATE INDEX IF NOT EXISTS creator_work_stats_creator ON creator_work_stats (creator_id, views);
            CREATE TABLE IF NOT EXISTS creator_work_likes (
              work_id VARCHAR(200) NOT NULL,
              user_id VARCHAR(64) NOT NULL,
              PRIMARY KEY (work_id, user_id)
            );
            CREATE TABLE IF NOT EXISTS creator_work_comments (
              comment_id VARCHAR(64) NOT NULL PRIMARY KEY,
              work_id VARCHAR(200) NOT NULL,
              user_id VARCHAR(64) NOT NULL,
              author_name VARCHAR(200) NOT NULL,
              text TEXT NOT NULL,
              at VARCHAR(40) NOT NULL,
              position BIGINT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS creator_work_comments_work ON creator_work_comments (work_id, position);
            CREATE TABLE IF NOT EXISTS creator_stats_hourly (
              creator_id VARCHAR(64) NOT NULL,
              hour_ms BIGINT NOT NULL,
              views BIGINT NOT NULL DEFAULT 0,
              likes BIGINT NOT NULL DEFAULT 0,
              shares BIGINT NOT NULL DEFAULT 0,
              comments BIGINT NOT NULL DEFAULT 0,
              followers BIGINT NOT NULL DEFAULT 0,
              works BIGINT NOT NULL DEFAULT 0,
              PRIMARY KEY (creator_id, hour_ms)
            );
            CREATE TABLE IF NOT EXISTS creator_stats_totals (
              creator_id VARCHAR(64) NOT NULL PRIMARY KEY,
              views BIGINT NOT NULL DEFAULT 0,
              likes BIGINT NOT NULL DEFAULT 0,
              shares BIGINT NOT NULL DEFAULT 0,
              comments BIGINT NOT NULL DEFAULT 0,
              followers BIGINT NOT NULL DEFAULT 0,
              works BIGINT NOT NULL DEFAULT 0,
              points BIGINT NOT NULL DEFAULT 0,
              revision BIGINT NOT NULL DEFAULT 0,
              published_revision BIGINT NOT NULL DEFAULT 0,
              last_seq BIGINT NOT NULL DEFAULT 0
            );
            CREATE TABLE IF NOT EXISTS creator_tasks (
              task_id VARCHAR(64) NOT NULL PRIMARY KEY,
              title VARCHAR(200) NOT NULL,
              terms TEXT NOT NULL,
              from_ms BIGINT NOT NULL,
              to_ms BIGINT NOT NULL,
              defined_at VARCHAR(40) NOT NULL,
              swept SMALLINT NOT NULL DEFAULT 0
            );
            CREATE TABLE IF NOT EXISTS creator_task_results (
              creator_id VARCHAR(64) NOT NULL,
              task_id VARCHAR(64) NOT NULL,
              status VARCHAR(20) NOT NULL,
              progress BIGINT NOT NULL,
              at VARCHAR(40) NOT NULL,
              PRIMARY KEY (creator_id, task_id)
            );
            CREATE TABLE IF NOT EXISTS creator_boosts (
              creator_id VARCHAR(64) NOT NULL,
              work_id VARCHAR(200) NOT NULL,
              task_id VARCHAR(64) NOT NULL,
              weight DOUBLE PRECISION NOT NULL,
              until_ms BIGINT NOT NULL,
              PRIMARY KEY (creator_id, work_id, task_id)
            );
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Adds to an account's counters of one hour and to its totals (raising its revision).</summary>
    public static async Task AddAsync(PreparedStatements statements, string creatorId, long hourMs, StatsDelta delta,
        CancellationToken cancellationToken)
    {
        if (delta.IsZero) return;
        await AddHourAsync(statements, creatorId, hourMs, delta, cancellationToken);
        await AddTotalsAsync(statements, creatorId, delta, 0, cancellationToken);
    }

    /// <summary>Adds to an account's counters of one hour only (the caller adds the sum to the totals).</summary>
    public static Task AddHourAsync(PreparedStatements statements, string creatorId, long hourMs, StatsDelta delta,
        CancellationToken cancellationToken) =>
        statements.ExecuteAsync("""
            INSERT INTO creator_stats_hourly (creator_id, hour_ms, views, likes, shares, comments, followers, works)
            VALUES (@creator, @hour, @views, @likes, @shares, @comments, @followers, @works)
            ON CONFLICT (creator_id, hour_ms) DO UPDATE SET
              views = creator_stats_hourly.views + excluded.views, likes = creator_stats_hourly.likes + excluded.likes,
              shares = creator_stats_hourly.shares + excluded.shares, comments = creator_stats_hourly.comments + excluded.comments,
              followers = creator_stats_hourly.followers + excluded.followers, works = creator_stats_hourly.works + excluded.works
            """,
            [
                ("@creator", creatorId), ("@hour", hourMs), ("@views", delta.Views), ("@likes", delta.Likes), ("@shares", delta.Shares),
                ("@comments", delta.Comments), ("@followers", delta.Followers), ("@works", delta.Works),
            ], cancellationToken);

    /// <summary>Adds to an account's totals only (the works count after a withdrawal, points).</summary>
    public static Task AddTotalsAsync(PreparedStatements statements, string creatorId, StatsDelta delta, long points,
        CancellationToken cancellationToken) =>
        statements.ExecuteAsync("""
            INSERT INTO creator_stats_totals (creator_id, views, likes, shares, comments, followers, works, points, revision)
            VALUES (@creator, @views, @likes, @shares, @comments, @followers, @works, @points, 1)
            ON CONFLICT (creator_id) DO UPDATE SET
              views = creator_stats_totals.views + excluded.views, likes = creator_stats_totals.likes + excluded.likes,
              shares = creator_stats_totals.shares + excluded.shares, comments = creator_stats_totals.comments + excluded.comments,
              followers = creator_stats_totals.followers + excluded.followers, works = creator_stats_totals.works + excluded.works,
              points = creator_stats_totals.points + excluded.points, revision = creator_stats_totals.revision + 1
            """,
            [
                ("@creator", creatorId), ("@views", delta.Views), ("@likes", delta.Likes), ("@shares", delta.Shares),
                ("@comments", delta.Comments), ("@followers", delta.Followers), ("@works", delta.Works), ("@points", points),
            ], cancellationToken);
}

/// <summary>Counts to add to an account's (or a work's) numbers.</summary>
public readonly record struct StatsDelta(long Views, long Likes, long Shares, long Comments, long Followers, long Works)
{
    public bool IsZero => this == default;

    public static StatsDelta operator +(StatsDelta a, StatsDelta b) =>
        new(a.Views + b.Views, a.Likes + b.Likes, a.Shares + b.Shares, a.Comments + b.Comments, a.Followers + b.Followers, a.Works + b.Works);
}

/// <summary>Stats from the accounts' own journal: a work counts from its publication (a reprint from its first mirror),
/// leaves the works count when withdrawn; tasks' results, points and boosts as the accounts recorded them.</summary>
public sealed class CreatorStatsFromWorks : IProjection
{
    public string Name => "creator-stats-works";

    public string Tag => AreaTagger.TagOf<ICreatorEvent>();

    public Task EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken) =>
        CreatorStatsTables.EnsureAsync(connection, cancellationToken);

    public async Task ApplyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EventEnvelope> batch,
        CancellationToken cancellationToken)
    {
        await using var statements = new PreparedStatements(connection, transaction);
        var lastSeqs = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var envelope in batch)
        {
            if (envelope.Event is ICreatorEvent creatorEvent) lastSeqs[creatorEvent.CreatorId.Value] = envelope.SequenceNr;
            switch (envelope.Event)
            {
                case WorkPublished e:
                    if (await TrackAsync(statements, e.WorkId, e.CreatorId.Value, cancellationToken))
                        await CreatorStatsTables.AddAsync(statements, e.CreatorId.Value, CreatorStatsTables.HourOf(e.At), new StatsDelta { Works = 1 },
                            cancellationToken);
                    break;
                case WorkWithdrawn e:
                    if (await WithdrawAsync(statements, e.WorkId, cancellationToken))
                        await CreatorStatsTables.AddTotalsAsync(statements, e.CreatorId.Value, new StatsDelta { Works = -1 }, 0, cancellationToken);
                    break;
                // A reprint's views and likes are the reprinter's; it is not one of the reprinter's own works.
                case ReprintFollowed { Withdrawn: false } e:
                    await TrackAsync(statements, e.ReprintId, e.CreatorId.Value, cancellationToken);
                    break;
                case ReprintFollowed e:
                    await statements.ExecuteAsync("UPDATE creator_work_stats SET status = 'withdrawn' WHERE work_id = @work",
                        [("@work", e.ReprintId)], cancellationToken);
                    break;
                case TaskProgressed e:
                    await ResultAsync(statements, e.CreatorId.Value, e.TaskId, TaskStatuses.Open, e.Progress, e.At, cancellationToken);
                    break;
                case TaskCompleted e:
                    await ResultAsync(statements, e.CreatorId.Value, e.TaskId, TaskStatuses.Completed, e.Progress, e.At, cancellationToken);
                    break;
                case TaskFailed e:
                    await ResultAsync(statements, e.CreatorId.Value, e.TaskId, TaskStatuses.Failed, e.Progress, e.At, cancellationToken);
                    break;
                case IncentiveGranted e:
                    if (e.Points > 0)
                        await CreatorStatsTables.AddTotalsAsync(statements, e.CreatorId.Value, default, e.Points, cancellationToken);
                    if (e.Boost is { } boost)
                        foreach (var workId in e.BoostedWorkIds)
                            await statements.ExecuteAsync("""
                                INSERT INTO creator_boosts (creator_id, work_id, task_id, weight, until_ms) VALUES (@creator, @work, @task, @weight, @until)
                                ON CONFLICT (creator_id, work_id, task_id) DO NOTHING
                                """, [("@creator", e.CreatorId.Value), ("@work", workId), ("@task", e.TaskId), ("@weight", boost.Weight),
                                ("@until", boost.Until.ToUnixTimeMilliseconds())], cancellationToken);
                    break;
            }
        }
        // How far the stats have read each account's stream: the dashboard's seq, so a client resuming from it misses no
        // effect on the numbers (the directory's seq may be ahead of the stats).
        foreach (var (creatorId, seq) in lastSeqs)
            await statements.ExecuteAsync("""
                INSERT INTO creator_stats_totals (creator_id, last_seq) VALUES (@creator, @seq)
                ON CONFLICT (creator_id) DO UPDATE SET last_seq = excluded.last_seq
                """, [("@creator", creatorId), ("@seq", seq)], cancellationToken);
    }

    // True when the work was not tracked yet (a publication is counted once).
    private static async Task<bool> TrackAsync(PreparedStatements statements, string workId, string creatorId, CancellationToken cancellationToken) =>
        (await statements.QueryAsync("""
            INSERT INTO creator_work_stats (work_id, creator_id, status) VALUES (@work, @creator, 'published')
            ON CONFLICT (work_id) DO NOTHING RETURNING work_id
            """, [("@work", workId), ("@creator", creatorId)], r => r.GetString(0), cancellationToken)).Count > 0;

    private static async Task<bool> WithdrawAsync(PreparedStatements statements, string workId, CancellationToken cancellationToken) =>
        (await statements.QueryAsync("""
            UPDATE creator_work_stats SET status = 'withdrawn' WHERE work_id = @work AND status = 'published' RETURNING work_id
            """, [("@work", workId)], r => r.GetString(0), cancellationToken)).Count > 0;

    private static Task ResultAsync(PreparedStatements statements, string creatorId, string taskId, string status, long progress,
        DateTimeOffset at, CancellationToken cancellationToken) =>
        statements.ExecuteAsync("""
            INSERT INTO creator_task_results (creator_id, task_id, status, progress, at) VALUES (@creator, @task, @status, @progress, @at)
            ON CONFLICT (creator_id, task_id) DO UPDATE SET status = excluded.status, progress = excluded.progress, at = excluded.at
            """, [("@creator", creatorId), ("@task", taskId), ("@status", status), ("@progress", progress),
            ("@at", CreatorReadModelProjection.Time(at))], cancellationToken);
}

/// <summary>Stats from the readers' journal: a like or unlike of a work (each reader once per work, the user entity sees
/// to it), a comment on a work (kept for the work's page; counted once per comment id), a follow or unfollow of an
/// account.</summary>
public sealed class CreatorStatsFromReaders : IProjection
{
    public string Name => "creator-stats-readers";

    public string Tag => AreaTagger.TagOf<IUserEvent>();

    public Task EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken) =>
        CreatorStatsTables.EnsureAsync(connection, cancellationToken);

    public async Task ApplyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EventEnvelope> batch,
        CancellationToken cancellationToken)
    {
        await using var statements = new PreparedStatements(connection, transaction);
        foreach (var envelope in batch)
        {
            switch (envelope.Event)
            {
                case WorkLikeChanged e:
                    var delta = e.Liked ? 1 : -1;
                    await statements.ExecuteAsync(e.Liked
                            ? "INSERT INTO creator_work_likes (work_id, user_id) VALUES (@work, @user) ON CONFLICT DO NOTHING"
                            : "DELETE FROM creator_work_likes WHERE work_id = @work AND user_id = @user",
                        [("@work", e.WorkId), ("@user", e.UserId.Value)], cancellationToken);
                    await statements.ExecuteAsync("UPDATE creator_work_stats SET likes = likes + @delta WHERE work_id = @work",
                        [("@delta", (long)delta), ("@work", e.WorkId)], cancellationToken);
                    await CreatorStatsTables.AddAsync(statements, e.CreatorId.Value, CreatorStatsTables.HourOf(e.At), new StatsDelta { Likes = delta },
                        cancellationToken);
                    break;
                case WorkCommented e:
                    var inserted = await statements.QueryAsync("""
                        INSERT INTO creator_work_comments (comment_id, work_id, user_id, author_name, text, at, position)
                        VALUES (@comment, @work, @user, @author, @text, @at, @position)
                        ON CONFLICT (comment_id) DO NOTHING RETURNING comment_id
                        """,
                        [
                            ("@comment", e.CommentId), ("@work", e.WorkId), ("@user", e.UserId.Value), ("@author", e.AuthorName),
                            ("@text", e.Text), ("@at", CreatorReadModelProjection.Time(e.At)), ("@position", ((Sequence)envelope.Offset).Value),
                        ], r => r.GetString(0), cancellationToken);
                    if (inserted.Count == 0) break;
                    await statements.ExecuteAsync("UPDATE creator_work_stats SET comments = comments + 1 WHERE work_id = @work",
                        [("@work", e.WorkId)], cancellationToken);
                    await CreatorStatsTables.AddAsync(statements, e.CreatorId.Value, CreatorStatsTables.HourOf(e.At), new StatsDelta { Comments = 1 },
                        cancellationToken);
                    break;
                case CreatorFollowed e:
                    await CreatorStatsTables.AddAsync(statements, e.CreatorId.Value, CreatorStatsTables.HourOf(e.At), new StatsDelta { Followers = 1 },
                        cancellationToken);
                    break;
                case CreatorUnfollowed e:
                    await CreatorStatsTables.AddAsync(statements, e.CreatorId.Value, CreatorStatsTables.HourOf(e.At), new StatsDelta { Followers = -1 },
                        cancellationToken);
                    break;
            }
        }
    }
}

/// <summary>The operators' tasks, from the tasks' journal. A new task marks every account of its audience as to be told,
/// so progress already made in its window (works published before it was defined) shows without waiting for a view.</summary>
public sealed class CreatorTasksProjection : IProjection
{
    public string Name => "creator-tasks";

    public string Tag => AreaTagger.TagOf<ITaskEvent>();

    public async Task EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await CreatorReadModelProjection.EnsureTablesAsync(connection, cancellationToken);
        await CreatorStatsTables.EnsureAsync(connection, cancellationToken);
    }

    public async Task ApplyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EventEnvelope> batch,
        CancellationToken cancellationToken)
    {
        await using var statements = new PreparedStatements(connection, transaction);
        foreach (var envelope in batch)
            if (envelope.Event is TaskDefined e)
            {
                await statements.ExecuteAsync("""
                    INSERT INTO creator_tasks (task_id, title, terms, from_ms, to_ms, defined_at) VALUES (@task, @title, @terms, @from, @to, @at)
                    ON CONFLICT (task_id) DO NOTHING
                    """,
                    [
                        ("@task", e.TaskId), ("@title", e.Terms.Title), ("@terms", CreatorStatsReadModel.TermsJson(e.Terms)),
                        ("@from", e.Terms.From.ToUnixTimeMilliseconds()), ("@to", e.Terms.To.ToUnixTimeMilliseconds()),
                        ("@at", CreatorReadModelProjection.Time(e.At)),
                    ], cancellationToken);
                var audience = await statements.QueryAsync("SELECT creator_id, region_code FROM creator_directory WHERE status = 'verified'", [],
                    r => (CreatorId: r.GetString(0), RegionCode: r.GetString(1)), cancellationToken);
                foreach (var account in audience.Where(a => TaskState.InAudience(e.Terms.Audience, a.RegionCode)))
                    await CreatorStatsTables.AddTotalsAsync(statements, account.CreatorId, default, 0, cancellationToken);
            }
    }
}
