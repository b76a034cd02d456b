using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Community.EndToEnd.Tests.Browser;

/// <summary>A circle's live feed in headless Chromium against the real host: two readers in two browser contexts see
/// each other's joins, posts, likes and comments arrive without a reload; a reader scrolled down gets a "new posts" bar
/// instead of a jumping page; markup in a post is shown as text.</summary>
public sealed class CircleFeedSpecs(HostAndBrowser fixture) : IClassFixture<HostAndBrowser>
{
    private const string Password = "Secret#123";
    private static readonly LocatorAssertionsToHaveTextOptions Live = new() { Timeout = 20_000 };

    private CommunityApp App => fixture.App;

    [Fact]
    public async Task Two_readers_see_each_others_posts_likes_and_comments_live()
    {
        var a = await App.RegisterAndSignInAsync();
        var b = await App.RegisterAndSignInAsync();
        var circleId = await CreateCircleAsync(a, "周末徒步");

        // A on a laptop, B on a phone.
        await using var contextA = await NewContextAsync(new ViewportSize { Width = 1280, Height = 900 });
        await using var contextB = await NewContextAsync(new ViewportSize { Width = 390, Height = 844 });
        var pageA = await OpenCircleAsync(contextA, a, circleId);
        var pageB = await OpenCircleAsync(contextB, b, circleId);

        // A owns the circle (a member); B joins through the page.
        await Assertions.Expect(pageA.GetByTestId("circle-leave")).ToBeVisibleAsync();
        await Assertions.Expect(pageB.GetByTestId("composer-text")).ToHaveCountAsync(0);
        await pageB.GetByTestId("circle-join").ClickAsync();
        await Assertions.Expect(pageB.GetByTestId("circle-leave")).ToBeVisibleAsync();
        await Assertions.Expect(pageB.GetByTestId("circle-members")).ToHaveTextAsync("2 位成员");
        // A's page counts B in live (membersChanged).
        await Assertions.Expect(pageA.GetByTestId("circle-members")).ToHaveTextAsync("2 位成员", Live);
        await Assertions.Expect(pageB.GetByTestId("composer-text")).ToBeVisibleAsync();
        await MarkAsync(pageB);

        // The owner opens a topic: both pages list it live, open.
        using (var asA = App.Client(a.Token))
        {
            var topic = await asA.PostAsJsonAsync($"/api/circles/{circleId}/topics", new
            {
                title = "秋日赏叶", description = "晒出你拍到的红叶和银杏。",
                startsAt = DateTimeOffset.UtcNow.AddHours(-1), endsAt = DateTimeOffset.UtcNow.AddDays(7),
            });
            await Expect.Status(topic, HttpStatusCode.Created);
        }
        var topicB = pageB.GetByTestId("topic-item").Filter(new() { HasText = "秋日赏叶" });
        await Assertions.Expect(topicB).ToContainTextAsync("进行中", new() { Timeout = 20_000 });
        await Assertions.Expect(topicB).ToContainTextAsync("0 条帖子");

        // A writes through the composer and likes the post.
        var text = "山里的银杏黄了 " + Guid.NewGuid().ToString("N")[..6];
        await pageA.GetByTestId("composer-text").FillAsync(text);
        await pageA.GetByTestId("composer").Locator("summary").ClickAsync();
        await pageA.GetByTestId("composer-topic").SelectOptionAsync(new SelectOptionValue { Label = "秋日赏叶" });
        await pageA.GetByTestId("composer-submit").ClickAsync();
        var postA = PostCard(pageA, text);
        await Assertions.Expect(postA.GetByTestId("post-text")).ToHaveTextAsync(text, Live);
        await Assertions.Expect(postA).ToContainTextAsync("#秋日赏叶");
        await postA.GetByTestId("like-button").ClickAsync();
        await Assertions.Expect(postA.GetByTestId("like-button")).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(postA.GetByTestId("like-count")).ToHaveTextAsync("1");

        // B sees the post, then its like, arrive live.
        var postB = PostCard(pageB, text);
        await Assertions.Expect(postB.GetByTestId("post-text")).ToHaveTextAsync(text, Live);
        await Assertions.Expect(postB.GetByTestId("post-text")).ToContainTextAsync("银杏");
        await Assertions.Expect(postB.GetByTestId("like-count")).ToHaveTextAsync("1", Live);
        await Assertions.Expect(postB.GetByTestId("like-button")).ToHaveAttributeAsync("aria-pressed", "false");
        await Assertions.Expect(topicB).ToContainTextAsync("1 条帖子");

        // B comments; A's comment count goes to 1 live, and the comment is there when A opens the comments.
        await postB.GetByTestId("comment-toggle").ClickAsync();
        await postB.GetByTestId("comment-text").FillAsync("同去！");
        await postB.GetByTestId("comment-submit").ClickAsync();
        await Assertions.Expect(postB.GetByTestId("comment-item")).ToContainTextAsync("同去！", new() { Timeout = 20_000 });
        await Assertions.Expect(postB.GetByTestId("comment-count")).ToHaveTextAsync("1");
        await Assertions.Expect(postA.GetByTestId("comment-count")).ToHaveTextAsync("1", Live);
        await postA.GetByTestId("comment-toggle").ClickAsync();
        await Assertions.Expect(postA.GetByTestId("comment-item")).ToContainTextAsync("同去！");
        await Assertions.Expect(postA.GetByTestId("comment-item")).ToContainTextAsync("Reader " + b.UserName);
        await Accessibility.ExpectNoViolationsAsync(pageB, "circle feed with comments open, phone (zh-CN)");
        await Accessibility.ExpectNoViolationsAsync(pageA, "circle feed with comments open, laptop (zh-CN)");

        // All of it without a reload, and nothing wider than B's phone.
        await ExpectNotReloadedAsync(pageB);
        Assert.True(await pageB.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
    }

    [Fact]
    public async Task A_reader_scrolled_down_gets_a_new_posts_bar_instead_of_a_jumping_feed()
    {
        var a = await App.RegisterAndSignInAsync();
        var b = await App.RegisterAndSignInAsync();
        var circleId = await CreateCircleAsync(a, "夜跑团");
        using var asA = App.Client(a.Token);
        for (var i = 1; i <= 22; i++)
            await PostAsync(asA, circleId, $"第 {i} 次夜跑打卡：今晚 {i} 公里，配速稳定。\n沿着运河跑，风很舒服。");
        using (var asB = App.Client(b.Token))
            await Expect.Status(await asB.PostAsync($"/api/circles/{circleId}/members", null), HttpStatusCode.NoContent);
        // The first page is read from the read model: let it hold all 22, so the page is 20 and "older" is 2.
        await Eventually.TrueAsync(async () =>
            (await asA.GetFromJsonAsync<PostPage>($"/api/circles/{circleId}/posts?after=0&limit=100"))!.Items.Length == 22,
            "the read model has the 22 posts");

        await using var context = await NewContextAsync(new ViewportSize { Width = 390, Height = 844 });
        var page = await OpenCircleAsync(context, b, circleId);
        var feed = page.GetByTestId("circle-feed");
        // Newest first, a page of 20; the older ones on request.
        var cards = feed.GetByTestId("post-card");
        await Assertions.Expect(cards).ToHaveCountAsync(20, new() { Timeout = 20_000 });
        await Assertions.Expect(cards.First).ToContainTextAsync("第 22 次夜跑打卡");
        await Assertions.Expect(cards.Last).ToContainTextAsync("第 3 次夜跑打卡");
        await Assertions.Expect(page.GetByTestId("live-status")).ToHaveAttributeAsync("data-state", "connected");
        await MarkAsync(page);
        await page.GetByTestId("load-older").ClickAsync();
        await Assertions.Expect(cards).ToHaveCountAsync(22);
        await Assertions.Expect(cards.Last).ToContainTextAsync("第 1 次夜跑打卡");
        await Assertions.Expect(page.GetByTestId("load-older")).ToBeHiddenAsync();

        // B has read down to the end of the feed; A posts.
        await page.EvaluateAsync("window.scrollTo(0, document.documentElement.scrollHeight)");
        Assert.True(await page.EvaluateAsync<bool>("window.scrollY > 400"));
        var text = "新路线：环湖 10 公里 " + Guid.NewGuid().ToString("N")[..6];
        await PostAsync(asA, circleId, text);

        // The post waits behind the bar; the feed under B's eyes does not move.
        var bar = page.GetByTestId("new-posts-bar");
        await Assertions.Expect(bar).ToHaveTextAsync("1 条新帖子", Live);
        await Assertions.Expect(cards).ToHaveCountAsync(22);
        await Assertions.Expect(feed.GetByText(text)).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<bool>("window.scrollY > 400"));

        // A click puts it on top and takes B there.
        await bar.ClickAsync();
        await Assertions.Expect(bar).ToBeHiddenAsync();
        await Assertions.Expect(cards).ToHaveCountAsync(23);
        await Assertions.Expect(cards.First.GetByTestId("post-text")).ToHaveTextAsync(text);
        await ScrolledToTopAsync(page);
        await ExpectNotReloadedAsync(page);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
    }

