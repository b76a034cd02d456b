using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;

namespace Community.Web.Tests.Circles;

[Collection(SharedAppCollection.Name)]
public sealed class CirclesApiSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    [Fact]
    public async Task A_created_circle_is_found_by_id_by_region_and_by_part_of_its_name()
    {
        var session = await _app.RegisterAndSignInAsync();
        using var client = _app.Client(session.Token);
        var name = "湖州骑行" + Guid.NewGuid().ToString("N")[..6];

        var created = await client.PostAsJsonAsync("/api/circles",
            new { name, description = "Cycling around Taihu: routes, rides, repairs.", regionCode = "330500" });
        await Expect.Status(created, HttpStatusCode.Created);
        var circleId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("circleId").GetString()!;
        Assert.Equal($"/api/circles/{circleId}", created.Headers.Location!.OriginalString);

        // Lists come from the read model, which trails the journal by a moment.
        JsonElement circle = default;
        await Eventually.TrueAsync(async () =>
        {
            var response = await client.GetAsync($"/api/circles/{circleId}");
            if (response.StatusCode != HttpStatusCode.OK) return false;
            circle = await response.Content.ReadFromJsonAsync<JsonElement>();
            return circle.GetProperty("memberCount").GetInt64() == 1; // the owner, once admitted
        }, "the new circle is in the directory with its owner as member");
        Assert.Equal(name, circle.GetProperty("name").GetString());
        Assert.Equal("330500", circle.GetProperty("regionCode").GetString());
        Assert.Equal(session.UserId, circle.GetProperty("ownerId").GetString());

        var byRegion = await client.GetFromJsonAsync<JsonElement>("/api/circles?regionCode=330500&limit=100");
        Assert.Contains(Ids(byRegion), id => id == circleId);
        Assert.All(byRegion.GetProperty("items").EnumerateArray(), c => Assert.Equal("330500", c.GetProperty("regionCode").GetString()));

        var byName = await client.GetFromJsonAsync<JsonElement>($"/api/circles?q={Uri.EscapeDataString(name[2..])}");
        Assert.Equal([circleId], Ids(byName));
    }

    [Fact]
    public async Task The_seeded_circles_are_listed_page_by_page_without_repeats()
    {
        var session = await _app.RegisterAndSignInAsync();
        using var client = _app.Client(session.Token);
        await Eventually.TrueAsync(async () =>
            Ids(await client.GetFromJsonAsync<JsonElement>("/api/circles?limit=100")).Contains("c-running"), "the demo circles are projected");

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/circles?limit=3{(cursor is null ? "" : "&cursor=" + cursor)}");
            Assert.InRange(page.GetProperty("items").GetArrayLength(), 1, 3);
            seen.AddRange(Ids(page));
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Subset(seen.ToHashSet(), new HashSet<string>
            { "c-photography", "c-late-tide", "c-money-news", "c-koushui-housing", "c-foodie", "c-running", "c-campus" });
        var koushui = await client.GetFromJsonAsync<JsonElement>("/api/circles?q=" + Uri.EscapeDataString("口水"));
        Assert.Contains("c-koushui-housing", Ids(koushui));
    }

    [Fact]
    public async Task Bad_requests_are_refused_and_create_nothing()
    {
        var session = await _app.RegisterAndSignInAsync();
        using var client = _app.Client(session.Token);
        // Counted once a circle created now is listed: circles of earlier tests still being projected are in the count.
        var before = (await CreateAndAwaitListedAsync(client)).Count;

        foreach (var (body, field) in new[]
                 {
                     ("{\"description\":\"d\",\"regionCode\":\"330000\"}", "name"),
                     ("{\"name\":\"<script>alert(1)</script>\",\"description\":\"d\",\"regionCode\":\"330000\"}", "name"),
                     ("{\"name\":\"好圈子\",\"description\":\"d\",\"regionCode\":\"nowhere\"}", "regionCode"),
                     ("{\"name\":42,\"description\":\"d\",\"regionCode\":\"330000\"}", "name"),
                 })
        {
            var response = await client.PostAsync("/api/circles", new StringContent(body, Encoding.UTF8, "application/json"));
            await Expect.FieldError(response, field);
        }
        await Expect.Problem(await client.PostAsync("/api/circles", new StringContent("{\"name\":", Encoding.UTF8, "application/json")),
            HttpStatusCode.BadRequest);

        await Expect.FieldError(await client.GetAsync("/api/circles?limit=0"), "limit");
        await Expect.FieldError(await client.GetAsync("/api/circles?regionCode=999999"), "regionCode");
        await Expect.Problem(await client.GetAsync("/api/circles/c-no-such-circle"), HttpStatusCode.NotFound, "not-found");

        using var anonymous = _app.Client();
        await Expect.Problem(await anonymous.GetAsync("/api/circles"), HttpStatusCode.Unauthorized);
        await Expect.Problem(await anonymous.PostAsJsonAsync("/api/circles", new { name = "匿名圈", description = "d", regionCode = "330000" }),
            HttpStatusCode.Unauthorized);

        // Sentinel: the directory is projected in journal order, so once a circle created now is listed, anything the
        // refused requests had wrongly created would be listed too.
        var after = await CreateAndAwaitListedAsync(client);
        Assert.Equal(before + 1, after.Count);
    }

    /// <summary>Creates a circle and waits until the directory lists it; the directory then.</summary>
    private static async Task<List<string>> CreateAndAwaitListedAsync(HttpClient client)
    {
        var created = await client.PostAsJsonAsync("/api/circles",
            new { name = "哨兵圈" + Guid.NewGuid().ToString("N")[..6], description = "a sentinel", regionCode = "330000" });
        await Expect.Status(created, HttpStatusCode.Created);
        var circleId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("circleId").GetString()!;
        List<string> listed = [];
        await Eventually.TrueAsync(async () => (listed = await AllIdsAsync(client)).Contains(circleId), $"circle {circleId} is listed");
        return listed;
    }

    /// <summary>The whole directory, page by page: a first page would stop counting at its limit.</summary>
    private static async Task<List<string>> AllIdsAsync(HttpClient client)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"/api/circles?limit=100{(cursor is null ? "" : "&cursor=" + cursor)}");
            ids.AddRange(Ids(page));
            cursor = page.GetProperty("next").GetString();
        }
        while (cursor is not null);
        return ids;
    }

    private static List<string> Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("circleId").GetString()!).ToList();

    [Fact]
    public async Task A_circle_key_reused_with_another_body_is_a_422_and_creates_and_joins_nothing()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var name = "一次圈" + Guid.NewGuid().ToString("N")[..4];
        var body = new { name, description = "Created once.", regionCode = "330106" };

        var first = (await owner.CreateKeyedAsync("/api/circles", body, "circle-1")).GetProperty("circleId").GetString()!;
        await owner.ExpectKeyReusedAsync("/api/circles", body with { name = name + "改" }, "circle-1");
        await owner.ExpectKeyReusedAsync("/api/circles", body with { description = "Another one." }, "circle-1");
        await owner.ExpectKeyReusedAsync("/api/circles", body with { regionCode = "330100" }, "circle-1");
        var replay = (await owner.CreateKeyedAsync("/api/circles", body, "circle-1")).GetProperty("circleId").GetString();

        Assert.Equal(first, replay);
        Assert.Matches("^c-[a-z2-7]{26}$", first);
        // A circle created after the refused ones is listed beside the first, and nothing else is.
        var after = (await owner.CreateKeyedAsync("/api/circles", body with { name = name + "后" }, "circle-2")).GetProperty("circleId").GetString()!;
        await owner.CircleWhenAsync(after, _ => true, "the circle created after the refused ones");
        var circle = await owner.CircleWhenAsync(first, c => c.GetProperty("memberCount").GetInt64() > 0, "the first circle is projected");
        Assert.Equal((name, "Created once.", "330106", 1L), (circle.GetProperty("name").GetString(), circle.GetProperty("description").GetString(),
            circle.GetProperty("regionCode").GetString(), circle.GetProperty("memberCount").GetInt64()));
        var named = await owner.Http.GetFromJsonAsync<JsonElement>($"/api/circles?q={Uri.EscapeDataString(name)}");
        Assert.Equal(new[] { first, after }.Order(), named.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("circleId").GetString()).Order());
    }
}
