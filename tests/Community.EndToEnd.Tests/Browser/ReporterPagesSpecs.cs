using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Community.EndToEnd.Tests.Browser.BrowserPages;

namespace Community.EndToEnd.Tests.Browser;

/// <summary>The reporters' pages in headless Chromium against the real host: a reporter follows a citizen's public ticket
/// as a story lead on its page, finds it on My leads, watches the lead move there as the moderator and the department act
/// (followed live, never reloaded), and attaches a report the ticket then lists with the reporter's byline and a
/// `reported` step; a reader sees the reports but neither the follow button nor the report form; and the pages, in
/// Chinese and in English at phone width, have no WCAG 2.1 AA violation axe-core can find and do not scroll sideways.</summary>
public sealed class ReporterPagesSpecs(HostAndBrowser fixture) : IClassFixture<HostAndBrowser>
{
    /// <summary>The demo reporter (README "demo accounts") and the byline the product gives their reports.</summary>
    private const string Reporter = "reporter-zj";
    private const string ReporterName = "浙江新闻记者小林";
    private const string XihuRoadsStaff = "dept-xihu-roads";
    private const string XihuRoads = "d-330106-roads";
    private const string Moderator = "moderator";
    private const string Xihu = "330106";
    private const string Roads = "roads";
    /// <summary>A demo ticket with one report on it (the demo's data).</summary>
    private const string DemoReported = "tk-demo-resolved";

    /// <summary>A step seen live by another browser: the hub, the entity and the page's re-read, well under this.</summary>
    private static readonly LocatorAssertionsToHaveAttributeOptions Live = new() { Timeout = 20_000 };

    private CommunityApp App => fixture.App;

    [Fact]
    public async Task A_reporter_follows_a_lead_sees_it_move_live_on_My_leads_and_attaches_a_report_shown_with_the_byline()
    {
        using var asCitizen = App.Client((await App.RegisterAndSignInAsync(regionCode: Xihu)).Token);
        var title = "文一路人行道塌陷 " + Guid.NewGuid().ToString("N")[..6];
        var ticketId = await FileAsync(asCitizen, title);

        // ---- the reporter follows it on the ticket page ------------------------------------------------------------------
        await using var context = await PhoneAsync("zh-CN");
        var page = await context.NewPageAsync();
        await SignInAsync(page, Reporter, CommunityApp.DemoPassword);
        await page.GotoAsync($"/help-tickets/{ticketId}");
        await Assertions.Expect(page.GetByTestId("ticket-title")).ToHaveTextAsync(title);
        var follow = page.GetByTestId("ticket-follow");
        var followers = page.GetByTestId("ticket-followers");
        await Assertions.Expect(follow).ToHaveAttributeAsync("aria-pressed", "false");
        await Assertions.Expect(follow).ToHaveTextAsync("跟进线索");
        await Assertions.Expect(followers).ToHaveAttributeAsync("data-count", "0");
        await Assertions.Expect(page.GetByTestId("ticket-reports-empty")).ToBeVisibleAsync();
        await follow.ClickAsync();
        await Assertions.Expect(follow).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(follow).ToHaveTextAsync("取消跟进");
        await Assertions.Expect(followers).ToHaveAttributeAsync("data-count", "1");
        await Assertions.Expect(followers).ToHaveTextAsync("跟进的记者：1 位");
        await Assertions.Expect(page.GetByTestId("ticket-live")).ToHaveTextAsync("已跟进这条线索。");

        // ---- My leads lists it -------------------------------------------------------------------------------------------
        await page.GotoAsync("/help-tickets");
        await page.GetByTestId("tickets-leads-link").ClickAsync();
        await page.WaitForURLAsync("**/help-tickets/leads");
        var row = page.GetByTestId("leads-list").GetByTestId("ticket-row").Filter(new() { HasText = title });
        await ExpectListedAsync(page, row);
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "submitted");
        await Assertions.Expect(page.GetByTestId("live-status")).ToHaveAttributeAsync("data-state", "connected");
        // From here on the list must change by itself: a reload or a new render of the route would lose these marks.
        await page.EvaluateAsync("""
            () => {
                window.__leadsPageNotReloaded = true;
                document.querySelector('[data-testid="leads-page"]').dataset.specSamePage = 'yes';
            }
            """);

