using Npgsql;

namespace Community.Tests.Shared;

/// <summary>
/// A fresh database per test class on the PostgreSQL server named by COMMUNITY_TEST_POSTGRES
/// (ops/test.sh starts a throwaway one and sets it). Dropped again on dispose.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private const string Variable = "COMMUNITY_TEST_POSTGRES";
    private readonly string _server;
    private readonly string _name = "community_test_" + Guid.NewGuid().ToString("N")[..12];

    public PostgresDatabase()
    {
        _server = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set: run the suite with ops/test.sh, or start a server with `ops/postgres.sh start` and export its output as {Variable}.");
        ConnectionString = new NpgsqlConnectionStringBuilder(_server) { Database = _name, Pooling = false }.ToString();
    }

    /// <summary>Connection string of this test's own database.</summary>
    public string ConnectionString { get; }

    public async Task InitializeAsync()
    {
        await using var connection = await OpenServerAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await using var connection = await OpenServerAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private async Task<NpgsqlConnection> OpenServerAsync()
    {
        // The maintenance database: CREATE/DROP DATABASE cannot run inside the database itself.
        var builder = new NpgsqlConnectionStringBuilder(_server) { Database = "postgres", Pooling = false };
        var connection = new NpgsqlConnection(builder.ToString());
        await connection.OpenAsync();
        return connection;
    }
}
