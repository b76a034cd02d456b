using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Community.EndToEnd.Tests.Browser.BrowserPages;

namespace Community.EndToEnd.Tests.Browser;

/// <summary>The "ask the government" pages in headless Chromium against the real host: a citizen files a ticket on the
/// form, a moderator accepts it to the suggested department on the review page, the department's staff answer it
/// publicly and resolve it from their queue, and the citizen's open ticket page shows each step as it happens (followed
/// live over SignalR, never reloaded) until the citizen's feedback closes it; and every ticket page, in Chinese and in
/// English at phone width, has no WCAG 2.1 AA violation axe-core can find and does not scroll sideways.</summary>
public sealed class HelpTicketPagesSpecs(HostAndBrowser fixture) : IClassFixture<HostAndBrowser>
{
    /// <summary>The demo staff of Xihu's roads department (README "demo accounts"); roads tickets of Xihu go there.</summary>
    private const string XihuRoadsStaff = "dept-xihu-roads";
    private const string Moderator = "moderator";
    private const string Xihu = "330106";
    private const string Roads = "roads";
    private const string CitizenPassword = "Secret#123";

    /// <summary>A step seen live by another browser: the hub, the entity and the page's re-read, well under this.</summary>
    private static readonly LocatorAssertionsToHaveAttributeOptions Live = new() { Timeout = 20_000 };

    /// <summary>What the zh-CN pages call each status (the product's Chinese strings).</summary>
    private static readonly Dictionary<string, string> StatusZh = new()
    {
        ["submitted"] = "待受理", ["accepted"] = "已受理", ["assigned"] = "办理中", ["answered"] = "已回复",
        ["resolved"] = "已办结", ["closed"] = "已关闭",
    };

    private CommunityApp App => fixture.App;

    [Fact]
    public async Task A_citizens_ticket_is_reviewed_answered_and_resolved_and_the_open_ticket_page_shows_each_step_live()
    {
        var citizen = await App.RegisterAndSignInAsync(regionCode: Xihu);
        // Whom the directory names for a Xihu roads ticket: what the review page should suggest.
        var department = await SuggestedDepartmentAsync(Xihu, Roads);

        // ---- the citizen files a ticket on the form ------------------------------------------------------------------
        await using var citizenContext = await PhoneAsync("zh-CN");
        var page = await citizenContext.NewPageAsync();
        await SignInAsync(page, citizen.UserName, CitizenPassword);
        await page.GetByTestId("nav-help-tickets").ClickAsync();
        await page.WaitForURLAsync("**/help-tickets");
        await page.GetByTestId("tickets-new-link").ClickAsync();
        await page.WaitForURLAsync("**/help-tickets/new");
        await Assertions.Expect(page.GetByTestId("ticket-category").Locator($"option[value='{Roads}']")).ToHaveCountAsync(1);
        // The citizen's own region comes preselected from the profile.
        await Assertions.Expect(page.GetByTestId("ticket-region")).ToHaveValueAsync(Xihu);

        var title = "保俶路井盖缺失 " + Guid.NewGuid().ToString("N")[..6];
        var body = "保俶路北山街口往东五十米，一个井盖不见了，只围了一圈锥桶。\n\n晚上路过的人看不清，很危险。";
        await page.GetByTestId("ticket-kind").SelectOptionAsync("complaint");
        await page.GetByTestId("ticket-category").SelectOptionAsync(Roads);
        await page.GetByTestId("ticket-title").FillAsync(title);
        await page.GetByTestId("ticket-body").FillAsync(body);
        await page.GetByTestId("ticket-public").CheckAsync();
        var kindLabel = await SelectedLabelAsync(page.GetByTestId("ticket-kind"));
        var categoryLabel = await SelectedLabelAsync(page.GetByTestId("ticket-category"));
        var regionLabel = await SelectedLabelAsync(page.GetByTestId("ticket-region"));
        await page.GetByTestId("ticket-submit").ClickAsync();

        // The ticket's page: submitted, with what was typed and chosen, and the filing as the first step.
        await page.WaitForURLAsync("**/help-tickets/tk-*");
        var ticketId = new Uri(page.Url).Segments[^1];
        await ExpectStatusAsync(page, "submitted");
        await Assertions.Expect(page.GetByTestId("ticket-title")).ToHaveTextAsync(title);
        await Assertions.Expect(page.GetByTestId("ticket-body").Locator("p")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".ticket-chips .ticket-kind")).ToHaveTextAsync(kindLabel);
        await Assertions.Expect(page.GetByTestId("ticket-number").Locator("dd")).ToHaveTextAsync(ticketId);
        await Assertions.Expect(page.GetByTestId("ticket-category").Locator("dd")).ToHaveTextAsync(categoryLabel);
        await Assertions.Expect(page.GetByTestId("ticket-region").Locator("dd")).ToHaveTextAsync(regionLabel);
        var steps = page.GetByTestId("ticket-step");
        await Assertions.Expect(steps).ToHaveCountAsync(1);
        await Assertions.Expect(steps.Nth(0)).ToHaveAttributeAsync("data-status", "submitted");
        await Assertions.Expect(steps.Nth(0).GetByTestId("ticket-step-by")).ToHaveTextAsync("群众");
        await Assertions.Expect(page.GetByTestId("live-status")).ToHaveAttributeAsync("data-state", "connected");
        // From here on the page must change by itself: a reload or a new render of the route would lose these marks.
        await page.EvaluateAsync("""
            () => {
                window.__ticketPageNotReloaded = true;
                document.querySelector('[data-testid="ticket-page"]').dataset.specSamePage = 'yes';
            }
            """);

