using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Community.Cluster.Persistence;
using Community.Cluster.Projections;
using Community.Contracts.Creators;
using static Community.Cluster.Projections.ProjectionOffsets;

namespace Community.Cluster.Creators;

/// <summary>One day of an account's numbers (a day in China, UTC+8).</summary>
public sealed record DailyStats(DateOnly Date, long Views, long Likes, long Shares, long Comments, long Followers);

/// <summary>One work's numbers.</summary>
public sealed record WorkStats(string WorkId, string Status, long Views, long Likes, long Shares, long Comments);

/// <summary>A task as one account stands with it now: progress counted from the stats, status as the account recorded it.</summary>
public sealed record TaskProgressListing(TaskTerms Terms, long Progress, string Status);

public sealed record BoostListing(string WorkId, double Weight, DateTimeOffset Until);

/// <summary>A reader's comment on a work; <paramref name="Position"/> is the cursor of the next page.</summary>
public sealed record WorkComment(string CommentId, string UserId, string AuthorName, string Text, DateTimeOffset At, long Position);

/// <summary>What an account's dashboard shows of its numbers.</summary>
/// <param name="LastSeq">The account's last seq the stats have applied.</param>
public sealed record CreatorStats(
    CreatorTotals Totals, long Points, long LastSeq, ImmutableArray<DailyStats> Daily, ImmutableArray<WorkStats> TopWorks,
    ImmutableArray<TaskProgressListing> Tasks, ImmutableArray<BoostListing> Boosts);

/// <summary>Queries of the stats tables (<see cref="CreatorStatsTables"/>): the dashboard, a work's counts, what a task
/// has counted for an account. The tasks' progress is counted here at read time, by the hour, so the dashboard and the
/// publisher always agree.</summary>
public sealed class CreatorStatsReadModel(JournalDatabase database)
{
    public const int DailyDays = 30;
    public const int TopWorks = 20;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private volatile bool _schemaReady;