        // ---- the moderator accepts it, the department answers publicly: the open list shows it -------------------------
        using var asModerator = App.Client((await App.SignInAsync(Moderator, CommunityApp.DemoPassword)).Token);
        using var asStaff = App.Client((await App.SignInAsync(XihuRoadsStaff, CommunityApp.DemoPassword)).Token);
        await ActAsync(asModerator, ticketId, "review", new { decision = "accept", departmentId = XihuRoads, reason = "诉求明确，转属地部门办理。" });
        await ActAsync(asStaff, ticketId, "replies", new { text = "已安排施工队今天下午修复塌陷路面。", @public = true });
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "answered", Live);
        await Assertions.Expect(row.GetByTestId("ticket-row-status")).ToHaveTextAsync("已回复");
        await Assertions.Expect(page.GetByTestId("leads-live")).ToHaveTextAsync($"“{title}”状态更新为：已回复", new() { Timeout = 20_000 });
        Assert.True(await page.EvaluateAsync<bool>(
                "() => window.__leadsPageNotReloaded === true && document.querySelector('[data-spec-same-page=\"yes\"]') !== null"),
            "the lead's steps came to the open list by itself: it was neither reloaded nor rendered again");

        // ---- the reporter attaches a report on the ticket page ------------------------------------------------------------
        await row.GetByTestId("ticket-row-link").ClickAsync();
        await page.WaitForURLAsync($"**/help-tickets/{ticketId}");
        await Assertions.Expect(page.GetByTestId("ticket-status")).ToHaveAttributeAsync("data-status", "answered");
        await Assertions.Expect(page.GetByTestId("ticket-follow")).ToHaveAttributeAsync("aria-pressed", "true");
        var form = page.GetByTestId("ticket-report-form");
        await Assertions.Expect(form).ToBeVisibleAsync();
        var headline = "文一路塌陷路面当天修复 " + Guid.NewGuid().ToString("N")[..4];
        const string summary = "记者走访文一路，塌陷处已围挡，施工队下午进场。\n\n附近居民说晚上出行安全多了。";
        const string url = "https://news.example.cn/zj/wenyi-road";
        await page.GetByTestId("report-title").FillAsync(headline);
        await page.GetByTestId("report-summary").FillAsync(summary);
        // The API's field error lands on its field.
        await page.GetByTestId("report-url").FillAsync("javascript:alert(1)");
        await page.GetByTestId("report-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-url-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("ticket-report")).ToHaveCountAsync(0);
        await page.GetByTestId("report-url").FillAsync(url);
        await page.GetByTestId("report-submit").ClickAsync();

        var report = page.GetByTestId("ticket-report");
        await Assertions.Expect(report).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Assertions.Expect(report.GetByTestId("ticket-report-title")).ToHaveTextAsync(headline);
        var link = report.GetByTestId("ticket-report-link");
        await Assertions.Expect(link).ToHaveAttributeAsync("href", url);
        await Assertions.Expect(link).ToHaveAttributeAsync("rel", "noopener noreferrer");
        await Assertions.Expect(report.GetByTestId("ticket-report-summary").Locator("p")).ToHaveCountAsync(2);
        await Assertions.Expect(report.GetByTestId("ticket-report-byline")).ToHaveTextAsync($"{ReporterName}报道");
        await Assertions.Expect(page.GetByTestId("ticket-reports-empty")).ToBeHiddenAsync();
        var last = page.GetByTestId("ticket-step").Last;
        await Assertions.Expect(last).ToHaveAttributeAsync("data-status", "reported", Live);
        await Assertions.Expect(last.GetByTestId("ticket-step-status")).ToHaveTextAsync("记者报道");
        await Assertions.Expect(last.GetByTestId("ticket-step-by")).ToHaveTextAsync("记者");
        await Assertions.Expect(last.GetByTestId("ticket-step-text")).ToHaveTextAsync(headline);
        // A fresh form, empty again; the status is unchanged.
        await Assertions.Expect(page.GetByTestId("report-title")).ToHaveValueAsync("");
        await Assertions.Expect(page.GetByTestId("ticket-status")).ToHaveAttributeAsync("data-status", "answered");
        await ExpectNoSidewaysScrollAsync(page);

        // The citizen sees the report too.
        var seen = await asCitizen.GetFromJsonAsync<JsonElement>($"/api/tickets/{ticketId}");
        Assert.Equal(headline, Assert.Single(seen.GetProperty("reports").EnumerateArray()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_reader_sees_the_reports_but_no_follow_button_no_report_form_and_no_leads()
    {
        await using var context = await PhoneAsync("zh-CN");
        var page = await context.NewPageAsync();
        var reader = await App.RegisterAndSignInAsync(regionCode: Xihu);
        await SignInAsync(page, reader.UserName, "Secret#123");
        await page.GotoAsync($"/help-tickets/{DemoReported}");
        await LoadedAsync(page);
        await Assertions.Expect(page.GetByTestId("ticket-report").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("ticket-report-byline").First).ToHaveTextAsync($"{ReporterName}报道");
        await Assertions.Expect(page.Locator("[data-testid=ticket-step][data-status=reported]").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=ticket-step][data-status=reported] [data-testid=ticket-step-by]").First)
            .ToHaveTextAsync("记者");
        await Assertions.Expect(page.GetByTestId("ticket-follow")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByTestId("ticket-report-form")).ToHaveCountAsync(0);

        await page.GotoAsync("/help-tickets");
        await Assertions.Expect(page.GetByTestId("tickets-new-link")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("tickets-leads-link")).ToHaveCountAsync(0);
        await page.GotoAsync("/help-tickets/leads");
        await Assertions.Expect(page.GetByTestId("leads-denied")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("leads-list")).ToHaveCountAsync(0);
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task The_reporter_pages_pass_axe_and_do_not_scroll_sideways_at_phone_width(string language)
    {
        using var asCitizen = App.Client((await App.RegisterAndSignInAsync(regionCode: Xihu)).Token);
        using var asReporter = App.Client((await App.SignInAsync(Reporter, CommunityApp.DemoPassword)).Token);
        var title = "古墩路公交站棚破损 " + Guid.NewGuid().ToString("N")[..6];
        var ticketId = await FileAsync(asCitizen, title);
        await Expect.Status(await asReporter.PutAsync($"/api/tickets/{ticketId}/followers/me", null), HttpStatusCode.NoContent);
        using var attach = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{ticketId}/reports")
        {
            Content = JsonContent.Create(new
            {
                title = "古墩路公交站棚破损，雨天候车人无处躲雨",
                summary = "记者走访古墩路公交站，站棚顶板缺了三块。\n\n附近居民希望尽快修好。",
                url = "https://news.example.cn/zj/gudun-road-shelter-with-a-rather-long-address-that-must-wrap-on-a-phone-screen",
            }),
        };
        attach.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        await Expect.Status(await asReporter.SendAsync(attach), HttpStatusCode.Created);

        await using var context = await PhoneAsync(language);
        var page = await context.NewPageAsync();
        await SignInAsync(page, Reporter, CommunityApp.DemoPassword);
        Assert.Equal(language, await page.EvaluateAsync<string>("document.documentElement.lang"));
        var what = $"({language}, 390 px)";

        // The ticket with a report, the follow toggle (pressed) and the report form; then the form's field errors.
        await page.GotoAsync($"/help-tickets/{ticketId}");
        await Assertions.Expect(page.GetByTestId("ticket-report")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("ticket-follow")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(page.GetByTestId("ticket-report-form")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("ticket-step").Last).ToHaveAttributeAsync("data-status", "reported");
        await ExpectPageIsAccessibleAsync(page, $"ticket with a report and the report form, as a reporter {what}");
        await page.GetByTestId("report-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-title-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("report-summary-error")).ToBeVisibleAsync();
        await ExpectPageIsAccessibleAsync(page, $"report form with field errors {what}");

        // The landing with its My leads link, and My leads.
        await page.GotoAsync("/help-tickets");
        await Assertions.Expect(page.GetByTestId("tickets-leads-link")).ToBeVisibleAsync();
        await ExpectPageIsAccessibleAsync(page, $"help-tickets landing, as a reporter {what}");
        await page.GotoAsync("/help-tickets/leads");
        await ExpectListedAsync(page, page.GetByTestId("leads-list").GetByTestId("ticket-row").Filter(new() { HasText = title }));
        await Assertions.Expect(page.GetByTestId("leads-list").GetByTestId("ticket-row")
            .Filter(new() { Has = page.Locator($"a[href='/help-tickets/{DemoReported}']") })).ToHaveCountAsync(1);
        await ExpectPageIsAccessibleAsync(page, $"my leads {what}");

        // A reader: the ticket with its report and no reporter's controls; My leads as a notice.
        await using var readerContext = await PhoneAsync(language);
        var readerPage = await readerContext.NewPageAsync();
        var reader = await App.RegisterAndSignInAsync(regionCode: Xihu);
        await SignInAsync(readerPage, reader.UserName, "Secret#123");
        await readerPage.GotoAsync($"/help-tickets/{ticketId}");
        await Assertions.Expect(readerPage.GetByTestId("ticket-report")).ToHaveCountAsync(1);
        await Assertions.Expect(readerPage.GetByTestId("ticket-follow")).ToBeHiddenAsync();
        await Assertions.Expect(readerPage.GetByTestId("ticket-report-form")).ToHaveCountAsync(0);
        await ExpectPageIsAccessibleAsync(readerPage, $"ticket with a report, as a reader {what}");
        await readerPage.GotoAsync("/help-tickets/leads");
        await Assertions.Expect(readerPage.GetByTestId("leads-denied")).ToBeVisibleAsync();
        await ExpectPageIsAccessibleAsync(readerPage, $"my leads, as a reader {what}");
    }

    // ---- pages ---------------------------------------------------------------------------------------------------------

    private Task<IBrowserContext> PhoneAsync(string language) => BrowserPages.PhoneAsync(fixture.Browser, App.BaseAddress, language, 390);

    private static async Task ExpectPageIsAccessibleAsync(IPage page, string what)
    {
        await LoadedAsync(page);
        await Accessibility.ExpectNoViolationsAsync(page, what);
        await ExpectNoSidewaysScrollAsync(page);
    }

    // ---- the API, for what a spec needs beforehand -------------------------------------------------------------------

    private static async Task<string> FileAsync(HttpClient citizen, string title)
    {
        var response = await citizen.PostAsJsonAsync("/api/tickets", new
        {
            kind = "help", title, body = "文一路与古墩路交叉口东侧，人行道塌了一个坑。\n\n希望有关部门尽快处理。", regionCode = Xihu, category = Roads,
            location = new { lat = 30.28912, lon = 120.10315, address = "文一西路 100号" }, @public = true, showName = false,
        });
        await Expect.Status(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketId").GetString()!;
    }

    private static async Task ActAsync(HttpClient client, string ticketId, string action, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/tickets/{ticketId}/{action}", body);
        await Expect.Status(response, HttpStatusCode.OK);
    }
}
