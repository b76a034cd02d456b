using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Community.EndToEnd.Tests.Browser;

/// <summary>The feed ↔ queue bridge on a circle's page, in headless Chromium against the real host, on a phone in
/// Chinese and in English: a reader turns their post into a ticket from the post's card and sees its badge; while a
/// moderator accepts it for the Xihu roads department and that department answers publicly and resolves it, the
/// reader's page (never reloaded) moves the badge, pins the department's official reply under the post and shows the
/// resolution. The form, its errors and the official reply pass axe (WCAG 2.1 AA) with no sideways scrolling.</summary>
public sealed class PostTicketPageSpecs(HostAndBrowser fixture) : IClassFixture<HostAndBrowser>
{
    private const string Password = "Secret#123";
    private const string Xihu = "330106";
    private const string XihuRoads = "d-330106-roads";
    private const int PhoneWidth = 390;
    private static readonly LocatorAssertionsToHaveAttributeOptions LiveAttribute = new() { Timeout = 20_000 };
    private static readonly LocatorAssertionsToContainTextOptions LiveText = new() { Timeout = 20_000 };

    private CommunityApp App => fixture.App;

    /// <summary>What the page says in each language.</summary>
    private sealed record Words(string Badge, string Submitted, string InProgress, string Answered, string Resolved, string Closed,
        string Official, string Department, string Resolution);

