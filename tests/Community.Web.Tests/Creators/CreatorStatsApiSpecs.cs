using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Community.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Time.Testing;
using static Community.Web.Tests.Creators.CreatorFixture;

namespace Community.Web.Tests.Creators;

/// <summary>Likes, the dashboard and operators' tasks through the API and the live hub: a reader's like moves the
/// account's numbers and its tasks, a task reached completes once with its reward (points to every staff member), and
/// every route refuses bad input and the wrong caller with nothing changed.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class CreatorStatsApiSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    public sealed record CreatorEvent(string CreatorId, long Seq, string Kind, JsonElement Data);

    public sealed record UserEvent(long Seq, string Kind, JsonElement Data);

    internal static async Task<string> DefineTaskAsync(CommunityApp app, object body, string? key = null)
    {
        var admin = await app.SignInAdminAsync();
        using var client = app.Client(admin.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tasks") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        var response = await client.SendAsync(request);
        await Expect.Status(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetString()!;
    }

    internal static object LikesTask(string title, long target, string regionCode, DateTimeOffset now, long points = 30, TimeSpan? runsFor = null) => new
    {
        title, metric = "likes", target,
        window = new { from = now.AddHours(-1), to = now + (runsFor ?? TimeSpan.FromHours(1)) },
        reward = new { points, boost = new { weight = 1.5, until = now.AddDays(3) } },
        audience = new { tiers = Array.Empty<string>(), regionCodes = new[] { regionCode } },
    };

    /// <summary>Readers like what they have read: waits until the work is served to readers.</summary>
    internal static Task ReadableAsync(CommunityApp app, string workId) =>
        Eventually.TrueAsync(async () => (await app.Client((await app.SignInAdminAsync()).Token).GetAsync($"/api/works/{workId}")).IsSuccessStatusCode,
            "the work in the read model", timeoutSeconds: 30);

    private static async Task LikeAsync(CommunityApp app, string workId)
    {
        var reader = await app.RegisterAndSignInAsync();
        using var client = app.Client(reader.Token);
        await Expect.Status(await client.PutAsync($"/api/works/{workId}/likes/me", null), HttpStatusCode.NoContent);
    }

    internal static async Task<JsonElement> DashboardWhenAsync(HttpClient client, string creatorId, Func<JsonElement, bool> done, string what)
    {
        var dashboard = default(JsonElement);
        await Eventually.TrueAsync(async () =>
        {
            dashboard = await client.GetFromJsonAsync<JsonElement>($"/api/creators/{creatorId}/dashboard");
            return done(dashboard);
        }, what, timeoutSeconds: 30);
        return dashboard;
    }

    [Fact]
    public async Task A_readers_like_counts_once_on_the_work_and_the_dashboard_and_an_unlike_takes_it_back()
    {
        using var account = await RegisterAsync(_app, "330106");
        var work = await PublishAsync(account.Client, account.CreatorId, "点赞测试", ["county"]);
        await ReadableAsync(_app, work);
        var reader = await _app.RegisterAndSignInAsync();
        using var client = _app.Client(reader.Token);

        await Expect.Status(await client.PutAsync($"/api/works/{work}/likes/me", null), HttpStatusCode.NoContent);
        await Expect.Status(await client.PutAsync($"/api/works/{work}/likes/me", null), HttpStatusCode.NoContent);
        var dashboard = await DashboardWhenAsync(account.Client, account.CreatorId, d => d.GetProperty("likes").GetInt64() == 1, "the like on the dashboard");
        Assert.Equal((1L, 1L), (dashboard.GetProperty("likes").GetInt64(), dashboard.GetProperty("works").GetInt64()));
        var stats = await client.GetFromJsonAsync<JsonElement>($"/api/works/{work}/stats");
        Assert.Equal((1L, true), (stats.GetProperty("likes").GetInt64(), stats.GetProperty("liked").GetBoolean()));
        var top = Assert.Single(dashboard.GetProperty("topWorks").EnumerateArray());
        Assert.Equal(("点赞测试", 1L), (top.GetProperty("title").GetString(), top.GetProperty("likes").GetInt64()));

        await Expect.Status(await client.DeleteAsync($"/api/works/{work}/likes/me"), HttpStatusCode.NoContent);
        dashboard = await DashboardWhenAsync(account.Client, account.CreatorId, d => d.GetProperty("likes").GetInt64() == 0, "the unlike on the dashboard");
        Assert.Equal(0L, dashboard.GetProperty("likes").GetInt64());
        Assert.Equal(30, dashboard.GetProperty("daily").GetArrayLength());
    }

    [Fact]
    public async Task Readers_views_and_shares_from_the_behavior_log_reach_the_dashboard_live()
    {
        using var account = await RegisterAsync(_app, "330106");
        var work = await PublishAsync(account.Client, account.CreatorId, "阅读测试", ["county"]);
        await ReadableAsync(_app, work);
        await using var hub = _app.HubConnection(account.Owner.Token);
        var events = Channel.CreateUnbounded<CreatorEvent>();
        hub.On<CreatorEvent>("creatorEvent", e => events.Writer.TryWrite(e));
        await hub.StartSettledAsync();
        await hub.InvokeAsync<long>("Follow", $"creator:{account.CreatorId}", 0L);

        var reader = await _app.RegisterAndSignInAsync();
        var anonymous = _app.Client();
        await Expect.Status(await _app.Client(reader.Token).PostAsJsonAsync("/api/events", new object[]
        {
            new { kind = "view", itemKind = "work", itemId = work }, new { kind = "share", itemKind = "work", itemId = work },
            new { kind = "dwell", itemKind = "work", itemId = work, ms = 4000 },
        }), HttpStatusCode.Accepted);
        await Expect.Status(await anonymous.PostAsJsonAsync("/api/events", new[] { new { kind = "view", itemKind = "work", itemId = work } }),
            HttpStatusCode.Accepted);

        var changed = await NextAsync(events.Reader, e => e.Kind == "statsChanged" && e.Data.GetProperty("views").GetInt64() == 2);
        Assert.Equal(1L, changed.Data.GetProperty("shares").GetInt64());
        var dashboard = await DashboardWhenAsync(account.Client, account.CreatorId, d => d.GetProperty("views").GetInt64() == 2, "the views on the dashboard");
        Assert.Equal(2L, dashboard.GetProperty("daily").EnumerateArray().Sum(d => d.GetProperty("views").GetInt64()));
        Assert.Equal((2L, 1L), (Assert.Single(dashboard.GetProperty("topWorks").EnumerateArray()).GetProperty("views").GetInt64(),
            dashboard.GetProperty("shares").GetInt64()));
    }

    [Fact]
    public async Task A_readers_comment_is_listed_under_the_work_and_counted_once_even_when_retried()
    {
        using var account = await RegisterAsync(_app, "330106");
        var work = await PublishAsync(account.Client, account.CreatorId, "评论测试", ["county"]);
        await ReadableAsync(_app, work);
        var reader = await _app.RegisterAndSignInAsync();
        using var client = _app.Client(reader.Token);

        string? first = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/works/{work}/comments") { Content = JsonContent.Create(new { text = "写得好，支持！" }) };
            request.Headers.Add("Idempotency-Key", "comment-1");
            var response = await client.SendAsync(request);
            await Expect.Status(response, HttpStatusCode.Created);
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("commentId").GetString();
            Assert.Equal(first ?? id, id);
            first = id;
        }
        var dashboard = await DashboardWhenAsync(account.Client, account.CreatorId, d => d.GetProperty("comments").GetInt64() == 1, "the comment on the dashboard");
        var comments = await client.GetFromJsonAsync<JsonElement>($"/api/works/{work}/comments");
        var comment = Assert.Single(comments.GetProperty("items").EnumerateArray());
        Assert.Equal((first, "写得好，支持！", reader.UserId), (comment.GetProperty("commentId").GetString(), comment.GetProperty("text").GetString(),
            comment.GetProperty("authorId").GetString()));
        Assert.Equal(1L, (await client.GetFromJsonAsync<JsonElement>($"/api/works/{work}/stats")).GetProperty("comments").GetInt64());
        Assert.Equal(1L, dashboard.GetProperty("daily").EnumerateArray().Sum(d => d.GetProperty("comments").GetInt64()));

        await Expect.FieldError(await client.PostAsJsonAsync($"/api/works/{work}/comments", new { text = "<script>alert(1)</script>" }), "text");
        await Expect.FieldError(await client.PostAsJsonAsync($"/api/works/{work}/comments", new { text = new string('长', 2001) }), "text");
        await Expect.FieldError(await client.PostAsJsonAsync($"/api/works/{work}/comments", new { text = "" }), "text");
        var draft = await PublishAsync(account.Client, account.CreatorId, "草稿", ["county"], draft: true);
        await Expect.Problem(await client.PostAsJsonAsync($"/api/works/{draft}/comments", new { text = "早" }), HttpStatusCode.NotFound);
        Assert.Single((await client.GetFromJsonAsync<JsonElement>($"/api/works/{work}/comments")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Only_a_published_work_is_liked()
    {
        using var account = await RegisterAsync(_app, "330106");
        var draft = await PublishAsync(account.Client, account.CreatorId, "草稿", ["county"], draft: true);
        var reader = await _app.RegisterAndSignInAsync();
        using var client = _app.Client(reader.Token);

        await Expect.Problem(await client.PutAsync($"/api/works/{draft}/likes/me", null), HttpStatusCode.NotFound);
        await Expect.Problem(await client.PutAsync($"/api/works/{account.CreatorId}-w-aaaaaaaaaaaaaaaaaaaaaaaaaa/likes/me", null),
            HttpStatusCode.NotFound);
        await Expect.Problem(await client.GetAsync($"/api/works/{draft}/stats"), HttpStatusCode.NotFound);
        await Expect.Problem(await _app.Client().PutAsync($"/api/works/{draft}/likes/me", null), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_dashboard_is_for_the_accounts_staff_and_moderators()
    {
        using var account = await RegisterAsync(_app, "330106");
        var reader = await _app.RegisterAndSignInAsync();
        var moderator = await _app.SignInAsync("moderator", CommunityApp.DemoPassword);

        // A new account reaches the read model a moment after its registration.
        await Eventually.TrueAsync(async () => (await _app.Client(moderator.Token).GetAsync($"/api/creators/{account.CreatorId}/dashboard")).IsSuccessStatusCode,
            "the moderator reading the dashboard", timeoutSeconds: 30);
        await Expect.Problem(await _app.Client(reader.Token).GetAsync($"/api/creators/{account.CreatorId}/dashboard"), HttpStatusCode.Forbidden);
        await Expect.Problem(await account.Client.GetAsync("/api/creators/cr-nobody-here/dashboard"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_task_reached_completes_once_live_with_its_reward_to_every_staff_member()
    {
        using var account = await RegisterAsync(_app, "330108");
        var editor = await _app.RegisterAndSignInAsync(regionCode: "330108");
        await Expect.Status(await account.Client.PostAsJsonAsync($"/api/creators/{account.CreatorId}/staff", new { userName = editor.UserName }),
            HttpStatusCode.NoContent);
        var work = await PublishAsync(account.Client, account.CreatorId, "任务测试", ["county"]);
        await ReadableAsync(_app, work);

        await using var hub = _app.HubConnection(account.Owner.Token);
        var creatorEvents = Channel.CreateUnbounded<CreatorEvent>();
        var userEvents = Channel.CreateUnbounded<UserEvent>();
        hub.On<CreatorEvent>("creatorEvent", e => creatorEvents.Writer.TryWrite(e));
        hub.On<UserEvent>("userEvent", e => userEvents.Writer.TryWrite(e));
        await hub.StartSettledAsync();
        await hub.InvokeAsync<long>("Follow", $"creator:{account.CreatorId}", 0L);
        await hub.InvokeAsync<long>("Follow", $"user:{account.Owner.UserId}", 0L);

        var taskId = await DefineTaskAsync(_app, LikesTask("点赞 2 次", 2, "330108", DateTimeOffset.UtcNow, points: 30));
        await LikeAsync(_app, work);
        await LikeAsync(_app, work);

        var completed = await NextAsync(creatorEvents.Reader, e => e.Kind == "taskCompleted");
        Assert.Equal((taskId, 30L), (completed.Data.GetProperty("taskId").GetString(), completed.Data.GetProperty("reward").GetProperty("points").GetInt64()));
        var granted = await NextAsync(creatorEvents.Reader, e => e.Kind == "incentiveGranted");
        Assert.Equal(completed.Seq + 1, granted.Seq);
        Assert.Equal([work], granted.Data.GetProperty("workIds").EnumerateArray().Select(w => w.GetString()));
        var points = await NextAsync(userEvents.Reader, e => e.Kind == "pointsGranted");
        Assert.Equal(30L, points.Data.GetProperty("points").GetInt64());

        // A third like changes the numbers, not the reward.
        await LikeAsync(_app, work);
        var dashboard = await DashboardWhenAsync(account.Client, account.CreatorId, d => d.GetProperty("likes").GetInt64() == 3
            && d.GetProperty("points").GetInt64() == 30, "the third like and the points on the dashboard");
        var task = Assert.Single(dashboard.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("taskId").GetString() == taskId);
        Assert.Equal(("completed", 2L), (task.GetProperty("status").GetString(), task.GetProperty("progress").GetInt64()));
        Assert.Equal(30L, dashboard.GetProperty("points").GetInt64());
        Assert.Equal(work, Assert.Single(dashboard.GetProperty("boosts").EnumerateArray()).GetProperty("workId").GetString());
        foreach (var member in new[] { account.Owner, editor })
        {
            var me = await _app.Client(member.Token).GetFromJsonAsync<JsonElement>("/api/me");
            Assert.Equal(30L, me.GetProperty("points").GetInt64());
        }
    }

    [Fact]
    public async Task A_task_is_defined_by_operators_only_with_every_field_checked_and_a_retry_answered_as_the_first()
    {
        var now = DateTimeOffset.UtcNow;
        var key = Guid.NewGuid().ToString("N");
        var first = await DefineTaskAsync(_app, LikesTask("周末点赞", 10, "330100", now), key);
        Assert.Equal(first, await DefineTaskAsync(_app, LikesTask("周末点赞", 10, "330100", now), key));
        var admin = _app.Client((await _app.SignInAdminAsync()).Token);
        using (var reused = new HttpRequestMessage(HttpMethod.Post, "/api/tasks") { Content = JsonContent.Create(LikesTask("周末点赞", 99, "330100", now)) })
        {
            reused.Headers.Add("Idempotency-Key", key);
            await Expect.Problem(await admin.SendAsync(reused), HttpStatusCode.UnprocessableEntity);
        }
        var task = await admin.GetFromJsonAsync<JsonElement>($"/api/tasks/{first}");
        Assert.Equal(("周末点赞", "likes", 10L), (task.GetProperty("title").GetString(), task.GetProperty("metric").GetString(), task.GetProperty("target").GetInt64()));

        var reader = await _app.RegisterAndSignInAsync();
        await Expect.Problem(await _app.Client(reader.Token).PostAsJsonAsync("/api/tasks", LikesTask("x", 1, "330100", now)), HttpStatusCode.Forbidden);

        var window = new { from = now, to = now.AddDays(1) };
        (object Body, string Field)[] bad =
        [
            (new { title = "t", metric = "clicks", target = 1, window, reward = new { points = 1 } }, "metric"),
            (new { title = "t", metric = "likes", target = 0, window, reward = new { points = 1 } }, "Target"),
            (new { title = "t", metric = "likes", target = 1, window = new { from = now, to = now }, reward = new { points = 1 } }, "window.to"),
            (new { title = "t", metric = "likes", target = 1, window, reward = new { points = 0 } }, "reward"),
            (new { title = "t", metric = "likes", target = 1, window, reward = new { points = 1, boost = new { weight = 0.5, until = now.AddDays(2) } } },
                "reward.boost.weight"),
            (new { title = "t", metric = "likes", target = 1, window, reward = new { points = 1 }, audience = new { regionCodes = new[] { "999999" } } },
                "audience.regionCodes"),
            (new { title = "t", metric = "likes", target = 1, window, reward = new { points = 1 }, audience = new { tiers = new[] { "village" } } },
                "audience.tiers"),
            (new { title = "<b>任务</b>\u202e", metric = "likes", target = 1, window, reward = new { points = 1 } }, "Title"),
            (new { title = "t", metric = "likes", target = "many", window, reward = new { points = 1 } }, "target"),
        ];
        foreach (var (body, field) in bad)
        {
            var response = await admin.PostAsJsonAsync("/api/tasks", body);
            var problem = await Expect.Problem(response, HttpStatusCode.BadRequest);
            Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.Equals(field, StringComparison.OrdinalIgnoreCase)
                || e.Name.Contains(field, StringComparison.OrdinalIgnoreCase));
        }
    }

    internal static async Task<T> NextAsync<T>(ChannelReader<T> reader, Func<T, bool> wanted)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var next = await reader.ReadAsync(timeout.Token);
            if (wanted(next)) return next;
        }
    }
}

/// <summary>A task's window ends on the node's clock: the accounts short of the target fail it, live, with nothing kept
/// in memory but the clock (the deadline is read from the tasks' read model on every tick).</summary>
public sealed class CreatorTaskExpirySpecs : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private CommunityApp _app = null!;

    public async Task InitializeAsync() => _app = await new CommunityApp(clock: _clock).ReadyAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_task_whose_window_ends_short_of_its_target_fails_once()
    {
        using var account = await RegisterAsync(_app, "330110");
        var work = await PublishAsync(account.Client, account.CreatorId, "到期测试", ["county"]);
        await CreatorStatsApiSpecs.ReadableAsync(_app, work);
        await using var hub = _app.HubConnection(account.Owner.Token);
        var events = Channel.CreateUnbounded<CreatorStatsApiSpecs.CreatorEvent>();
        hub.On<CreatorStatsApiSpecs.CreatorEvent>("creatorEvent", e => events.Writer.TryWrite(e));
        await hub.StartSettledAsync();
        await hub.InvokeAsync<long>("Follow", $"creator:{account.CreatorId}", 0L);

        var taskId = await CreatorStatsApiSpecs.DefineTaskAsync(_app, CreatorStatsApiSpecs.LikesTask("点赞 5 次", 5, "330110", _clock.GetUtcNow(),
            runsFor: TimeSpan.FromMinutes(5)));
        var reader = await _app.RegisterAndSignInAsync();
        await Expect.Status(await _app.Client(reader.Token).PutAsync($"/api/works/{work}/likes/me", null), HttpStatusCode.NoContent);
        var progress = await CreatorStatsApiSpecs.NextAsync(events.Reader, e => e.Kind == "taskProgress" && e.Data.GetProperty("progress").GetInt64() > 0);
        Assert.Equal((taskId, 1L), (progress.Data.GetProperty("taskId").GetString(), progress.Data.GetProperty("progress").GetInt64()));

        // Past the window's end, well inside the tokens' 15 minutes (the hub connection stays open).
        _clock.Advance(TimeSpan.FromMinutes(6));
        var failed = await CreatorStatsApiSpecs.NextAsync(events.Reader, e => e.Kind == "taskFailed");
        Assert.Equal((taskId, 1L, 5L), (failed.Data.GetProperty("taskId").GetString(), failed.Data.GetProperty("progress").GetInt64(),
            failed.Data.GetProperty("target").GetInt64()));
        await CreatorStatsApiSpecs.DashboardWhenAsync(account.Client, account.CreatorId,
            d => d.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("taskId").GetString() == taskId).GetProperty("status").GetString() == "failed",
            "the failed task on the dashboard");
    }
}
