using System.Net.Http.Json;
using Community.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Community.EndToEnd.Tests.Browser;

/// <summary>A reader registers, signs in from a county client, sees the home shell in Chinese, switches to English,
/// and sees a live notification when their profile changes — in headless Chromium against the real host.</summary>
public sealed class AccountPagesSpecs : IAsyncLifetime
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
    public async Task A_reader_registers_signs_in_and_uses_the_home_shell_in_both_languages()
    {
        var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _app.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "zh-CN",
        });
        var page = await context.NewPageAsync();
        var userName = "web" + Guid.NewGuid().ToString("N")[..8];

        await page.GotoAsync("/register");
        await Accessibility.ExpectNoViolationsAsync(page, "register (zh-CN)");
        await page.GetByTestId("reg-username").FillAsync(userName);
        await page.GetByTestId("reg-password").FillAsync("Secret#123");
        await page.GetByTestId("reg-displayname").FillAsync("浏览器读者");
        await page.GetByTestId("reg-region").SelectOptionAsync("330521");
        await page.GetByTestId("reg-submit").ClickAsync();

        await RegistrationReachesSignInAsync(page);
        await Assertions.Expect(page.GetByTestId("signin-username")).ToHaveValueAsync(userName);
        await page.GetByTestId("signin-password").FillAsync("Secret#123");
        await page.GetByTestId("signin-client").SelectOptionAsync("county-330521");
        await page.GetByTestId("signin-submit").ClickAsync();

        // The home shell, in Chinese by default.
        await Assertions.Expect(page.GetByTestId("home-displayname")).ToHaveTextAsync("浏览器读者");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Assertions.Expect(page.GetByTestId("nav-circles")).ToContainTextAsync("兴趣圈");
        await Assertions.Expect(page.GetByTestId("nav-help-tickets")).ToContainTextAsync("问政");
        await Assertions.Expect(page.GetByTestId("live-status")).ToHaveAttributeAsync("data-state", "connected");
        await Accessibility.ExpectNoViolationsAsync(page, "home of a new reader (zh-CN)");

        // English, and it sticks across a reload.
        await page.GetByTestId("lang-switch").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.GetByTestId("nav-circles")).ToContainTextAsync("Interest circles");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("nav-circles")).ToContainTextAsync("Interest circles");
        await Assertions.Expect(page.GetByTestId("live-status")).ToHaveAttributeAsync("data-state", "connected");

        // A change made elsewhere (another client of the same account) arrives live, without a reload.
        var session = await _app.SignInAsync(userName, "Secret#123", "chao-news");
        using var otherClient = _app.Client(session.Token);
        (await otherClient.PatchAsJsonAsync("/api/me", new { displayName = "<b>改名</b> again" })).Dispose();
        (await otherClient.PatchAsJsonAsync("/api/me", new { displayName = "新名字" })).EnsureSuccessStatusCode();

        await Assertions.Expect(page.GetByTestId("notification").First).ToContainTextAsync("Profile updated");
        await Assertions.Expect(page.GetByTestId("home-displayname")).ToHaveTextAsync("新名字");
        await Accessibility.ExpectNoViolationsAsync(page, "home with a live notification (en)");
        await context.CloseAsync();
    }

    [Fact]
    public async Task Notifications_missed_while_the_connection_was_down_arrive_after_it_reconnects_each_once()
    {
        var session = await _app.RegisterAndSignInAsync();
        using var otherClient = _app.Client(session.Token);
        var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = _app.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        });
        var page = await context.NewPageAsync();
        // The page's hub traffic goes through the test, which can cut it and hold reconnects back.
        var blocked = false;
        IWebSocketRoute? toPage = null;
        IWebSocketRoute? toServer = null;
        await page.RouteAsync("**/hubs/live/negotiate**", route => blocked ? route.AbortAsync() : route.ContinueAsync());
        await page.RouteWebSocketAsync("**/hubs/live**", ws =>
        {
            if (blocked)
            {
                _ = ws.CloseAsync();
                return;
            }
            toPage = ws;
            toServer = ws.ConnectToServer();
        });
        await page.GotoAsync("/signin");
        await page.GetByTestId("signin-username").FillAsync(session.UserName);
        await page.GetByTestId("signin-password").FillAsync("Secret#123");
        await page.GetByTestId("signin-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("live-status")).ToHaveAttributeAsync("data-state", "connected");
        var notifications = page.GetByTestId("notification");
        (await otherClient.PatchAsJsonAsync("/api/me", new { displayName = "连着的时候" })).EnsureSuccessStatusCode();
        await Assertions.Expect(notifications).ToHaveCountAsync(1);

        // The connection drops; two changes happen while the page is away.
        blocked = true;
        await toPage!.CloseAsync();
        await toServer!.CloseAsync();
        await Assertions.Expect(page.GetByTestId("live-status")).Not.ToHaveAttributeAsync("data-state", "connected");
        (await otherClient.PatchAsJsonAsync("/api/me", new { displayName = "断线时一" })).EnsureSuccessStatusCode();
        (await otherClient.PatchAsJsonAsync("/api/me", new { displayName = "断线时二" })).EnsureSuccessStatusCode();
        blocked = false;

        // Reconnected: both arrive, once each, and what follows arrives live.
        await Assertions.Expect(page.GetByTestId("live-status")).ToHaveAttributeAsync("data-state", "connected",
            new() { Timeout = 60_000 });
        await Assertions.Expect(notifications).ToHaveCountAsync(3, new() { Timeout = 20_000 });
        (await otherClient.PatchAsJsonAsync("/api/me", new { displayName = "又连上了" })).EnsureSuccessStatusCode();
        await Assertions.Expect(notifications).ToHaveCountAsync(4);
        await Assertions.Expect(page.GetByTestId("home-displayname")).ToHaveTextAsync("又连上了");
        await context.CloseAsync();
    }

    [Fact]
    public async Task Markup_in_a_display_name_is_shown_as_text_never_run()
    {
        // Names with markup are refused by the API; a name with quotes and ampersands must still render literally.
        var session = await _app.RegisterAndSignInAsync();
        using (var client = _app.Client(session.Token))
            (await client.PatchAsJsonAsync("/api/me", new { displayName = "Tom & \"Jerry\" 'x'" })).EnsureSuccessStatusCode();

        var context = await _chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _app.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByTestId("signin-username").FillAsync(session.UserName);
        await page.GetByTestId("signin-password").FillAsync("Secret#123");
        await page.GetByTestId("signin-submit").ClickAsync();

        await Assertions.Expect(page.GetByTestId("home-displayname")).ToHaveTextAsync("Tom & \"Jerry\" 'x'");
        await context.CloseAsync();
    }

    /// <summary>Registration answers by going to sign-in; when it does not, the failure names what the page showed.</summary>
    private static async Task RegistrationReachesSignInAsync(IPage page)
    {
        try
        {
            // Generous: on a loaded 2-core CI machine the first write of a new entity can take seconds.
            await page.WaitForURLAsync("**/signin**", new PageWaitForURLOptions { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            var error = page.GetByTestId("reg-error");
            var shown = await error.IsVisibleAsync() ? await error.TextContentAsync() : "(no error shown)";
            throw new Xunit.Sdk.XunitException($"Registration did not reach the sign-in page; the page shows: {shown}");
        }
    }
}
