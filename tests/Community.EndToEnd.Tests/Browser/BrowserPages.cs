using Microsoft.Playwright;

namespace Community.EndToEnd.Tests.Browser;

/// <summary>What the browser specs share: a phone-sized context in a language, signing in on the page, and what they wait
/// for on a page (its render finished, an item of a list that reads a read model, which trails the write by a moment, no
/// sideways scrolling).</summary>
public static class BrowserPages
{
    /// <summary>How long a page may trail a write it lists.</summary>
    public static readonly TimeSpan ReadModelLag = TimeSpan.FromSeconds(20);

    /// <summary>Waits for the page's render to finish (the router clears the outlet's aria-busy).</summary>
    public static Task LoadedAsync(IPage page) =>
        Assertions.Expect(page.Locator("#main")).Not.ToHaveAttributeAsync("aria-busy", "true");

    /// <summary>What a page reads once when it opens trails the write by a moment: reloads the page until the item shows.</summary>
    public static async Task ExpectListedAsync(IPage page, ILocator item)
    {
        var until = DateTime.UtcNow + ReadModelLag;
        while (true)
        {
            await LoadedAsync(page);
            try
            {
                await Assertions.Expect(item).ToBeVisibleAsync(new() { Timeout = 2000 });
                return;
            }
            catch (PlaywrightException) when (DateTime.UtcNow < until)
            {
                await page.ReloadAsync();
            }
        }
    }

    public static async Task ExpectNoSidewaysScrollAsync(IPage page) =>
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"),
            $"no sideways scrolling on {page.Url}");

    /// <summary>A new context of <paramref name="browser"/> on the host, <paramref name="width"/> pixels wide, in
    /// <paramref name="language"/> (kept by the product in localStorage; zh-CN is its default).</summary>
    public static Task<IBrowserContext> PhoneAsync(IBrowser browser, Uri host, string language, int width) =>
        browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = 800 },
            Locale = language,
            StorageState = language == "zh-CN" ? null
                : $$"""{"cookies":[],"origins":[{"origin":"{{host.GetLeftPart(UriPartial.Authority)}}","localStorage":[{"name":"community.lang","value":"{{language}}"}]}]}""",
        });

    public static async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.GotoAsync("/signin");
        await page.GetByTestId("signin-username").FillAsync(userName);
        await page.GetByTestId("signin-password").FillAsync(password);
        await page.GetByTestId("signin-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("home-displayname")).Not.ToBeEmptyAsync();
    }
}
