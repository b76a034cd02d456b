using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Akka;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Microsoft.Extensions.Logging;

namespace Community.Recommender.Behavior;

/// <summary>
/// The durable log of what readers did (<c>behavior_events</c>). <see cref="AppendAsync"/> completes only once the
/// records are committed, so an acknowledgement means durable. Many callers share a transaction (group commit): each
/// call is offered to a bounded <c>Source.Queue</c>; calls are gathered by event count for at most
/// <see cref="BehaviorLogOptions.BatchWindow"/> (more gather by themselves while the previous batch commits, since the
/// one writer stage pulls only when done) and written in one transaction over one open connection with prepared
/// multi-row INSERTs; then each caller is completed, or, when the write failed, every caller of the batch is faulted.
/// A full queue is refused at once (<see cref="BehaviorLogBusyException"/>) rather than letting callers pile up.
/// </summary>
public sealed class BehaviorLog : IAsyncDisposable
{
    private readonly BehaviorLogOptions _options;
    private readonly ILogger _log;
    private readonly BehaviorStore _store;
    private readonly ISourceQueueWithComplete<Pending> _queue;
    private readonly Task _stream;
    // Calls offered and not yet answered: a stream stopped abruptly (its actor system terminated) answers them here.
    private readonly ConcurrentDictionary<Pending, byte> _outstanding = new();
    private readonly Task _stopped;
    private int _disposing;
    private Task? _disposal;
    private long _batches;
    private long _events;
    private long _failedBatches;

