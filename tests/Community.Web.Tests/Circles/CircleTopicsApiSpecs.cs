using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;

namespace Community.Web.Tests.Circles;

[Collection(SharedAppCollection.Name)]
public sealed class CircleTopicsApiSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    private static object Topic(DateTimeOffset startsAt, DateTimeOffset endsAt) =>
        new { title = "#西湖晨光#", description = "Your photos of the lake before 7 am.", startsAt, endsAt };

    [Fact]
    public async Task The_owner_opens_a_topic_members_post_to_it_and_it_counts_posts_and_participants()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        using var reader = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        await reader.JoinAsync(circleId);
        var now = DateTimeOffset.UtcNow;

        await Expect.Problem(await reader.Http.PostAsJsonAsync($"/api/circles/{circleId}/topics", Topic(now.AddHours(-1), now.AddDays(1))),
            HttpStatusCode.Forbidden);
        var created = await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/topics", Topic(now.AddHours(-1), now.AddDays(1)));
        await Expect.Status(created, HttpStatusCode.Created);
        var topicId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("topicId").GetString()!;

        await reader.PostAsync(circleId, "6:10 am, 断桥", topicId);
        await reader.PostAsync(circleId, "6:20 am, 白堤", topicId);
        await owner.PostAsync(circleId, "6:30 am, 雷峰塔", topicId);

        JsonElement topic = default;
        await Eventually.TrueAsync(async () =>
        {
            var topics = await owner.Http.GetFromJsonAsync<JsonElement>($"/api/circles/{circleId}/topics");
            topic = topics.GetProperty("items").EnumerateArray().FirstOrDefault();
            return topic.ValueKind == JsonValueKind.Object && topic.GetProperty("postCount").GetInt64() == 3;
        }, "the topic counts its posts");
        Assert.Equal((topicId, "#西湖晨光#", true, 2L),
            (topic.GetProperty("topicId").GetString(), topic.GetProperty("title").GetString(), topic.GetProperty("open").GetBoolean(),
                topic.GetProperty("participantCount").GetInt64()));
        await owner.PostAsync(circleId, "not about the topic");
        await Eventually.TrueAsync(async () => (await owner.PostsAsync(circleId)).GetProperty("items").GetArrayLength() == 4, "all 4 posts");
        // A topic's posts, newest first.
        var posts = await owner.PostsAsync(circleId, $"?topicId={topicId}&before=9223372036854775807");
        Assert.Equal(["6:30 am, 雷峰塔", "6:20 am, 白堤", "6:10 am, 断桥"],
            posts.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("text").GetString()));
        Assert.All(posts.GetProperty("items").EnumerateArray(), p => Assert.Equal(topicId, p.GetProperty("topicId").GetString()));
        await Expect.FieldError(await owner.Http.GetAsync($"/api/circles/{circleId}/posts?topicId=%3Cx%3E"), "topicId");
    }

    [Fact]
    public async Task An_owner_who_left_the_circle_opens_no_topic_until_they_rejoin()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        var now = DateTimeOffset.UtcNow;
        await Expect.Status(await owner.Http.DeleteAsync($"/api/circles/{circleId}/members/me"), HttpStatusCode.NoContent);

        var refused = await Expect.Problem(await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/topics",
            Topic(now.AddHours(-1), now.AddDays(1))), HttpStatusCode.Forbidden);
        Assert.Contains($"Join circle {circleId} first", refused.GetProperty("detail").GetString());

        await owner.JoinAsync(circleId);
        await Expect.Status(await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/topics", Topic(now.AddHours(-1), now.AddDays(1))),
            HttpStatusCode.Created);
        await Eventually.TrueAsync(async () => (await owner.Http.GetFromJsonAsync<JsonElement>($"/api/circles/{circleId}/topics"))
            .GetProperty("items").GetArrayLength() == 1, "only the topic opened after rejoining");
    }

    [Fact]
    public async Task A_platform_moderator_opens_a_topic_in_a_circle_they_never_joined()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        var moderator = await _app.SignInAsync("moderator", CommunityApp.DemoPassword);
        using var http = _app.Client(moderator.Token);
        var me = await http.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.DoesNotContain(circleId, me.GetProperty("circles").EnumerateArray().Select(c => c.GetString()));
        var now = DateTimeOffset.UtcNow;

        var created = await http.PostAsJsonAsync($"/api/circles/{circleId}/topics", Topic(now.AddHours(-1), now.AddDays(1)));
        await Expect.Status(created, HttpStatusCode.Created);
        var topicId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("topicId").GetString();
        await Eventually.TrueAsync(async () => (await owner.Http.GetFromJsonAsync<JsonElement>($"/api/circles/{circleId}/topics"))
            .GetProperty("items").EnumerateArray().Any(t => t.GetProperty("topicId").GetString() == topicId), "the moderator's topic");
    }

    [Fact]
    public async Task A_post_to_a_topic_that_has_not_opened_is_a_conflict_and_to_an_unknown_topic_not_found()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        var now = DateTimeOffset.UtcNow;
        var created = await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/topics", Topic(now.AddDays(1), now.AddDays(2)));
        var topicId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("topicId").GetString()!;

        await Expect.Problem(await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/posts", new { text = "too early", topicId }),
            HttpStatusCode.Conflict);
        await Expect.Problem(await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/posts", new { text = "where", topicId = "t-none" }),
            HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Bad_topics_are_400s_naming_the_field()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        var now = DateTimeOffset.UtcNow;

        await Expect.FieldError(await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/topics", Topic(now, now.AddHours(-1))), "endsAt");
        await Expect.FieldError(await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/topics",
            new { title = "<b>x</b>", description = "", startsAt = now, endsAt = now.AddDays(1) }), "title");
        await Expect.FieldError(await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/topics",
            new { title = "no dates", description = "" }), "startsAt");
        await Expect.Problem(await owner.Http.PostAsJsonAsync("/api/circles/c-nosuchcircle/topics", Topic(now, now.AddDays(1))),
            HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_topic_key_reused_with_another_body_is_a_422_and_in_another_circle_opens_another_topic()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleA = await owner.CreateCircleAsync();
        var circleB = await owner.CreateCircleAsync();
        var now = DateTimeOffset.UtcNow;
        var body = Topic(now.AddHours(-1), now.AddDays(1));

        var inA = (await owner.CreateKeyedAsync($"/api/circles/{circleA}/topics", body, "topic-1")).GetProperty("topicId").GetString();
        await owner.ExpectKeyReusedAsync($"/api/circles/{circleA}/topics", Topic(now.AddHours(-1), now.AddDays(2)), "topic-1");
        var inB = (await owner.CreateKeyedAsync($"/api/circles/{circleB}/topics", body, "topic-1")).GetProperty("topicId").GetString();
        var replay = (await owner.CreateKeyedAsync($"/api/circles/{circleA}/topics", body, "topic-1")).GetProperty("topicId").GetString();

        Assert.Equal(inA, replay);
        Assert.NotEqual(inA, inB);
        var after = (await owner.CreateKeyedAsync($"/api/circles/{circleA}/topics", body, "topic-2")).GetProperty("topicId").GetString();
        JsonElement topics = default;
        await Eventually.TrueAsync(async () =>
        {
            topics = await owner.Http.GetFromJsonAsync<JsonElement>($"/api/circles/{circleA}/topics");
            return topics.GetProperty("items").GetArrayLength() == 2;
        }, "the first topic and the one after the refused one");
        Assert.Equal(new[] { inA, after }.Order(), topics.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("topicId").GetString()).Order());
        // Open for the first request's day, not the refused request's two.
        Assert.All(topics.GetProperty("items").EnumerateArray(), t => Assert.True(t.GetProperty("endsAt").GetDateTimeOffset() < now.AddDays(1.5)));
        await Eventually.TrueAsync(async () => (await owner.Http.GetFromJsonAsync<JsonElement>($"/api/circles/{circleB}/topics"))
            .GetProperty("items").EnumerateArray().Any(t => t.GetProperty("topicId").GetString() == inB), "the topic in the other circle");
    }
}
