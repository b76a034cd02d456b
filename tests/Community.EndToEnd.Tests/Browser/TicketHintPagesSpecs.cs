using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Community.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Community.EndToEnd.Tests.Browser.BrowserPages;

namespace Community.EndToEnd.Tests.Browser;

/// <summary>The duplicate hints on the pages: a citizen writing a ticket sees the open ticket that says the same and can
/// open it, and a moderator in the review queue marks a ticket a duplicate of its hint in place; both pages pass axe.
/// Lin'an's environment tickets are this spec's alone.</summary>
public sealed class TicketHintPagesSpecs(HostAndBrowser fixture) : IClassFixture<HostAndBrowser>
{
    private const string Linan = "330112";

    private CommunityApp App => fixture.App;

    private async Task<string> FileAsync(string title, string body)
    {
        using var citizen = App.Client((await App.RegisterAndSignInAsync()).Token);
        var response = await citizen.PostAsJsonAsync("/api/tickets", new
        {
            kind = "complaint", title, body, regionCode = Linan, category = "environment", @public = true, showName = false,
        });
        await Expect.Status(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketId").GetString()!;
    }

    [Fact]
    public async Task A_citizen_sees_the_ticket_that_says_the_same_and_a_moderator_marks_the_repeat_a_duplicate_of_it()
    {
        var original = await FileAsync("工地夜间施工噪音太大", "锦城街道一处工地每天晚上十一点以后还在施工，噪音很大，影响休息。");
        await using var context = await PhoneAsync(fixture.Browser, App.BaseAddress, "zh-CN", 390);
        var page = await context.NewPageAsync();

        await SignInAsync(page, "reader-hz", CommunityApp.DemoPassword);
        await page.GotoAsync("/help-tickets/new");
        await LoadedAsync(page);
        await page.GetByTestId("ticket-category").SelectOptionAsync("environment");
        await page.GetByTestId("ticket-region").SelectOptionAsync(Linan);
        var hint = page.GetByTestId("similar-tickets").GetByTestId("similar-hint").Filter(new() { HasText = "工地夜间施工噪音太大" });
        var until = DateTime.UtcNow + ReadModelLag;
        for (var attempt = 0; ; attempt++)
        {
            // Typing again asks again: the read model trails the filing by a moment.
            await page.GetByTestId("ticket-title").FillAsync(attempt % 2 == 0 ? "晚上工地施工扰民" : "晚上工地施工扰民了");
            try
            {
                await Assertions.Expect(hint).ToBeVisibleAsync(new() { Timeout = 2000 });
                break;
            }
            catch (PlaywrightException) when (DateTime.UtcNow < until)
            {
            }
        }
        await Assertions.Expect(hint.GetByTestId("similar-hint-link")).ToHaveAttributeAsync("href", $"/help-tickets/{original}");
        await Assertions.Expect(hint.GetByTestId("similar-hint-link")).ToHaveAttributeAsync("target", "_blank");
        await Assertions.Expect(page.GetByTestId("similar-hints-status")).ToHaveTextAsync("找到 1 条类似的问政。");
        await ExpectNoSidewaysScrollAsync(page);
        await Accessibility.ExpectNoViolationsAsync(page, "new ticket with hints");
        await page.GetByTestId("ticket-body").FillAsync("锦城街道的工地经常半夜施工，机器声音很吵，孩子睡不着。");
        await page.GetByTestId("ticket-submit").ClickAsync();
        // The app navigates in the page (history.pushState): no load event to wait for.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/help-tickets/tk-[a-z0-9]+$"));
        var repeat = new Uri(page.Url).AbsolutePath.Split('/')[^1];

        await page.GetByTestId("signout").ClickAsync();
        await SignInAsync(page, "moderator", CommunityApp.DemoPassword);
        await page.GotoAsync("/help-tickets/review");
        var row = page.GetByTestId("review-list").Locator($"[data-testid=ticket-row][data-ticket-id='{repeat}']");
        await ExpectListedAsync(page, row);
        var suggestion = row.GetByTestId("similar-hint").Filter(new() { HasText = "工地夜间施工噪音太大" });
        await Assertions.Expect(suggestion).ToBeVisibleAsync();
        await suggestion.GetByTestId("review-mark-duplicate").ClickAsync();
        await Assertions.Expect(suggestion.GetByTestId("review-duplicate-reason")).ToHaveValueAsync($"与问政 {original}“工地夜间施工噪音太大”反映的是同一问题，请关注该问政的办理进度。");
        await Accessibility.ExpectNoViolationsAsync(page, "review queue with a duplicate decision open");
        await suggestion.GetByTestId("review-duplicate-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("review-live")).ToHaveTextAsync("已标记为重复工单。");

        using var moderator = App.Client((await App.SignInAsync("moderator", CommunityApp.DemoPassword)).Token);
        var ticket = await moderator.GetFromJsonAsync<JsonElement>($"/api/tickets/{repeat}");
        Assert.Equal(("duplicate", original), (ticket.GetProperty("status").GetString(), ticket.GetProperty("duplicateOf").GetString()));
        await Assertions.Expect(row).ToHaveCountAsync(0, new() { Timeout = (float)ReadModelLag.TotalMilliseconds });
    }
}
