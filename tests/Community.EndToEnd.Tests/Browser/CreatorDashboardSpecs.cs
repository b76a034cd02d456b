using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Community.EndToEnd.Tests.Browser.BrowserPages;

namespace Community.EndToEnd.Tests.Browser;

/// <summary>The creator dashboard and the work page's like in headless Chromium against the real host: the demo verified
/// creator publishes a work for the city and the county through the write page and opens its dashboard; a reader likes
/// the work on its page and the dashboard's likes go up live; the reader's comment with markup is refused beside the field
/// and posts nothing, a plain one is listed at once and the dashboard's comments go up live; an operator defines a likes task one like beyond the
/// account's likes, a second reader's like reaches it, and the dashboard shows the task completed with a toast and the
/// points granted. axe finds no WCAG 2.1 AA violation on the dashboard with its data and on the work page, at 360 px.
/// Every wait is an auto-waiting expectation (the stats are counted and told once a second; the read models trail).</summary>
public sealed class CreatorDashboardSpecs(HostAndBrowser fixture) : IClassFixture<HostAndBrowser>
{
    private const string DemoCreatorId = "cr-xihu";
    private const string DemoCreatorUser = "creator-xihu";
    private const string ReaderPassword = "Secret#123";
    private const long TaskPoints = 50;
    private static readonly LocatorAssertionsToHaveAttributeOptions Live = new() { Timeout = 30_000 };

    private CommunityApp App => fixture.App;

