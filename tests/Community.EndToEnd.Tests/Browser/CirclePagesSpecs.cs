using System.Net;
using System.Net.Http.Json;
using Community.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Community.EndToEnd.Tests.Browser;

/// <summary>A county reader finds circles of their county's city and of the province, and searches by name, on a
/// phone-width screen in headless Chromium against the real host.</summary>
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

        var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _app.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "zh-CN",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByTestId("signin-username").FillAsync(reader.UserName);
        await page.GetByTestId("signin-password").FillAsync("Secret#123");
        await page.GetByTestId("signin-client").SelectOptionAsync("county-330521");
        await page.GetByTestId("signin-submit").ClickAsync();
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

        // Nothing wider than the phone: no sideways scrolling.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        await context.CloseAsync();
    }

    private sealed record CreatedCircle(string CircleId);
}
