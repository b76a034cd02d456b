using Community.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Community.EndToEnd.Tests.Browser;

/// <summary>One product host (with its demo data) and one Chromium, shared by a spec class whose specs each make
/// their own users, circles and browser contexts.</summary>
public sealed class HostAndBrowser : IAsyncLifetime
{
    private readonly Chromium _chromium = new();

    public CommunityApp App { get; private set; } = null!;

    public IBrowser Browser => _chromium.Browser;

    public async Task InitializeAsync()
    {
        App = await new CommunityApp().ReadyAsync();
        await _chromium.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        await App.DisposeAsync();
    }
}
