using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Community.EndToEnd.Tests.Browser;

/// <summary>axe-core (embedded in Deque.AxeCore.Playwright) over the page as it is now: no WCAG 2.0/2.1 A or AA
/// violation allowed. A failure lists each violation's rule id, impact, the selectors of the nodes it found and the
/// rule's help. With <c>COMMUNITY_SCREENSHOTS</c> set to a folder, each checked page is also saved there as a
/// full-page PNG (for looking at the pages; never committed).</summary>
public static class Accessibility
{
    private static readonly AxeRunOptions WcagAa = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    private static int _shot;

    /// <summary>Fails when axe finds a WCAG 2.1 AA violation on <paramref name="page"/>; <paramref name="what"/> names
    /// the page and its state in the message (and the screenshot).</summary>
    public static async Task ExpectNoViolationsAsync(IPage page, string what)
    {
        // Web fonts and transitions settle first: contrast is measured on what is drawn.
        await page.EvaluateAsync("() => document.fonts.ready.then(() => true)");
        // An element fading in (a new notification) is measured at its final colours, not half-transparent; endless
        // animations (the live dot's pulse) never finish and are not waited for.
        await page.EvaluateAsync("""
            () => Promise.all(document.getAnimations()
                .filter(a => a.effect?.getTiming().iterations !== Infinity)
                .map(a => a.finished.catch(() => null))).then(() => true)
            """);
        await SaveScreenshotAsync(page, what);
        var result = await page.RunAxe(WcagAa);
        if (result.Violations.Length == 0) return;

        var report = new StringBuilder($"axe found {result.Violations.Length} WCAG 2.1 AA violation(s) on {what} ({page.Url}):");
        foreach (var violation in result.Violations)
        {
            report.AppendLine().Append($"- {violation.Id} [{violation.Impact}] {violation.Help} ({violation.HelpUrl})");
            foreach (var node in violation.Nodes)
                report.AppendLine().Append($"    {node.Target}: {node.Html}");
        }
        throw new Xunit.Sdk.XunitException(report.ToString());
    }

    private static async Task SaveScreenshotAsync(IPage page, string what)
    {
        var folder = Environment.GetEnvironmentVariable("COMMUNITY_SCREENSHOTS");
        if (string.IsNullOrEmpty(folder)) return;
        Directory.CreateDirectory(folder);
        var name = new string(what.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
        var width = page.ViewportSize?.Width ?? 0;
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(folder, $"{Interlocked.Increment(ref _shot):D2}-{name}-{width}.png"),
            FullPage = true,
        });
    }
}
