using System.Net;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Community.EndToEnd.Tests.Browser;

/// <summary>In headless Chromium, with access tokens that live 5 s: the pages refresh their tokens, so a reader stays
/// signed in and live past many token lifetimes; signing out ends the session on the server.</summary>
public sealed class SessionPagesSpecs : IAsyncLifetime
{
    private readonly Chromium _chromium = new();
    private CommunityApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await new CommunityApp(settings: new Dictionary<string, string?> { ["Community:Auth:TokenLifetime"] = "00:00:05" })
            .ReadyAsync();
        await _chromium.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_reader_stays_signed_in_and_live_past_the_access_tokens_lifetime_and_signing_out_ends_the_session()
    {
        var session = await _app.RegisterAndSignInAsync();
        var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _app.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByTestId("signin-username").FillAsync(session.UserName);
        await page.GetByTestId("signin-password").FillAsync("Secret#123");
        await page.GetByTestId("signin-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("live-status")).ToHaveAttributeAsync("data-state", "connected");
        var firstToken = await StoredAccessTokenAsync(page);

        // Three token lifetimes later the page still reads the API and is still live, under newer tokens.
        var later = DateTimeOffset.UtcNow.AddSeconds(15);
        await Eventually.TrueAsync(() => Task.FromResult(DateTimeOffset.UtcNow > later), "three token lifetimes");
        await page.GetByTestId("nav-circles").ClickAsync();
        await Assertions.Expect(page.GetByTestId("circle-card").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByTestId("live-status")).ToHaveAttributeAsync("data-state", "connected",
            new() { Timeout = 20_000 });
        var currentToken = await StoredAccessTokenAsync(page);
        Assert.NotEqual(firstToken, currentToken);

        await page.GetByTestId("signout").ClickAsync();
        await page.WaitForURLAsync("**/signin**");
        using var withPagesToken = _app.Client(currentToken);
        await Expect.Status(await withPagesToken.GetAsync("/api/me"), HttpStatusCode.Unauthorized);
        await context.CloseAsync();
    }

    private static async Task<string> StoredAccessTokenAsync(IPage page)
    {
        var stored = await page.EvaluateAsync<string>("() => localStorage.getItem('community.session')");
        return JsonDocument.Parse(stored).RootElement.GetProperty("accessToken").GetString()!;
    }
}
