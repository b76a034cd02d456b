using Microsoft.Playwright;

namespace Community.EndToEnd.Tests.Browser;

/// <summary>Debian's Chromium driven by Playwright: never a downloaded browser.</summary>
public sealed class Chromium : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("COMMUNITY_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"Chromium not found at {ExecutablePath}: run the tests with ops/test.sh, which installs it.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
