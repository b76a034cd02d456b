using System.Threading.Channels;
using Community.Cluster.Serialization;
using Microsoft.Data.Sqlite;

namespace Community.Bench;

/// <summary>The best plain Microsoft.Data.Sqlite writer of journal rows we know: one writer loop drains a channel and
/// commits everything waiting in one transaction (group commit), then completes each caller. A caller is
/// acknowledged only after the commit that holds its row, the guarantee a persisted entity gives.</summary>
public sealed class RawSqliteWriter : IAsyncDisposable
{
    private const int MaxBatch = 1000;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly Task _loop;
    private readonly Guid _writer = Guid.NewGuid();

    private RawSqliteWriter(SqliteConnection connection)
    {
        _connection = connection;
        _loop = Task.Run(WriteLoopAsync);
    }

    public long Commits { get; private set; }

    public long Rows { get; private set; }

    /// <summary>Creates the file with the journal's own tables (DDL copied from a product database), in WAL mode and
    /// with the product's synchronous level.</summary>
    public static RawSqliteWriter Create(string connectionString, IEnumerable<string> schema, long synchronous)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, $"PRAGMA synchronous={synchronous};");
        foreach (var ddl in schema) Execute(connection, ddl);
        return new RawSqliteWriter(connection);
    }

    public Task AppendAsync(string persistenceId, long seq, byte[] payload, string manifest, string tag)
    {
        var pending = new Pending(persistenceId, seq, payload, manifest, tag,
            new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending)) throw new InvalidOperationException("The writer is closed.");
        return pending.Done.Task;
    }

    private async Task WriteLoopAsync()
    {
        using var journal = _connection.CreateCommand();
        journal.CommandText = """
            INSERT INTO journal (deleted, persistence_id, sequence_number, created, tags, message, identifier, manifest, writer_uuid)
            VALUES (0, $pid, $seq, $created, $tags, $message, $identifier, $manifest, $writer)
            """;
        var pid = journal.Parameters.Add("$pid", SqliteType.Text);
        var seq = journal.Parameters.Add("$seq", SqliteType.Integer);
        var created = journal.Parameters.Add("$created", SqliteType.Integer);
        var message = journal.Parameters.Add("$message", SqliteType.Blob);
        journal.Parameters.AddWithValue("$identifier", CommunitySerializer.Id);
        var manifest = journal.Parameters.Add("$manifest", SqliteType.Text);
        // Tags in the row, as the product writes them (tag-write-mode Csv).
        var tags = journal.Parameters.Add("$tags", SqliteType.Text);
        journal.Parameters.AddWithValue("$writer", _writer.ToString());

        var batch = new List<Pending>(MaxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var next)) batch.Add(next);
            try
            {
                using (var transaction = _connection.BeginTransaction())
                {
                    journal.Transaction = transaction;
                    foreach (var p in batch)
                    {
                        pid.Value = p.PersistenceId;
                        seq.Value = p.Seq;
                        created.Value = DateTime.UtcNow.Ticks;
                        tags.Value = $";{p.Tag};";
                        message.Value = p.Payload;
                        manifest.Value = p.Manifest;
                        journal.ExecuteNonQuery();
                    }
                    transaction.Commit();
                }
                Commits++;
                Rows += batch.Count;
                foreach (var p in batch) p.Done.TrySetResult();
            }
            catch (Exception e) when (e is SqliteException or InvalidOperationException)
            {
                foreach (var p in batch) p.Done.TrySetException(e);
            }
            batch.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private sealed record Pending(string PersistenceId, long Seq, byte[] Payload, string Manifest, string Tag, TaskCompletionSource Done);
}