    private static Words WordsOf(string language) => language == "en"
        ? new("Government ticket:", "Submitted", "In progress", "Answered", "Resolved", "Closed", "Official reply",
            "Urban Management Bureau", "Resolution")
        : new("问政工单：", "待受理", "办理中", "已回复", "已办结", "已关闭", "官方回复", "西湖区城市管理局", "办理结果");

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task A_reader_turns_a_post_into_a_ticket_on_the_page_and_follows_it_live_to_its_resolution(string language)
    {
        var words = WordsOf(language);
        var reader = await App.RegisterAndSignInAsync(regionCode: Xihu);
        var circleId = await CreateCircleAsync(reader, "文三路街坊");

        await using var context = await BrowserPages.PhoneAsync(fixture.Browser, App.BaseAddress, language, PhoneWidth);
        var page = await OpenCircleAsync(context, reader, circleId);
        await page.EvaluateAsync("window.__ticketSpecMark = 'still here'");

        // The reader posts through the composer.
        var firstLine = "文三路学院路口的路灯坏了一周 " + Guid.NewGuid().ToString("N")[..6];
        await page.GetByTestId("composer-text").FillAsync(firstLine + "\n晚上骑车经过很危险，希望有关部门尽快修一下。");
        await page.GetByTestId("composer-submit").ClickAsync();
        var card = page.GetByTestId("circle-feed").GetByTestId("post-card").Filter(new() { HasText = firstLine });
        await Assertions.Expect(card.GetByTestId("post-text")).ToContainTextAsync(firstLine, LiveText);
        await Assertions.Expect(card.GetByTestId("post-ticket-box")).ToBeHiddenAsync();

        // The form opens under the post: help, the circle's region, public, without the reader's name.
        var ask = card.GetByTestId("post-ask-government");
        await ask.ClickAsync();
        await Assertions.Expect(ask).ToHaveAttributeAsync("aria-expanded", "true");
        var form = card.GetByTestId("post-ticket-form");
        await Assertions.Expect(form).ToBeVisibleAsync();
        await Assertions.Expect(card.GetByTestId("post-ticket-kind")).ToBeFocusedAsync();
        await Assertions.Expect(card.GetByTestId("post-ticket-kind")).ToHaveValueAsync("help");
        await Assertions.Expect(card.GetByTestId("post-ticket-region")).ToHaveValueAsync(Xihu);
        await Assertions.Expect(card.GetByTestId("post-ticket-public")).ToBeCheckedAsync();
        await Assertions.Expect(card.GetByTestId("post-ticket-show-name")).Not.ToBeCheckedAsync();
        await Accessibility.ExpectNoViolationsAsync(page, $"circle feed with the ask-the-government form open ({language})");
        await BrowserPages.ExpectNoSidewaysScrollAsync(page);

        // No category: told beside the field, nothing sent.
        var filings = 0;
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/ticket", StringComparison.Ordinal)) Interlocked.Increment(ref filings);
        };
        await card.GetByTestId("post-ticket-submit").ClickAsync();
        await Assertions.Expect(card.GetByTestId("post-ticket-category-error")).ToBeVisibleAsync();
        await Assertions.Expect(card.GetByTestId("post-ticket-category")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(card.GetByTestId("post-ticket-category")).ToBeFocusedAsync();
        Assert.Equal(0, Volatile.Read(ref filings));

        // A problem from the API: its field error beside the field, announced in the form's alert.
        await card.GetByTestId("post-ticket-category").SelectOptionAsync("roads");
        await page.RouteAsync(url => url.EndsWith("/ticket", StringComparison.Ordinal), route => route.FulfillAsync(new()
        {
            Status = 400,
            ContentType = "application/problem+json",
            Body = """{"title":"One or more validation errors occurred.","status":400,"errors":{"regionCode":["Not a region of the province."]}}""",
        }));
        await card.GetByTestId("post-ticket-submit").ClickAsync();
        await Assertions.Expect(card.GetByTestId("post-ticket-region-error")).ToHaveTextAsync("Not a region of the province.");
        await Assertions.Expect(card.GetByTestId("post-ticket-region")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(card.GetByTestId("post-ticket-message")).ToHaveAttributeAsync("role", "alert");
        await Assertions.Expect(card.GetByTestId("post-ticket-message")).ToBeVisibleAsync();
        await Accessibility.ExpectNoViolationsAsync(page, $"circle feed with the ask-the-government form showing an error ({language})");
        await page.UnrouteAllAsync();

        // Filed: the form gives way to the badge, which links to the ticket's page.
        await card.GetByTestId("post-ticket-submit").ClickAsync();
        var badge = card.GetByTestId("post-ticket");
        await Assertions.Expect(badge).ToHaveAttributeAsync("data-status", "submitted", LiveAttribute);
        await Assertions.Expect(badge).ToContainTextAsync(words.Badge);
        await Assertions.Expect(badge).ToContainTextAsync(words.Submitted);
        await Assertions.Expect(badge).ToBeFocusedAsync();
        await Assertions.Expect(form).ToBeHiddenAsync();
        await Assertions.Expect(ask).ToBeHiddenAsync();
        var href = await badge.GetAttributeAsync("href");
        Assert.StartsWith("/help-tickets/", href);
        var ticketId = Uri.UnescapeDataString(href!["/help-tickets/".Length..]);
        using var asReader = App.Client(reader.Token);
        var ticket = await asReader.GetFromJsonAsync<JsonElement>($"/api/tickets/{ticketId}");
        Assert.Equal("roads", ticket.GetProperty("category").GetString());
        Assert.Equal(Xihu, ticket.GetProperty("regionCode").GetString());
        Assert.Equal(firstLine, ticket.GetProperty("title").GetString());
        Assert.True(ticket.GetProperty("public").GetBoolean());

        // The moderator accepts it for the Xihu roads department: the badge follows, live.
        using var moderator = App.Client((await App.SignInAsync("moderator", CommunityApp.DemoPassword)).Token);
        using var department = App.Client((await App.SignInAsync("dept-xihu-roads", CommunityApp.DemoPassword)).Token);
        await ActAsync(moderator, ticketId, "review", new { decision = "accept", departmentId = XihuRoads, reason = "诉求明确，转相关部门办理。" });
        await Assertions.Expect(badge).ToHaveAttributeAsync("data-status", "assigned", LiveAttribute);
        await Assertions.Expect(badge).ToContainTextAsync(words.InProgress);

        // The department answers publicly: its official reply is pinned under the post.
        const string answer = "已派维修班组，本周内修复。";
        await ActAsync(department, ticketId, "replies", new { text = answer, @public = true });
        var official = card.GetByTestId("official-reply");
        await Assertions.Expect(official.GetByTestId("official-reply-text")).ToHaveTextAsync(answer, new() { Timeout = 20_000 });
        await Assertions.Expect(official).ToHaveCountAsync(1);
        await Assertions.Expect(official.GetByTestId("official-badge")).ToHaveTextAsync(words.Official);
        await Assertions.Expect(official.GetByTestId("official-department")).ToContainTextAsync(words.Department);
        await Assertions.Expect(badge).ToHaveAttributeAsync("data-status", "answered");
        await Assertions.Expect(badge).ToContainTextAsync(words.Answered);
        await Assertions.Expect(card.GetByTestId("comment-count")).ToHaveTextAsync("1");
        await Assertions.Expect(card.GetByTestId("post-resolution")).ToBeHiddenAsync();

        // Then resolves it: the resolution shows on the card.
        const string resolution = "路灯已更换，恢复照明。";
        await ActAsync(department, ticketId, "resolution", new { text = resolution });
        await Assertions.Expect(badge).ToHaveAttributeAsync("data-status", "resolved", LiveAttribute);
        await Assertions.Expect(badge).ToContainTextAsync(words.Resolved);
        await Assertions.Expect(card.GetByTestId("post-resolution")).ToContainTextAsync(words.Resolution);
        await Assertions.Expect(card.GetByTestId("post-resolution-text")).ToHaveTextAsync(resolution);

        // In the comments the answer is the department's, marked official, and listed once.
        await card.GetByTestId("comment-toggle").ClickAsync();
        var comment = card.GetByTestId("comment-item");
        await Assertions.Expect(comment).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Assertions.Expect(comment).ToHaveAttributeAsync("data-official", "true");
        await Assertions.Expect(comment.GetByTestId("official-badge")).ToHaveTextAsync(words.Official);
        await Assertions.Expect(comment).ToContainTextAsync(answer);
        await Assertions.Expect(official).ToHaveCountAsync(1);
        await Accessibility.ExpectNoViolationsAsync(page, $"circle feed with an official reply and a resolution ({language})");
        await BrowserPages.ExpectNoSidewaysScrollAsync(page);

        // The reader is satisfied: closed, the resolution still shown.
        await ActAsync(asReader, ticketId, "feedback", new { satisfied = true, rating = 5 });
        await Assertions.Expect(badge).ToHaveAttributeAsync("data-status", "closed", LiveAttribute);
        await Assertions.Expect(badge).ToContainTextAsync(words.Closed);
        await Assertions.Expect(card.GetByTestId("post-resolution-text")).ToHaveTextAsync(resolution);

        // All of it without a reload.
        Assert.Equal("still here", await page.EvaluateAsync<string?>("window.__ticketSpecMark ?? null"));

        // Another reader opening the circle afterwards sees the same post as it now is, and no way to file it.
        await Eventually.TrueAsync(async () => TicketStatusOf(await asReader.GetFromJsonAsync<JsonElement>(
            $"/api/circles/{circleId}/posts?after=0"), ticketId) == "closed", "the closed ticket in the circles read model");
        var other = await App.RegisterAndSignInAsync(regionCode: Xihu);
        await using var otherContext = await BrowserPages.PhoneAsync(fixture.Browser, App.BaseAddress, language, PhoneWidth);
        var otherPage = await OpenCircleAsync(otherContext, other, circleId);
        var otherCard = otherPage.GetByTestId("circle-feed").GetByTestId("post-card").Filter(new() { HasText = firstLine });
        await Assertions.Expect(otherCard.GetByTestId("post-ticket")).ToHaveAttributeAsync("data-status", "closed");
        var otherOfficial = otherCard.GetByTestId("official-reply");
        await Assertions.Expect(otherOfficial.GetByTestId("official-reply-text")).ToHaveTextAsync(answer, new() { Timeout = 20_000 });
        await Assertions.Expect(otherOfficial).ToHaveCountAsync(1);
        await Assertions.Expect(otherOfficial.GetByTestId("official-department")).ToContainTextAsync(words.Department);
        await Assertions.Expect(otherCard.GetByTestId("post-resolution-text")).ToHaveTextAsync(resolution);
        await Assertions.Expect(otherCard.GetByTestId("post-ask-government")).ToBeHiddenAsync();
        await Accessibility.ExpectNoViolationsAsync(otherPage, $"circle feed read with an official reply shown ({language})");
        await BrowserPages.ExpectNoSidewaysScrollAsync(otherPage);
    }

    [Fact]
    public async Task Only_the_author_is_offered_to_turn_a_post_into_a_ticket()
    {
        var author = await App.RegisterAndSignInAsync(regionCode: Xihu);
        var member = await App.RegisterAndSignInAsync(regionCode: Xihu);
        var circleId = await CreateCircleAsync(author, "西溪街坊");
        using var asMember = App.Client(member.Token);
        await Expect.Status(await asMember.PostAsync($"/api/circles/{circleId}/members", null), HttpStatusCode.NoContent);
        var text = "小区门口井盖松动 " + Guid.NewGuid().ToString("N")[..6];
        using var asAuthor = App.Client(author.Token);
        await Expect.Status(await asAuthor.PostAsJsonAsync($"/api/circles/{circleId}/posts", new { text }), HttpStatusCode.Created);
        await Eventually.TrueAsync(async () => (await asAuthor.GetFromJsonAsync<JsonElement>($"/api/circles/{circleId}/posts?after=0"))
            .GetProperty("items").GetArrayLength() == 1, "the post in the read model");

        await using var context = await BrowserPages.PhoneAsync(fixture.Browser, App.BaseAddress, "zh-CN", PhoneWidth);
        var page = await OpenCircleAsync(context, member, circleId);
        var card = page.GetByTestId("circle-feed").GetByTestId("post-card").Filter(new() { HasText = text });
        await Assertions.Expect(card.GetByTestId("post-text")).ToHaveTextAsync(text);
        await Assertions.Expect(card.GetByTestId("like-button")).ToBeVisibleAsync();
        await Assertions.Expect(card.GetByTestId("post-ask-government")).ToBeHiddenAsync();
        await Assertions.Expect(card.GetByTestId("post-ticket-box")).ToBeHiddenAsync();
    }

    private async Task<string> CreateCircleAsync(Session owner, string name)
    {
        using var client = App.Client(owner.Token);
        var created = await client.PostAsJsonAsync("/api/circles",
            new { name = $"{name} {Guid.NewGuid().ToString("N")[..4]}", description = "街坊邻里，有事说事。", regionCode = Xihu });
        await Expect.Status(created, HttpStatusCode.Created);
        var circleId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("circleId").GetString()!;
        // The page reads the circle from the read model.
        await Eventually.TrueAsync(async () => (await client.GetAsync($"/api/circles/{circleId}")).IsSuccessStatusCode,
            "the circle is in the read model");
        return circleId;
    }

    private static async Task<IPage> OpenCircleAsync(IBrowserContext context, Session reader, string circleId)
    {
        var page = await context.NewPageAsync();
        await BrowserPages.SignInAsync(page, reader.UserName, Password);
        await page.GotoAsync($"/circles/{circleId}");
        await Assertions.Expect(page.GetByTestId("circle-name")).Not.ToHaveAttributeAsync("data-i18n", "app.loading");
        await Assertions.Expect(page.GetByTestId("live-status")).ToHaveAttributeAsync("data-state", "connected", LiveAttribute);
        return page;
    }

    private static async Task ActAsync(HttpClient client, string ticketId, string action, object body) =>
        await Expect.Status(await client.PostAsJsonAsync($"/api/tickets/{ticketId}/{action}", body), HttpStatusCode.OK);

    private static string? TicketStatusOf(JsonElement page, string ticketId) =>
        page.GetProperty("items").EnumerateArray()
            .Select(p => p.GetProperty("ticket"))
            .Where(t => t.ValueKind == JsonValueKind.Object && t.GetProperty("ticketId").GetString() == ticketId)
            .Select(t => t.GetProperty("status").GetString())
            .FirstOrDefault();
}