    [Fact]
    public async Task Markup_in_a_post_is_shown_as_text_and_only_http_links_become_links()
    {
        var a = await App.RegisterAndSignInAsync();
        var circleId = await CreateCircleAsync(a, "安全测试圈");
        await using var context = await NewContextAsync(new ViewportSize { Width = 390, Height = 844 });
        var page = await OpenCircleAsync(context, a, circleId);
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };

        // Through the composer, so it comes back on the live feed.
        const string markup = "<img src=x onerror=alert(1)> <script>alert(2)</script>";
        await page.GetByTestId("composer-text").FillAsync(markup);
        await page.GetByTestId("composer-submit").ClickAsync();
        var live = PostCard(page, "onerror");
        await Assertions.Expect(live.GetByTestId("post-text")).ToHaveTextAsync(markup, Live);
        await Assertions.Expect(live.GetByTestId("post-text").Locator("img, script")).ToHaveCountAsync(0);

        // Links: an http(s) URL becomes a link with the URL as its text; a javascript: one stays text.
        using var asA = App.Client(a.Token);
        const string links = "路线图（见 https://example.com/route?id=1&x=<b>2</b>）和 javascript:alert(3) 或 (https://example.org/a_b).";
        await PostAsync(asA, circleId, links);
        var linked = PostCard(page, "example.com");
        await Assertions.Expect(linked.GetByTestId("post-text")).ToHaveTextAsync(links, Live);
        var anchors = linked.GetByTestId("post-text").Locator("a");
        await Assertions.Expect(anchors).ToHaveCountAsync(2);
        await Assertions.Expect(anchors.First).ToHaveTextAsync("https://example.com/route?id=1&x=");
        await Assertions.Expect(anchors.First).ToHaveAttributeAsync("href", "https://example.com/route?id=1&x=");
        await Assertions.Expect(anchors.First).ToHaveAttributeAsync("rel", "noopener noreferrer nofollow ugc");
        await Assertions.Expect(anchors.Last).ToHaveAttributeAsync("href", "https://example.org/a_b");
        await Assertions.Expect(linked.GetByTestId("post-text").Locator("b")).ToHaveCountAsync(0);