    internal async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        if (!_schemaReady)
        {
            await CreatorStatsTables.EnsureAsync(connection, cancellationToken);
            _schemaReady = true;
        }
        return connection;
    }

    public async Task<CreatorStats> DashboardAsync(string creatorId, string regionCode, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var (totals, points) = await TotalsAsync(connection, creatorId, cancellationToken);
        var lastSeq = (await QueryAsync(connection, "SELECT last_seq FROM creator_stats_totals WHERE creator_id = @creator", [("@creator", creatorId)],
            r => r.GetInt64(0), cancellationToken)).FirstOrDefault();

        var today = DayOf(now.ToUnixTimeMilliseconds());
        var first = today.AddDays(-(DailyDays - 1));
        var fromMs = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), CreatorStatsTables.DayOffset).ToUnixTimeMilliseconds();
        var days = new Dictionary<DateOnly, DailyStats>();
        foreach (var (hour, views, likes, shares, comments, followers) in await QueryAsync(connection, """
            SELECT hour_ms, views, likes, shares, comments, followers FROM creator_stats_hourly WHERE creator_id = @creator AND hour_ms >= @from
            """, [("@creator", creatorId), ("@from", fromMs)],
            r => (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5)), cancellationToken))
        {
            var day = DayOf(hour);
            var sum = days.GetValueOrDefault(day) ?? new DailyStats(day, 0, 0, 0, 0, 0);
            days[day] = sum with
            {
                Views = sum.Views + views, Likes = sum.Likes + likes, Shares = sum.Shares + shares, Comments = sum.Comments + comments,
                Followers = sum.Followers + followers,
            };
        }
        ImmutableArray<DailyStats> daily =
            [.. Enumerable.Range(0, DailyDays).Select(i => first.AddDays(i)).Select(d => days.GetValueOrDefault(d) ?? new DailyStats(d, 0, 0, 0, 0, 0))];

        var top = await QueryAsync(connection, $"""
            SELECT work_id, status, views, likes, shares, comments FROM creator_work_stats WHERE creator_id = @creator
            ORDER BY views DESC, work_id LIMIT {TopWorks}
            """, [("@creator", creatorId)], r => new WorkStats(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5)),
            cancellationToken);

        var tasks = await TasksOfAsync(connection, creatorId, regionCode, now, cancellationToken);
        var boosts = await QueryAsync(connection, """
            SELECT work_id, MAX(weight), MAX(until_ms) FROM creator_boosts WHERE creator_id = @creator AND until_ms > @now
            GROUP BY work_id ORDER BY work_id
            """, [("@creator", creatorId), ("@now", now.ToUnixTimeMilliseconds())],
            r => new BoostListing(r.GetString(0), r.GetDouble(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2))), cancellationToken);
        return new CreatorStats(totals, points, lastSeq, daily, [.. top], tasks, [.. boosts]);
    }

    /// <summary>A work's numbers and whether <paramref name="userId"/> likes it.</summary>
    public async Task<(WorkStats? Stats, bool Liked)> WorkAsync(string workId, string? userId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var stats = (await QueryAsync(connection, "SELECT work_id, status, views, likes, shares, comments FROM creator_work_stats WHERE work_id = @work",
            [("@work", workId)], r => new WorkStats(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5)),
            cancellationToken)).FirstOrDefault();
        var liked = userId is not null && (await QueryAsync(connection, "SELECT 1 FROM creator_work_likes WHERE work_id = @work AND user_id = @user",
            [("@work", workId), ("@user", userId)], r => 1, cancellationToken)).Count > 0;
        return (stats, liked);
    }

    /// <summary>A work's comments, oldest first, after <paramref name="after"/> (a position).</summary>
    public async Task<IReadOnlyList<WorkComment>> CommentsAsync(string workId, long? after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await QueryAsync(connection, $"""
            SELECT comment_id, user_id, author_name, text, at, position FROM creator_work_comments
            WHERE work_id = @work AND position > @after ORDER BY position LIMIT {limit}
            """, [("@work", workId), ("@after", after ?? 0)],
            r => new WorkComment(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
                DateTimeOffset.Parse(r.GetString(4), CultureInfo.InvariantCulture), r.GetInt64(5)), cancellationToken);
    }

    /// <summary>The tasks whose audience holds an account of <paramref name="regionCode"/> and whose window has started,
    /// with the account's progress and status; newest window first.</summary>
    internal async Task<ImmutableArray<TaskProgressListing>> TasksOfAsync(DbConnection connection, string creatorId, string regionCode,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var results = (await QueryAsync(connection, "SELECT task_id, status, progress FROM creator_task_results WHERE creator_id = @creator",
            [("@creator", creatorId)], r => (TaskId: r.GetString(0), Status: r.GetString(1), Progress: r.GetInt64(2)), cancellationToken))
            .ToDictionary(r => r.TaskId, StringComparer.Ordinal);
        var listings = new List<TaskProgressListing>();
        foreach (var terms in await AllTasksAsync(connection, now, cancellationToken))
        {
            if (!TaskState.InAudience(terms.Audience, regionCode)) continue;
            if (results.TryGetValue(terms.TaskId, out var result) && result.Status != TaskStatuses.Open)
            {
                listings.Add(new TaskProgressListing(terms, result.Progress, result.Status));
                continue;
            }
            listings.Add(new TaskProgressListing(terms, await ProgressAsync(connection, creatorId, terms, cancellationToken), TaskStatuses.Open));
        }
        return [.. listings];
    }

    /// <summary>Every task whose window has started by <paramref name="now"/>, newest window first.</summary>
    internal static async Task<IReadOnlyList<TaskTerms>> AllTasksAsync(DbConnection connection, DateTimeOffset now, CancellationToken cancellationToken) =>
        await QueryAsync(connection, "SELECT terms FROM creator_tasks WHERE from_ms <= @now ORDER BY from_ms DESC, task_id",
            [("@now", now.ToUnixTimeMilliseconds())], r => ParseTerms(r.GetString(0)), cancellationToken);

    /// <summary>What the account counted of the task's metric in the hours its window touches.</summary>
    internal static async Task<long> ProgressAsync(DbConnection connection, string creatorId, TaskTerms terms, CancellationToken cancellationToken)
    {
        var column = terms.Metric switch
        {
            TaskMetrics.Works => "works",
            TaskMetrics.Views => "views",
            TaskMetrics.Likes => "likes",
            TaskMetrics.Shares => "shares",
            TaskMetrics.Followers => "followers",
            _ => throw new ArgumentException($"Unknown metric {terms.Metric}."),
        };
        var sums = await QueryAsync(connection, $"""
            SELECT COALESCE(SUM({column}), 0) FROM creator_stats_hourly WHERE creator_id = @creator AND hour_ms >= @from AND hour_ms < @to
            """, [("@creator", creatorId), ("@from", CreatorStatsTables.HourOf(terms.From)), ("@to", terms.To.ToUnixTimeMilliseconds())],
            r => Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture), cancellationToken);
        return Math.Max(0, sums[0]);
    }

    internal static async Task<(CreatorTotals Totals, long Points)> TotalsAsync(DbConnection connection, string creatorId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(connection, """
            SELECT followers, works, views, likes, shares, comments, points FROM creator_stats_totals WHERE creator_id = @creator
            """, [("@creator", creatorId)],
            r => (new CreatorTotals(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5)), r.GetInt64(6)),
            cancellationToken);
        return rows.Count > 0 ? rows[0] : (CreatorTotals.Zero, 0);
    }

    internal static DateOnly DayOf(long atMs) =>
        DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(atMs).ToOffset(CreatorStatsTables.DayOffset).DateTime);

    internal static string TermsJson(TaskTerms terms) => JsonSerializer.Serialize(terms, Json);

    internal static TaskTerms ParseTerms(string json) => JsonSerializer.Deserialize<TaskTerms>(json, Json)!;

    internal static async Task<IReadOnlyList<T>> QueryAsync<T>(DbConnection connection, string sql, IReadOnlyList<(string, object?)> parameters,
        Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) AddParameter(command, name, value);
        return await command.ReadAllAsync(read, cancellationToken);
    }
}
