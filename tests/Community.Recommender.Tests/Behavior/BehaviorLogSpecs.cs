using System.Collections.Concurrent;
using Akka.Actor;
using Community.Recommender.Behavior;
using Community.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Community.Recommender.Tests.Behavior;

/// <summary>
/// The behavior log on each storage: a call completes only once its rows are committed and readable, rows are stored as
/// sent with increasing ids, calls share transactions, a failed transaction fails every call in it and keeps none of
/// their rows, and stopping commits what was queued. Grouping is made deterministic without clocks: with a batch window
/// of minutes, a batch is written only when it holds <see cref="BehaviorLogOptions.MaxBatchEvents"/> events (or on stop).
/// </summary>
public abstract class BehaviorLogSpecs : IAsyncLifetime
{
    private static readonly TimeSpan NeverByTime = TimeSpan.FromMinutes(10);
    private static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private readonly ActorSystem _system = ActorSystem.Create("behavior-log-specs", "akka.loglevel = WARNING");
    private readonly List<BehaviorLog> _logs = [];

    protected ListLogger Logger { get; } = new();

    protected abstract bool IsPostgres { get; }

    protected abstract string ConnectionString { get; }

    /// <summary>A statement that makes every insert of an item id <c>poison</c> fail (the table exists).</summary>
    protected abstract string PoisonTrigger { get; }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var log in _logs) await log.DisposeAsync();
        await _system.Terminate();
    }

    protected BehaviorLog Log(BehaviorLogOptions? options = null, string? connectionString = null)
    {
        var log = new BehaviorLog(IsPostgres, connectionString ?? ConnectionString, _system, Logger, options);
        _logs.Add(log);
        return log;
    }

    protected static BehaviorRecord Record(string itemId, int n = 0, string? userId = null) => n % 3 == 0
        ? new BehaviorRecord(Now - n, Now, userId, "dwell", "work", itemId, 1000 + n)
        : new BehaviorRecord(Now - n, Now, userId, n % 2 == 0 ? "view" : "click", "post", itemId, null);

    protected static BehaviorRecord[] Records(string itemId, int count, string? userId = null) =>
        [.. Enumerable.Range(0, count).Select(n => Record(itemId, n, userId))];

    private static async Task<List<StoredBehavior>> ReadAllAsync(BehaviorLog log)
    {
        var rows = new List<StoredBehavior>();
        for (var after = 0L; ;)
        {
            var page = await log.ReadAfterAsync(after, 1000, CancellationToken.None);
            if (page.Count == 0) return rows;
            rows.AddRange(page);
            after = page[^1].Id;
        }
    }

    private static BehaviorRecord Unstored(StoredBehavior row) =>
        new(row.AtMs, row.ReceivedMs, row.UserId, row.Kind, row.ItemKind, row.ItemId, row.Ms);

    [Fact]
    public async Task Concurrent_callers_each_complete_only_once_their_rows_are_readable_as_sent_with_increasing_ids()
    {
        var log = Log();
        var sent = new ConcurrentDictionary<string, BehaviorRecord[]>();
        var seenAtCompletion = new ConcurrentDictionary<string, BehaviorRecord[]>();

        await Task.WhenAll(Enumerable.Range(0, 32).Select(caller => Task.Run(async () =>
        {
            for (var call = 0; call < 3; call++)
            {
                var itemId = $"item-{caller}-{call}";
                var records = Records(itemId, 1 + ((caller * 7 + call) % 60), userId: caller % 2 == 0 ? $"u-{caller}" : null);
                sent[itemId] = records;
                await log.AppendAsync(records, CancellationToken.None);
                // Completed means committed: the rows are there for any reader right now.
                seenAtCompletion[itemId] = [.. (await ReadAllAsync(log)).Where(r => r.ItemId == itemId).Select(Unstored)];
            }
        })));

        foreach (var (itemId, records) in sent) Assert.Equal(records, seenAtCompletion[itemId]);
        var rows = await ReadAllAsync(log);
        Assert.Equal(sent.Values.Sum(r => r.Length), rows.Count);
        Assert.True(rows.Zip(rows.Skip(1)).All(pair => pair.First.Id < pair.Second.Id), "ids increase");
        // One call, one transaction: a call's rows are contiguous and in the order sent.
        foreach (var (itemId, records) in sent) Assert.Equal(records, rows.Where(r => r.ItemId == itemId).Select(Unstored));
        Assert.Equal(rows.Count, log.CommittedEvents);
        Assert.Equal(0, log.FailedBatches);
    }

    [Fact]
    public async Task Calls_share_transactions_up_to_the_batch_size()
    {
        var log = Log(new BehaviorLogOptions { MaxBatchEvents = 10, BatchWindow = NeverByTime });

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => log.AppendAsync([Record($"grouped-{i}", i)], CancellationToken.None)));

        Assert.Equal(10, log.CommittedBatches);
        Assert.Equal(100, log.CommittedEvents);
        Assert.Equal(100, (await ReadAllAsync(log)).Count);
    }

    [Fact]
    public async Task A_failed_transaction_fails_every_call_in_it_and_keeps_none_of_their_rows_and_the_next_batch_is_stored()
    {
        var log = Log(new BehaviorLogOptions { MaxBatchEvents = 4, BatchWindow = NeverByTime });
        await log.EnsureSchemaAsync(CancellationToken.None);
        await ExecuteAsync(PoisonTrigger);

        // Four one-event calls fill one batch; the poisoned one fails the transaction, so all four fail.
        var calls = new[] { "good-1", "good-2", "poison", "good-3" }.Select(id => log.AppendAsync([Record(id)], CancellationToken.None)).ToList();
        foreach (var call in calls) await Assert.ThrowsAsync<BehaviorLogWriteException>(() => call);

        Assert.Empty(await ReadAllAsync(log));
        Assert.Equal(1, log.FailedBatches);
        Assert.Equal(0, log.CommittedEvents);
        Assert.Contains(Logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("Behavior batch of 4 events from 4 calls failed"));

        // The writer starts again on a fresh connection: the next batch commits.
        await log.AppendAsync(Records("after-failure", 4), CancellationToken.None);
        Assert.Equal(Records("after-failure", 4), (await ReadAllAsync(log)).Select(Unstored));
    }

    [Fact]
    public async Task Stopping_commits_what_is_queued_and_later_calls_are_refused()
    {
        var log = Log(new BehaviorLogOptions { MaxBatchEvents = 1000, BatchWindow = NeverByTime });
        var queued = Enumerable.Range(0, 5).Select(i => log.AppendAsync(Records($"queued-{i}", 3), CancellationToken.None)).ToList();

        await log.DisposeAsync();

        await Task.WhenAll(queued);
        await Assert.ThrowsAsync<BehaviorLogWriteException>(() => log.AppendAsync([Record("late")], CancellationToken.None));
        await using var reader = Log();
        Assert.Equal(15, (await ReadAllAsync(reader)).Count);
        Assert.Equal(1, log.CommittedBatches);
    }

    [Fact]
    public async Task A_call_larger_than_one_transaction_is_refused_and_an_empty_one_stores_nothing()
    {
        var log = Log(new BehaviorLogOptions { MaxBatchEvents = 10 });

        await Assert.ThrowsAsync<ArgumentException>(() => log.AppendAsync(Records("too-many", 11), CancellationToken.None));
        await log.AppendAsync([], CancellationToken.None);

        Assert.Empty(await ReadAllAsync(log));
        Assert.Equal(0, log.CommittedBatches);
    }

    [Fact]
    public async Task Reading_after_an_id_pages_through_the_rows_in_id_order()
    {
        var log = Log();
        await log.AppendAsync(Records("paged", 25), CancellationToken.None);

        var first = await log.ReadAfterAsync(0, 10, CancellationToken.None);
        var rest = await log.ReadAfterAsync(first[^1].Id, 100, CancellationToken.None);

        Assert.Equal(10, first.Count);
        Assert.Equal(15, rest.Count);
        Assert.Equal(Records("paged", 25), first.Concat(rest).Select(Unstored));
        Assert.Empty(await log.ReadAfterAsync(rest[^1].Id, 100, CancellationToken.None));
    }

    protected async Task ExecuteAsync(string sql)
    {
        await using var connection = IsPostgres
            ? (System.Data.Common.DbConnection)new NpgsqlConnection(ConnectionString)
            : new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class SqliteBehaviorLogSpecs : BehaviorLogSpecs
{
    private readonly string _dir = Directory.CreateTempSubdirectory("community-behavior-tests-").FullName;

    protected override bool IsPostgres => false;

    protected override string ConnectionString => new SqliteConnectionStringBuilder { DataSource = Path.Combine(_dir, "behavior.db") }.ToString();

    protected override string PoisonTrigger => """
        CREATE TRIGGER behavior_poison BEFORE INSERT ON behavior_events WHEN NEW.item_id = 'poison'
        BEGIN SELECT RAISE(ABORT, 'poisoned'); END;
        """;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing connection; the OS cleans temp folders.
        }
    }

    [Fact]
    public async Task A_database_it_cannot_write_fails_the_call_and_claims_nothing()
    {
        var writable = Log();
        await writable.AppendAsync([Record("before")], CancellationToken.None);
        var readOnly = Log(connectionString: new SqliteConnectionStringBuilder(ConnectionString) { Mode = SqliteOpenMode.ReadOnly }.ToString());

        await Assert.ThrowsAsync<BehaviorLogWriteException>(() => readOnly.AppendAsync([Record("refused")], CancellationToken.None));

        Assert.Equal(["before"], (await writable.ReadAfterAsync(0, 100, CancellationToken.None)).Select(r => r.ItemId));
        Assert.Equal(1, readOnly.FailedBatches);
        Assert.Equal(0, readOnly.CommittedEvents);
    }

    [Fact]
    public async Task The_table_has_the_agreed_columns()
    {
        var log = Log();
        await log.EnsureSchemaAsync(CancellationToken.None);
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, type, \"notnull\", pk FROM pragma_table_info('behavior_events') ORDER BY cid";
        var columns = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) columns.Add($"{reader.GetString(0)} {reader.GetString(1)} {reader.GetInt64(2)} {reader.GetInt64(3)}");

        Assert.Equal(["id INTEGER 0 1", "at_ms INTEGER 1 0", "received_ms INTEGER 1 0", "user_id TEXT 0 0", "kind TEXT 1 0",
            "item_kind TEXT 1 0", "item_id TEXT 1 0", "ms INTEGER 0 0"], columns);
    }
}

