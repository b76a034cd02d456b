using System.Data.Common;
using Community.Cluster.Persistence;
using Community.Cluster.Projections;
using Microsoft.Extensions.Logging;
using static Community.Cluster.Projections.ProjectionOffsets;

namespace Community.Cluster.Creators;

/// <summary>
/// Counts the readers' views and shares of works from the behavior log (<c>behavior_events</c>, written by the
/// behavior ingestion of Community.Recommender) into the stats tables. The log's ids are committed in increasing order
/// (one writer on SQLite, a transaction lock on PostgreSQL), so reading after the last id is exact; that id is stored
/// with the counts in one transaction, so a restart neither loses nor doubles a view. Only works the read model
/// knows (published or mirrored) are counted: a view of an unknown id counts nowhere.
/// </summary>
/// <param name="readModel">Where the stats tables and the offset are.</param>
/// <param name="behaviorLog">Where the behavior log is (on SQLite a file of its own, on PostgreSQL the same database).</param>
public sealed class CreatorStatsFromBehavior(JournalDatabase readModel, JournalDatabase behaviorLog, ILogger logger)
{
    public const string Name = "creator-stats-behavior";

    public const int MaxBatch = 20_000;

    private bool _schemaReady;

    public static JournalDatabase BehaviorLogOf(JournalDatabase journal) => journal.SqliteSibling("behavior.db");

    /// <summary>Counts the next batch of the log; returns how many log rows it read (0: nothing new, or no log yet).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var connection = readModel.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        if (!_schemaReady)
        {
            await EnsureTableAsync(connection, cancellationToken);
            await CreatorStatsTables.EnsureAsync(connection, cancellationToken);
            _schemaReady = true;
        }
        var after = await LoadAsync(connection, Name, cancellationToken);
        var rows = await ReadLogAsync(after, cancellationToken);
        if (rows.Count == 0) return 0;

        var perWork = new Dictionary<string, StatsDelta>(StringComparer.Ordinal);
        var perWorkHour = new Dictionary<(string WorkId, long Hour), StatsDelta>();
        foreach (var row in rows)
        {
            StatsDelta delta = row.Kind switch
            {
                "view" => new() { Views = 1 },
                "share" => new() { Shares = 1 },
                _ => default,
            };
            if (delta.IsZero || row.ItemKind != "work") continue;
            perWork[row.ItemId] = perWork.GetValueOrDefault(row.ItemId) + delta;
            var key = (row.ItemId, CreatorStatsTables.HourOf(row.AtMs));
            perWorkHour[key] = perWorkHour.GetValueOrDefault(key) + delta;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var statements = new PreparedStatements(connection, transaction))
        {
            var creatorOf = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (workId, delta) in perWork)
            {
                var owner = await statements.QueryAsync("""
                    UPDATE creator_work_stats SET views = views + @views, shares = shares + @shares WHERE work_id = @work RETURNING creator_id
                    """, [("@views", delta.Views), ("@shares", delta.Shares), ("@work", workId)], r => r.GetString(0), cancellationToken);
                if (owner.Count > 0) creatorOf[workId] = owner[0];
            }
            var perCreatorHour = new Dictionary<(string CreatorId, long Hour), StatsDelta>();
            foreach (var ((workId, hour), delta) in perWorkHour)
                if (creatorOf.TryGetValue(workId, out var creatorId))
                    perCreatorHour[(creatorId, hour)] = perCreatorHour.GetValueOrDefault((creatorId, hour)) + delta;
            // One upsert per account-hour, and the account's totals once per batch (events spread over days make many hours).
            var perCreator = new Dictionary<string, StatsDelta>(StringComparer.Ordinal);
            foreach (var ((creatorId, hour), delta) in perCreatorHour)
            {
                await CreatorStatsTables.AddHourAsync(statements, creatorId, hour, delta, cancellationToken);
                perCreator[creatorId] = perCreator.GetValueOrDefault(creatorId) + delta;
            }
            foreach (var (creatorId, delta) in perCreator)
                await CreatorStatsTables.AddTotalsAsync(statements, creatorId, delta, 0, cancellationToken);
        }
        await SaveAsync(connection, transaction, Name, rows[^1].Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }

    private sealed record LogRow(long Id, long AtMs, string Kind, string ItemKind, string ItemId);

    private async Task<IReadOnlyList<LogRow>> ReadLogAsync(long after, CancellationToken cancellationToken)
    {
        await using var connection = behaviorLog.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, at_ms, kind, item_kind, item_id FROM behavior_events WHERE id > @after ORDER BY id LIMIT {MaxBatch}";
        AddParameter(command, "@after", after);
        try
        {
            return await command.ReadAllAsync(r => new LogRow(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4)),
                cancellationToken);
        }
        catch (DbException error) when (IsMissingTable(error))
        {
            // The ingestion creates the log on its first start; until then there is nothing to count.
            logger.LogDebug("Creator stats: no behavior log yet");
            return [];
        }
    }

    private static bool IsMissingTable(DbException error) =>
        error.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase) || error.SqlState == "42P01";
}
