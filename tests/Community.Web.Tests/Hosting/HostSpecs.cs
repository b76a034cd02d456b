using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;

namespace Community.Web.Tests.Hosting;

[Collection(SharedAppCollection.Name)]
public sealed class HostSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    [Fact]
    public async Task Health_endpoints_report_a_live_and_ready_node()
    {
        using var client = _app.Client();
        await Expect.Status(await client.GetAsync("/health/live"), HttpStatusCode.OK);
        var ready = await client.GetAsync("/health/ready");
        await Expect.Status(ready, HttpStatusCode.OK);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_route_of_the_contract()
    {
        using var client = _app.Client();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();

        Assert.Superset(new HashSet<string>
        {
            "/api/accounts", "/api/sessions", "/api/me", "/api/admin/users/{userId}/roles", "/api/regions", "/api/clients",
            "/api/departments",
        }, paths);
        await Expect.Status(await client.GetAsync("/api-reference"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Demo_data_seeds_the_roles_and_circles_of_the_network()
    {
        foreach (var (userName, role) in new[] { ("moderator", "moderator"), ("dept-housing", "department"), ("creator-xihu", "creator") })
        {
            var session = await _app.SignInAsync(userName, CommunityApp.DemoPassword);
            Assert.Contains(role, session.Roles);
        }
    }

    [Fact]
    public async Task Demo_circles_open_as_living_feeds_with_posts_comments_likes_and_an_open_topic()
    {
        using var reader = _app.Client((await _app.SignInAsync("reader-hz", CommunityApp.DemoPassword)).Token);

        foreach (var circle in Community.Web.Circles.CirclesDemo.Circles)
        {
            var posts = await reader.GetFromJsonAsync<JsonElement>($"/api/circles/{circle.CircleId}/posts");
            Assert.NotEmpty(posts.GetProperty("items").EnumerateArray());
        }

        var running = (await reader.GetFromJsonAsync<JsonElement>("/api/circles/c-running/posts?limit=100"))
            .GetProperty("items").EnumerateArray().ToDictionary(p => p.GetProperty("postId").GetString()!);
        Assert.Equal((2L, 2L), (running["p-demo-yiwu-10k"].GetProperty("likeCount").GetInt64(),
            running["p-demo-yiwu-10k"].GetProperty("commentCount").GetInt64()));
        var comments = await reader.GetFromJsonAsync<JsonElement>("/api/circles/c-running/posts/p-demo-yiwu-10k/comments");
        Assert.Contains(comments.GetProperty("items").EnumerateArray(), c => c.GetProperty("text").GetString() == "算我一个！6 点江滨公园门口见？");

        var topic = Assert.Single((await reader.GetFromJsonAsync<JsonElement>("/api/circles/c-running/topics")).GetProperty("items")
            .EnumerateArray(), t => t.GetProperty("topicId").GetString() == "t-demo-weekend-10k");
        Assert.True(topic.GetProperty("open").GetBoolean());
        Assert.Equal(1, topic.GetProperty("postCount").GetInt64());
    }

    [Fact]
    public async Task Pages_are_served_with_a_strict_content_security_policy()
    {
        using var client = _app.Client();
        foreach (var path in new[] { "/", "/signin", "/circles" })
        {
            var page = await client.GetAsync(path);
            await Expect.Status(page, HttpStatusCode.OK);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        }
        var signalr = await client.GetAsync("/lib/signalr/signalr.min.js");
        await Expect.Status(signalr, HttpStatusCode.OK);
    }
}
