using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;
using static Community.Web.Tests.HelpTickets.TicketFixture;

namespace Community.Web.Tests.HelpTickets;

/// <summary>Duplicate hints through the API: while a citizen writes a ticket and while a moderator reviews one, the open
/// tickets of the same region and category that say the same, as the caller may see them and with no personal data;
/// closed ones and other categories are not hinted. Yuhang's environment tickets are this spec's alone.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class TicketDuplicateSpecs(SharedApp shared)
{
    private const string Yuhang = "330110";
    private const string Category = "environment";

    private const string NightWorks = "工地夜间施工噪音太大";
    private const string NightWorksBody = "良渚街道一处工地每天晚上十一点以后还在施工，噪音很大，影响休息。";
    private const string NightWorksReworded = "晚上工地施工扰民";
    private const string NightWorksRewordedBody = "良渚街道的工地经常半夜施工，机器声音很吵，孩子睡不着。";

    private readonly CommunityApp _app = shared.App;

    private static object Ticket(string title, string body, string category = Category, bool isPublic = true) => new
    {
        kind = "complaint", title, body, regionCode = Yuhang, category, @public = isPublic, showName = false,
    };

    private static string Similar(string title, string body = "", string category = Category) =>
        $"/api/tickets/similar?regionCode={Yuhang}&category={category}&title={Uri.EscapeDataString(title)}&body={Uri.EscapeDataString(body)}&limit=20";

    private static async Task<JsonElement[]> HintsAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        await Expect.Status(response, HttpStatusCode.OK);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];
    }

    private static string[] Ids(IEnumerable<JsonElement> hints) => [.. hints.Select(h => h.GetProperty("ticketId").GetString()!)];

    /// <summary>Polls the hints until <paramref name="matches"/> holds (they are read from the read model); returns them.</summary>
    private static async Task<JsonElement[]> HintsWhenAsync(HttpClient client, string path, Func<string[], bool> matches, string what)
    {
        JsonElement[] hints = [];
        await Eventually.TrueAsync(async () => matches(Ids(hints = await HintsAsync(client, path))), what, timeoutSeconds: 30);
        return hints;
    }

    [Fact]
    public async Task A_citizen_writing_a_ticket_is_shown_the_open_public_ones_of_its_region_and_category_that_say_the_same()
    {
        using var filer = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        using var writer = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        using var moderator = await ClientOfAsync(_app, "moderator");
        var otherCategory = await FileAsync(filer, Ticket(NightWorks, NightWorksBody, category: "housing"));
        var hidden = await FileAsync(filer, Ticket("工地半夜施工太吵", NightWorksBody, isPublic: false));
        var unrelated = await FileAsync(filer, Ticket("垃圾分类点长期不清运", "良渚街道垃圾分类投放点的垃圾桶满了好几天没人清运，苍蝇很多。"));
        var original = await FileAsync(filer, Ticket(NightWorks, NightWorksBody));

        // The moderators see every open ticket: once both are hinted to them, the read model has all four.
        await HintsWhenAsync(moderator, Similar(NightWorksReworded, NightWorksRewordedBody),
            ids => ids.Contains(original) && ids.Contains(hidden), "the original and the private ticket hinted to a moderator");
        var hints = await HintsAsync(writer, Similar(NightWorksReworded, NightWorksRewordedBody));

        var hint = Assert.Single(hints, h => h.GetProperty("ticketId").GetString() == original);
        Assert.Equal(["filedAt", "score", "status", "ticketId", "title"], hint.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal((NightWorks, "submitted"), (hint.GetProperty("title").GetString(), hint.GetProperty("status").GetString()));
        Assert.InRange(hint.GetProperty("score").GetDouble(), 0.2, 1);
        Assert.DoesNotContain(hidden, Ids(hints));
        Assert.DoesNotContain(unrelated, Ids(hints));
        Assert.DoesNotContain(otherCategory, Ids(hints));
        // The other category's ticket is in the read model: it is hinted in its own category.
        Assert.Contains(otherCategory, Ids(await HintsAsync(writer, Similar(NightWorksReworded, NightWorksRewordedBody, "housing"))));
        // Its own citizen is shown the private one; the title typed so far is enough.
        Assert.Contains(hidden, Ids(await HintsAsync(filer, Similar(NightWorksReworded, NightWorksRewordedBody))));
        Assert.Contains(original, Ids(await HintsAsync(writer, Similar("工地夜间施工"))));
        // Full-width characters are the same text.
        Assert.Contains(original, Ids(await HintsAsync(writer, Similar("工地夜间施工噪音太大！", "良渚街道一处工地每天晚上１１点以后还在施工，噪音很大。"))));
    }

    [Fact]
    public async Task A_closed_ticket_is_no_longer_hinted()
    {
        using var citizen = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        using var writer = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        using var moderator = await ClientOfAsync(_app, "moderator");
        using var department = await ClientOfAsync(_app, "dept-xihu-roads");
        const string title = "河道发黑发臭";
        const string body = "瓶窑镇一条河道最近发黑发臭，还有死鱼漂浮。";
        var closing = await FileAsync(citizen, Ticket(title, body));
        var query = Similar("河水变黑有臭味", "瓶窑镇的河水变黑了，有很重的臭味，死鱼很多。");
        await HintsWhenAsync(writer, query, ids => ids.Contains(closing), "the open ticket hinted");

        // Assigned to a department with demo staff, which resolves it; the citizen is satisfied and it closes.
        await AcceptAsync(moderator, closing, XihuRoads);
        await ActAsync(department, closing, "resolution", new { text = "已清理河道并排查排污口。" });
        Assert.Equal("closed", Status(await ActAsync(citizen, closing, "feedback", new { satisfied = true, rating = 5 })));
        // Filed after the closing, a ticket of the same text is hinted only once the read model applied the closing.
        var sentinel = await FileAsync(citizen, Ticket(title, body));

        var hints = await HintsWhenAsync(writer, query, ids => ids.Contains(sentinel), "the ticket filed after the closing hinted");
        Assert.DoesNotContain(closing, Ids(hints));
    }

    [Fact]
    public async Task A_moderator_reviewing_a_ticket_is_shown_the_open_ones_it_may_duplicate_and_marks_it_a_duplicate()
    {
        using var first = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        using var second = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        using var reader = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        using var moderator = await ClientOfAsync(_app, "moderator");
        using var housing = await ClientOfAsync(_app, "dept-housing");
        var original = await FileAsync(first, Ticket("搅拌站粉尘污染", "仁和街道的混凝土搅拌站每天粉尘很大，车上家里都是灰。"));
        var repeat = await FileAsync(second, Ticket("混凝土搅拌站灰尘太大", "仁和街道搅拌站的粉尘飘到小区，家里窗台每天都是灰。"));
        var secret = await FileAsync(second, Ticket("搅拌站粉尘", "仁和街道搅拌站粉尘很大。", isPublic: false));

        var hints = await HintsWhenAsync(moderator, $"/api/tickets/{repeat}/similar",
            ids => ids.Contains(original) && ids.Contains(secret), "the original and the private ticket hinted for the review");
        Assert.DoesNotContain(repeat, Ids(hints));
        Assert.Equal(hints.Select(h => h.GetProperty("score").GetDouble()).OrderDescending(), hints.Select(h => h.GetProperty("score").GetDouble()));

        // Only the moderators and the departments concerned: anyone else who may read it is refused, who may not, not told.
        await Expect.Problem(await second.GetAsync($"/api/tickets/{repeat}/similar"), HttpStatusCode.Forbidden);
        await Expect.Problem(await reader.GetAsync($"/api/tickets/{repeat}/similar"), HttpStatusCode.Forbidden);
        await Expect.Problem(await housing.GetAsync($"/api/tickets/{repeat}/similar"), HttpStatusCode.Forbidden);
        await Expect.Problem(await reader.GetAsync($"/api/tickets/{secret}/similar"), HttpStatusCode.NotFound);
        await Expect.Problem(await moderator.GetAsync("/api/tickets/tk-no-such-ticket/similar"), HttpStatusCode.NotFound);

        // The hint's "duplicate of this" is the review's duplicate decision; a duplicate is hinted no more.
        var marked = await ActAsync(moderator, repeat, "review", new { decision = "duplicate", duplicateOf = original, reason = "与已有问政重复。" });
        Assert.Equal(("duplicate", original), (Status(marked), marked.GetProperty("duplicateOf").GetString()));
        await HintsWhenAsync(moderator, $"/api/tickets/{original}/similar", ids => ids.Contains(secret) && !ids.Contains(repeat),
            "the duplicate no longer hinted");
    }

    [Fact]
    public async Task Bad_input_is_a_validation_problem_naming_the_field()
    {
        using var citizen = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        var text = Uri.EscapeDataString(NightWorks);

        await Expect.FieldError(await citizen.GetAsync($"/api/tickets/similar?category={Category}&title={text}"), "regionCode");
        await Expect.FieldError(await citizen.GetAsync($"/api/tickets/similar?regionCode=999999&category={Category}&title={text}"), "regionCode");
        await Expect.FieldError(await citizen.GetAsync($"/api/tickets/similar?regionCode={Yuhang}&category=weather&title={text}"), "category");
        await Expect.FieldError(await citizen.GetAsync($"/api/tickets/similar?regionCode={Yuhang}&title={text}"), "category");
        await Expect.FieldError(await citizen.GetAsync($"/api/tickets/similar?regionCode={Yuhang}&category={Category}&title=%20&body="), "title");
        await Expect.FieldError(await citizen.GetAsync(
            $"/api/tickets/similar?regionCode={Yuhang}&category={Category}&title={new string('a', 101)}"), "title");
        await Expect.FieldError(await citizen.GetAsync(
            $"/api/tickets/similar?regionCode={Yuhang}&category={Category}&title={text}&body={new string('a', 501)}"), "body");
        await Expect.FieldError(await citizen.GetAsync($"/api/tickets/similar?regionCode={Yuhang}&category={Category}&title={text}&limit=0"), "limit");
        await Expect.FieldError(await citizen.GetAsync($"/api/tickets/similar?regionCode={Yuhang}&category={Category}&title={text}&limit=21"), "limit");
        using var moderator = await ClientOfAsync(_app, "moderator");
        await Expect.FieldError(await moderator.GetAsync("/api/tickets/tk-any/similar?limit=0"), "limit");
    }

    [Fact]
    public async Task Without_a_token_the_hints_are_refused()
    {
        using var anonymous = _app.Client();

        await Expect.Problem(await anonymous.GetAsync(Similar(NightWorks)), HttpStatusCode.Unauthorized);
        await Expect.Problem(await anonymous.GetAsync("/api/tickets/tk-any/similar"), HttpStatusCode.Unauthorized);
    }
}
