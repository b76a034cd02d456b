using System.Text.RegularExpressions;
using Community.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Community.EndToEnd.Tests.Browser;

/// <summary>Every page of the product, in Chinese and in English on a phone-width screen, has no WCAG 2.1 A/AA
/// violation axe-core can find: sign-in, register, home, the circles directory, a circle's feed with its comments
/// open, the creators, help-tickets and moderation areas for the roles that open them, the "not allowed" state and
/// the not-found page. The old area paths lead to the new ones.</summary>
public sealed class AccessibilitySpecs(HostAndBrowser fixture) : IClassFixture<HostAndBrowser>
{
    private CommunityApp App => fixture.App;

    [Theory]
    [InlineData("zh-CN")]
    [InlineData("en")]
    public async Task Every_page_passes_axe_at_phone_width(string language)
    {
        await using var context = await PhoneAsync(language);
        var page = await context.NewPageAsync();
        var brand = language == "en" ? "OneNetwork Community" : "一网社区";

        await page.GotoAsync("/register");
        await Assertions.Expect(page.GetByTestId("reg-submit")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".brand-name")).ToHaveTextAsync(brand);
        await Accessibility.ExpectNoViolationsAsync(page, $"register ({language})");

        // A demo reader: a member of every demo circle, so the directory shows the Joined chips.
        await SignInAsync(page, "reader-hz");
        await Assertions.Expect(page.GetByTestId("nav-circles")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("profile-displayname")).ToHaveTextAsync("杭州读者小王");
        await Accessibility.ExpectNoViolationsAsync(page, $"home ({language})");

        await page.GetByTestId("nav-circles").ClickAsync();
        await Assertions.Expect(page.GetByTestId("circle-joined").First).ToBeVisibleAsync();
        await Accessibility.ExpectNoViolationsAsync(page, $"circles directory ({language})");

        // A demo circle's feed: posts with likes and comments; the comments of the first commented post open.
        await page.GetByTestId("circle-card").Filter(new() { HasText = "跑团圈" }).GetByTestId("circle-link").ClickAsync();
        var post = page.GetByTestId("circle-feed").GetByTestId("post-card")
            .Filter(new() { Has = page.GetByTestId("comment-count").Filter(new() { HasTextRegex = new Regex("^[1-9]") }) }).First;
        await post.GetByTestId("comment-toggle").ClickAsync();
        await Assertions.Expect(post.GetByTestId("comment-item").First).ToBeVisibleAsync();
        await Accessibility.ExpectNoViolationsAsync(page, $"circle feed with comments open ({language})");

        // An area the reader's roles do not open.
        await page.GotoAsync("/moderation");
        await Assertions.Expect(page.GetByTestId("area-denied")).ToBeVisibleAsync();
        await Accessibility.ExpectNoViolationsAsync(page, $"not allowed ({language})");

        await page.GotoAsync("/no-such-page");
        await Assertions.Expect(page.Locator(".not-found h1")).ToBeVisibleAsync();
        await Accessibility.ExpectNoViolationsAsync(page, $"not found ({language})");

        // Each role area, opened by an account holding its role.
        foreach (var (account, path, testId) in new[]
                 {
                     ("creator-xihu", "/creators", "nav-creators"),
                     ("dept-housing", "/help-tickets", "nav-help-tickets"),
                     ("moderator", "/moderation", "nav-moderation"),
                 })
        {
            await page.GetByTestId("signout").ClickAsync();
            await SignInAsync(page, account);
            await page.GetByTestId(testId).ClickAsync();
            await page.WaitForURLAsync($"**{path}");
            await Assertions.Expect(page.Locator(".area-header h1")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("area-denied")).ToHaveCountAsync(0);
            await Accessibility.ExpectNoViolationsAsync(page, $"{path.Trim('/')} ({language})");
        }

        await page.GetByTestId("signout").ClickAsync();
        await Assertions.Expect(page.GetByTestId("signin-submit")).ToBeVisibleAsync();
        await Accessibility.ExpectNoViolationsAsync(page, $"sign-in ({language})");
    }

    [Fact]
    public async Task The_old_area_paths_are_replaced_by_the_new_ones()
    {
        await using var context = await PhoneAsync("zh-CN");
        var page = await context.NewPageAsync();

        // Signed out, the old path leads to sign-in for the new one.
        await page.GotoAsync("/gov");
        await page.WaitForURLAsync("**/signin?next=%2Fhelp-tickets");

        await SignInAsync(page, "admin", next: "/help-tickets");
        await page.WaitForURLAsync("**/help-tickets");
        foreach (var (old, current) in new[] { ("/creator", "/creators"), ("/gov", "/help-tickets"), ("/admin?tab=audit", "/moderation?tab=audit") })
        {
            await page.GotoAsync("/");
            await Assertions.Expect(page.GetByTestId("nav-moderation")).ToBeVisibleAsync();
            // Followed inside the app, the old path is replaced in the history: Back returns to the home page.
            await page.EvaluateAsync("to => { history.pushState(null, '', to); dispatchEvent(new PopStateEvent('popstate')); }", old);
            await page.WaitForURLAsync($"**{current}");
            await Assertions.Expect(page.Locator(".area-body h1")).ToBeVisibleAsync();
            await page.GoBackAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        }
    }

    private Task<IBrowserContext> PhoneAsync(string language) =>
        fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = language,
            // The product keeps the reader's language in localStorage; zh-CN is its default.
            StorageState = language == "zh-CN" ? null : LanguageState(App.BaseAddress, language),
        });

    private static string LanguageState(Uri origin, string language) =>
        $$"""{"cookies":[],"origins":[{"origin":"{{origin.GetLeftPart(UriPartial.Authority)}}","localStorage":[{"name":"community.lang","value":"{{language}}"}]}]}""";

    /// <summary>Signs in through the sign-in page (the demo accounts share the test host's demo password).</summary>
    private static async Task SignInAsync(IPage page, string userName, string? next = null)
    {
        // A fresh load: right after signing out, the page's own sign-out may still redraw the form and clear what was typed.
        await page.GotoAsync(next is null ? "/signin" : $"/signin?next={Uri.EscapeDataString(next)}");
        await page.GetByTestId("signin-username").FillAsync(userName);
        await page.GetByTestId("signin-password").FillAsync(CommunityApp.DemoPassword);
        await page.GetByTestId("signin-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("home-displayname")).Not.ToBeEmptyAsync();
    }
}
