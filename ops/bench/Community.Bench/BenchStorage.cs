using Community.Cluster.Hosting;
using Community.Cluster.Persistence;
using Npgsql;

namespace Community.Bench;

/// <summary>A fresh read-model database for one run: an SQLite file in a new data directory, or, when a server is given
/// (<c>--postgres</c> or <c>COMMUNITY_TEST_POSTGRES</c>, as <see cref="BehaviorIngestBench"/> takes it), a throwaway
/// PostgreSQL database dropped afterwards.</summary>
public sealed class BenchStorage : IAsyncDisposable
{
    private readonly BenchArguments _arguments;
    private readonly string? _dir;
    private readonly (string Server, string Name)? _postgres;

    private BenchStorage(string label, JournalDatabase database, BenchArguments arguments, string? dir, (string, string)? postgres)
    {
        Label = label;
        Database = database;
        _arguments = arguments;
        _dir = dir;
        _postgres = postgres;
    }

    public string Label { get; }

    public JournalDatabase Database { get; }

    public bool IsPostgres => Database.IsPostgres;

    /// <summary>The storages to run: <c>--storage</c>, by default sqlite, and postgres too when a server is configured.</summary>
    public static IReadOnlyList<string> Storages(BenchArguments arguments) =>
        arguments.List("storage", PostgresServer(arguments).Length > 0 ? "sqlite,postgres" : "sqlite");

    public static string PostgresServer(BenchArguments arguments) =>
        arguments.Text("postgres", Environment.GetEnvironmentVariable("COMMUNITY_TEST_POSTGRES") ?? "");

    /// <summary>A fresh database of <paramref name="storage"/>, or null (with a line saying so) when postgres has no server.</summary>
    public static async Task<BenchStorage?> CreateAsync(string storage, string label, BenchArguments arguments)
    {
        if (storage == "postgres")
        {
            var server = PostgresServer(arguments);
            if (server.Length == 0)
            {
                Console.WriteLine("  postgres: no --postgres connection string and no COMMUNITY_TEST_POSTGRES: skipped");
                return null;
            }
            var name = $"{label.Replace('-', '_')}_{Guid.NewGuid():N}"[..30];
            await AdminAsync(server, $"CREATE DATABASE \"{name}\"");
            var connection = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
            var database = new JournalDatabase(new CommunityClusterOptions
            {
                Storage = new StorageOptions { Provider = StorageOptions.Postgres, ConnectionString = connection },
            });
            return new BenchStorage("postgres", database, arguments, null, (server, name));
        }
        if (storage != "sqlite") throw new ArgumentException($"--storage takes sqlite and postgres, not '{storage}'.");
        var dir = BenchNode.NewDataDir(label);
        var sqlite = new JournalDatabase(new CommunityClusterOptions { DataDir = dir });
        sqlite.Prepare();
        return new BenchStorage("sqlite", sqlite, arguments, dir, null);
    }

    /// <summary>MiB of the SQLite files (community.db and behavior.db with their WALs); -1 on PostgreSQL.</summary>
    public double FileMiB()
    {
        if (_dir is null) return -1;
        return Directory.EnumerateFiles(_dir).Sum(f => new FileInfo(f).Length) / 1048576.0;
    }

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (_dir is not null) BenchNode.Cleanup(_dir, _arguments);
        if (_postgres is { } pg)
        {
            if (_arguments.Flag("keep-data")) Console.WriteLine($"  database {pg.Name} kept");
            else await AdminAsync(pg.Server, $"DROP DATABASE IF EXISTS \"{pg.Name}\" WITH (FORCE)");
        }
    }

    private static async Task AdminAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
