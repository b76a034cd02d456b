using Community.Cluster.Persistence;
using Community.Cluster.Tests.Support;
using Community.Tests.Shared;

namespace Community.Cluster.Tests.Persistence;

/// <summary>Production storage, chosen by configuration alone. Needs COMMUNITY_TEST_POSTGRES (ops/test.sh sets it, or
/// `ops/postgres.sh start`): without it these tests fail with that instruction rather than silently skipping.</summary>
public sealed class PostgresJournalSpecs : JournalSpecs
{
    private readonly PostgresDatabase _postgres = new();

    public PostgresJournalSpecs() => Database = TestHocon.Postgres(_postgres.ConnectionString);

    protected override JournalDatabase Database { get; }

    public override Task InitializeAsync() => _postgres.InitializeAsync();

    public override Task DisposeAsync() => _postgres.DisposeAsync();
}
