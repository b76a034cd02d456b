using System.Data.Common;
using static Community.Cluster.Projections.ProjectionOffsets;

namespace Community.Cluster.Projections;

/// <summary>A projection batch's statements: one prepared command per distinct SQL text for the whole batch, re-bound for
/// each row, all in the batch's transaction.</summary>
public sealed class PreparedStatements(DbConnection connection, DbTransaction? transaction) : IAsyncDisposable
{
    private readonly Dictionary<string, DbCommand> _commands = [];

    public async Task ExecuteAsync(string sql, IReadOnlyList<(string Name, object? Value)> parameters, CancellationToken cancellationToken) =>
        await Bind(sql, parameters).ExecuteNonQueryAsync(cancellationToken);

    public Task<IReadOnlyList<T>> QueryAsync<T>(string sql, IReadOnlyList<(string Name, object? Value)> parameters,
        Func<DbDataReader, T> read, CancellationToken cancellationToken) =>
        Bind(sql, parameters).ReadAllAsync(read, cancellationToken);

    private DbCommand Bind(string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            foreach (var (name, value) in parameters) AddParameter(command, name, value);
            _commands[sql] = command;
        }
        else
        {
            foreach (var (name, value) in parameters) command.Parameters[name].Value = value ?? DBNull.Value;
        }
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values) await command.DisposeAsync();
    }
}

public static class DbCommandReading
{
    /// <summary>Every row of the command's result, each made by <paramref name="read"/>.</summary>
    public static async Task<IReadOnlyList<T>> ReadAllAsync<T>(this DbCommand command, Func<DbDataReader, T> read,
        CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
        return rows;
    }
}
