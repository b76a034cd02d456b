using Community.Cluster.Persistence;
using Community.Cluster.Tests.Support;

namespace Community.Cluster.Tests.Persistence;

/// <summary>The default storage: an SQLite file in the node's data directory.</summary>
public sealed class SqliteJournalSpecs : JournalSpecs, IDisposable
{
    private readonly TempDirectory _dataDir = TempDirectory.Create();

    public SqliteJournalSpecs() => Database = TestHocon.Sqlite(_dataDir.Path);

    protected override JournalDatabase Database { get; }

    [Fact]
    public void The_journal_is_a_file_in_the_data_directory() =>
        Assert.Equal(Path.Combine(_dataDir.Path, "community.db"),
            new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(Database.ConnectionString).DataSource);

    public void Dispose() => _dataDir.Dispose();
}
