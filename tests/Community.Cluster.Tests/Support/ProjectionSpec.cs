using Akka.Persistence.Query;
using Community.Cluster.Hosting;
using Community.Cluster.Persistence;
using Community.Cluster.Projections;
using Community.Contracts.Common;

namespace Community.Cluster.Tests.Support;

/// <summary>A read model's specs on one storage (SQLite in a temporary folder, or PostgreSQL): envelopes made as the
/// journal would (per-entity seqs, a global ordering), applied to a projection in one committed batch as the
/// <see cref="ProjectionRunner"/> does.</summary>
public abstract class ProjectionSpec : IAsyncLifetime
{
    private readonly TempDirectory _dataDir = TempDirectory.Create();
    private readonly Dictionary<string, long> _seqs = [];
    private long _ordering;

    protected abstract StorageOptions Storage { get; }

    protected JournalDatabase Database => new(new CommunityClusterOptions { DataDir = _dataDir.Path, Storage = Storage });

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync()
    {
        _dataDir.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The next envelope of <paramref name="persistenceId"/>'s stream, after every envelope made so far.</summary>
    protected EventEnvelope Next(ICommunityEvent evt, string persistenceId, string tag)
    {
        var seq = _seqs[persistenceId] = _seqs.GetValueOrDefault(persistenceId) + 1;
        return new(new Sequence(++_ordering), persistenceId, seq, evt, 0, [tag]);
    }

    protected async Task ApplyAsync(IProjection projection, params EventEnvelope[] batch)
    {
        await using var connection = Database.CreateConnection();
        await connection.OpenAsync();
        await projection.EnsureSchemaAsync(connection, CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        await projection.ApplyAsync(connection, transaction, batch, CancellationToken.None);
        await transaction.CommitAsync();
    }
}
