using Community.Cluster.Hosting;
using Community.Tests.Shared;

namespace Community.Cluster.Tests.Projections;

/// <summary>The default single-node storage: the SQLite file in the data directory.</summary>
public sealed class SqliteProjectionRunnerSpecs : ProjectionRunnerSpecs
{
    protected override StorageOptions Storage { get; } = new();
}

/// <summary>Production storage. Needs COMMUNITY_TEST_POSTGRES (ops/test.sh sets it); fails with that instruction without it.</summary>
public sealed class PostgresProjectionRunnerSpecs : ProjectionRunnerSpecs
{
    private readonly PostgresDatabase _postgres = new();

    protected override StorageOptions Storage => new() { Provider = StorageOptions.Postgres, ConnectionString = _postgres.ConnectionString };

    public override Task InitializeAsync() => _postgres.InitializeAsync();

    public override async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        await base.DisposeAsync();
    }
}
