using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Community.Recommender.Behavior;
using Community.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Community.Web.Tests.Behavior;

/// <summary><c>POST /api/events</c> through the real host: 202 only once the events are in the behavior log (with the
/// signed-in reader's id, or none), and every bad batch a 400 naming <c>[index].field</c> that stores nothing.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class BehaviorApiSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    private static string NewItem(string prefix = "w") => $"{prefix}-{Guid.NewGuid():N}";

    [Fact]
    public async Task A_signed_in_readers_events_are_stored_with_their_id_before_the_202()
    {
        var reader = await _app.RegisterAndSignInAsync();
        using var client = _app.Client(reader.Token);
        var (post, work) = (NewItem("p"), NewItem());
        var at = DateTimeOffset.UtcNow.AddMinutes(-3);

        var response = await client.PostAsJsonAsync("/api/events", new object[]
        {
            new { kind = "view", itemKind = "post", itemId = post },
            new { kind = "dwell", itemKind = "work", itemId = work, ms = 42_000, at = at.ToString("O") },
            new { kind = "share", itemKind = "work", itemId = work },
            new { kind = "hide", itemKind = "post", itemId = post },
        });

        await Expect.Status(response, HttpStatusCode.Accepted);
        Assert.Equal(4, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());
        // Read at once: 202 means committed.
        var rows = await RowsAsync(post, work);
        Assert.Equal(["view", "dwell", "share", "hide"], rows.Select(r => r.Kind));
        Assert.All(rows, r => Assert.Equal(reader.UserId, r.UserId));
        var dwell = rows.Single(r => r.Kind == "dwell");
        Assert.Equal((work, "work", 42_000), (dwell.ItemId, dwell.ItemKind, dwell.Ms));
        Assert.Equal(at.ToUnixTimeMilliseconds(), dwell.AtMs);
        Assert.True(dwell.ReceivedMs >= dwell.AtMs);
        var view = rows.Single(r => r.Kind == "view");
        Assert.Equal((view.ReceivedMs, (int?)null), (view.AtMs, view.Ms));
    }

    [Fact]
    public async Task An_anonymous_readers_events_are_stored_without_a_user()
    {
        using var client = _app.Client();
        var work = NewItem();

        var response = await client.PostAsJsonAsync("/api/events", new[] { new { kind = "view", itemKind = "work", itemId = work } });

        await Expect.Status(response, HttpStatusCode.Accepted);
        var row = Assert.Single(await RowsAsync(work));
        Assert.Null(row.UserId);
    }

    [Fact]
    public async Task An_invalid_token_is_a_401_rather_than_anonymous_events()
    {
        using var client = _app.Client("not-a-token");
        var work = NewItem();

        var response = await client.PostAsJsonAsync("/api/events", new[] { new { kind = "view", itemKind = "work", itemId = work } });

        await Expect.Problem(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Empty(await RowsAsync(work));
    }

    [Fact]
    public async Task One_bad_event_rejects_the_whole_batch_naming_its_index_and_field()
    {
        using var client = _app.Client();
        var items = Enumerable.Range(0, 5).Select(_ => NewItem()).ToArray();
        var events = items.Select(id => (object)new { kind = "view", itemKind = "work", itemId = id }).ToArray();
        events[3] = new { kind = "foo", itemKind = "work", itemId = items[3] };

        var problem = await Expect.FieldError(await client.PostAsJsonAsync("/api/events", events), "[3].kind");

        Assert.Equal(["Unknown kind 'foo'."], problem.GetProperty("errors").GetProperty("[3].kind").EnumerateArray().Select(e => e.GetString()));
        Assert.Single(problem.GetProperty("errors").EnumerateObject());
        Assert.Empty(await RowsAsync(items));
    }

    [Fact]
    public async Task Every_field_rule_is_named_by_index_and_field()
    {
        using var client = _app.Client();
        var id = NewItem();
        var now = DateTimeOffset.UtcNow;
        object[] events =
        [
            new { kind = "dwell", itemKind = "work", itemId = id },
            new { kind = "view", itemKind = "work", itemId = id, ms = 10 },
            new { kind = "dwell", itemKind = "work", itemId = id, ms = 0 },
            new { kind = "dwell", itemKind = "work", itemId = id, ms = 86_400_001 },
            new { kind = "view", itemKind = "work", itemId = id, at = now.AddMinutes(10).ToString("O") },
            new { kind = "view", itemKind = "work", itemId = id, at = now.AddDays(-8).ToString("O") },
            new { kind = "view", itemKind = "work", itemId = id, at = "yesterday" },
            new { kind = "view", itemKind = "circle", itemId = id },
            new { kind = "view", itemKind = "work", itemId = "" },
            new { kind = "view", itemKind = "work", itemId = new string('a', 121) },
            new { kind = "view", itemKind = "work", itemId = "W-Upper" },
            new { itemKind = "work", itemId = id },
            new { kind = "view", itemKind = "work", itemId = id, at = now.AddMinutes(-1).ToString("O") },
        ];

        var response = await client.PostAsJsonAsync("/api/events", events);

        var errors = (await Expect.FieldError(response, "[0].ms")).GetProperty("errors");
        string[] expected = ["[0].ms", "[1].ms", "[2].ms", "[3].ms", "[4].at", "[5].at", "[6].at", "[7].itemKind", "[8].itemId", "[9].itemId",
            "[10].itemId", "[11].kind"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains("future", errors.GetProperty("[4].at")[0].GetString());
        Assert.Contains("7 days", errors.GetProperty("[5].at")[0].GetString());
        Assert.Empty(await RowsAsync(id));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public async Task A_batch_of_none_or_more_than_500_events_is_refused(int count)
    {
        using var client = _app.Client();
        var id = NewItem();

        var response = await client.PostAsJsonAsync("/api/events",
            Enumerable.Range(0, count).Select(_ => new { kind = "view", itemKind = "work", itemId = id }));

        await Expect.FieldError(response, "body");
        Assert.Empty(await RowsAsync(id));
    }

    [Fact]
    public async Task Five_hundred_events_are_one_accepted_batch()
    {
        using var client = _app.Client();
        var id = NewItem();

        var response = await client.PostAsJsonAsync("/api/events",
            Enumerable.Range(0, 500).Select(i => new { kind = "dwell", itemKind = "work", itemId = id, ms = i + 1 }));

        await Expect.Status(response, HttpStatusCode.Accepted);
        Assert.Equal(Enumerable.Range(1, 500), (await RowsAsync(id)).Select(r => r.Ms!.Value));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[{\"kind\": 5, \"itemKind\": \"work\", \"itemId\": \"w-1\"}]")]
    [InlineData("[{\"kind\": \"dwell\", \"itemKind\": \"work\", \"itemId\": \"w-1\", \"ms\": \"long\"}]")]
    [InlineData("[null]")]
    [InlineData("not json")]
    public async Task A_body_of_the_wrong_shape_is_a_400(string body)
    {
        using var client = _app.Client();

        var response = await client.PostAsync("/api/events", new StringContent(body, Encoding.UTF8, "application/json"));

        await Expect.Problem(response, HttpStatusCode.BadRequest, "validation");
    }

    [Fact]
    public async Task Another_media_type_is_a_415_and_another_verb_a_405()
    {
        using var client = _app.Client();

        var text = await client.PostAsync("/api/events", new StringContent("[]", Encoding.UTF8, "text/plain"));
        var get = await client.GetAsync("/api/events");

        await Expect.Problem(text, HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
        await Expect.Problem(get, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        Assert.Contains("POST", get.Content.Headers.Allow);
    }

    [Fact]
    public async Task A_body_over_the_hosts_limit_is_a_413_and_stores_nothing()
    {
        using var client = _app.Client();
        var id = NewItem() + new string('x', 80);
        // 500 events with long ids: about 75 KB, over the 64 KB the host accepts.
        var body = JsonSerializer.Serialize(Enumerable.Range(0, 500).Select(_ => new { kind = "view", itemKind = "work", itemId = id }));
        Assert.True(body.Length > 64 * 1024);

        var response = await client.PostAsync("/api/events", new StringContent(body, Encoding.UTF8, "application/json"));

        await Expect.Problem(response, HttpStatusCode.RequestEntityTooLarge, "too-large");
        Assert.Empty(await RowsAsync(id));
    }

    private async Task<List<StoredBehavior>> RowsAsync(params string[] itemIds)
    {
        var log = _app.Services.GetRequiredService<BehaviorLog>();
        var wanted = itemIds.ToHashSet();
        var rows = new List<StoredBehavior>();
        for (var after = 0L; ;)
        {
            var page = await log.ReadAfterAsync(after, 5000, CancellationToken.None);
            if (page.Count == 0) return rows;
            rows.AddRange(page.Where(r => wanted.Contains(r.ItemId)));
            after = page[^1].Id;
        }
    }
}
