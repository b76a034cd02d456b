using System.Net;
using System.Net.Http.Json;
using Community.Recommender.Behavior;
using Community.Web.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Community.Web.Tests.Behavior;

/// <summary>A host allowing three behavior requests a minute, and a queue of one waiting request.</summary>
public sealed class BehaviorLimitedApp : IAsyncLifetime
{
    public CommunityApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await new CommunityApp(settings: new Dictionary<string, string?>
    {
        ["Community:Behavior:RequestsPerMinute"] = "3",
        ["Community:Behavior:QueueBound"] = "1",
        ["Community:Demo:Enabled"] = "false",
    }).ReadyHealthAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The route's limits: its own rate limit (per signed-in user, else per address) answering 429 and storing
/// nothing, and a 503 with <c>Retry-After</c> when the log's queue is full.</summary>
public sealed class BehaviorLimitSpecs(BehaviorLimitedApp limited) : IClassFixture<BehaviorLimitedApp>
{
    private readonly CommunityApp _app = limited.App;

    private static object[] Events(string itemId, int count = 1) =>
        [.. Enumerable.Range(0, count).Select(_ => new { kind = "view", itemKind = "work", itemId })];

    [Fact]
    public async Task Requests_are_limited_per_signed_in_user_and_the_refused_one_stores_nothing()
    {
        var (first, second) = (await _app.RegisterAndSignInAsync(), await _app.RegisterAndSignInAsync());
        using var client = _app.Client(first.Token);
        for (var i = 0; i < 3; i++) await Expect.Status(await client.PostAsJsonAsync("/api/events", Events($"w-limit-{i}")), HttpStatusCode.Accepted);

        var refused = await client.PostAsJsonAsync("/api/events", Events("w-limit-refused"));

        await Expect.Problem(refused, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        Assert.Empty(await RowsAsync("w-limit-refused"));
        // Per user: another reader from the same address still gets through.
        using var other = _app.Client(second.Token);
        await Expect.Status(await other.PostAsJsonAsync("/api/events", Events("w-limit-other")), HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task A_full_queue_is_a_503_with_retry_after_and_what_was_accepted_is_stored()
    {
        // Hold the behavior file's write lock: the log's writer waits in BEGIN, so requests pile up behind it until the
        // queue (one request) is full and the next is refused at once.
        await using var holder = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_app.DataDir, "behavior.db"), Pooling = false,
        }.ToString());
        await holder.OpenAsync();
        await using var command = holder.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE";
        await command.ExecuteNonQueryAsync();

        // Full 500-event requests: one transaction each, so each waiting stage of the stream holds one.
        var calls = Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
        {
            var user = await _app.RegisterAndSignInAsync();
            using var client = _app.Client(user.Token);
            return (ItemId: $"w-busy-{i}", Response: await client.PostAsJsonAsync("/api/events", Events($"w-busy-{i}", 500)));
        })).ToList();
        var refused = await await Task.WhenAny(calls);
        await Expect.Problem(refused.Response, HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Response.Headers.RetryAfter?.Delta);

        command.CommandText = "ROLLBACK";
        await command.ExecuteNonQueryAsync();
        foreach (var (itemId, response) in await Task.WhenAll(calls))
        {
            Assert.True(response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable, $"{itemId}: {response.StatusCode}");
            Assert.Equal(response.StatusCode == HttpStatusCode.Accepted ? 500 : 0, (await RowsAsync(itemId)).Count);
        }
    }

    private async Task<List<StoredBehavior>> RowsAsync(string itemId)
    {
        var log = _app.Services.GetRequiredService<BehaviorLog>();
        return [.. (await log.ReadAfterAsync(0, 100_000, CancellationToken.None)).Where(r => r.ItemId == itemId)];
    }
}
