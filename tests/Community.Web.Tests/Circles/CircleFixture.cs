using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;

namespace Community.Web.Tests.Circles;

/// <summary>A reader's HTTP calls to the circles area, with the steps every circle spec needs.</summary>
public sealed class CircleClient(CommunityApp app, Session session) : IDisposable
{
    public HttpClient Http { get; } = app.Client(session.Token);

    public Session Session => session;

    public static async Task<CircleClient> SignUpAsync(CommunityApp app) => new(app, await app.RegisterAndSignInAsync());

    public async Task<string> CreateCircleAsync(string name = "西湖晨跑")
    {
        var created = await Http.PostAsJsonAsync("/api/circles",
            new { name = name + Guid.NewGuid().ToString("N")[..4], description = "Morning runs around the lake.", regionCode = "330106" });
        await Expect.Status(created, HttpStatusCode.Created);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("circleId").GetString()!;
    }

    public async Task JoinAsync(string circleId) =>
        await Expect.Status(await Http.PostAsync($"/api/circles/{circleId}/members", null), HttpStatusCode.NoContent);

    public async Task<(string PostId, long Seq)> PostAsync(string circleId, string text, string? topicId = null)
    {
        var response = await Http.PostAsJsonAsync($"/api/circles/{circleId}/posts", new { text, topicId });
        await Expect.Status(response, HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("postId").GetString()!, body.GetProperty("seq").GetInt64());
    }

    public async Task<JsonElement> PostsAsync(string circleId, string query = "") =>
        await Http.GetFromJsonAsync<JsonElement>($"/api/circles/{circleId}/posts{query}");

    /// <summary>The post as the read model shows it, once <paramref name="until"/> holds (the projection trails a moment).</summary>
    public async Task<JsonElement> PostWhenAsync(string circleId, string postId, Func<JsonElement, bool> until, string what)
    {
        JsonElement found = default;
        await Eventually.TrueAsync(async () =>
        {
            var page = await PostsAsync(circleId, "?limit=100");
            found = page.GetProperty("items").EnumerateArray().FirstOrDefault(p => p.GetProperty("postId").GetString() == postId);
            return found.ValueKind == JsonValueKind.Object && until(found);
        }, what);
        return found;
    }

    public async Task<JsonElement> CircleWhenAsync(string circleId, Func<JsonElement, bool> until, string what)
    {
        JsonElement found = default;
        await Eventually.TrueAsync(async () =>
        {
            var response = await Http.GetAsync($"/api/circles/{circleId}");
            if (response.StatusCode != HttpStatusCode.OK) return false;
            found = await response.Content.ReadFromJsonAsync<JsonElement>();
            return until(found);
        }, what);
        return found;
    }

    public void Dispose() => Http.Dispose();
}