    public BehaviorLog(bool isPostgres, string connectionString, ActorSystem system, ILogger logger, BehaviorLogOptions? options = null)
    {
        _options = options ?? new BehaviorLogOptions();
        if (_options.MaxBatchEvents < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxBatchEvents must be at least 1.");
        _log = logger;
        _store = new BehaviorStore(isPostgres, connectionString);
        var materializer = system.Materializer(namePrefix: "behavior-log");
        (_queue, _stream) = Source.Queue<Pending>(Math.Max(1, _options.QueueBound), OverflowStrategy.DropNew)
            .GroupedWeightedWithin(_options.MaxBatchEvents, _options.BatchWindow, pending => pending.Records.Count)
            .SelectAsync(1, WriteAsync)
            .ToMaterialized(Sink.Ignore<int>(), Keep.Both)
            .Run(materializer);
        _stopped = _stream.ContinueWith(FailOutstanding, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        // On a node's shutdown: after the web host stopped taking requests, before the actor system (and with it this
        // stream) goes: what is queued is still committed.
        try
        {
            CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "behavior-log-drain", async () =>
            {
                await DisposeAsync();
                return Done.Instance;
            });
        }
        catch (InvalidOperationException)
        {
            // Shutdown already under way: DisposeAsync is the caller's.
        }
    }

    /// <summary>Transactions committed so far (each holds one or more calls).</summary>
    public long CommittedBatches => Interlocked.Read(ref _batches);

    /// <summary>Events committed so far.</summary>
    public long CommittedEvents => Interlocked.Read(ref _events);

    /// <summary>Transactions that failed (their callers were faulted).</summary>
    public long FailedBatches => Interlocked.Read(ref _failedBatches);

    public int MaxBatchEvents => _options.MaxBatchEvents;

    /// <summary>
    /// Appends <paramref name="records"/> in one transaction (with other callers' records) and completes once it is
    /// committed. Throws <see cref="BehaviorLogBusyException"/> at once when the queue is full and
    /// <see cref="BehaviorLogWriteException"/> when the transaction failed or the log stopped: then none of them is stored.
    /// Cancelling stops the wait only: records already queued may still be committed.
    /// </summary>
    public async Task AppendAsync(IReadOnlyList<BehaviorRecord> records, CancellationToken cancellationToken)
    {
        if (records.Count == 0) return;
        if (records.Count > _options.MaxBatchEvents)
            throw new ArgumentException($"At most {_options.MaxBatchEvents} records per call (one transaction).", nameof(records));
        if (Volatile.Read(ref _disposing) != 0) throw Stopped();
        var pending = new Pending(records);
        _outstanding.TryAdd(pending, 0);
        IQueueOfferResult offered;
        try
        {
            offered = await _queue.OfferAsync(pending);
        }
        catch (Exception e)
        {
            _outstanding.TryRemove(pending, out _);
            throw new BehaviorLogWriteException("The behavior log is stopped: nothing was stored.", e);
        }
        switch (offered)
        {
            case QueueOfferResult.Enqueued:
                break;
            case QueueOfferResult.Dropped:
                _outstanding.TryRemove(pending, out _);
                BehaviorMetrics.Refused(records.Count);
                throw new BehaviorLogBusyException();
            default:
                _outstanding.TryRemove(pending, out _);
                throw Stopped();
        }
        await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Creates <c>behavior_events</c> when it does not exist (the first write and read also do).</summary>
    public Task EnsureSchemaAsync(CancellationToken cancellationToken) => _store.EnsureSchemaAsync(cancellationToken);

    /// <summary>Committed rows with an id above <paramref name="afterId"/>, in id order, at most <paramref name="limit"/>.
    /// Ids commit in increasing order (see <see cref="BehaviorStore"/>), so reading on from the last id seen never skips a row.</summary>
    public Task<IReadOnlyList<StoredBehavior>> ReadAfterAsync(long afterId, int limit, CancellationToken cancellationToken) =>
        _store.ReadAfterAsync(afterId, limit, cancellationToken);

    /// <summary>Stops taking calls, commits what is queued, then closes the writer's connection (once, whoever asks).</summary>
    public ValueTask DisposeAsync()
    {
        lock (_outstanding)
        {
            if (_disposal is null)
            {
                Volatile.Write(ref _disposing, 1);
                _disposal = StopAsync();
            }
        }
        return new ValueTask(_disposal);
    }

    private async Task StopAsync()
    {
        _queue.Complete();
        try
        {
            await _stream;
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "The behavior log's stream ended with an error");
        }
        await _stopped;
        await _store.DisposeAsync();
    }

    private async Task<int> WriteAsync(IEnumerable<Pending> grouped)
    {
        var batch = grouped as IReadOnlyList<Pending> ?? [.. grouped];
        var events = 0;
        foreach (var pending in batch) events += pending.Records.Count;
        var started = Stopwatch.GetTimestamp();
        try
        {
            // Off the stream's thread: Microsoft.Data.Sqlite's async calls run synchronously, and the queue's offers
            // should be answered (and gathered into the next batch) while this one commits.
            await Task.Run(() => _store.WriteAsync(batch, events));
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failedBatches);
            BehaviorMetrics.Failed(events);
            _log.LogError(e, "Behavior batch of {Events} events from {Calls} calls failed; its callers were told, nothing of it is stored",
                events, batch.Count);
            var failure = new BehaviorLogWriteException("The behavior events could not be stored; nothing of this request was kept.", e);
            foreach (var pending in batch) Answer(pending, failure);
            await _store.ResetAsync();
            return 0;
        }
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _events, events);
        BehaviorMetrics.Committed(events, Stopwatch.GetElapsedTime(started));
        foreach (var pending in batch) Answer(pending, null);
        return events;
    }

    private void Answer(Pending pending, Exception? failure)
    {
        _outstanding.TryRemove(pending, out _);
        if (failure is null) pending.Completion.TrySetResult();
        else pending.Completion.TrySetException(failure);
    }

    private void FailOutstanding(Task stream)
    {
        if (stream.IsFaulted) _log.LogError(stream.Exception, "The behavior log's stream stopped; calls still waiting are failed");
        foreach (var pending in _outstanding.Keys) Answer(pending, Stopped());
    }

    private static BehaviorLogWriteException Stopped() => new("The behavior log is stopped: nothing was stored.");

    private sealed class Pending(IReadOnlyList<BehaviorRecord> records)
    {
        public IReadOnlyList<BehaviorRecord> Records { get; } = records;

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The store of <c>behavior_events</c> on SQLite or PostgreSQL: one writer connection with its prepared
    /// commands (used by one batch at a time), and a pooled connection per read.</summary>
    private sealed class BehaviorStore(bool isPostgres, string connectionString) : IAsyncDisposable
    {
        /// <summary>
        /// Rows per INSERT statement at most; a batch is written as statements of 2^k rows, each prepared once and reused.
        /// PostgreSQL: many rows per round trip (7 parameters a row, far under its 65,535). SQLite has no round trip, and
        /// Microsoft.Data.Sqlite binds each parameter by name (<c>sqlite3_bind_parameter_index</c>, a linear search):
        /// binding a statement costs the square of its parameters, so its statements stay small
        /// (16 rows measured best: 1, 8 and 32 rows gave 60-75% of its events/s; docs/benchmarks.md).
        /// </summary>
        private readonly int _maxRowsPerStatement = isPostgres ? 256 : 16;

        /// <summary>
        /// PostgreSQL: the key of the transaction-scoped advisory lock every batch takes first. An identity value is
        /// drawn when a row is inserted, not when it commits: two nodes' transactions could commit ids 101..150 after
        /// 151..200, and a consumer that read up to 200 and goes on with <c>id &gt; 200</c> would never see 101..150.
        /// Holding this lock from the first insert to the commit serialises the writers of every node, so ids become
        /// visible in increasing order. SQLite needs nothing: it has one writer at a time (BEGIN IMMEDIATE).
        /// </summary>
        public const long PostgresWriteLock = 0x6265_6861_7669_6f72; // "behavior"

        private const string Columns = "at_ms, received_ms, user_id, kind, item_kind, item_id, ms";

        private const string SqliteSchema = """
            CREATE TABLE IF NOT EXISTS behavior_events (id INTEGER PRIMARY KEY AUTOINCREMENT, at_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL, user_id TEXT NULL, kind TEXT NOT NULL, item_kind TEXT NOT NULL, item_id TEXT NOT NULL, ms INTEGER NULL)
            """;

        private const string PostgresSchema = """
            CREATE TABLE IF NOT EXISTS behavior_events (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at_ms BIGINT NOT NULL, received_ms BIGINT NOT NULL, user_id TEXT NULL, kind TEXT NOT NULL, item_kind TEXT NOT NULL, item_id TEXT NOT NULL, ms INTEGER NULL)
            """;

        private readonly Dictionary<int, DbCommand> _inserts = [];
        private DbConnection? _writer;
        private DbCommand? _lock;
        private volatile bool _schemaReady;

        public async Task WriteAsync(IReadOnlyList<Pending> batch, int events)
        {
            var connection = _writer ??= await OpenWriterAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            if (isPostgres)
            {
                _lock ??= Prepared(connection, transaction, $"SELECT pg_advisory_xact_lock({PostgresWriteLock})", 0);
                _lock.Transaction = transaction;
                await _lock.ExecuteNonQueryAsync();
            }
            var rows = new BehaviorRecord[events];
            var at = 0;
            foreach (var pending in batch)
                foreach (var record in pending.Records)
                    rows[at++] = record;
            for (var offset = 0; offset < rows.Length;)
            {
                var size = Math.Min(_maxRowsPerStatement, 1 << System.Numerics.BitOperations.Log2((uint)(rows.Length - offset)));
                var insert = Insert(connection, transaction, size);
                for (var i = 0; i < size; i++) Bind(insert.Parameters, i, rows[offset + i]);
                await insert.ExecuteNonQueryAsync();
                offset += size;
            }
            await transaction.CommitAsync();
        }

        /// <summary>After a failed batch: the connection may be in any state, so the next batch opens a fresh one.</summary>
        public async Task ResetAsync()
        {
            foreach (var command in _inserts.Values) await command.DisposeAsync();
            _inserts.Clear();
            if (_lock is not null) await _lock.DisposeAsync();
            _lock = null;
            if (_writer is not null) await _writer.DisposeAsync();
            _writer = null;
        }

        public async Task<IReadOnlyList<StoredBehavior>> ReadAfterAsync(long afterId, int limit, CancellationToken cancellationToken)
        {
            await using var connection = Create();
            await connection.OpenAsync(cancellationToken);
            if (!_schemaReady) await EnsureSchemaAsync(connection, cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT id, {Columns} FROM behavior_events WHERE id > @after ORDER BY id LIMIT @limit";
            Add(command, "@after", System.Data.DbType.Int64, afterId);
            Add(command, "@limit", System.Data.DbType.Int32, Math.Max(0, limit));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var rows = new List<StoredBehavior>();
            while (await reader.ReadAsync(cancellationToken))
                rows.Add(new StoredBehavior(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetInt32(7)));
            return rows;
        }

        public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
        {
            await using var connection = Create();
            await connection.OpenAsync(cancellationToken);
            await EnsureSchemaAsync(connection, cancellationToken);
        }

        public async ValueTask DisposeAsync() => await ResetAsync();

        private DbConnection Create() => isPostgres
            ? new Npgsql.NpgsqlConnection(connectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection(connectionString);

        private async Task<DbConnection> OpenWriterAsync()
        {
            var connection = Create();
            try
            {
                await connection.OpenAsync();
                if (!isPostgres)
                {
                    // WAL, as the journal's file: readers (the recommender) never wait for this writer. synchronous stays
                    // FULL, the level the journal runs at (SQLite's default; PersistenceHocon leaves it): a commit is on
                    // disk before its callers hear of it.
                    await using var pragma = connection.CreateCommand();
                    pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";
                    await pragma.ExecuteNonQueryAsync();
                }
                await EnsureSchemaAsync(connection, CancellationToken.None);
                return connection;
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        private async Task EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // Several nodes may start at once: CREATE TABLE IF NOT EXISTS is not safe against a concurrent one on PostgreSQL.
            command.CommandText = isPostgres ? $"SELECT pg_advisory_xact_lock({PostgresWriteLock}); {PostgresSchema}" : SqliteSchema;
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            _schemaReady = true;
        }

        private DbCommand Insert(DbConnection connection, DbTransaction transaction, int rows)
        {
            if (_inserts.TryGetValue(rows, out var insert))
            {
                insert.Transaction = transaction;
                return insert;
            }
            var values = string.Join(", ", Enumerable.Range(0, rows).Select(i => $"(@a{i}, @r{i}, @u{i}, @k{i}, @t{i}, @i{i}, @m{i})"));
            return _inserts[rows] = Prepared(connection, transaction, $"INSERT INTO behavior_events ({Columns}) VALUES {values}", rows);
        }

        private static DbCommand Prepared(DbConnection connection, DbTransaction transaction, string sql, int rows)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            for (var i = 0; i < rows; i++)
            {
                Add(command, $"@a{i}", System.Data.DbType.Int64, 0L);
                Add(command, $"@r{i}", System.Data.DbType.Int64, 0L);
                Add(command, $"@u{i}", System.Data.DbType.String, DBNull.Value);
                Add(command, $"@k{i}", System.Data.DbType.String, "");
                Add(command, $"@t{i}", System.Data.DbType.String, "");
                Add(command, $"@i{i}", System.Data.DbType.String, "");
                Add(command, $"@m{i}", System.Data.DbType.Int32, DBNull.Value);
            }
            command.Prepare();
            return command;
        }

        private static void Bind(DbParameterCollection parameters, int row, BehaviorRecord record)
        {
            var at = row * 7;
            parameters[at].Value = record.AtMs;
            parameters[at + 1].Value = record.ReceivedMs;
            parameters[at + 2].Value = (object?)record.UserId ?? DBNull.Value;
            parameters[at + 3].Value = record.Kind;
            parameters[at + 4].Value = record.ItemKind;
            parameters[at + 5].Value = record.ItemId;
            parameters[at + 6].Value = record.Ms is { } ms ? ms : DBNull.Value;
        }

        private static void Add(DbCommand command, string name, System.Data.DbType type, object value)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.DbType = type;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
    }
}
