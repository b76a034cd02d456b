using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Community.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using static Community.Web.Tests.HelpTickets.TicketFixture;

namespace Community.Web.Tests.HelpTickets;

/// <summary>The reporter-help side through the API and the live hub: a reporter (demo account <c>reporter-zj</c>) follows
/// public tickets as story leads, gets their public steps live, and attaches public reports shown with a byline.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class TicketReporterSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    public sealed record TicketEvent(string TicketId, long Seq, string Kind, JsonElement Data);

    private static object Report(string title = "文三路路灯一周不亮，城管承诺三日内修复") =>
        new { title, summary = "记者走访文三路，附近居民反映夜间出行不便。", url = "https://news.example.cn/zj/streetlight" };

    private static async Task<bool> LeadsHaveAsync(HttpClient reporter, string ticketId) =>
        (await reporter.GetFromJsonAsync<JsonElement>("/api/tickets/leads?limit=100")).GetProperty("items").EnumerateArray()
            .Any(t => t.GetProperty("ticketId").GetString() == ticketId);

    [Fact]
    public async Task A_reporter_follows_a_lead_gets_its_public_steps_live_and_reports_on_it_with_a_byline()
    {
        using var citizen = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        using var moderator = await ClientOfAsync(_app, "moderator");
        using var department = await ClientOfAsync(_app, "dept-xihu-roads");
        var session = await _app.SignInAsync("reporter-zj", CommunityApp.DemoPassword);
        using var reporter = _app.Client(session.Token);
        var ticketId = await FileAsync(citizen);

        var before = await GetAsync(reporter, ticketId);
        Assert.True(before.GetProperty("may").GetProperty("follow").GetBoolean());
        Assert.False(before.GetProperty("following").GetBoolean());
        await Expect.Status(await reporter.PutAsync($"/api/tickets/{ticketId}/followers/me", null), HttpStatusCode.NoContent);
        await Expect.Status(await reporter.PutAsync($"/api/tickets/{ticketId}/followers/me", null), HttpStatusCode.NoContent);
        var followed = await GetAsync(reporter, ticketId);
        Assert.True(followed.GetProperty("following").GetBoolean());
        Assert.Equal(1, followed.GetProperty("followerCount").GetInt32());
        await Eventually.TrueAsync(() => LeadsHaveAsync(reporter, ticketId), "the ticket among the reporter's leads");

        var hub = _app.HubConnection(session.Token);
        await using var _ = hub;
        var events = Channel.CreateUnbounded<TicketEvent>();
        hub.On<TicketEvent>("ticketEvent", e => events.Writer.TryWrite(e));
        await hub.StartSettledAsync();
        await hub.InvokeAsync<long>("Follow", $"ticket:{ticketId}", followed.GetProperty("lastSeq").GetInt64());
        await AcceptAsync(moderator, ticketId, XihuRoads);
        await ActAsync(department, ticketId, "replies", new { text = "内部：请联系市民核实位置。", @public = false });
        await ActAsync(department, ticketId, "replies", new { text = "已派维修班组。", @public = true });
        var live = new List<TicketEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (live.Count < 4) live.Add(await events.Reader.ReadAsync(timeout.Token));
        Assert.Equal(["accepted", "assigned", "replied", "replied"], live.Select(e => e.Kind));
        Assert.Equal(JsonValueKind.Null, live[2].Data.GetProperty("text").ValueKind);
        Assert.Equal("已派维修班组。", live[3].Data.GetProperty("text").GetString());

        var attached = await reporter.PostAsJsonAsync($"/api/tickets/{ticketId}/reports", Report());
        await Expect.Status(attached, HttpStatusCode.Created);
        var reportId = (await attached.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reportId").GetString();
        var reported = live.Count;
        live.Add(await events.Reader.ReadAsync(timeout.Token));
        Assert.Equal("reported", live[reported].Kind);

        // Anyone who may see the ticket sees the report with the reporter's name; the private reply stays theirs.
        using var reader = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        var seen = await GetAsync(reader, ticketId);
        var report = Assert.Single(seen.GetProperty("reports").EnumerateArray());
        Assert.Equal((reportId, "浙江新闻记者小林", "https://news.example.cn/zj/streetlight"),
            (report.GetProperty("reportId").GetString(), report.GetProperty("reporterName").GetString(), report.GetProperty("url").GetString()));
        Assert.Contains("reported", Steps(seen));
        Assert.DoesNotContain(seen.GetProperty("timeline").EnumerateArray(), s => s.GetProperty("text").GetString() == "内部：请联系市民核实位置。");
        Assert.False(seen.GetProperty("may").GetProperty("follow").GetBoolean());
    }

    [Fact]
    public async Task Only_reporters_follow_and_report_and_a_private_ticket_is_no_lead()
    {
        using var citizen = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        using var reporter = await ClientOfAsync(_app, "reporter-zj");
        using var reader = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        var publicTicket = await FileAsync(citizen);
        var privateTicket = await FileAsync(citizen, Filing(isPublic: false));

        await Expect.Problem(await reader.PutAsync($"/api/tickets/{publicTicket}/followers/me", null), HttpStatusCode.Forbidden, "forbidden");
        await Expect.Problem(await reader.PostAsJsonAsync($"/api/tickets/{publicTicket}/reports", Report()), HttpStatusCode.Forbidden, "forbidden");
        await Expect.Problem(await reader.GetAsync("/api/tickets/leads"), HttpStatusCode.Forbidden, "forbidden");
        await Expect.Problem(await reporter.PutAsync($"/api/tickets/{privateTicket}/followers/me", null), HttpStatusCode.NotFound, "not-found");
        await Expect.Problem(await reporter.PostAsJsonAsync($"/api/tickets/{privateTicket}/reports", Report()), HttpStatusCode.NotFound, "not-found");
        await Expect.FieldError(await reporter.PostAsJsonAsync($"/api/tickets/{publicTicket}/reports",
            new { title = "标题", summary = "摘要", url = "javascript:alert(1)" }), "url");
        await Expect.FieldError(await reporter.PostAsJsonAsync($"/api/tickets/{publicTicket}/reports",
            new { title = "<script>alert(1)</script>", summary = "摘要" }), "title");
        await Expect.FieldError(await reporter.PostAsJsonAsync($"/api/tickets/{publicTicket}/reports", new { title = "标题" }), "summary");
        Assert.Empty((await GetAsync(citizen, publicTicket)).GetProperty("reports").EnumerateArray());
    }

    [Fact]
    public async Task A_lead_made_private_leaves_the_reporters_leads_and_an_unfollowed_one_too()
    {
        var session = await _app.RegisterAndSignInAsync();
        using var citizen = _app.Client(session.Token);
        using var reporter = await ClientOfAsync(_app, "reporter-zj");
        var hidden = await FileAsync(citizen);
        var dropped = await FileAsync(citizen);
        foreach (var ticketId in new[] { hidden, dropped })
            await Expect.Status(await reporter.PutAsync($"/api/tickets/{ticketId}/followers/me", null), HttpStatusCode.NoContent);
        await Eventually.TrueAsync(async () => await LeadsHaveAsync(reporter, hidden) && await LeadsHaveAsync(reporter, dropped), "both leads listed");

        await Expect.Status(await citizen.PutAsJsonAsync($"/api/tickets/{hidden}/privacy", new { @public = false, showName = false }),
            HttpStatusCode.OK);
        await Expect.Status(await reporter.DeleteAsync($"/api/tickets/{dropped}/followers/me"), HttpStatusCode.NoContent);

        await Eventually.TrueAsync(async () => !await LeadsHaveAsync(reporter, hidden) && !await LeadsHaveAsync(reporter, dropped),
            "neither lead listed");
        await Expect.Status(await reporter.GetAsync($"/api/tickets/{hidden}"), HttpStatusCode.NotFound);
    }
}