        // ---- a moderator accepts it on the review page, to the suggested department ---------------------------------
        await using var moderatorContext = await PhoneAsync("zh-CN");
        var moderator = await moderatorContext.NewPageAsync();
        await SignInAsync(moderator, Moderator, CommunityApp.DemoPassword);
        await moderator.GotoAsync("/help-tickets");
        await moderator.GetByTestId("tickets-review-link").ClickAsync();
        await moderator.WaitForURLAsync("**/help-tickets/review");
        var waiting = moderator.GetByTestId("review-list").GetByTestId("ticket-row").Filter(new() { HasText = title });
        await ExpectListedAsync(moderator, waiting);
        await Assertions.Expect(waiting).ToHaveAttributeAsync("data-status", "submitted");
        await waiting.GetByTestId("ticket-row-link").ClickAsync();
        await moderator.WaitForURLAsync($"**/help-tickets/{ticketId}");
        await Assertions.Expect(moderator.GetByTestId("ticket-review-form")).ToBeVisibleAsync();
        await Assertions.Expect(moderator.GetByTestId("review-decision-accept")).ToBeCheckedAsync();
        await Assertions.Expect(moderator.GetByTestId("review-suggested")).ToContainTextAsync(department.Name);
        await Assertions.Expect(moderator.GetByTestId("review-department")).ToHaveValueAsync(department.DepartmentId);
        await moderator.GetByTestId("review-reason").FillAsync("诉求明确，转属地城管部门办理。");
        await moderator.GetByTestId("review-submit").ClickAsync();
        await ExpectStatusAsync(moderator, "assigned");
        await Assertions.Expect(moderator.GetByTestId("ticket-department").Locator("dd")).ToHaveTextAsync(department.Name);
        await Assertions.Expect(moderator.GetByTestId("ticket-review-form")).ToHaveCountAsync(0);

        // The citizen's page, untouched, now shows the review's two steps and the department.
        await ExpectStatusAsync(page, "assigned");
        await Assertions.Expect(steps).ToHaveCountAsync(3);
        await Assertions.Expect(steps.Nth(1)).ToHaveAttributeAsync("data-status", "accepted");
        await Assertions.Expect(steps.Nth(2)).ToHaveAttributeAsync("data-status", "assigned");
        await Assertions.Expect(page.GetByTestId("ticket-department").Locator("dd")).ToHaveTextAsync(department.Name);
        await Assertions.Expect(page.GetByTestId("ticket-live")).ToHaveTextAsync($"问政状态更新为：{StatusZh["assigned"]}");

