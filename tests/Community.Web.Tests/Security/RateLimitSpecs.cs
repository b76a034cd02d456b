using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Community.Web.Tests.Circles;
using Community.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Community.Web.Tests.Security;

/// <summary>A host whose per-user write limits are tiny: three circle writes, two profile changes and three hub calls a
/// minute. Each spec signs up its own users, and the limits are per user, so the specs do not share permits.</summary>
public sealed class LimitedApp : IAsyncLifetime
{
    public CommunityApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await new CommunityApp(settings: new Dictionary<string, string?>
    {
        ["Community:Circles:WritesPerUserPerMinute"] = "3",
        ["Community:Auth:ProfileUpdatesPerUserPerMinute"] = "2",
        ["Community:Live:CallsPerUserPerMinute"] = "3",
        ["Community:Demo:Enabled"] = "false",
    }).ReadyHealthAsync();

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The write limits the matrix requires on every write route, seen from a client: a 429 problem with
/// <c>Retry-After</c>, per user, and nothing stored by the refused request; and the hub's per-user call limit.</summary>
public sealed class RateLimitSpecs(LimitedApp limited) : IClassFixture<LimitedApp>
{
    private readonly CommunityApp _app = limited.App;

    [Fact]
    public async Task Joins_and_leaves_are_limited_per_user_and_the_refused_leave_changes_nothing()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        using var joiner = await CircleClient.SignUpAsync(_app);

        await joiner.JoinAsync(circleId);
        await Expect.Status(await joiner.Http.DeleteAsync($"/api/circles/{circleId}/members/me"), HttpStatusCode.NoContent);
        await joiner.JoinAsync(circleId);
        var refused = await joiner.Http.DeleteAsync($"/api/circles/{circleId}/members/me");

        await ExpectRateLimitedAsync(refused);
        // Still a member: the refused leave never reached the circle.
        var me = await joiner.Http.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Contains(circleId, me.GetProperty("circles").EnumerateArray().Select(c => c.GetString()));
        // The limit is the joiner's, not the address's: the owner (one write so far) posts and likes from the same address,
        // and its fourth write is the one refused.
        var post = await owner.PostAsync(circleId, "第一帖");
        await Expect.Status(await owner.Http.PutAsync($"/api/circles/{circleId}/posts/{post.PostId}/likes/me", null), HttpStatusCode.NoContent);
        await ExpectRateLimitedAsync(await owner.Http.DeleteAsync($"/api/circles/{circleId}/posts/{post.PostId}/likes/me"));
    }

