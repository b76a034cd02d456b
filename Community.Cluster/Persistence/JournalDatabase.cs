using System.Data.Common;
using Community.Cluster.Hosting;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Community.Cluster.Persistence;

/// <summary>The one SQL database behind the journal, the snapshot store and the read models.</summary>
public sealed class JournalDatabase
{
    public JournalDatabase(CommunityClusterOptions options)
    {
        var storage = options.Storage;
        IsPostgres = string.Equals(storage.Provider, StorageOptions.Postgres, StringComparison.OrdinalIgnoreCase);
        if (!IsPostgres && !string.Equals(storage.Provider, StorageOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"Community:Storage:Provider must be 'sqlite' or 'postgres', not '{storage.Provider}'.");

        if (IsPostgres)
        {
            ConnectionString = storage.ConnectionString
                ?? throw new InvalidOperationException("Community:Storage:ConnectionString is required for postgres.");
        }
        else
        {
            ConnectionString = storage.ConnectionString
                ?? new SqliteConnectionStringBuilder { DataSource = Path.Combine(options.FullDataDir, "community.db") }.ToString();
        }
    }

    public bool IsPostgres { get; }

    public string ConnectionString { get; }

    /// <summary>The linq2db provider name Akka.Persistence.Sql expects.</summary>
    public string ProviderName => IsPostgres ? "PostgreSQL.15" : "SQLite.MS";

    public DbConnection CreateConnection() =>
        IsPostgres ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);

    /// <summary>Creates the SQLite file's folder and switches it to WAL, so readers never block the journal's writer.</summary>
    public void Prepare()
    {
        if (IsPostgres) return;
        var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
        var folder = Path.GetDirectoryName(Path.GetFullPath(file));
        if (folder is not null) Directory.CreateDirectory(folder);
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
    }

    /// <summary>On PostgreSQL this database; on SQLite a file of its own named <paramref name="fileName"/> next to the
    /// journal's (prepared), for a writer that must not hold the journal file's single write lock.</summary>
    public JournalDatabase SqliteSibling(string fileName)
    {
        if (IsPostgres) return this;
        var builder = new SqliteConnectionStringBuilder(ConnectionString);
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource)) ?? ".";
        builder.DataSource = Path.Combine(folder, fileName);
        var database = new JournalDatabase(new CommunityClusterOptions
        {
            Storage = new StorageOptions { Provider = StorageOptions.Sqlite, ConnectionString = builder.ToString() },
        });
        database.Prepare();
        return database;
    }

    /// <summary>True when the database answers a trivial query.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = CreateConnection();
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }
}