/// <summary>Needs COMMUNITY_TEST_POSTGRES (ops/test.sh sets it): without it these fail with that instruction.</summary>
public sealed class PostgresBehaviorLogSpecs : BehaviorLogSpecs
{
    private readonly PostgresDatabase _postgres = new();

    protected override bool IsPostgres => true;

    protected override string ConnectionString => _postgres.ConnectionString;

    protected override string PoisonTrigger => """
        CREATE FUNCTION behavior_poison() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.item_id = 'poison' THEN RAISE EXCEPTION 'poisoned'; END IF; RETURN NEW; END $$;
        CREATE TRIGGER behavior_poison BEFORE INSERT ON behavior_events FOR EACH ROW EXECUTE FUNCTION behavior_poison();
        """;

    public override Task InitializeAsync() => _postgres.InitializeAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task Two_nodes_writing_at_once_commit_ids_in_increasing_order()
    {
        // Two logs on one database are two nodes: each batch takes the advisory lock, so a reader that follows the ids
        // sees every row, whatever the interleaving.
        var (one, two) = (Log(), Log());
        await one.EnsureSchemaAsync(CancellationToken.None);
        var seen = new List<long>();
        var writing = Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? one : two).AppendAsync(Records($"node-{i}", 50), CancellationToken.None)));
        for (var after = 0L; ;)
        {
            var done = writing.IsCompleted;
            var page = await one.ReadAfterAsync(after, 500, CancellationToken.None);
            seen.AddRange(page.Select(r => r.Id));
            if (page.Count > 0) after = page[^1].Id;
            else if (done) break;
        }
        await writing;

        var all = (await ReadAllAsync(one)).Select(r => r.Id).ToList();
        Assert.Equal(2000, all.Count);
        Assert.Equal(all, seen);
    }

    private static async Task<List<StoredBehavior>> ReadAllAsync(BehaviorLog log) =>
        [.. await log.ReadAfterAsync(0, 100_000, CancellationToken.None)];
}

/// <summary>Keeps what the log wrote, to assert on its structured lines.</summary>
public sealed class ListLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception), exception));
}
