using System.Data.Common;
using Community.Cluster.Persistence;

namespace Community.Cluster.Tests.Support;

/// <summary>Reads Akka.Persistence.Sql's tables (default table mapping: journal, tags, snapshot) directly, the way an
/// operator would look at them; the same SQL runs on SQLite and PostgreSQL.</summary>
public sealed class JournalTables(JournalDatabase database)
{
    public sealed record SnapshotRow(long SequenceNr, string Manifest, int SerializerId);

    public sealed record TagRow(string Tag, string PersistenceId, long SequenceNr);

    public sealed record EventRow(long SequenceNr, string Manifest, int SerializerId);

    public Task<List<SnapshotRow>> SnapshotsAsync(string persistenceId) => QueryAsync(
        "SELECT sequence_number, manifest, serializer_id FROM snapshot WHERE persistence_id = @id ORDER BY sequence_number",
        persistenceId, r => new SnapshotRow(r.GetInt64(0), r.GetString(1), r.GetInt32(2)));

    /// <summary>The tags of each event, kept in the journal row's <c>tags</c> column (tag-write-mode Csv: ";users;").</summary>
    public async Task<List<TagRow>> TagsAsync(string persistenceId) =>
        (await QueryAsync(
            "SELECT tags, persistence_id, sequence_number FROM journal WHERE persistence_id = @id ORDER BY sequence_number",
            persistenceId, r => (Tags: r.IsDBNull(0) ? "" : r.GetString(0), Id: r.GetString(1), Seq: r.GetInt64(2))))
        .SelectMany(row => row.Tags.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(tag => new TagRow(tag, row.Id, row.Seq)))
        .ToList();

    public Task<List<EventRow>> EventsAsync(string persistenceId) => QueryAsync(
        "SELECT sequence_number, manifest, identifier FROM journal WHERE persistence_id = @id ORDER BY sequence_number",
        persistenceId, r => new EventRow(r.GetInt64(0), r.GetString(1), r.GetInt32(2)));

    /// <summary>Removes events from the journal, so that only a snapshot can bring them back.</summary>
    public async Task DeleteEventsUpToAsync(string persistenceId, long sequenceNr)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM journal WHERE persistence_id = @id AND sequence_number <= @upTo";
        AddParameter(command, "@id", persistenceId);
        AddParameter(command, "@upTo", sequenceNr);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<T>> QueryAsync<T>(string sql, string persistenceId, Func<DbDataReader, T> read)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command, "@id", persistenceId);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync()) rows.Add(read(reader));
        return rows;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
