using System.Data.Common;

namespace Community.Cluster.Projections;

/// <summary>The table of committed projection offsets (the journal's global ordering of the last applied event).</summary>
public static class ProjectionOffsets
{
    public static async Task EnsureTableAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS projection_offsets (
              name VARCHAR(200) NOT NULL PRIMARY KEY,
              ordering BIGINT NOT NULL,
              updated_at VARCHAR(40) NOT NULL
            )
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The offset to resume after; 0 when the projection never committed a batch.</summary>
    public static async Task<long> LoadAsync(DbConnection connection, string name, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT ordering FROM projection_offsets WHERE name = @name";
        AddParameter(command, "@name", name);
        return await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull ? Convert.ToInt64(value) : 0;
    }

    public static async Task SaveAsync(DbConnection connection, DbTransaction transaction, string name, long ordering,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // Valid on SQLite and PostgreSQL alike.
        command.CommandText = """
            INSERT INTO projection_offsets (name, ordering, updated_at) VALUES (@name, @ordering, @at)
            ON CONFLICT (name) DO UPDATE SET ordering = excluded.ordering, updated_at = excluded.updated_at
            """;
        AddParameter(command, "@name", name);
        AddParameter(command, "@ordering", ordering);
        AddParameter(command, "@at", DateTimeOffset.UtcNow.ToString("O"));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static void AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
