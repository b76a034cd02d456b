using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Community.LoadGen;

/// <summary>The real product in this process: Kestrel on a free loopback port, a one-node cluster on a free port, and
/// its own temporary data directory (SQLite journal), deleted on dispose.</summary>
public sealed class ProductHost : WebApplicationFactory<Program>
{
    private const string DemoPassword = "Demo#LoadGen1";

    private readonly Dictionary<string, string?> _settings;

    public ProductHost()
    {
        DataDir = Directory.CreateTempSubdirectory("community-loadgen-").FullName;
        _settings = new Dictionary<string, string?>
        {
            ["Community:DataDir"] = DataDir,
            ["Community:Cluster:Port"] = "0",
            // Demo seeding creates the admin account: signing it in tells that seeding is over before measuring.
            ["Community:Demo:Enabled"] = "true",
            ["Community:Demo:Password"] = DemoPassword,
            ["Community:Auth:SignInPerAddressPerMinute"] = "100000",
            // Readiness polls the admin's sign-in until seeding is over: more than a person's few tries a minute.
            ["Community:Auth:SignInFailuresPerAccountAndAddress"] = "100000",
            ["Community:Auth:RegistrationsPerAddressPerMinute"] = "100000",
            // Writers post far above a person's rate; the limit is not what is measured.
            ["Community:Circles:PostsPerUserPerMinute"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
        };

        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public string DataDir { get; }

    public Uri BaseAddress { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Measured as shipped: Development (the factory's default) adds checks such as DI scope validation.
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
    }

    /// <summary>Waits until the node is Up and demo seeding is over (the demo admin can sign in).</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress };
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (!await IsReadyAsync(client, deadline.Token)) await Task.Delay(200, deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"The product was not ready within {timeout.TotalSeconds:0} s.");
        }
    }

    private static async Task<bool> IsReadyAsync(HttpClient client, CancellationToken cancellationToken)
    {
        try
        {
            using var health = await client.GetAsync("/health/ready", cancellationToken);
            if (!health.IsSuccessStatusCode) return false;
            using var signIn = await client.PostAsJsonAsync("/api/sessions",
                new { userName = "admin", password = DemoPassword, clientId = CommunityApi.ClientId }, cancellationToken);
            return signIn.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open while the process ends; the OS cleans temp folders.
        }
    }
}
