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

    /// <summary>A create sent with an <c>Idempotency-Key</c>.</summary>
    public async Task<HttpResponseMessage> SendKeyedAsync(string path, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await Http.SendAsync(request);
    }

    /// <summary>A keyed create answered 201; its body.</summary>
    public async Task<JsonElement> CreateKeyedAsync(string path, object body, string key)
    {
        var response = await SendKeyedAsync(path, body, key);
        await Expect.Status(response, HttpStatusCode.Created);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A keyed create refused as the key reused for another request: a 422 saying so.</summary>
    public async Task ExpectKeyReusedAsync(string path, object body, string key)
    {
        var problem = await Expect.Problem(await SendKeyedAsync(path, body, key), HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");
        Assert.Contains("Idempotency-Key was already used for a different request", problem.GetProperty("detail").GetString());
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
