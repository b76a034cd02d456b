using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Community.Web.Circles;
using Community.Web.HelpTickets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Community.Web.Tests.Infrastructure;

/// <summary>The real product on Kestrel on a free loopback port, with its own data directory (SQLite journal) and a
/// one-node cluster on a free port. Demo data is on, so the admin account exists.</summary>
public sealed class CommunityApp : WebApplicationFactory<Program>
{
    public const string DemoPassword = "Demo#Tests1";

    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsDataDir;

    private readonly TimeProvider? _clock;

    /// <param name="clock">The clock of the whole node (tokens, sessions, the stats publisher's task deadlines), for a spec
    /// that moves time itself; null is the system clock.</param>
    public CommunityApp(string? dataDir = null, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        _clock = clock;
        _ownsDataDir = dataDir is null;
        DataDir = dataDir ?? Directory.CreateTempSubdirectory("community-web-tests-").FullName;
        _settings = new Dictionary<string, string?>
        {
            ["Community:DataDir"] = DataDir,
            ["Community:Cluster:Port"] = "0",
            ["Community:Demo:Enabled"] = "true",
            ["Community:Demo:Password"] = DemoPassword,
            ["Community:Auth:SignInPerAddressPerMinute"] = "100000",
            ["Community:Auth:RegistrationsPerAddressPerMinute"] = "100000",
            ["Community:Circles:PostsPerUserPerMinute"] = "100000",
            ["Community:Circles:WritesPerUserPerMinute"] = "100000",
            ["Community:Auth:SessionWritesPerUserPerMinute"] = "100000",
            ["Community:Auth:ProfileUpdatesPerUserPerMinute"] = "100000",
            ["Community:Live:CallsPerUserPerMinute"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;

        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public string DataDir { get; }

    public Uri BaseAddress { get; }

    /// <summary>Warnings and errors the app logged.</summary>
    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings))
            .ConfigureLogging(logging => logging.AddProvider(Logs))
            .ConfigureTestServices(services =>
            {
                if (_clock is not null) services.Replace(ServiceDescriptor.Singleton(_clock));
            });

    /// <summary>A live hub connection (not started) over websockets, with <paramref name="token"/> (none: anonymous).</summary>
    public HubConnection HubConnection(string? token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(BaseAddress, "/hubs/live"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                if (token is not null) options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Waits until the node is Up and demo data is seeded and readable: seeding runs in the background, and
    /// the last demo like in the circles' read model means every step before it is done.</summary>
    public async Task<CommunityApp> ReadyAsync()
    {
        using var client = Client();
        await Eventually.TrueAsync(async () =>
            (await client.GetAsync("/health/ready")).IsSuccessStatusCode
            && (await client.PostAsJsonAsync("/api/sessions", new { userName = "admin", password = DemoPassword, clientId = "chao-news" }))
                .IsSuccessStatusCode, "the node is ready and the demo admin exists");
        using var admin = Client((await SignInAdminAsync()).Token);
        var lastLike = CirclesDemo.Likes[^1];
        var likes = CirclesDemo.Likes.Count(l => l.PostId == lastLike.PostId);
        await Eventually.TrueAsync(async () =>
        {
            var posts = await admin.GetAsync($"/api/circles/{lastLike.CircleId}/posts?limit=100");
            if (!posts.IsSuccessStatusCode) return false;
            var items = (await posts.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray();
            return items.Any(p => p.GetProperty("postId").GetString() == lastLike.PostId && p.GetProperty("likeCount").GetInt64() >= likes);
        }, "the node is ready and demo data is seeded");
        // The help tickets demo is seeded last, its post-made ticket last of all: answered in the public column (the
        // tickets read model) and under its post (the ticket-post relay), everything before it is done too.
        var lastTicket = PostTicketApi.TicketIdOf("c-koushui-housing", CirclesDemo.StreetlightPostId).Value;
        await Eventually.TrueAsync(async () =>
        {
            var column = await admin.GetFromJsonAsync<JsonElement>("/api/tickets/public?limit=100");
            var post = await admin.GetFromJsonAsync<JsonElement>($"/api/circles/c-koushui-housing/posts/{CirclesDemo.StreetlightPostId}");
            return column.GetProperty("items").EnumerateArray().Any(t => t.GetProperty("ticketId").GetString() == lastTicket)
                && post.GetProperty("ticket") is { ValueKind: JsonValueKind.Object } ticket && ticket.GetProperty("status").GetString() == "answered";
        }, "the demo tickets are seeded and read");
        return this;
    }

    /// <summary>Waits until the node is Up and its journal answers.</summary>
    public async Task<CommunityApp> ReadyHealthAsync()
    {
        using var client = Client();
        await Eventually.TrueAsync(async () => (await client.GetAsync("/health/ready")).IsSuccessStatusCode, "the node is ready");
        return this;
    }

    public async Task<Session> RegisterAndSignInAsync(string? userName = null, string regionCode = "330106", string clientId = "chao-news")
    {
        userName ??= "u" + Guid.NewGuid().ToString("N")[..12];
        using var client = Client();
        var registered = await client.PostAsJsonAsync("/api/accounts",
            new { userName, password = "Secret#123", displayName = "Reader " + userName, regionCode });
        await Expect.Status(registered, HttpStatusCode.Created);
        return await SignInAsync(userName, "Secret#123", clientId);
    }

    public async Task<Session> SignInAsync(string userName, string password, string clientId = "chao-news")
    {
        using var client = Client();
        var response = await client.PostAsJsonAsync("/api/sessions", new { userName, password, clientId });
        await Expect.Status(response, HttpStatusCode.OK);
        var session = (await response.Content.ReadFromJsonAsync<SessionBody>())!;
        return new Session(userName, session.UserId, session.AccessToken, session.Roles, session.RefreshToken, session.SessionId);
    }

    private Session? _admin;

    /// <summary>The demo admin's session, signed in once: specs would otherwise trip the per-account sign-in limit.</summary>
    public async Task<Session> SignInAdminAsync() => _admin ??= await SignInAsync("admin", DemoPassword);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsDataDir) TryDelete(DataDir);
    }

    public static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a closing process; the OS cleans temp folders.
        }
    }

    private sealed record SessionBody(string AccessToken, string RefreshToken, int ExpiresIn, string UserId, string[] Roles, string SessionId);
}

public sealed record Session(string UserName, string UserId, string Token, string[] Roles, string RefreshToken = "", string SessionId = "");

/// <summary>One product host shared by the specs of a collection.</summary>
public sealed class SharedApp : IAsyncLifetime
{
    public CommunityApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await new CommunityApp().ReadyAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SharedAppCollection : ICollectionFixture<SharedApp>
{
    public const string Name = "shared app";
}

public static class HubConnections
{
    /// <summary>Starts the connection and makes one round trip: the server joins a connection to its own streams
    /// (user, department, moderators) after the handshake that <c>StartAsync</c> waits for, and handles calls only once
    /// that is done, so afterwards nothing published to them is missed.</summary>
    public static async Task StartSettledAsync(this Microsoft.AspNetCore.SignalR.Client.HubConnection hub)
    {
        await hub.StartAsync();
        await hub.InvokeAsync("Unfollow", "settled");
    }
}
