using Akka.Actor;
using Akka.Cluster;
using Community.Cluster.Circles;
using Community.Cluster.Creators;
using Community.Cluster.HelpTickets;
using Community.Cluster.Hosting;
using Community.Cluster.Tests.Support;
using Community.Cluster.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Community.Cluster.Tests.Hosting;

/// <summary>A one-node cluster started exactly as the web host starts it (<c>AddCommunityCluster</c>), on a free port
/// and its own SQLite journal, with a short idle time so passivation can be observed.</summary>
public sealed class HostedNode : IAsyncLifetime
{
    public static readonly TimeSpan PassivateAfter = TimeSpan.FromSeconds(1);
    public const int NumberOfShards = 10;
    public const int CircleSnapshotEvery = 4;

    private readonly TempDirectory _dataDir = TempDirectory.Create();
    private IHost? _host;

    public IServiceProvider Services => _host?.Services ?? throw new InvalidOperationException("Not started.");

    public ActorSystem System => Services.GetRequiredService<ActorSystem>();

    public EntityGateway Gateway => Services.GetRequiredService<EntityGateway>();

    public async Task InitializeAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddCommunityCluster(new CommunityClusterOptions
        {
            DataDir = _dataDir.Path,
            Cluster = new ClusterNodeOptions { Port = 0 },
            Entities = new EntityOptions
            {
                PassivateAfter = PassivateAfter, NumberOfShards = NumberOfShards, AskTimeout = TimeSpan.FromSeconds(20),
                SnapshotEvery = 1000,
            },
        }, cluster => cluster
            .AddUsersArea()
            .AddCirclesArea(circles => circles.SnapshotEvery = CircleSnapshotEvery)
            .AddCreatorsArea()
            .AddHelpTicketsArea());
        _host = builder.Build();
        await _host.StartAsync();
        await Eventually.TrueAsync(() => Akka.Cluster.Cluster.Get(System).SelfMember.Status == MemberStatus.Up, "the node is Up");
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
        _dataDir.Dispose();
    }
}
