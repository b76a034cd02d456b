using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Community.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Community.EndToEnd.Tests.Browser.BrowserPages;

namespace Community.EndToEnd.Tests.Browser;

/// <summary>The creators pages in headless Chromium against the real host: the demo verified creator writes an article
/// in the studio, aims it at the city and the county and publishes it, and it shows in the channels of its city and its
/// county but not of another county; a reader follows a creator from its page; and axe finds no WCAG 2.1 AA violation on
/// the studio, the write page, a channel and work pages, at phone widths down to 360 px.</summary>
public sealed partial class CreatorPagesSpecs(HostAndBrowser fixture) : IClassFixture<HostAndBrowser>
{
    private const string DemoCreatorId = "cr-xihu";
    private const string DemoCreatorUser = "creator-xihu";

    private CommunityApp App => fixture.App;

    [Fact]
    public async Task A_verified_creator_publishes_an_article_for_city_and_county_and_it_shows_in_those_channels_only()
    {
        await using var context = await PhoneAsync("zh-CN", 390);
        var page = await context.NewPageAsync();
        await SignInAsync(page, DemoCreatorUser, CommunityApp.DemoPassword);

        // The studio: the demo account, verified.
        await page.GetByTestId("nav-creators").ClickAsync();
        await page.WaitForURLAsync("**/creators");
        await Assertions.Expect(page.Locator(".area-header h1")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("studio-creator-select")).ToHaveValueAsync(DemoCreatorId);
        await Assertions.Expect(page.GetByTestId("creator-status")).ToHaveAttributeAsync("data-status", "verified");

        // Write an article aimed at the city and the county; the preview shows its paragraphs as text.
        await page.GetByTestId("studio-write").ClickAsync();
        await page.WaitForURLAsync($"**/creators/{DemoCreatorId}/write");
        var title = "西湖边的早市 " + Guid.NewGuid().ToString("N")[..6];
        await Assertions.Expect(page.GetByTestId("work-kind")).ToHaveValueAsync("article");
        await page.GetByTestId("work-title").FillAsync(title);
        await page.GetByTestId("work-body").FillAsync("清晨六点，菜摊已经摆开。\n\n八点，早市的人最多。");
        await page.GetByTestId("tier-province").SetCheckedAsync(false);
        await page.GetByTestId("tier-city").SetCheckedAsync(true);
        await page.GetByTestId("tier-county").SetCheckedAsync(true);
        var preview = page.GetByTestId("work-preview");
        await Assertions.Expect(preview.Locator("p.work-paragraph")).ToHaveCountAsync(2);
        await Assertions.Expect(preview.Locator("p.work-paragraph").Nth(1)).ToHaveTextAsync("八点，早市的人最多。");
        await page.GetByTestId("work-publish").ClickAsync();

        // Back in the studio, the work is listed as published.
        await page.WaitForURLAsync($"**/creators?creator={DemoCreatorId}&done=published");
        await Assertions.Expect(page.GetByTestId("studio-message")).ToBeVisibleAsync();
        await ExpectListedAsync(page, page.GetByTestId("work-item").Filter(new() { HasText = title }));
        await Assertions.Expect(page.GetByTestId("work-item").Filter(new() { HasText = title }))
            .ToHaveAttributeAsync("data-status", "published", new() { Timeout = (float)ReadModelLag.TotalMilliseconds });

        // The city of Xihu (Hangzhou) and Xihu itself show it, with its tiers; Shangcheng, another county, does not.
        foreach (var region in new[] { "330100", "330106" })
        {
            await page.GotoAsync($"/channels/{region}");
            var card = page.GetByTestId("channel-work").Filter(new() { HasText = title });
            await ExpectListedAsync(page, card);
            await Assertions.Expect(card.GetByTestId("work-creator")).ToHaveTextAsync("西湖发布");
            await Assertions.Expect(card.Locator(".tier-chip")).ToHaveCountAsync(2);
        }
        await page.GotoAsync("/channels/330102");
        await Assertions.Expect(page.GetByTestId("channel-title")).ToContainTextAsync("上城区");
        await LoadedAsync(page);
        await Assertions.Expect(page.GetByTestId("channel-work").Filter(new() { HasText = title })).ToHaveCountAsync(0);

        // The reader's view of the work: its title and paragraphs.
        await page.GotoAsync("/channels/330106");
        var listed = page.GetByTestId("channel-work").Filter(new() { HasText = title });
        await ExpectListedAsync(page, listed);
        await listed.GetByTestId("work-link").ClickAsync();
        await page.WaitForURLAsync("**/works/*");
        await Assertions.Expect(page.GetByTestId("work-title")).ToHaveTextAsync(title);
        await Assertions.Expect(page.GetByTestId("work-body").Locator("p")).ToHaveCountAsync(2);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
    }

