using System.Data.Common;
using Akka.Cluster;
using Akka.Persistence.Query;
using Community.Cluster.Hosting;
using Community.Cluster.Persistence;
using Community.Cluster.Projections;
using Community.Cluster.Tests.Support;
using Community.Cluster.Users;
using Community.Contracts.Common;
using Community.Contracts.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Community.Cluster.Tests.Projections;

/// <summary>A read model gets every event of its area exactly once: across batches, restarts and handler failures. Run on
/// both storages (<see cref="SqliteProjectionRunnerSpecs"/>, <see cref="PostgresProjectionRunnerSpecs"/>).</summary>
public abstract class ProjectionRunnerSpecs : IAsyncLifetime
{
    private readonly TempDirectory _dataDir = TempDirectory.Create();

    /// <summary>Where the journal and the read models live.</summary>
    protected abstract StorageOptions Storage { get; }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync()
    {
        _dataDir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Every_event_of_the_area_lands_once_and_the_offset_is_the_last_applied_event()
    {
        var projection = new EventsPerUser();
        await using (var node = await StartAsync(projection))
        {
            var users = await WriteUsersAsync(node, count: 5, profileUpdatesEach: 3);
            await Eventually.TrueAsync(async () => await TotalAsync(node) == 5 * 4, "all 20 user events are projected");

            foreach (var user in users) Assert.Equal(4, await CountOfAsync(node, user));
            Assert.Equal(await MaxTagOrderingAsync(node), await OffsetAsync(node, projection.Name));
        }
    }

    [Fact]
    public async Task After_a_restart_it_resumes_after_its_offset_without_applying_anything_twice()
    {
        var projection = new EventsPerUser();
        await using (var node = await StartAsync(projection))
        {
            await WriteUsersAsync(node, count: 3, profileUpdatesEach: 1);
            await Eventually.TrueAsync(async () => await TotalAsync(node) == 6, "the first 6 events are projected");
        }

        await using (var node = await StartAsync(projection))
        {
            await WriteUsersAsync(node, count: 2, profileUpdatesEach: 0);
            await Eventually.TrueAsync(async () => await TotalAsync(node) == 8, "the 2 new events are projected");

            // Sentinel: the stream is applied in order, so once an event written now is projected, a replay from offset
            // 0 (if there were one) would already be counted before it.
            var sentinel = (await WriteUsersAsync(node, count: 1, profileUpdatesEach: 0)).Single();
            await Eventually.TrueAsync(async () => await CountOfAsync(node, sentinel) == 1, "the sentinel event is projected");
            Assert.Equal(9, await TotalAsync(node));
        }
    }

    [Fact]
    public async Task A_failing_batch_commits_nothing_and_is_retried_until_it_succeeds()
    {
        var projection = new EventsPerUser { FailuresLeft = 2 };
        await using var node = await StartAsync(projection);
        await WriteUsersAsync(node, count: 4, profileUpdatesEach: 1);

        await Eventually.TrueAsync(async () => await TotalAsync(node) == 8, "all events are projected after the failures");
        Assert.Equal(0, projection.FailuresLeft);
        Assert.Equal(8, await TotalAsync(node));
    }

    private async Task<ProjectionNode> StartAsync(IProjection projection)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddCommunityCluster(
            new CommunityClusterOptions { DataDir = _dataDir.Path, Storage = Storage, Cluster = new ClusterNodeOptions { Port = 0 } },
            cluster => cluster.AddUsersArea(),
            (akka, provider) => akka.WithProjection(projection, provider.GetRequiredService<JournalDatabase>()));
        var host = builder.Build();
        await host.StartAsync();
        var node = new ProjectionNode(host);
        await Eventually.TrueAsync(() =>
            Task.FromResult(Akka.Cluster.Cluster.Get(node.System).SelfMember.Status == MemberStatus.Up), "the node is Up");
        return node;
    }

    private static async Task<List<string>> WriteUsersAsync(ProjectionNode node, int count, int profileUpdatesEach)
    {
        var users = Enumerable.Range(0, count).Select(_ => Samples.NewId("u")).ToList();
        foreach (var user in users)
        {
            Assert.IsType<CommandAccepted>(await node.Gateway.SendAsync<UserRegion>(Samples.Register(user, user)));
            for (var i = 0; i < profileUpdatesEach; i++)
                Assert.IsType<CommandAccepted>(await node.Gateway.SendAsync<UserRegion>(Samples.Profile(user, $"读者 {i}")));
        }
        return users;
    }

    private static Task<long> TotalAsync(ProjectionNode node) =>
        node.ScalarAsync("SELECT COALESCE(SUM(events), 0) FROM test_events_per_user");

    private static Task<long> CountOfAsync(ProjectionNode node, string userId) =>
        node.ScalarAsync($"SELECT events FROM test_events_per_user WHERE persistence_id = 'user-{userId}'");

    private static Task<long> OffsetAsync(ProjectionNode node, string name) =>
        node.ScalarAsync($"SELECT ordering FROM projection_offsets WHERE name = '{name}'");

    private static Task<long> MaxTagOrderingAsync(ProjectionNode node) =>
        node.ScalarAsync($"SELECT MAX(ordering) FROM journal WHERE tags LIKE '%;{AreaTagger.TagOf<IUserEvent>()};%'");

    private sealed class ProjectionNode(IHost host) : IAsyncDisposable
    {
        public Akka.Actor.ActorSystem System => host.Services.GetRequiredService<Akka.Actor.ActorSystem>();

        public EntityGateway Gateway => host.Services.GetRequiredService<EntityGateway>();

        public async Task<long> ScalarAsync(string sql)
        {
            await using var connection = host.Services.GetRequiredService<JournalDatabase>().CreateConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    /// <summary>Counts events per persistence id; can be told to throw on its next batches.</summary>
    private sealed class EventsPerUser : IProjection
    {
        public int FailuresLeft { get; set; }

        public string Name => "test-events-per-user";

        public string Tag => AreaTagger.TagOf<IUserEvent>();

        public async Task EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
        {
            await using var command = connection.CreateCommand();
            command.CommandText =
                "CREATE TABLE IF NOT EXISTS test_events_per_user (persistence_id VARCHAR(255) PRIMARY KEY, events BIGINT NOT NULL)";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        public async Task ApplyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EventEnvelope> batch,
            CancellationToken cancellationToken)
        {
            foreach (var envelope in batch)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = """
                    INSERT INTO test_events_per_user (persistence_id, events) VALUES (@id, 1)
                    ON CONFLICT (persistence_id) DO UPDATE SET events = test_events_per_user.events + 1
                    """;
                ProjectionOffsets.AddParameter(command, "@id", envelope.PersistenceId);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
            // Fails after writing rows: the rollback must take them back, and the offset must not move.
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new InvalidOperationException("Simulated read model failure.");
            }
        }
    }
}