        // And the same read back from the API after a reload.
        await page.ReloadAsync();
        await Assertions.Expect(PostCard(page, "onerror").GetByTestId("post-text")).ToHaveTextAsync(markup);
        await Assertions.Expect(page.GetByTestId("circle-feed").Locator("img, script")).ToHaveCountAsync(0);
        Assert.Equal(0, dialogs);
    }

    [Fact]
    public async Task A_rate_limited_post_shows_the_problem_and_keeps_the_text()
    {
        // A host that lets each reader post once a minute.
        await using var app = await new CommunityApp(settings: new Dictionary<string, string?>
        {
            ["Community:Circles:PostsPerUserPerMinute"] = "1",
        }).ReadyAsync();
        var a = await app.RegisterAndSignInAsync();
        var circleId = await CreateCircleAsync(app, a, "限流测试圈");
        await using var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            Locale = "zh-CN",
        });
        var page = await OpenCircleAsync(context, a, circleId);

        await page.GetByTestId("composer-text").FillAsync("第一条");
        await page.GetByTestId("composer-submit").ClickAsync();
        await Assertions.Expect(PostCard(page, "第一条").GetByTestId("post-text")).ToHaveTextAsync("第一条", Live);

        await page.GetByTestId("composer-text").FillAsync("第二条，太快了");
        await page.GetByTestId("composer-submit").ClickAsync();
        var error = page.GetByTestId("feed-error");
        await Assertions.Expect(error).ToBeVisibleAsync();
        await Assertions.Expect(error).ToContainTextAsync("操作过于频繁");
        await Assertions.Expect(error).ToContainTextAsync("Too many posts and comments"); // the API's problem detail
        await Assertions.Expect(page.GetByTestId("composer-text")).ToHaveValueAsync("第二条，太快了");
        await Assertions.Expect(page.GetByTestId("post-card")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task A_post_and_a_comment_whose_answers_were_lost_are_sent_again_and_stored_once()
    {
        var a = await App.RegisterAndSignInAsync();
        var circleId = await CreateCircleAsync(a, "弱网测试圈");

        // The first POST of each kind reaches the server, but its answer is lost on the way back (a phone in a lift).
        var keys = new List<(string Kind, string? Key)>();
        var lost = new HashSet<string>();
        await using var context = await NewContextAsync(new ViewportSize { Width = 390, Height = 844 });
        var page = await OpenCircleAsync(context, a, circleId, p => p.RouteAsync(
            url => url.EndsWith("/posts", StringComparison.Ordinal) || url.EndsWith("/comments", StringComparison.Ordinal),
            async route =>
            {
                if (route.Request.Method != "POST")
                {
                    await route.ContinueAsync();
                    return;
                }
                var kind = route.Request.Url.EndsWith("/posts", StringComparison.Ordinal) ? "post" : "comment";
                lock (keys) keys.Add((kind, route.Request.Headers.GetValueOrDefault("idempotency-key")));
                if (!lost.Add(kind))
                {
                    await route.ContinueAsync();
                    return;
                }
                await route.FetchAsync();
                await route.AbortAsync();
            }));

        var text = "电梯里发的帖 " + Guid.NewGuid().ToString("N")[..6];
        await page.GetByTestId("composer-text").FillAsync(text);
        await page.GetByTestId("composer-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("feed-error")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("composer-text")).ToHaveValueAsync(text);
        await page.GetByTestId("composer-submit").ClickAsync(); // the reader tries again
        await Assertions.Expect(page.GetByTestId("composer-text")).ToHaveValueAsync("", new() { Timeout = 20_000 });
        var card = PostCard(page, text);
        await Assertions.Expect(card.GetByTestId("post-text")).ToHaveTextAsync(text, Live);

        await card.GetByTestId("comment-toggle").ClickAsync();
        await card.GetByTestId("comment-text").FillAsync("信号回来了");
        await card.GetByTestId("comment-submit").ClickAsync();
        await Assertions.Expect(card.GetByTestId("comment-error")).ToBeVisibleAsync();
        await card.GetByTestId("comment-submit").ClickAsync();
        await Assertions.Expect(card.GetByTestId("comment-text")).ToHaveValueAsync("", new() { Timeout = 20_000 });
        await Assertions.Expect(card.GetByTestId("comment-count")).ToHaveTextAsync("1", Live);

        // Each retry carried its first try's key, and the server kept one of each.
        lock (keys)
        {
            Assert.Equal(["post", "post", "comment", "comment"], keys.Select(k => k.Kind));
            Assert.All(keys, k => Assert.False(string.IsNullOrEmpty(k.Key)));
            Assert.Equal(keys[0].Key, keys[1].Key);
            Assert.Equal(keys[2].Key, keys[3].Key);
        }
        using var asA = App.Client(a.Token);
        await Eventually.TrueAsync(async () =>
        {
            var posts = await asA.GetFromJsonAsync<PostPage>($"/api/circles/{circleId}/posts?after=0");
            return posts!.Items.Length == 1
                && (await asA.GetFromJsonAsync<JsonElement>($"/api/circles/{circleId}/posts/{posts.Items[0].PostId}/comments"))
                    .GetProperty("items").GetArrayLength() == 1;
        }, "one post with one comment in the read model");
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByTestId("post-card")).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Assertions.Expect(PostCard(page, text).GetByTestId("comment-count")).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task After_a_dropped_connection_the_feed_catches_up_with_no_gap_and_no_duplicate()
    {
        var a = await App.RegisterAndSignInAsync();
        var b = await App.RegisterAndSignInAsync();
        var circleId = await CreateCircleAsync(a, "断线重连圈");
        using var asA = App.Client(a.Token);
        using (var asB = App.Client(b.Token))
            await Expect.Status(await asB.PostAsync($"/api/circles/{circleId}/members", null), HttpStatusCode.NoContent);

        // B's hub traffic goes through the test, which can cut it and hold reconnects back.
        var blocked = false;
        IWebSocketRoute? toPage = null;
        IWebSocketRoute? toServer = null;
        await using var context = await NewContextAsync(new ViewportSize { Width = 390, Height = 844 });
        var page = await OpenCircleAsync(context, b, circleId, async p =>
        {
            await p.RouteAsync("**/hubs/live/negotiate**", route => blocked ? route.AbortAsync() : route.ContinueAsync());
            await p.RouteWebSocketAsync("**/hubs/live**", ws =>
            {
                if (blocked)
                {
                    _ = ws.CloseAsync();
                    return;
                }
                toPage = ws;
                toServer = ws.ConnectToServer();
            });
        });
        var cards = page.GetByTestId("circle-feed").GetByTestId("post-card");
        await Assertions.Expect(page.GetByTestId("live-status")).ToHaveAttributeAsync("data-state", "connected");
        await MarkAsync(page);
        var before = "断线前 " + Guid.NewGuid().ToString("N")[..6];
        var created = await asA.PostAsJsonAsync($"/api/circles/{circleId}/posts", new { text = before });
        await Expect.Status(created, HttpStatusCode.Created);
        var beforeId = (await created.Content.ReadFromJsonAsync<CreatedPost>())!.PostId;
        await Assertions.Expect(cards).ToHaveCountAsync(1, new() { Timeout = 20_000 });

        // The connection drops; while B is away, A posts and likes.
        blocked = true;
        await toPage!.CloseAsync();
        await toServer!.CloseAsync();
        await Assertions.Expect(page.GetByTestId("live-status")).Not.ToHaveAttributeAsync("data-state", "connected");
        var during = "断线时 " + Guid.NewGuid().ToString("N")[..6];
        await PostAsync(asA, circleId, during);
        await Expect.Status(await asA.PutAsync($"/api/circles/{circleId}/posts/{beforeId}/likes/me", null), HttpStatusCode.NoContent);
        blocked = false;

        // Back online, B gets what it missed, once, in place, and then live posts again.
        await Assertions.Expect(page.GetByTestId("live-status")).ToHaveAttributeAsync("data-state", "connected", new() { Timeout = 60_000 });
        await Assertions.Expect(PostCard(page, during).GetByTestId("post-text")).ToHaveTextAsync(during, Live);
        await Assertions.Expect(PostCard(page, before).GetByTestId("like-count")).ToHaveTextAsync("1", Live);
        var after = "重连后 " + Guid.NewGuid().ToString("N")[..6];
        await PostAsync(asA, circleId, after);
        await Assertions.Expect(cards.First.GetByTestId("post-text")).ToHaveTextAsync(after, Live);
        await Assertions.Expect(cards).ToHaveCountAsync(3);
        await Assertions.Expect(cards.Nth(1).GetByTestId("post-text")).ToHaveTextAsync(during);
        await Assertions.Expect(cards.Nth(2).GetByTestId("post-text")).ToHaveTextAsync(before);
        await ExpectNotReloadedAsync(page);
    }

    [Fact]
    public async Task The_owner_opens_a_topic_from_the_page_and_a_reader_lists_its_posts_which_stay_live()
    {
        var owner = await App.RegisterAndSignInAsync();
        var reader = await App.RegisterAndSignInAsync();
        var circleId = await CreateCircleAsync(owner, "西湖摄影");
        using var asReader = App.Client(reader.Token);
        await Expect.Status(await asReader.PostAsync($"/api/circles/{circleId}/members", null), HttpStatusCode.NoContent);

        await using var ownerContext = await NewContextAsync(new ViewportSize { Width = 1280, Height = 900 });
        var ownerPage = await OpenCircleAsync(ownerContext, owner, circleId);
        await ownerPage.GetByTestId("circle-topics").Locator("summary").ClickAsync();
        await ownerPage.GetByTestId("topic-title").FillAsync("雷峰夕照");
        await ownerPage.GetByTestId("topic-description").FillAsync("傍晚六点的雷峰塔");
        await ownerPage.GetByTestId("topic-submit").ClickAsync();
        await Assertions.Expect(ownerPage.GetByTestId("topic-form-message")).ToContainTextAsync("话题已发起");
        var ownerTopic = ownerPage.GetByTestId("topic-item").Filter(new() { HasText = "雷峰夕照" });
        await Assertions.Expect(ownerTopic).ToContainTextAsync("进行中", new() { Timeout = 20_000 });

        // The reader (not the owner) sees no form, posts into the topic and one post outside it.
        await using var readerContext = await NewContextAsync(new ViewportSize { Width = 390, Height = 844 });
        var readerPage = await OpenCircleAsync(readerContext, reader, circleId);
        await Assertions.Expect(readerPage.GetByTestId("topic-submit")).ToHaveCountAsync(0);
        await readerPage.GetByTestId("composer-text").FillAsync("夕阳正好");
        await readerPage.GetByTestId("composer").Locator("summary").ClickAsync();
        await readerPage.GetByTestId("composer-topic").SelectOptionAsync(new SelectOptionValue { Label = "雷峰夕照" });
        await readerPage.GetByTestId("composer-submit").ClickAsync();
        await Assertions.Expect(PostCard(readerPage, "夕阳正好")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await PostAsync(asReader, circleId, "和话题无关");

        // The topic's posts: only the one posted to it; a new post to the topic joins the list live.
        var readerTopic = readerPage.GetByTestId("topic-item").Filter(new() { HasText = "雷峰夕照" });
        await Assertions.Expect(readerTopic).ToContainTextAsync("1 条帖子", new() { Timeout = 20_000 });
        await readerTopic.GetByTestId("topic-show-posts").ClickAsync();
        var topicPosts = readerPage.GetByTestId("topic-posts").GetByTestId("post-card");
        await Assertions.Expect(topicPosts).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Assertions.Expect(topicPosts.First.GetByTestId("post-text")).ToHaveTextAsync("夕阳正好");
        await ownerPage.GetByTestId("composer-text").FillAsync("塔影入湖");
        await ownerPage.GetByTestId("composer").Locator("summary").ClickAsync();
        await ownerPage.GetByTestId("composer-topic").SelectOptionAsync(new SelectOptionValue { Label = "雷峰夕照" });
        await ownerPage.GetByTestId("composer-submit").ClickAsync();
        await Assertions.Expect(topicPosts).ToHaveCountAsync(2, new() { Timeout = 20_000 });
        await Assertions.Expect(topicPosts.First.GetByTestId("post-text")).ToHaveTextAsync("塔影入湖");
        await readerPage.GetByTestId("topic-posts-close").ClickAsync();
        await Assertions.Expect(topicPosts).ToHaveCountAsync(0);
    }

    private Task<IBrowserContext> NewContextAsync(ViewportSize viewport) =>
        fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString(),
            ViewportSize = viewport,
            Locale = "zh-CN",
        });

    /// <summary>Signs in through the sign-in page, which then opens the circle (its <c>next</c>).</summary>
    private static async Task<IPage> OpenCircleAsync(IBrowserContext context, Session reader, string circleId,
        Func<IPage, Task>? prepare = null)
    {
        var page = await context.NewPageAsync();
        if (prepare is not null) await prepare(page);
        await page.GotoAsync($"/signin?next=/circles/{circleId}");
        await page.GetByTestId("signin-username").FillAsync(reader.UserName);
        await page.GetByTestId("signin-password").FillAsync(Password);
        await page.GetByTestId("signin-submit").ClickAsync();
        await page.WaitForURLAsync($"**/circles/{circleId}");
        await Assertions.Expect(page.GetByTestId("circle-name")).Not.ToHaveAttributeAsync("data-i18n", "app.loading");
        return page;
    }

    private Task<string> CreateCircleAsync(Session owner, string name) => CreateCircleAsync(App, owner, name);

    private static async Task<string> CreateCircleAsync(CommunityApp app, Session owner, string name)
    {
        using var client = app.Client(owner.Token);
        var created = await client.PostAsJsonAsync("/api/circles",
            new { name = $"{name} {Guid.NewGuid().ToString("N")[..4]}", description = "一起玩的朋友们。", regionCode = "330100" });
        await Expect.Status(created, HttpStatusCode.Created);
        var circleId = (await created.Content.ReadFromJsonAsync<CreatedCircle>())!.CircleId;
        // The page reads the circle from the read model.
        await Eventually.TrueAsync(async () => (await client.GetAsync($"/api/circles/{circleId}")).IsSuccessStatusCode,
            "the circle is in the read model");
        return circleId;
    }

    private static async Task PostAsync(HttpClient client, string circleId, string text) =>
        await Expect.Status(await client.PostAsJsonAsync($"/api/circles/{circleId}/posts", new { text }), HttpStatusCode.Created);

    private static ILocator PostCard(IPage page, string text) =>
        page.GetByTestId("circle-feed").GetByTestId("post-card").Filter(new() { HasText = text });

    /// <summary>Waits (frame by frame, in the page) until the page is scrolled to the top. Not WaitForFunction: that
    /// evaluates a string, which the page's Content-Security-Policy (no 'unsafe-eval') refuses.</summary>
    private static Task ScrolledToTopAsync(IPage page) =>
        page.EvaluateAsync<bool>(
            "() => new Promise((resolve) => { const check = () => (window.scrollY === 0 ? resolve(true) : requestAnimationFrame(check)); check(); })")
            .WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>A value in the page's window that a reload would lose.</summary>
    private static Task MarkAsync(IPage page) => page.EvaluateAsync("window.__feedSpecMark = 'still here'");

    private static async Task ExpectNotReloadedAsync(IPage page) =>
        Assert.Equal("still here", await page.EvaluateAsync<string?>("window.__feedSpecMark ?? null"));

    private sealed record CreatedCircle(string CircleId);

    private sealed record CreatedPost(string PostId, long Seq);

    private sealed record PostPage(CreatedPost[] Items, long? Next, long LastSeq);
}
