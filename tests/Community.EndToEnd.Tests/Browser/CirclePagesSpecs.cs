using System.Net;
using System.Net.Http.Json;
using Community.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Community.EndToEnd.Tests.Browser;

/// <summary>A county reader finds circles of their county's city and of the province, searches by name, and creates a
/// circle, on a phone-width screen in headless Chromium against the real host.</summary>
public sealed class CirclePagesSpecs : IAsyncLifetime
{
    private readonly Chromium _chromium = new();
    private CommunityApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await new CommunityApp().ReadyAsync();
        await _chromium.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_reader_sees_the_circles_of_their_regions_and_finds_one_by_name()
    {
        // A Deqing (county of Huzhou) reader, and a Huzhou circle made by someone else.
        var reader = await _app.RegisterAndSignInAsync(regionCode: "330521");
        var owner = await _app.RegisterAndSignInAsync();
        using var asOwner = _app.Client(owner.Token);
        var created = await asOwner.PostAsJsonAsync("/api/circles",
            new { name = "南太湖骑行 & \"团\"", description = "Rides around the south shore of Taihu.", regionCode = "330500" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var circleId = (await created.Content.ReadFromJsonAsync<CreatedCircle>())!.CircleId;
        using var asReader = _app.Client(reader.Token);
        await Eventually.TrueAsync(async () => (await asReader.GetAsync($"/api/circles/{circleId}")).IsSuccessStatusCode,
            "the circle is in the directory");

        var (context, page) = await SignedInPhoneAsync(reader, "/signin", clientId: "county-330521");
        await Assertions.Expect(page.GetByTestId("nav-circles")).ToBeVisibleAsync();
        await page.GetByTestId("nav-circles").ClickAsync();

        // The city's section holds the new circle, its name shown as typed; the province's the demo circles.
        var huzhou = page.GetByTestId("circles-region-330500");
        await Assertions.Expect(huzhou.GetByTestId("circle-card")).ToContainTextAsync("南太湖骑行 & \"团\"");
        await Assertions.Expect(huzhou.GetByTestId("circle-card")).ToContainTextAsync("1 位成员");
        await Assertions.Expect(page.GetByTestId("circles-region-330000").GetByTestId("circle-card").Filter(new() { HasText = "好摄之友" }))
            .ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("circles-region-330521")).ToContainTextAsync("还没有圈子");

        await page.GetByTestId("circle-search").FillAsync("口水");
        var results = page.GetByTestId("circle-results");
        await Assertions.Expect(results.GetByTestId("circle-card")).ToHaveCountAsync(1);
        await Assertions.Expect(results.GetByTestId("circle-card")).ToContainTextAsync("口水楼市");
        await Accessibility.ExpectNoViolationsAsync(page, "circles directory with search results (zh-CN)");

        // Nothing wider than the phone: no sideways scrolling.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_reader_creates_a_circle_from_the_page_lands_in_it_as_owner_and_sees_it_marked_as_joined()
    {
        var reader = await _app.RegisterAndSignInAsync(regionCode: "330521");
        var (context, page) = await SignedInPhoneAsync(reader, "/signin?next=/circles");
        await page.WaitForURLAsync("**/circles");

        // Too short a name: told beside the field, nothing created.
        await page.GetByTestId("circle-create").Locator("summary").ClickAsync();
        await page.GetByTestId("circle-create-name").FillAsync("茶");
        await page.GetByTestId("circle-create-description").FillAsync("莫干山脚下喝茶。");
        await page.GetByTestId("circle-create-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("circle-create-name-error")).ToBeVisibleAsync();
        await Accessibility.ExpectNoViolationsAsync(page, "create-a-circle form with a field error (zh-CN)");
        using var asReader = _app.Client(reader.Token);
        Assert.DoesNotContain("莫干山", await asReader.GetStringAsync("/api/circles?regionCode=330521"));

        // The county is the reader's own region, first in the list; the new circle opens with the reader as its owner.
        var name = "德清茶友 " + Guid.NewGuid().ToString("N")[..4];
        await page.GetByTestId("circle-create-name").FillAsync(name);
        Assert.Equal("330521", await page.GetByTestId("circle-create-region").InputValueAsync());
        await page.GetByTestId("circle-create-submit").ClickAsync();
        await page.WaitForURLAsync("**/circles/c-*");
        await Assertions.Expect(page.GetByTestId("circle-name")).ToHaveTextAsync(name);
        await Assertions.Expect(page.GetByTestId("circle-leave")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("circle-members")).ToHaveTextAsync("1 位成员");
        await Assertions.Expect(page.GetByTestId("composer-text")).ToBeVisibleAsync();

        // Back in the directory it is listed under the county, marked as joined; circles the reader did not join are not.
        await page.GoBackAsync();
        var county = page.GetByTestId("circles-region-330521").GetByTestId("circle-card").Filter(new() { HasText = name });
        await Assertions.Expect(county.GetByTestId("circle-joined")).ToHaveTextAsync("已加入");
        var photography = page.GetByTestId("circles-region-330000").GetByTestId("circle-card").Filter(new() { HasText = "好摄之友" });
        await Assertions.Expect(photography).ToHaveCountAsync(1);
        await Assertions.Expect(photography.GetByTestId("circle-joined")).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await context.CloseAsync();
    }

    /// <summary>A phone-width zh-CN page signed in through the sign-in form at <paramref name="signInPath"/>.</summary>
    private async Task<(IBrowserContext Context, IPage Page)> SignedInPhoneAsync(Session reader, string signInPath, string? clientId = null)
    {
        var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _app.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "zh-CN",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(signInPath);
        await page.GetByTestId("signin-username").FillAsync(reader.UserName);
        await page.GetByTestId("signin-password").FillAsync("Secret#123");
        if (clientId is not null) await page.GetByTestId("signin-client").SelectOptionAsync(clientId);
        await page.GetByTestId("signin-submit").ClickAsync();
        return (context, page);
    }

    private sealed record CreatedCircle(string CircleId);
}