    [Fact]
    public async Task A_readers_like_moves_the_dashboard_live_and_reaching_a_task_completes_it_with_a_toast()
    {
        // ---- the creator publishes a work for the city and the county, and opens the dashboard ----------------------
        await using var creatorContext = await PhoneAsync("zh-CN", 360);
        var dashboard = await creatorContext.NewPageAsync();
        await SignInAsync(dashboard, DemoCreatorUser, CommunityApp.DemoPassword);
        // The demo account is seeded in the background: the studio shows it verified once it is.
        await dashboard.GotoAsync($"/creators?creator={DemoCreatorId}");
        await ExpectListedAsync(dashboard, dashboard.Locator("[data-testid='creator-status'][data-status='verified']"));
        await Assertions.Expect(dashboard.GetByTestId("studio-creator-select")).ToHaveValueAsync(DemoCreatorId);
        await dashboard.GetByTestId("studio-write").ClickAsync();
        await dashboard.WaitForURLAsync($"**/creators/{DemoCreatorId}/write");
        var title = "断桥残雪观景台开放 " + Guid.NewGuid().ToString("N")[..6];
        await Assertions.Expect(dashboard.GetByTestId("work-kind")).ToHaveValueAsync("article");
        await dashboard.GetByTestId("work-title").FillAsync(title);
        await dashboard.GetByTestId("work-body").FillAsync("观景台今天起开放。\n\n开放时间为早八点到晚六点。");
        await dashboard.GetByTestId("tier-province").SetCheckedAsync(false);
        await dashboard.GetByTestId("tier-city").SetCheckedAsync(true);
        await dashboard.GetByTestId("tier-county").SetCheckedAsync(true);
        await dashboard.GetByTestId("work-publish").ClickAsync();
        try
        {
            await dashboard.WaitForURLAsync($"**/creators?creator={DemoCreatorId}&done=published");
        }
        catch (TimeoutException)
        {
            // Say what the write page said instead of going to the studio.
            throw new Xunit.Sdk.XunitException($"publishing did not reach the studio; still on {dashboard.Url}: "
                + await dashboard.Locator("#main").InnerTextAsync());
        }
        var listed = dashboard.GetByTestId("work-item").Filter(new() { HasText = title });
        await ExpectListedAsync(dashboard, listed);
        await Assertions.Expect(listed).ToHaveAttributeAsync("data-status", "published", new() { Timeout = (float)ReadModelLag.TotalMilliseconds });
        var workId = await listed.GetAttributeAsync("data-work-id");
        Assert.False(string.IsNullOrEmpty(workId), "the studio names the published work's id");

        await dashboard.GetByTestId("studio-dashboard").ClickAsync();
        await dashboard.WaitForURLAsync($"**/creators/{DemoCreatorId}/dashboard");
        await Assertions.Expect(dashboard.GetByTestId("dash-name")).ToHaveTextAsync("西湖发布");
        var likes = dashboard.GetByTestId("dash-likes");
        var likesBefore = await ValueAsync(likes);
        var views = dashboard.GetByTestId("dash-views");
        var viewsBefore = await ValueAsync(views);
        var pointsBefore = await ValueAsync(dashboard.GetByTestId("dash-points"));
        var comments = dashboard.GetByTestId("dash-comments");
        var commentsBefore = await ValueAsync(comments);
        // A mark on this document: if the page were reloaded to show the new numbers, it would be gone.
        await dashboard.EvaluateAsync("() => { window.dashboardSpecMark = true; }");

        // ---- a reader likes the work on its page: the dashboard's likes go up without a reload ---------------------
        var firstReader = await App.RegisterAndSignInAsync(regionCode: "330106");
        await using var firstContext = await PhoneAsync("zh-CN", 360);
        var workPage = await firstContext.NewPageAsync();
        await SignInAsync(workPage, firstReader.UserName, ReaderPassword);
        await workPage.GotoAsync($"/works/{workId}");
        await Assertions.Expect(workPage.GetByTestId("work-title")).ToHaveTextAsync(title);
        var like = workPage.GetByTestId("work-like");
        await Assertions.Expect(like).ToBeEnabledAsync();
        await Assertions.Expect(like).ToHaveAttributeAsync("aria-pressed", "false");
        await Assertions.Expect(workPage.GetByTestId("work-likes")).ToHaveTextAsync("0");
        await Assertions.Expect(workPage.GetByTestId("work-views")).ToBeVisibleAsync();
        await Assertions.Expect(workPage.GetByTestId("work-shares")).ToBeVisibleAsync();
        await like.ClickAsync();
        await Assertions.Expect(like).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(workPage.GetByTestId("work-likes")).ToHaveTextAsync("1");
        await Assertions.Expect(workPage.GetByTestId("work-action-error")).ToBeHiddenAsync();

        await Assertions.Expect(likes).ToHaveAttributeAsync("data-value", (likesBefore + 1).ToString(), Live);
        // The reader's page logged one view (POST /api/events): it reaches the dashboard through the behavior log.
        await Assertions.Expect(views).ToHaveAttributeAsync("data-value", (viewsBefore + 1).ToString(), Live);
        Assert.True(await dashboard.EvaluateAsync<bool>("() => window.dashboardSpecMark === true"), "the dashboard changed without a reload");

        // ---- the reader comments: markup is refused beside the field, a plain comment is listed and counted --------
        var commentList = workPage.GetByTestId("work-comments");
        var commentText = workPage.GetByTestId("work-comment-text");
        await Assertions.Expect(workPage.GetByTestId("work-comments-empty")).ToBeVisibleAsync();
        await Assertions.Expect(workPage.GetByTestId("work-comments-count")).ToHaveAttributeAsync("data-value", "0");
        await commentText.FillAsync("<b>好看</b>");
        await workPage.GetByTestId("work-comment-submit").ClickAsync();
        await Assertions.Expect(workPage.GetByTestId("work-comment-text-error")).ToBeVisibleAsync();
        await Assertions.Expect(commentText).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(commentList.GetByTestId("work-comment")).ToHaveCountAsync(0);
        await Assertions.Expect(workPage.GetByTestId("work-comments-count")).ToHaveAttributeAsync("data-value", "0");

        var commentBody = "观景台的照片拍得真好 " + Guid.NewGuid().ToString("N")[..6];
        await commentText.FillAsync(commentBody);
        await workPage.GetByTestId("work-comment-submit").ClickAsync();
        var posted = commentList.GetByTestId("work-comment").Filter(new() { HasText = commentBody });
        await Assertions.Expect(posted).ToBeVisibleAsync();
        await Assertions.Expect(commentList.GetByTestId("work-comment")).ToHaveCountAsync(1);
        await Assertions.Expect(workPage.GetByTestId("work-comment-text-error")).ToBeHiddenAsync();
        await Assertions.Expect(commentText).ToHaveValueAsync("");
        await Assertions.Expect(workPage.GetByTestId("work-comments-count")).ToHaveAttributeAsync("data-value", "1");
        await Assertions.Expect(comments).ToHaveAttributeAsync("data-value", (commentsBefore + 1).ToString(), Live);
        Assert.True(await dashboard.EvaluateAsync<bool>("() => window.dashboardSpecMark === true"), "the comment reached the dashboard without a reload");

        // The server keeps the plain comment only (the one with markup posted nothing).
        using (var asReader = App.Client(firstReader.Token))
            await Eventually.TrueAsync(async () =>
                (await asReader.GetFromJsonAsync<JsonElement>($"/api/works/{workId}/comments")).GetProperty("items").GetArrayLength() == 1,
                "the work has the reader's one comment", timeoutSeconds: 20);

        // The like is kept: the reader's page says so after a reload.
        using (var asReader = App.Client(firstReader.Token))
            await Eventually.TrueAsync(async () =>
                (await asReader.GetFromJsonAsync<JsonElement>($"/api/works/{workId}/stats")).GetProperty("liked").GetBoolean(),
                "the first reader likes the work", timeoutSeconds: 20);
        await workPage.ReloadAsync();
        await Assertions.Expect(workPage.GetByTestId("work-like")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(workPage.GetByTestId("work-likes")).ToHaveTextAsync("1");
        // After the reload the comment comes from the server, once.
        await Assertions.Expect(commentList.GetByTestId("work-comment")).ToHaveCountAsync(1);
        await Assertions.Expect(posted).ToHaveAttributeAsync("data-local", "false");
        await Assertions.Expect(workPage.GetByTestId("work-comments-count")).ToHaveAttributeAsync("data-value", "1");
        await Accessibility.ExpectNoViolationsAsync(workPage, "work page, liked and commented on by the reader (zh-CN, 360 px)");
        await ExpectNoSidewaysScrollAsync(workPage);

        // ---- an operator sets a likes task one like beyond the account's, for its audience -------------------------
        var target = likesBefore + 2;
        var taskTitle = "本周点赞冲刺 " + Guid.NewGuid().ToString("N")[..6];
        var now = DateTimeOffset.UtcNow;
        var admin = await App.SignInAdminAsync();
        using var asOperator = App.Client(admin.Token);
        var defined = await asOperator.PostAsJsonAsync("/api/tasks", new
        {
            title = taskTitle,
            metric = "likes",
            target,
            window = new { from = now.AddHours(-1), to = now.AddDays(1) },
            reward = new { points = TaskPoints, boost = new { weight = 2.0, until = now.AddDays(2) } },
            audience = new { tiers = new[] { "county" }, regionCodes = new[] { "330106" } },
        });
        await Expect.Status(defined, HttpStatusCode.Created);
        var taskId = (await defined.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("taskId").GetString()!;

        // The creator sees the new task (the dashboard reads tasks when it opens) as open, short of its target.
        var task = dashboard.GetByTestId($"task-{taskId}");
        await ExpectListedAsync(dashboard, task);
        await Assertions.Expect(task).ToHaveAttributeAsync("data-status", "open");
        await dashboard.EvaluateAsync("() => { window.dashboardSpecMark = true; }");
        await Assertions.Expect(task.GetByTestId("task-progress-text")).ToContainTextAsync($"{likesBefore + 1} / {target}");

        // ---- a second reader's like reaches the target: completed, with a toast and the points ---------------------
        var secondReader = await App.RegisterAndSignInAsync(regionCode: "330106");
        await using var secondContext = await PhoneAsync("en", 360);
        var secondPage = await secondContext.NewPageAsync();
        await SignInAsync(secondPage, secondReader.UserName, ReaderPassword);
        await secondPage.GotoAsync($"/works/{workId}");
        var secondLike = secondPage.GetByTestId("work-like");
        await Assertions.Expect(secondLike).ToBeEnabledAsync();
        await Assertions.Expect(secondLike).ToContainTextAsync("Like");
        await Assertions.Expect(secondPage.GetByTestId("work-likes")).ToHaveTextAsync("1", new() { Timeout = (float)ReadModelLag.TotalMilliseconds });
        await secondLike.ClickAsync();
        await Assertions.Expect(secondLike).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(secondPage.GetByTestId("work-likes")).ToHaveTextAsync("2");

        // Sharing copies the work's link (headless Chromium on Linux has no share sheet).
        await secondContext.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await secondPage.GetByTestId("work-share").ClickAsync();
        await Assertions.Expect(secondPage.GetByTestId("work-action-status")).ToHaveTextAsync("Link copied.");
        Assert.EndsWith($"/works/{workId}", await secondPage.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        await Assertions.Expect(likes).ToHaveAttributeAsync("data-value", target.ToString(), Live);
        await Assertions.Expect(dashboard.GetByTestId("dash-toast").Filter(new() { HasText = taskTitle }))
            .ToBeVisibleAsync(new() { Timeout = Live.Timeout });
        await Assertions.Expect(task).ToHaveAttributeAsync("data-status", "completed", Live);
        await Assertions.Expect(task.GetByTestId("task-status")).ToHaveTextAsync("已完成");
        await Assertions.Expect(dashboard.GetByTestId("dash-points")).ToHaveAttributeAsync("data-value", (pointsBefore + TaskPoints).ToString(), Live);
        await Assertions.Expect(dashboard.GetByTestId("dash-boost").Filter(new() { HasText = title })).ToBeVisibleAsync(new() { Timeout = Live.Timeout });
        Assert.True(await dashboard.EvaluateAsync<bool>("() => window.dashboardSpecMark === true"), "the task completed without a reload");

        // ---- axe on the dashboard with its data, and on the English work page --------------------------------------
        await Accessibility.ExpectNoViolationsAsync(dashboard, "creator dashboard with a completed task and a toast (zh-CN, 360 px)");
        await ExpectNoSidewaysScrollAsync(dashboard);
        await Accessibility.ExpectNoViolationsAsync(secondPage, "work page, liked (en, 360 px)");
        await ExpectNoSidewaysScrollAsync(secondPage);
    }

    private static async Task<long> ValueAsync(ILocator stat)
    {
        await Assertions.Expect(stat).ToHaveAttributeAsync("data-value", new System.Text.RegularExpressions.Regex("^[0-9]+$"));
        return long.Parse((await stat.GetAttributeAsync("data-value"))!);
    }

    private Task<IBrowserContext> PhoneAsync(string language, int width) => BrowserPages.PhoneAsync(fixture.Browser, App.BaseAddress, language, width);

}
