using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;

namespace Community.Web.Tests.Circles;

/// <summary>A client that retries a create after a lost answer sends the same Idempotency-Key: it gets the first
/// answer again and nothing is created twice.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class CircleReplaySpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    private static async Task<JsonElement> SendAsync(CircleClient client, string path, object body, string key,
        HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        var response = await client.Http.SendAsync(request);
        await Expect.Status(response, expected);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_replayed_circle_creation_answers_the_same_circle_and_counts_its_owner_once()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        using var other = await CircleClient.SignUpAsync(_app);
        var body = new { name = "重试圈" + Guid.NewGuid().ToString("N")[..4], description = "Created once.", regionCode = "330106" };

        var first = (await SendAsync(owner, "/api/circles", body, "create-circle-1")).GetProperty("circleId").GetString();
        var replay = (await SendAsync(owner, "/api/circles", body, "create-circle-1")).GetProperty("circleId").GetString();
        // The same key from someone else is their own request.
        var theirs = (await SendAsync(other, "/api/circles", body, "create-circle-1")).GetProperty("circleId").GetString();

        Assert.Equal(first, replay);
        Assert.NotEqual(first, theirs);
        var circle = await owner.CircleWhenAsync(first!, c => c.GetProperty("memberCount").GetInt64() > 0, "the circle is projected");
        Assert.Equal(1, circle.GetProperty("memberCount").GetInt64());
        var mine = await owner.Http.GetFromJsonAsync<JsonElement>($"/api/circles?q={Uri.EscapeDataString(body.name)}");
        Assert.Equal(2, mine.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_replayed_post_answers_the_same_post_and_seq_and_is_stored_once()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();

        var first = await SendAsync(owner, $"/api/circles/{circleId}/posts", new { text = "只发一次" }, "8c1f0d8e-retry");
        var replay = await SendAsync(owner, $"/api/circles/{circleId}/posts", new { text = "只发一次" }, "8c1f0d8e-retry");

        Assert.Equal(first.GetProperty("postId").GetString(), replay.GetProperty("postId").GetString());
        Assert.Equal(first.GetProperty("seq").GetInt64(), replay.GetProperty("seq").GetInt64());
        await owner.PostWhenAsync(circleId, first.GetProperty("postId").GetString()!, _ => true, "the post is projected");
        Assert.Single((await owner.PostsAsync(circleId)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_replayed_comment_answers_the_same_comment_and_is_stored_and_counted_once()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        var (postId, _) = await owner.PostAsync(circleId, "评论只算一次");
        var path = $"/api/circles/{circleId}/posts/{postId}/comments";

        var first = await SendAsync(owner, path, new { text = "沙发" }, "comment-1");
        var replay = await SendAsync(owner, path, new { text = "沙发" }, "comment-1");

        Assert.Equal(first.GetProperty("commentId").GetString(), replay.GetProperty("commentId").GetString());
        Assert.Equal(first.GetProperty("seq").GetInt64(), replay.GetProperty("seq").GetInt64());
        await owner.PostWhenAsync(circleId, postId, p => p.GetProperty("commentCount").GetInt64() == 1, "the comment is projected");
        var comments = await owner.Http.GetFromJsonAsync<JsonElement>(path);
        Assert.Equal(["沙发"], comments.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task A_replayed_topic_answers_the_same_topic_and_opens_it_once()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        var now = DateTimeOffset.UtcNow;
        var body = new { title = "#重试#", description = "Opened once.", startsAt = now.AddHours(-1), endsAt = now.AddDays(1) };

        var first = (await SendAsync(owner, $"/api/circles/{circleId}/topics", body, "topic-1")).GetProperty("topicId").GetString();
        var replay = (await SendAsync(owner, $"/api/circles/{circleId}/topics", body, "topic-1")).GetProperty("topicId").GetString();
        var another = (await SendAsync(owner, $"/api/circles/{circleId}/topics", body, "topic-2")).GetProperty("topicId").GetString();

        Assert.Equal(first, replay);
        JsonElement topics = default;
        await Eventually.TrueAsync(async () =>
        {
            topics = await owner.Http.GetFromJsonAsync<JsonElement>($"/api/circles/{circleId}/topics");
            return topics.GetProperty("items").GetArrayLength() == 2;
        }, "both topics are projected");
        Assert.Equal(new[] { first, another }.Order(), topics.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("topicId").GetString()).Order());
    }

    public static TheoryData<string> BadKeys => new() { "", new string('k', 101) };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public async Task A_malformed_idempotency_key_is_a_400_and_creates_nothing(string key)
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        var (postId, _) = await owner.PostAsync(circleId, "钥匙不对");
        var now = DateTimeOffset.UtcNow;
        var name = "坏钥匙" + Guid.NewGuid().ToString("N")[..4];

        foreach (var (path, body) in new (string, object)[]
                 {
                     ("/api/circles", new { name, description = "never", regionCode = "330106" }),
                     ($"/api/circles/{circleId}/posts", new { text = "never" }),
                     ($"/api/circles/{circleId}/posts/{postId}/comments", new { text = "never" }),
                     ($"/api/circles/{circleId}/topics", new { title = "never", description = "never", startsAt = now, endsAt = now.AddDays(1) }),
                 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
            await Expect.FieldError(await owner.Http.SendAsync(request), "Idempotency-Key");
        }

        await owner.PostAsync(circleId, "after the bad keys");
        await Eventually.TrueAsync(async () => (await owner.PostsAsync(circleId)).GetProperty("items").GetArrayLength() == 2, "both posts");
        var post = await owner.PostWhenAsync(circleId, postId, _ => true, "the post");
        Assert.Equal(0, post.GetProperty("commentCount").GetInt64());
        Assert.Empty((await owner.Http.GetFromJsonAsync<JsonElement>($"/api/circles/{circleId}/topics")).GetProperty("items").EnumerateArray());
        Assert.Empty((await owner.Http.GetFromJsonAsync<JsonElement>($"/api/circles?q={name}")).GetProperty("items").EnumerateArray());
    }
}
