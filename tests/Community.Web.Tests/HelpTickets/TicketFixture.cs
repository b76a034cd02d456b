using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;

namespace Community.Web.Tests.HelpTickets;

/// <summary>Tickets made through the API as citizens, moderators and departments make them. A roads ticket of Xihu
/// (330106) goes to the demo department <c>d-330106-roads</c> (user <c>dept-xihu-roads</c>), supervised by Hangzhou's
/// (<c>dept-hz-roads</c>) and the province's (<c>dept-zj-roads</c>).</summary>
public static class TicketFixture
{
    public const string XihuRoads = "d-330106-roads";
    public const string HangzhouRoads = "d-330100-roads";
    public const string ProvinceRoads = "d-330000-roads";

    public static object Filing(string title = "路灯不亮", bool isPublic = true, string kind = "help", string regionCode = "330106",
        string category = "roads") => new
    {
        kind, title, body = "文三路学院路口往西的路灯一周没亮了，晚上很危险。", regionCode, category,
        location = new { lat = 30.27412, lon = 120.15515, address = "文三路 12号" }, contact = new { phone = "13800000000" },
        @public = isPublic, showName = false,
    };

    public static async Task<string> FileAsync(HttpClient citizen, object? filing = null)
    {
        var response = await citizen.PostAsJsonAsync("/api/tickets", filing ?? Filing());
        await Expect.Status(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketId").GetString()!;
    }

    public static async Task<JsonElement> ActAsync(HttpClient client, string ticketId, string action, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/tickets/{ticketId}/{action}", body);
        await Expect.Status(response, HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static Task<JsonElement> AcceptAsync(HttpClient moderator, string ticketId, string? departmentId = null) =>
        ActAsync(moderator, ticketId, "review", new { decision = "accept", departmentId, reason = "诉求明确，转相关部门办理。" });

    public static Task<JsonElement> GetAsync(HttpClient client, string ticketId) =>
        client.GetFromJsonAsync<JsonElement>($"/api/tickets/{ticketId}");

    public static string Status(JsonElement ticket) => ticket.GetProperty("status").GetString()!;

    public static string[] Steps(JsonElement ticket) =>
        [.. ticket.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("status").GetString()!)];

    public static async Task<HttpClient> ClientOfAsync(CommunityApp app, string userName) =>
        app.Client((await app.SignInAsync(userName, CommunityApp.DemoPassword)).Token);

    /// <summary>Waits until the tickets read model has applied the ticket up to <paramref name="seq"/> (lists and figures
    /// are read from it).</summary>
    public static Task ListedAsync(HttpClient client, string path, string ticketId, Func<JsonElement, bool>? matches = null) =>
        Eventually.TrueAsync(async () =>
            (await client.GetFromJsonAsync<JsonElement>(path)).GetProperty("items").EnumerateArray()
                .Any(t => t.GetProperty("ticketId").GetString() == ticketId && (matches?.Invoke(t) ?? true)),
            $"{ticketId} in {path}", timeoutSeconds: 30);
}
