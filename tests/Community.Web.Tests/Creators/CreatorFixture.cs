using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;

namespace Community.Web.Tests.Creators;

/// <summary>Creator accounts made through the API as users make them: registered by a new user, verified by the demo
/// moderator when asked.</summary>
public static class CreatorFixture
{
    public sealed record Account(string CreatorId, Session Owner, HttpClient Client) : IDisposable
    {
        public void Dispose() => Client.Dispose();
    }

    public static async Task<Account> RegisterAsync(CommunityApp app, string regionCode, string orgType = "countyMediaCenter",
        bool verified = true)
    {
        var owner = await app.RegisterAndSignInAsync(regionCode: regionCode);
        var client = app.Client(owner.Token);
        var created = await client.PostAsJsonAsync("/api/creators",
            new { name = "融媒" + Guid.NewGuid().ToString("N")[..6], orgType, regionCode });
        await Expect.Status(created, HttpStatusCode.Created);
        var creatorId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("creatorId").GetString()!;
        if (verified) await VerifyAsync(app, creatorId, approved: true);
        return new Account(creatorId, owner, client);
    }

    public static async Task VerifyAsync(CommunityApp app, string creatorId, bool approved, string reason = "Licence checked.")
    {
        var moderator = await app.SignInAsync("moderator", CommunityApp.DemoPassword);
        using var client = app.Client(moderator.Token);
        await Expect.Status(await client.PostAsJsonAsync($"/api/creators/{creatorId}/verification", new { approved, reason }),
            HttpStatusCode.NoContent);
    }

    public static async Task<string> PublishAsync(HttpClient client, string creatorId, string title, string[] targetTiers,
        string body = "第一段。\n\n第二段。", bool draft = false)
    {
        var created = await client.PostAsJsonAsync($"/api/creators/{creatorId}/works",
            new { kind = "article", title, body, targetTiers, draft });
        await Expect.Status(created, HttpStatusCode.Created);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("workId").GetString()!;
    }

    public static async Task<List<string>> ChannelAsync(HttpClient client, string regionCode) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"/api/channels/{regionCode}/works?limit=100")).GetProperty("items")
            .EnumerateArray().Select(w => w.GetProperty("workId").GetString()!)];

    public static async Task<JsonElement?> WorkAsync(HttpClient client, string workId)
    {
        var response = await client.GetAsync($"/api/works/{workId}");
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonElement>() : null;
    }
}
