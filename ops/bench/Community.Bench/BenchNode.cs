using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Community.Cluster.Circles;
using Community.Cluster.Hosting;
using Community.Cluster.Persistence;
using Community.Cluster.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Community.Bench;

/// <summary>One real single-node cluster started through <see cref="CommunityClusterHosting.AddCommunityCluster(IServiceCollection, CommunityClusterOptions, Action{AkkaConfigurationBuilder, IServiceProvider}?)"/>
/// on an SQLite file in <see cref="DataDir"/>, with an optional HOCON variant laid over the product's settings.</summary>
public sealed class BenchNode : IAsyncDisposable
{
    private readonly IHost _host;

    private BenchNode(IHost host, string dataDir)
    {
        _host = host;
        DataDir = dataDir;
        System = host.Services.GetRequiredService<ActorSystem>();
        Users = host.Services.GetRequiredService<ActorRegistry>().Get<UserRegion>();
        Circles = host.Services.GetRequiredService<ActorRegistry>().Get<Community.Cluster.Circles.CircleRegion>();
        Database = host.Services.GetRequiredService<JournalDatabase>();
    }

    public string DataDir { get; }

    public ActorSystem System { get; }

    public IActorRef Users { get; }

    public IActorRef Circles { get; }

    public JournalDatabase Database { get; }

    public static async Task<BenchNode> StartAsync(string dataDir, string variant = "product", int snapshotEvery = 200,
        TimeSpan? passivateAfter = null, int? circleSnapshotEvery = null)
    {
        var options = new CommunityClusterOptions { DataDir = dataDir };
        options.Cluster.Port = 0;
        options.Entities.SnapshotEvery = snapshotEvery;
        options.Entities.PassivateAfter = passivateAfter ?? TimeSpan.FromHours(1);
        options.Entities.AskTimeout = TimeSpan.FromSeconds(60);
        var overrides = HoconVariants.HoconOf(variant);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddCommunityCluster(options, cluster => cluster
            .AddUsersArea()
            .AddCirclesArea(circles =>
            {
                if (circleSnapshotEvery is { } every) circles.SnapshotEvery = every;
            }), (akka, _) =>
        {
            if (overrides.Length > 0) akka.AddHocon(ConfigurationFactory.ParseString(overrides), HoconAddMode.Prepend);
        });
        var host = builder.Build();
        await host.StartAsync();

        var node = new BenchNode(host, dataDir);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Akka.Cluster.Cluster.Get(node.System).RegisterOnMemberUp(() => up.TrySetResult());
        await up.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        // Released pooled connections let the next node (or the cleanup) open the file afresh.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public static string NewDataDir(string label)
    {
        var dir = Path.Combine(Path.GetTempPath(), "community-bench", $"{label}-{DateTime.UtcNow:HHmmss}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static void Cleanup(string dir, BenchArguments arguments)
    {
        if (arguments.Flag("keep-data"))
        {
            Console.WriteLine($"  data kept in {dir}");
            return;
        }
        try { Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
    }
}
