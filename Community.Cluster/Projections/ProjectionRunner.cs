using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Community.Cluster.Persistence;
using Community.Cluster.Telemetry;

namespace Community.Cluster.Projections;

/// <summary>
/// Runs one projection: reads its tag from the stored offset on, in batches, and commits each batch's rows together
/// with the new offset. Hosted as a cluster singleton, so exactly one node writes a read model at a time; on failure
/// (database down, a bug in a handler) the stream restarts with back-off from the last committed offset.
/// </summary>
public sealed class ProjectionRunner : ReceiveActor
{
    public const int MaxBatch = 500;
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(20);

    private readonly IProjection _projection;
    private readonly JournalDatabase _database;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private UniqueKillSwitch? _killSwitch;

    public ProjectionRunner(IProjection projection, JournalDatabase database)
    {
        _projection = projection;
        _database = database;
    }

    public static Props Props(IProjection projection, JournalDatabase database) =>
        Akka.Actor.Props.Create(() => new ProjectionRunner(projection, database));

    protected override void PreStart()
    {
        var system = Context.System;
        var log = _log;
        var name = _projection.Name;
        var restart = RestartSettings.Create(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), 0.2);
        _killSwitch = RestartSource
            .WithBackoff(() => Source.FromTask(StartAsync(system))
                .ConcatMany(start => start.Journal.EventsByTag(_projection.Tag, Offset.Sequence(start.Offset)))
                .GroupedWithin(MaxBatch, BatchWindow)
                .SelectAsync(1, batch => CommitAsync(batch.ToList())), restart)
            .ViaMaterialized(KillSwitches.Single<int>(), Keep.Right)
            .ToMaterialized(Sink.Ignore<int>(), Keep.Left)
            .Run(Context.Materializer());
        log.Info("Projection {0} started on tag {1}", name, _projection.Tag);
    }

    /// <summary>The read journal, made once. Its constructor waits on an ask to the journal: made on the thread pool and
    /// inside the restarting source, so a node starting many projections at once on a busy machine neither blocks an
    /// actor's thread nor loses a projection to a timeout (it is retried with the backoff).</summary>
    private async Task<SqlReadJournal> JournalAsync(ActorSystem system) =>
        _journal ??= await Task.Run(() => PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier));

    private SqlReadJournal? _journal;

    protected override void PostStop() => _killSwitch?.Shutdown();

    /// <summary>Creates the tables and answers the read journal and the offset to resume after (runs again on every restart).</summary>
    private async Task<(SqlReadJournal Journal, long Offset)> StartAsync(ActorSystem system)
    {
        var journal = await JournalAsync(system);
        await using var connection = _database.CreateConnection();
        await connection.OpenAsync();
        // Two CREATE TABLE IF NOT EXISTS of one table at once fail on PostgreSQL (its catalogue's unique index): projections
        // starting together create their tables one after the other, under a lock held until this transaction ends
        // (Npgsql runs the connection's commands in it). SQLite has one writer anyway.
        await using var transaction = _database.IsPostgres ? await connection.BeginTransactionAsync() : null;
        if (transaction is not null)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT pg_advisory_xact_lock(hashtext('community-projection-schema'))";
            await command.ExecuteNonQueryAsync();
        }
        await ProjectionOffsets.EnsureTableAsync(connection, CancellationToken.None);
        await _projection.EnsureSchemaAsync(connection, CancellationToken.None);
        if (transaction is not null) await transaction.CommitAsync();
        return (journal, await ProjectionOffsets.LoadAsync(connection, _projection.Name, CancellationToken.None));
    }

    private async Task<int> CommitAsync(IReadOnlyList<EventEnvelope> batch)
    {
        var started = Stopwatch.GetTimestamp();
        await using var connection = _database.CreateConnection();
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await _projection.ApplyAsync(connection, transaction, batch, CancellationToken.None);
        var last = ((Sequence)batch[^1].Offset).Value;
        await ProjectionOffsets.SaveAsync(connection, transaction, _projection.Name, last, CancellationToken.None);
        await transaction.CommitAsync();
        CommunityMetrics.Projected(_projection.Name, batch.Count, Stopwatch.GetElapsedTime(started));
        return batch.Count;
    }
}
