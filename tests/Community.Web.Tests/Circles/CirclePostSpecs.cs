using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;

namespace Community.Web.Tests.Circles;

/// <summary><c>GET /api/circles/{circleId}/posts/{postId}</c>: one post as the feed shows it, the <c>Location</c> of a
/// created post.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class CirclePostSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    [Fact]
    public async Task A_post_is_read_at_its_Location_as_the_feed_shows_it()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        using var reader = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        var created = await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/posts",
            new { text = "断桥残雪 <b>today</b>", imageUrls = new[] { "https://example.cn/snow.jpg" } });
        await Expect.Status(created, HttpStatusCode.Created);
        var postId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("postId").GetString()!;
        Assert.Equal($"/api/circles/{circleId}/posts/{postId}", created.Headers.Location?.OriginalString);
        await Expect.Status(await owner.Http.PutAsync($"/api/circles/{circleId}/posts/{postId}/likes/me", null), HttpStatusCode.NoContent);

        var inFeed = await owner.PostWhenAsync(circleId, postId, p => p.GetProperty("likeCount").GetInt64() == 1, "the like is counted");
        // Any signed-in reader reads a post, as they read the feed.
        var one = await reader.Http.GetAsync($"/api/circles/{circleId}/posts/{postId}");

        await Expect.Status(one, HttpStatusCode.OK);
        var post = await one.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(inFeed.ToString(), post.ToString());
        Assert.Equal(("断桥残雪 <b>today</b>", owner.Session.UserId), (post.GetProperty("text").GetString(), post.GetProperty("authorId").GetString()));
    }

    [Fact]
    public async Task An_unknown_removed_or_malformed_post_is_404_and_a_token_is_needed()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        var (postId, _) = await owner.PostAsync(circleId, "soon gone");
        await Eventually.TrueAsync(async () => (await owner.Http.GetAsync($"/api/circles/{circleId}/posts/{postId}")).IsSuccessStatusCode,
            "the post reaches the read model");

        await Expect.Status(await owner.Http.DeleteAsync($"/api/circles/{circleId}/posts/{postId}"), HttpStatusCode.NoContent);
        await Eventually.TrueAsync(async () =>
            (await owner.Http.GetAsync($"/api/circles/{circleId}/posts/{postId}")).StatusCode == HttpStatusCode.NotFound,
            "a removed post is not found");
        await Expect.Problem(await owner.Http.GetAsync($"/api/circles/{circleId}/posts/{postId}"), HttpStatusCode.NotFound, "not-found");
        await Expect.Problem(await owner.Http.GetAsync($"/api/circles/{circleId}/posts/p-no-such-post"), HttpStatusCode.NotFound, "not-found");
        await Expect.Problem(await owner.Http.GetAsync("/api/circles/c-no-such-circle/posts/p-demo-yiwu-10k"), HttpStatusCode.NotFound);
        await Expect.Problem(await owner.Http.GetAsync($"/api/circles/{circleId}/posts/P_Bad"), HttpStatusCode.NotFound);
        using var anonymous = _app.Client();
        await Expect.Problem(await anonymous.GetAsync("/api/circles/c-running/posts/p-demo-yiwu-10k"), HttpStatusCode.Unauthorized);
    }
}