        // ---- the department's staff find it in their queue, answer it publicly and resolve it ----------------------
        await using var staffContext = await PhoneAsync("zh-CN");
        var staff = await staffContext.NewPageAsync();
        await SignInAsync(staff, XihuRoadsStaff, CommunityApp.DemoPassword);
        await staff.GotoAsync("/help-tickets");
        await staff.GetByTestId("tickets-queue-link").ClickAsync();
        await staff.WaitForURLAsync("**/help-tickets/queue");
        await Assertions.Expect(staff.GetByTestId("queue-department")).ToContainTextAsync(department.Name);
        var queued = staff.GetByTestId("queue-list").GetByTestId("ticket-row").Filter(new() { HasText = title });
        await ExpectListedAsync(staff, queued);
        await Assertions.Expect(queued).ToHaveAttributeAsync("data-status", "assigned", Live);
        await queued.GetByTestId("ticket-row-link").ClickAsync();
        await staff.WaitForURLAsync($"**/help-tickets/{ticketId}");

        var answer = "已派人到现场设置围挡，今天下午补装井盖。";
        await staff.GetByTestId("reply-text").FillAsync(answer);
        await staff.GetByTestId("reply-public").CheckAsync();
        await staff.GetByTestId("reply-submit").ClickAsync();
        await ExpectStatusAsync(staff, "answered");
        var staffSteps = staff.GetByTestId("ticket-step");
        await Assertions.Expect(staffSteps.Last.GetByTestId("ticket-step-text")).ToHaveTextAsync(answer);
        await Assertions.Expect(staffSteps.Last.GetByTestId("ticket-step-private")).ToHaveCountAsync(0);

        // The citizen sees the public answer, by the department, as it is sent.
        await ExpectStatusAsync(page, "answered");
        await Assertions.Expect(steps).ToHaveCountAsync(4);
        await Assertions.Expect(steps.Nth(3)).ToHaveAttributeAsync("data-status", "answered");
        await Assertions.Expect(steps.Nth(3).GetByTestId("ticket-step-by")).ToHaveTextAsync(department.Name);
        await Assertions.Expect(steps.Nth(3).GetByTestId("ticket-step-text")).ToHaveTextAsync(answer);
        await Assertions.Expect(page.GetByTestId("ticket-live")).ToHaveTextAsync($"问政状态更新为：{StatusZh["answered"]}");

        var resolution = "井盖已补装并压实，周边路面已清理。";
        await staff.GetByTestId("resolve-text").FillAsync(resolution);
        await staff.GetByTestId("resolve-submit").ClickAsync();
        await ExpectStatusAsync(staff, "resolved");

        await ExpectStatusAsync(page, "resolved");
        await Assertions.Expect(steps).ToHaveCountAsync(5);
        await Assertions.Expect(steps.Nth(4)).ToHaveAttributeAsync("data-status", "resolved");
        await Assertions.Expect(steps.Nth(4).GetByTestId("ticket-step-text")).ToHaveTextAsync(resolution);
        await Assertions.Expect(page.GetByTestId("ticket-live")).ToHaveTextAsync($"问政状态更新为：{StatusZh["resolved"]}");