    [Fact]
    public async Task A_reader_follows_a_creator_from_its_page()
    {
        var reader = await App.RegisterAndSignInAsync(regionCode: "330106");
        await using var context = await PhoneAsync("zh-CN", 390);
        var page = await context.NewPageAsync();
        await SignInAsync(page, reader.UserName, "Secret#123");

        await page.GotoAsync($"/creators/{DemoCreatorId}/page");
        await Assertions.Expect(page.GetByTestId("creator-name")).ToHaveTextAsync("西湖发布");
        await Assertions.Expect(page.GetByTestId("creator-verified")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("creator-org-type")).ToHaveTextAsync("县级融媒体中心");
        await Assertions.Expect(page.GetByTestId("creator-region")).ToHaveTextAsync("西湖区");
        var follow = page.GetByTestId("follow-button");
        await Assertions.Expect(follow).ToHaveAttributeAsync("data-following", "false");
        await Assertions.Expect(follow).ToHaveTextAsync("关注");
        var before = Count(await page.GetByTestId("creator-followers").TextContentAsync());

        await follow.ClickAsync();
        await Assertions.Expect(follow).ToHaveAttributeAsync("data-following", "true");
        await Assertions.Expect(follow).ToHaveTextAsync("已关注 · 取消关注");
        await Assertions.Expect(page.GetByTestId("creator-followers")).ToHaveTextAsync($"{before + 1} 位粉丝");
        await Assertions.Expect(page.GetByTestId("follow-status")).ToContainTextAsync("已关注");
        await Accessibility.ExpectNoViolationsAsync(page, "creator page, followed (zh-CN)");

        // The API agrees, and a fresh visit shows the reader as following.
        using var asReader = App.Client(reader.Token);
        await Eventually.TrueAsync(async () =>
        {
            var creator = await asReader.GetFromJsonAsync<JsonElement>($"/api/creators/{DemoCreatorId}");
            return creator.GetProperty("following").GetBoolean();
        }, "the reader follows the creator", timeoutSeconds: 20);
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("follow-button")).ToHaveAttributeAsync("data-following", "true");
    }

    [Theory]
    [InlineData("zh-CN", 390)]
    [InlineData("zh-CN", 360)]
    [InlineData("en", 360)]
    public async Task The_creators_pages_pass_axe_at_phone_width(string language, int width)
    {
        // A published article with a correction, and a gallery, made through the API as the demo creator.
        var creator = await App.SignInAsync(DemoCreatorUser, CommunityApp.DemoPassword);
        using var asCreator = App.Client(creator.Token);
        var articleId = await CreateWorkAsync(asCreator, new
        {
            kind = "article",
            title = "运河夜游 " + Guid.NewGuid().ToString("N")[..6],
            body = "第一段：夜色里的拱宸桥。\n\n第二段：船从桥下穿过。",
            targetTiers = new[] { "city", "county" },
            draft = false,
        });
        var corrected = await asCreator.PatchAsJsonAsync($"/api/works/{articleId}",
            new { body = "第一段：夜色里的拱宸桥。\n\n第二段：游船从桥下缓缓穿过。", note = "更正了第二段的用词。" });
        await Expect.Status(corrected, HttpStatusCode.OK);
        var galleryId = await CreateWorkAsync(asCreator, new
        {
            kind = "gallery",
            title = "西溪湿地四季 " + Guid.NewGuid().ToString("N")[..6],
            body = "四张照片，四个季节。",
            images = new[]
            {
                new { url = "https://images.example.invalid/xixi-spring.jpg", caption = "春：新绿" },
                new { url = "https://images.example.invalid/xixi-autumn.jpg", caption = "秋：芦花" },
            },
            targetTiers = new[] { "county" },
            draft = false,
        });

        await using var context = await PhoneAsync(language, width);
        var page = await context.NewPageAsync();
        await SignInAsync(page, DemoCreatorUser, CommunityApp.DemoPassword);
        var what = $"({language}, {width} px)";

        await page.GotoAsync("/creators");
        await Assertions.Expect(page.GetByTestId("creator-status")).ToBeVisibleAsync();
        await LoadedAsync(page);
        await Assertions.Expect(page.GetByTestId("work-item").First).ToBeVisibleAsync(new() { Timeout = (float)ReadModelLag.TotalMilliseconds });
        await Accessibility.ExpectNoViolationsAsync(page, $"creator studio {what}");
        await ExpectNoSidewaysScrollAsync(page);

        // The write page with a gallery's rows (and a field error beside the title), then as an article.
        await page.GotoAsync($"/creators/{DemoCreatorId}/write");
        await Assertions.Expect(page.GetByTestId("work-title")).ToBeVisibleAsync();
        await page.GetByTestId("work-kind").SelectOptionAsync("gallery");
        await Assertions.Expect(page.GetByTestId("gallery-row")).ToHaveCountAsync(1);
        await page.GetByTestId("gallery-add").ClickAsync();
        await Assertions.Expect(page.GetByTestId("gallery-row")).ToHaveCountAsync(2);
        await page.GetByTestId("gallery-url").Nth(0).FillAsync("https://images.example.invalid/a.jpg");
        await page.GetByTestId("gallery-caption").Nth(0).FillAsync("一张图");
        await page.GetByTestId("work-save-draft").ClickAsync();
        await Assertions.Expect(page.GetByTestId("work-title-error")).ToBeVisibleAsync();
        await Accessibility.ExpectNoViolationsAsync(page, $"write page, gallery with a field error {what}");
        await ExpectNoSidewaysScrollAsync(page);
        await page.GetByTestId("work-kind").SelectOptionAsync("video");
        await Assertions.Expect(page.GetByTestId("work-video-url")).ToBeVisibleAsync();
        await Accessibility.ExpectNoViolationsAsync(page, $"write page, video {what}");

        // The edit page of the published article: the correction note.
        await page.GotoAsync($"/works/{articleId}/edit");
        await Assertions.Expect(page.GetByTestId("work-note")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("work-publish-correction")).ToBeVisibleAsync();
        await Accessibility.ExpectNoViolationsAsync(page, $"correcting a published work {what}");

        await page.GotoAsync("/channels/330106");
        await ExpectListedAsync(page, page.GetByTestId("channel-work").First);
        await Accessibility.ExpectNoViolationsAsync(page, $"channel of Xihu {what}");
        await ExpectNoSidewaysScrollAsync(page);

        await page.GotoAsync($"/works/{articleId}");
        await Assertions.Expect(page.GetByTestId("work-correction")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("work-reprint-count")).ToBeVisibleAsync();
        await Accessibility.ExpectNoViolationsAsync(page, $"work page, article with a correction {what}");
        await ExpectNoSidewaysScrollAsync(page);

        await page.GotoAsync($"/works/{galleryId}");
        await Assertions.Expect(page.GetByTestId("work-figure")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("work-figure").First.Locator("figcaption")).ToHaveTextAsync("春：新绿");
        await Accessibility.ExpectNoViolationsAsync(page, $"work page, gallery {what}");
        await ExpectNoSidewaysScrollAsync(page);

        await page.GotoAsync($"/creators/{DemoCreatorId}/page");
        await Assertions.Expect(page.GetByTestId("follow-button")).ToBeVisibleAsync();
        await LoadedAsync(page);
        await Accessibility.ExpectNoViolationsAsync(page, $"creator page {what}");

        await page.GotoAsync($"/creators/{DemoCreatorId}/pool");
        await Assertions.Expect(page.Locator(".pool-page h1")).ToBeVisibleAsync();
        await LoadedAsync(page);
        await Accessibility.ExpectNoViolationsAsync(page, $"alliance pool {what}");
        await ExpectNoSidewaysScrollAsync(page);
    }

    [Fact]
    public async Task A_user_without_a_creator_account_is_offered_the_registration_form()
    {
        var reader = await App.RegisterAndSignInAsync(regionCode: "330521");
        await using var context = await PhoneAsync("zh-CN", 360);
        var page = await context.NewPageAsync();
        await SignInAsync(page, reader.UserName, "Secret#123");

        // Every reader has the area now.
        await page.GetByTestId("nav-creators").ClickAsync();
        await page.WaitForURLAsync("**/creators");
        await Assertions.Expect(page.GetByTestId("area-denied")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("register-form")).ToBeVisibleAsync();
        await page.GetByTestId("register-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("register-name-error")).ToBeVisibleAsync();
        await Accessibility.ExpectNoViolationsAsync(page, "creator registration with field errors (zh-CN, 360 px)");
        await ExpectNoSidewaysScrollAsync(page);

        await page.GetByTestId("register-name").FillAsync("德清小记 " + Guid.NewGuid().ToString("N")[..4]);
        await page.GetByTestId("register-org-type").SelectOptionAsync("individual");
        await page.GetByTestId("register-region").SelectOptionAsync("330521");
        await page.GetByTestId("register-submit").ClickAsync();
        await page.WaitForURLAsync("**/creators?creator=*");
        await Assertions.Expect(page.GetByTestId("creator-status"))
            .ToHaveAttributeAsync("data-status", "pending", new() { Timeout = (float)ReadModelLag.TotalMilliseconds });
        await Assertions.Expect(page.GetByTestId("creator-pending-hint")).ToBeVisibleAsync();
    }

    private static async Task<string> CreateWorkAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync($"/api/creators/{DemoCreatorId}/works", body);
        await Expect.Status(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<CreatedWork>())!.WorkId;
    }

    private static int Count(string? text) => int.Parse(Digits().Match(text ?? "").Value);

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();

    private Task<IBrowserContext> PhoneAsync(string language, int width) => BrowserPages.PhoneAsync(fixture.Browser, App.BaseAddress, language, width);

    private sealed record CreatedWork(string WorkId, string Status);
}
