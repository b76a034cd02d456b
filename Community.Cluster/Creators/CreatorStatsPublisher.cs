using System.Collections.Immutable;
using Akka.Actor;
using Community.Cluster.Persistence;
using Community.Cluster.Projections;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Microsoft.Extensions.Logging;
using static Community.Cluster.Projections.ProjectionOffsets;

namespace Community.Cluster.Creators;

/// <summary>
/// Tells accounts their numbers: each tick, every verified account whose totals moved since it was last told gets one
/// <see cref="PublishStats"/> with its totals and its open tasks' progress (so an account is written to at most once a
/// tick, never once per view), and every account of a task whose window has ended gets <see cref="ExpireTask"/>. Both
/// are driven by the read model, not by timers in memory: a restart, a hand-over or a passivated account loses nothing,
/// and a repeat is a no-op at the account.
/// </summary>
public sealed class CreatorStatsPublisher(JournalDatabase database, Func<Task<IActorRef>> creators, TimeSpan askTimeout, ILogger logger)
{
    public const int MaxAccountsPerTick = 500;
    private const int Parallelism = 16;

    private readonly CreatorStatsReadModel _stats = new(database);

    /// <summary>One round at <paramref name="now"/>; returns how many accounts were told something.</summary>
    public async Task<int> TickAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _stats.OpenAsync(cancellationToken);
        await CreatorReadModelProjection.EnsureTablesAsync(connection, cancellationToken);
        var tasks = await CreatorStatsReadModel.AllTasksAsync(connection, now, cancellationToken);
        var region = await creators();

        var dirty = await CreatorStatsReadModel.QueryAsync(connection, $"""
            SELECT t.creator_id, t.revision, d.region_code FROM creator_stats_totals t
            JOIN creator_directory d ON d.creator_id = t.creator_id
            WHERE t.revision > t.published_revision AND d.status = 'verified' ORDER BY t.creator_id LIMIT {MaxAccountsPerTick}
            """, [], r => (CreatorId: r.GetString(0), Revision: r.GetInt64(1), RegionCode: r.GetString(2)), cancellationToken);
        var told = 0;
        foreach (var account in dirty)
        {
            var (totals, _) = await CreatorStatsReadModel.TotalsAsync(connection, account.CreatorId, cancellationToken);
            var standings = new List<TaskStanding>();
            foreach (var listing in await _stats.TasksOfAsync(connection, account.CreatorId, account.RegionCode, now, cancellationToken))
                if (listing.Status == TaskStatuses.Open && now < listing.Terms.To)
                    standings.Add(new TaskStanding(listing.Terms, listing.Progress));
            if (!await SendAsync(region, new PublishStats(new CreatorId(account.CreatorId), totals, [.. standings], now))) continue;
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE creator_stats_totals SET published_revision = @revision WHERE creator_id = @creator AND published_revision < @revision";
            AddParameter(command, "@revision", account.Revision);
            AddParameter(command, "@creator", account.CreatorId);
            await command.ExecuteNonQueryAsync(cancellationToken);
            told++;
        }

        foreach (var terms in tasks.Where(t => t.To <= now))
        {
            if (await IsSweptAsync(connection, terms.TaskId, cancellationToken)) continue;
            var audience = (await CreatorStatsReadModel.QueryAsync(connection, """
                SELECT d.creator_id, d.region_code FROM creator_directory d
                LEFT JOIN creator_task_results r ON r.creator_id = d.creator_id AND r.task_id = @task
                WHERE d.status = 'verified' AND (r.status IS NULL OR r.status = 'open')
                """, [("@task", terms.TaskId)], r => (CreatorId: r.GetString(0), RegionCode: r.GetString(1)), cancellationToken))
                .Where(a => TaskState.InAudience(terms.Audience, a.RegionCode))
                .ToList();
            var all = true;
            foreach (var account in audience)
            {
                var progress = await CreatorStatsReadModel.ProgressAsync(connection, account.CreatorId, terms, cancellationToken);
                all &= await SendAsync(region, new ExpireTask(new CreatorId(account.CreatorId), new TaskStanding(terms, progress), now));
                told++;
            }
            // Until every account has ended the task it is swept again; the accounts already ended answer with a no-op.
            if (all)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "UPDATE creator_tasks SET swept = 1 WHERE task_id = @task";
                AddParameter(command, "@task", terms.TaskId);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        return told;
    }