        // ---- the citizen is satisfied: the ticket closes -------------------------------------------------------------
        var feedbackForm = page.GetByTestId("ticket-feedback-form");
        await Assertions.Expect(feedbackForm).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>(
                "() => window.__ticketPageNotReloaded === true && document.querySelector('[data-spec-same-page=\"yes\"]') !== null"),
            "every step came to the open page by itself: it was neither reloaded nor rendered again");
        await page.GetByTestId("feedback-satisfied-yes").CheckAsync();
        await page.GetByTestId("feedback-rating-5").CheckAsync();
        await page.GetByTestId("feedback-comment").FillAsync("处理很快，谢谢。");
        await page.GetByTestId("feedback-submit").ClickAsync();
        await ExpectStatusAsync(page, "closed");
        await Assertions.Expect(page.GetByTestId("ticket-feedback-satisfied")).ToHaveTextAsync("满意");
        await Assertions.Expect(page.GetByTestId("ticket-feedback-rating")).ToHaveTextAsync("评分：5 / 5");
        await Assertions.Expect(page.GetByTestId("ticket-feedback-comment")).ToHaveTextAsync("处理很快，谢谢。");
        await Assertions.Expect(feedbackForm).ToHaveCountAsync(0);
        await Assertions.Expect(steps.Last).ToHaveAttributeAsync("data-status", "closed");
        await ExpectNoSidewaysScrollAsync(page);

        // The department's open page is told too (on its department's stream).
        await ExpectStatusAsync(staff, "closed");

        // And the citizen's list has it, closed.
        await page.GetByTestId("ticket-page").Locator("a.back-link").ClickAsync();
        await page.WaitForURLAsync("**/help-tickets");
        // (The list is read once from the read model, which trails the feedback by a moment: reloaded until it shows it.)
        await ExpectListedAsync(page, page.GetByTestId("my-tickets").Locator("[data-testid=ticket-row][data-status=closed]")
            .Filter(new() { HasText = title }));
    }

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task Every_ticket_page_passes_axe_and_does_not_scroll_sideways_at_phone_width(string language)
    {
        // Tickets in the states the pages show: one waiting for review, one in progress, one resolved (public, with its
        // answer) waiting for the citizen's feedback.
        var citizen = await App.RegisterAndSignInAsync(regionCode: Xihu);
        using var asCitizen = App.Client(citizen.Token);
        using var asModerator = App.Client((await App.SignInAsync(Moderator, CommunityApp.DemoPassword)).Token);
        using var asStaff = App.Client((await App.SignInAsync(XihuRoadsStaff, CommunityApp.DemoPassword)).Token);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var waitingTitle = $"人行道地砖松动 {tag}";
        var inProgressTitle = $"路口信号灯不亮 {tag}";
        var resolvedTitle = $"绿化带占用盲道 {tag}";
        var waitingId = await FileAsync(asCitizen, waitingTitle);
        var inProgressId = await FileAsync(asCitizen, inProgressTitle);
        var resolvedId = await FileAsync(asCitizen, resolvedTitle);
        foreach (var id in new[] { inProgressId, resolvedId }) await AcceptSuggestedAsync(asModerator, id);
        await ActAsync(asStaff, resolvedId, "replies", new { text = "已联系园林部门现场查看。\n\n本周内移走占道的花箱。", @public = true });
        await ActAsync(asStaff, resolvedId, "resolution", new { text = "花箱已移走，盲道已恢复通行。" });

        await using var citizenContext = await PhoneAsync(language);
        var page = await citizenContext.NewPageAsync();
        await SignInAsync(page, citizen.UserName, CitizenPassword);
        Assert.Equal(language, await page.EvaluateAsync<string>("document.documentElement.lang"));
        var what = $"({language}, 390 px)";

        // The landing, with the citizen's tickets.
        await page.GotoAsync("/help-tickets");
        await Assertions.Expect(page.GetByTestId("tickets-new-link")).ToBeVisibleAsync();
        await ExpectListedAsync(page, page.GetByTestId("my-tickets").GetByTestId("ticket-row").Filter(new() { HasText = resolvedTitle }));
        await ExpectPageIsAccessibleAsync(page, $"help-tickets landing {what}");

        // The form, then with its field errors.
        await page.GotoAsync("/help-tickets/new");
        await Assertions.Expect(page.GetByTestId("ticket-category").Locator($"option[value='{Roads}']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("ticket-region")).ToHaveValueAsync(Xihu);
        await ExpectPageIsAccessibleAsync(page, $"new ticket {what}");
        await page.GetByTestId("ticket-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("ticket-title-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("ticket-category-error")).ToBeVisibleAsync();
        await ExpectPageIsAccessibleAsync(page, $"new ticket with field errors {what}");

        // The citizen's resolved ticket: its timeline with the public answer, and the feedback form.
        await page.GotoAsync($"/help-tickets/{resolvedId}");
        await ExpectStatusAsync(page, "resolved");
        await Assertions.Expect(page.GetByTestId("ticket-feedback-form")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("ticket-privacy-form")).ToBeVisibleAsync();
        await ExpectPageIsAccessibleAsync(page, $"ticket, resolved, as its citizen {what}");

        // The figures of the citizen's county.
        await page.GotoAsync($"/help-tickets/figures?regionCode={Xihu}");
        await Assertions.Expect(page.GetByTestId("figures-received")).Not.ToBeEmptyAsync(new() { Timeout = (float)ReadModelLag.TotalMilliseconds });
        await Assertions.Expect(page.GetByTestId("figures-chart")).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex(".+"));
        await Assertions.Expect(page.GetByTestId("figures-region")).ToHaveValueAsync(Xihu);
        await ExpectPageIsAccessibleAsync(page, $"figures {what}");

        // The public column, open to anyone (signed out: a signed-in visitor is sent home, see
        // The_public_column_opens_for_a_signed_in_user), with the resolved ticket's answer and resolution.
        await using var anonymousContext = await PhoneAsync(language);
        var anonymous = await anonymousContext.NewPageAsync();
        await anonymous.GotoAsync($"/help-tickets/public?regionCode={Xihu}");
        await Assertions.Expect(anonymous.GetByTestId("public-signin")).ToBeVisibleAsync();
        var published = anonymous.GetByTestId("public-item").Filter(new() { HasText = resolvedTitle });
        await ExpectListedAsync(anonymous, published);
        await Assertions.Expect(published.GetByTestId("public-answer").Locator("p.ticket-paragraph")).ToHaveCountAsync(2);
        await Assertions.Expect(published.GetByTestId("public-resolution")).ToContainTextAsync("花箱已移走，盲道已恢复通行。");
        await ExpectPageIsAccessibleAsync(anonymous, $"public column, signed out {what}");

        // The moderator's review queue, and the waiting ticket with its review form.
        await using var moderatorContext = await PhoneAsync(language);
        var moderator = await moderatorContext.NewPageAsync();
        await SignInAsync(moderator, Moderator, CommunityApp.DemoPassword);
        await moderator.GotoAsync("/help-tickets/review");
        await ExpectListedAsync(moderator, moderator.GetByTestId("review-list").GetByTestId("ticket-row").Filter(new() { HasText = waitingTitle }));
        await ExpectPageIsAccessibleAsync(moderator, $"review queue {what}");
        await moderator.GotoAsync($"/help-tickets/{waitingId}");
        await Assertions.Expect(moderator.GetByTestId("ticket-review-form")).ToBeVisibleAsync();
        await Assertions.Expect(moderator.GetByTestId("review-department")).Not.ToHaveValueAsync("");
        await ExpectPageIsAccessibleAsync(moderator, $"ticket with the review form {what}");
        await moderator.GetByTestId("review-decision-duplicate").CheckAsync();
        await Assertions.Expect(moderator.GetByTestId("review-duplicate-of")).ToBeVisibleAsync();
        await moderator.GetByTestId("review-submit").ClickAsync();
        await Assertions.Expect(moderator.GetByTestId("review-reason-error")).ToBeVisibleAsync();
        await ExpectPageIsAccessibleAsync(moderator, $"review form, duplicate, with field errors {what}");

        // The department's queue, and the ticket in progress with the reply, resolve and transfer forms.
        await using var staffContext = await PhoneAsync(language);
        var staff = await staffContext.NewPageAsync();
        await SignInAsync(staff, XihuRoadsStaff, CommunityApp.DemoPassword);
        await staff.GotoAsync("/help-tickets/queue");
        await ExpectListedAsync(staff, staff.GetByTestId("queue-list").GetByTestId("ticket-row").Filter(new() { HasText = inProgressTitle }));
        await ExpectPageIsAccessibleAsync(staff, $"department queue {what}");
        await staff.GetByTestId("queue-tab-supervised").ClickAsync();
        await staff.WaitForURLAsync("**/help-tickets/queue?scope=supervised");
        await LoadedAsync(staff);
        await Assertions.Expect(staff.GetByTestId("queue-tab-supervised")).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(staff.Locator("[data-testid=queue-page] p.muted[role=status]")).ToBeHiddenAsync();
        await ExpectPageIsAccessibleAsync(staff, $"department queue, supervised {what}");
        await staff.GotoAsync($"/help-tickets/{inProgressId}");
        await ExpectStatusAsync(staff, "assigned");
        await Assertions.Expect(staff.GetByTestId("ticket-reply-form")).ToBeVisibleAsync();
        await Assertions.Expect(staff.GetByTestId("ticket-resolve-form")).ToBeVisibleAsync();
        await Assertions.Expect(staff.GetByTestId("ticket-transfer-form")).ToBeVisibleAsync();
        await ExpectPageIsAccessibleAsync(staff, $"ticket in progress, as its department {what}");
    }

    // The column is an `open` route: signed-out visitors and signed-in users both reach it (a `public` route is for
    // signed-out visitors only and sends a signed-in user home).
    [Fact]
    public async Task The_public_column_opens_for_a_signed_in_user()
    {
        var citizen = await App.RegisterAndSignInAsync(regionCode: Xihu);
        await using var context = await PhoneAsync("zh-CN");
        var page = await context.NewPageAsync();
        await SignInAsync(page, citizen.UserName, CitizenPassword);
        await page.GotoAsync("/help-tickets");
        await page.GetByTestId("tickets-public-link").ClickAsync();
        await page.WaitForURLAsync("**/help-tickets/public");
        await Assertions.Expect(page.GetByTestId("public-page")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("public-signin")).ToHaveCountAsync(0);
        await ExpectListedAsync(page, page.GetByTestId("public-item").First);
        await ExpectPageIsAccessibleAsync(page, "public column, signed in (zh-CN, 390 px)");
    }

    // ---- pages ---------------------------------------------------------------------------------------------------------

    private Task<IBrowserContext> PhoneAsync(string language) => BrowserPages.PhoneAsync(fixture.Browser, App.BaseAddress, language, 390);

    private static async Task ExpectPageIsAccessibleAsync(IPage page, string what)
    {
        await LoadedAsync(page);
        await Accessibility.ExpectNoViolationsAsync(page, what);
        await ExpectNoSidewaysScrollAsync(page);
    }

    /// <summary>The ticket page's status chip says <paramref name="status"/> (in Chinese on a zh-CN page), waiting for a
    /// step another browser took.</summary>
    private static async Task ExpectStatusAsync(IPage page, string status)
    {
        var chip = page.GetByTestId("ticket-page").GetByTestId("ticket-status");
        await Assertions.Expect(chip).ToHaveAttributeAsync("data-status", status, Live);
        if (await page.EvaluateAsync<string>("document.documentElement.lang") == "zh-CN")
            await Assertions.Expect(chip).ToHaveTextAsync(StatusZh[status]);
        else
            await Assertions.Expect(chip).Not.ToBeEmptyAsync();
    }

    private static Task<string> SelectedLabelAsync(ILocator select) =>
        select.EvaluateAsync<string>("s => s.options[s.selectedIndex].textContent");

    // ---- the API, for what a spec needs beforehand -------------------------------------------------------------------

    private async Task<DepartmentItem> SuggestedDepartmentAsync(string regionCode, string category)
    {
        using var asModerator = App.Client((await App.SignInAsync(Moderator, CommunityApp.DemoPassword)).Token);
        var departments = await asModerator.GetFromJsonAsync<DepartmentItem[]>($"/api/departments?regionCode={regionCode}&category={category}");
        return Assert.Single(departments!);
    }

    private static async Task<string> FileAsync(HttpClient citizen, string title)
    {
        var response = await citizen.PostAsJsonAsync("/api/tickets", new
        {
            kind = "help", title, body = "西溪路与古墩路交叉口，行人过街很不方便。\n\n希望有关部门尽快处理。", regionCode = Xihu, category = Roads,
            location = new { lat = 30.27412, lon = 120.12515, address = "西溪路 88号" }, contact = new { phone = "13800000000" },
            @public = true, showName = false,
        });
        await Expect.Status(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketId").GetString()!;
    }

    /// <summary>Accepts the ticket to the department the review suggests for it.</summary>
    private static async Task AcceptSuggestedAsync(HttpClient moderator, string ticketId)
    {
        var ticket = await moderator.GetFromJsonAsync<JsonElement>($"/api/tickets/{ticketId}");
        var suggested = ticket.GetProperty("suggestedDepartmentId").GetString();
        await ActAsync(moderator, ticketId, "review", new { decision = "accept", departmentId = suggested, reason = "诉求明确，转相关部门办理。" });
    }

    private static async Task ActAsync(HttpClient client, string ticketId, string action, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/tickets/{ticketId}/{action}", body);
        await Expect.Status(response, HttpStatusCode.OK);
    }

    private sealed record DepartmentItem(string DepartmentId, string Name, string NameEn, string RegionCode, string Category);
}