    [Fact]
    public async Task Profile_changes_are_limited_per_user_and_the_refused_change_is_not_stored()
    {
        using var reader = await CircleClient.SignUpAsync(_app);
        await Expect.Status(await reader.Http.PatchAsJsonAsync("/api/me", new { displayName = "第一次" }), HttpStatusCode.OK);
        await Expect.Status(await reader.Http.PatchAsJsonAsync("/api/me", new { displayName = "第二次" }), HttpStatusCode.OK);

        await ExpectRateLimitedAsync(await reader.Http.PatchAsJsonAsync("/api/me", new { displayName = "第三次" }));
        Assert.Equal("第二次", (await reader.Http.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("displayName").GetString());
        using var other = await CircleClient.SignUpAsync(_app);
        await Expect.Status(await other.Http.PatchAsJsonAsync("/api/me", new { displayName = "别人" }), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Hub_calls_are_limited_per_user_and_the_refusal_says_when_to_retry()
    {
        var session = await _app.RegisterAndSignInAsync();
        await using var hub = await ConnectAsync(session.Token);
        await hub.InvokeAsync<long>("Follow", $"user:{session.UserId}", 0L);
        await hub.InvokeAsync("Unfollow", $"user:{session.UserId}");
        await hub.InvokeAsync<long>("Follow", $"user:{session.UserId}", 0L);

        var refused = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<long>("JoinCircle", "c-nowhere", 0L));
        Assert.Matches(@"Too many hub calls; try again in \d+ s\.", refused.Message);
        // Per user over all its connections: a second connection of the same user is refused too.
        await using var second = await ConnectAsync(session.Token);
        await Assert.ThrowsAsync<HubException>(() => second.InvokeAsync("Unfollow", $"user:{session.UserId}"));
        // Keeping the connection alive is not counted.
        Assert.True(await hub.InvokeAsync<int>("RenewToken", session.Token) > 0);
        // Another user is not held up by this one.
        var other = await _app.RegisterAndSignInAsync();
        await using var otherHub = await ConnectAsync(other.Token);
        await otherHub.InvokeAsync<long>("Follow", $"user:{other.UserId}", 0L);
    }

    private static async Task ExpectRateLimitedAsync(HttpResponseMessage response)
    {
        var problem = await Expect.Problem(response, HttpStatusCode.TooManyRequests, "rate-limited");
        var retryAfter = response.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Contains($"try again in {(int)retryAfter.TotalSeconds} s", problem.GetProperty("detail").GetString());
    }

    private async Task<HubConnection> ConnectAsync(string token)
    {
        var hub = _app.HubConnection(token);
        await hub.StartAsync();
        return hub;
    }
}

/// <summary>The posting quota counts accepted posts and comments only (<c>Community:Circles:PostsPerUserPerMinute</c>).</summary>
public sealed class PostingQuotaSpecs
{
    [Fact]
    public async Task Refused_posts_use_up_no_quota_and_then_the_whole_quota_of_good_posts_is_accepted()
    {
        await using var app = await new CommunityApp(settings: new Dictionary<string, string?>
        {
            ["Community:Circles:PostsPerUserPerMinute"] = "3",
            ["Community:Demo:Enabled"] = "false",
        }).ReadyHealthAsync();
        using var author = await CircleClient.SignUpAsync(app);
        using var stranger = await CircleClient.SignUpAsync(app);
        var circleId = await author.CreateCircleAsync();
        var notJoined = await stranger.CreateCircleAsync("别人的圈子");
        var posts = $"/api/circles/{circleId}/posts";

        await Expect.FieldError(await author.Http.PostAsJsonAsync(posts, new { text = "" }), "text");
        await Expect.FieldError(await author.Http.PostAsJsonAsync(posts, new { text = "图", imageUrls = new[] { "javascript:alert(1)" } }), "imageUrls");
        await Expect.Problem(await author.Http.PostAsJsonAsync(posts, new { text = new string('长', 70_000) }), HttpStatusCode.RequestEntityTooLarge);
        await Expect.Problem(await author.Http.PostAsJsonAsync($"/api/circles/{notJoined}/posts", new { text = "不是成员" }), HttpStatusCode.Forbidden);
        await Expect.Problem(await author.Http.PostAsJsonAsync(posts, new { text = "无此话题", topicId = "t-nowhere" }), HttpStatusCode.NotFound);

        var first = await author.PostAsync(circleId, "第一帖");
        await Expect.Status(await author.Http.PostAsJsonAsync($"{posts}/{first.PostId}/comments", new { text = "评论" }), HttpStatusCode.Created);
        await author.PostAsync(circleId, "第三条");
        var refused = await author.Http.PostAsJsonAsync(posts, new { text = "第四条" });

        var problem = await Expect.Problem(refused, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Contains("posts and comments", problem.GetProperty("detail").GetString());
        // A bad request past the quota is still answered for what it is, and uses nothing.
        await Expect.FieldError(await author.Http.PostAsJsonAsync(posts, new { text = "" }), "text");
        await Eventually.TrueAsync(async () => (await author.PostsAsync(circleId)).GetProperty("items").GetArrayLength() == 2,
            "the two accepted posts are listed");
        Assert.DoesNotContain((await author.PostsAsync(circleId)).GetProperty("items").EnumerateArray(),
            p => p.GetProperty("text").GetString() == "第四条");
    }
}