    private static async Task<bool> IsSweptAsync(System.Data.Common.DbConnection connection, string taskId, CancellationToken cancellationToken) =>
        (await CreatorStatsReadModel.QueryAsync(connection, "SELECT swept FROM creator_tasks WHERE task_id = @task", [("@task", taskId)],
            r => Convert.ToInt32(r.GetValue(0)), cancellationToken)).FirstOrDefault() == 1;

    private async Task<bool> SendAsync(IActorRef region, ICreatorCommand command)
    {
        try
        {
            switch (await region.Ask<object>(command, askTimeout))
            {
                case CommandAccepted:
                    return true;
                case CommandRejected rejected:
                    // Refused for good (an account that is gone, a task that changed nothing): telling it again would not help.
                    logger.LogWarning("Creator stats: {Command} to {CreatorId} refused ({Reason}: {Detail})", command.GetType().Name,
                        command.CreatorId, rejected.Reason, rejected.Detail);
                    return true;
                default:
                    return false;
            }
        }
        catch (AskTimeoutException)
        {
            logger.LogWarning("Creator stats: {Command} to {CreatorId} timed out; told again next tick", command.GetType().Name, command.CreatorId);
            return false;
        }
    }
}

/// <summary>The creators' stats on one node (a cluster singleton): counts the behavior log every
/// <see cref="CountEvery"/> and tells accounts every <see cref="PublishEvery"/>.</summary>
public sealed class CreatorStatsWorker : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan CountEvery = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan PublishEvery = TimeSpan.FromSeconds(1);

    private sealed record Count;
    private sealed record Publish;
    private sealed record Done(string Job, int Handled, Exception? Error);

    private readonly CancellationTokenSource _stopping = new();
    private bool _counting;
    private bool _publishing;

    public ITimerScheduler Timers { get; set; } = null!;

    public CreatorStatsWorker(CreatorStatsFromBehavior behavior, CreatorStatsPublisher publisher, TimeProvider clock, ILogger logger)
    {
        Receive<Count>(_ =>
        {
            if (_counting) return;
            _counting = true;
            Run("count", () => behavior.RunOnceAsync(_stopping.Token));
        });
        Receive<Publish>(_ =>
        {
            if (_publishing) return;
            _publishing = true;
            Run("publish", () => publisher.TickAsync(clock.GetUtcNow(), _stopping.Token));
        });
        Receive<Done>(done =>
        {
            if (done.Error is not null) logger.LogWarning(done.Error, "Creator stats: {Job} failed; retrying", done.Job);
            if (done.Job == "count")
            {
                _counting = false;
                // A full batch means more is waiting: count on at once.
                if (done.Handled >= CreatorStatsFromBehavior.MaxBatch) Self.Tell(new Count());
            }
            else
            {
                _publishing = false;
            }
        });
    }

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("count", new Count(), CountEvery);
        Timers.StartPeriodicTimer("publish", new Publish(), PublishEvery);
    }

    protected override void PostStop() => _stopping.Cancel();

    private void Run(string job, Func<Task<int>> work) =>
        work().ContinueWith(t => new Done(job, t.IsCompletedSuccessfully ? t.Result : 0, t.Exception?.GetBaseException()),
            TaskScheduler.Default).PipeTo(Self);

    public static Props Props(CreatorStatsFromBehavior behavior, CreatorStatsPublisher publisher, TimeProvider clock, ILogger logger) =>
        Akka.Actor.Props.Create(() => new CreatorStatsWorker(behavior, publisher, clock, logger));
}
