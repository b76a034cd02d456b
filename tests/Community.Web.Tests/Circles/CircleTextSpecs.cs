using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;
using Community.Web.Tests.Users;

namespace Community.Web.Tests.Circles;

/// <summary>Circle names and topic titles follow the single-line name rules; descriptions, posts and comments the free text
/// rules (line breaks allowed; no direction controls, nothing blank or invisible).</summary>
[Collection(SharedAppCollection.Name)]
public sealed class CircleTextSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    private static object Topic(string title, string description = "Your photos of the lake.") =>
        new { title, description, startsAt = DateTimeOffset.UtcNow.AddHours(-1), endsAt = DateTimeOffset.UtcNow.AddDays(1) };

    public static TheoryData<string, string> NameTricks => NameSpecs.TextTricks;

    [Theory]
    [MemberData(nameof(NameTricks))]
    public async Task A_spoofing_circle_name_is_400_naming_it_and_creates_nothing(string name, string trick)
    {
        using var owner = await CircleClient.SignUpAsync(_app);

        var response = await owner.Http.PostAsJsonAsync("/api/circles", new { name, description = "d", regionCode = "330106" });

        await Expect.FieldError(response, "name");
        Assert.True((await owner.Http.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("circles").GetArrayLength() == 0, trick);
    }

    [Theory]
    [MemberData(nameof(NameTricks))]
    public async Task A_spoofing_topic_title_is_400_naming_it_and_opens_nothing(string title, string trick)
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();

        await Expect.FieldError(await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/topics", Topic(title)), "title");

        await Expect.Status(await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/topics", Topic("好话题")), HttpStatusCode.Created);
        Assert.True((await TopicTitlesAsync(owner, circleId, 1)).SequenceEqual(["好话题"]), trick);
    }

    public static readonly TheoryData<string, string> Normalised = new()
    {
        { "  小王  ", "小王" },
        { "ＡＢＣ", "ABC" },
        { "👨‍👩‍👧", "👨‍👩‍👧" },
    };

    [Theory]
    [MemberData(nameof(Normalised))]
    public async Task Circle_names_and_topic_titles_are_stored_NFKC_and_trimmed(string name, string stored)
    {
        using var owner = await CircleClient.SignUpAsync(_app);

        var created = await owner.Http.PostAsJsonAsync("/api/circles", new { name, description = "  d  ", regionCode = "330106" });
        await Expect.Status(created, HttpStatusCode.Created);
        var circleId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("circleId").GetString()!;
        var circle = await owner.CircleWhenAsync(circleId, _ => true, "the new circle is listed");
        Assert.Equal((stored, "d"), (circle.GetProperty("name").GetString(), circle.GetProperty("description").GetString()));

        await Expect.Status(await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/topics", Topic(name)), HttpStatusCode.Created);
        Assert.Equal([stored], await TopicTitlesAsync(owner, circleId, 1));
    }

    /// <summary>Tricks refused in free text (descriptions, posts, comments).</summary>
    public static readonly TheoryData<string, string> FreeTextTricks = new()
    {
        { "look \u202Eereh kcilc", "a right-to-left override (U+202E)" },
        { "\u2067مرحبا\u2069 hello", "a direction isolate (U+2067)" },
        { "\u200F", "a right-to-left mark (U+200F)" },
        { "\u200B\u200B", "only zero-width spaces" },
        { "\u2800\u3164", "only blank-looking letters" },
        { "  \n \r\n  ", "only white space and line breaks" },
    };

    public static TheoryData<string, string, string> FreeTextTricksByField()
    {
        var all = new TheoryData<string, string, string>();
        foreach (var field in new[] { "circle description", "topic description", "post", "comment" })
            foreach (var row in FreeTextTricks)
                all.Add(field, (string)row[0]!, (string)row[1]!);
        return all;
    }

    [Theory]
    [MemberData(nameof(FreeTextTricksByField))]
    public async Task Spoofing_free_text_is_400_naming_the_field_and_stores_nothing(string where, string text, string trick)
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var because = $"{trick} in a {where}";
        switch (where)
        {
            case "circle description":
                await Expect.FieldError(await owner.Http.PostAsJsonAsync("/api/circles", new { name = "好圈子", description = text, regionCode = "330106" }),
                    "description");
                Assert.True((await owner.Http.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("circles").GetArrayLength() == 0, because);
                break;
            case "topic description":
            {
                var circleId = await owner.CreateCircleAsync();
                await Expect.FieldError(await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/topics", Topic("好话题", text)), "description");
                await Expect.Status(await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/topics", Topic("好话题")), HttpStatusCode.Created);
                Assert.True((await TopicTitlesAsync(owner, circleId, 1)).SequenceEqual(["好话题"]), because);
                break;
            }
            case "post":
            {
                var circleId = await owner.CreateCircleAsync();
                await Expect.FieldError(await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/posts", new { text }), "text");
                await owner.PostAsync(circleId, "a good one");
                await Eventually.TrueAsync(async () => (await owner.PostsAsync(circleId)).GetProperty("items").GetArrayLength() == 1, "the good post");
                Assert.Equal("a good one", (await owner.PostsAsync(circleId)).GetProperty("items")[0].GetProperty("text").GetString());
                break;
            }
            default:
            {
                var circleId = await owner.CreateCircleAsync();
                var (postId, _) = await owner.PostAsync(circleId, "a post");
                var comments = $"/api/circles/{circleId}/posts/{postId}/comments";
                await Expect.FieldError(await owner.Http.PostAsJsonAsync(comments, new { text }), "text");
                await Expect.Status(await owner.Http.PostAsJsonAsync(comments, new { text = "a good one" }), HttpStatusCode.Created);
                var texts = new List<string?>();
                await Eventually.TrueAsync(async () =>
                {
                    var response = await owner.Http.GetAsync(comments);
                    if (response.StatusCode != HttpStatusCode.OK) return false;
                    texts = [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()
                        .Select(c => c.GetProperty("text").GetString())];
                    return texts.Count > 0;
                }, "the good comment");
                Assert.True(texts.SequenceEqual(["a good one"]), because);
                break;
            }
        }
    }

    [Fact]
    public async Task Free_text_keeps_its_line_breaks_and_emoji()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        const string description = "第一行\r\n第二行\n👨‍👩‍👧";

        var created = await owner.Http.PostAsJsonAsync("/api/circles", new { name = "多行圈子", description, regionCode = "330106" });
        await Expect.Status(created, HttpStatusCode.Created);
        var circleId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("circleId").GetString()!;
        await Expect.Status(await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/topics", Topic("多行话题", description)), HttpStatusCode.Created);
        var (postId, _) = await owner.PostAsync(circleId, description);

        var circle = await owner.CircleWhenAsync(circleId, _ => true, "the new circle is listed");
        Assert.Equal(description, circle.GetProperty("description").GetString());
        await TopicTitlesAsync(owner, circleId, 1);
        var topics = await owner.Http.GetFromJsonAsync<JsonElement>($"/api/circles/{circleId}/topics");
        Assert.Equal(description, topics.GetProperty("items")[0].GetProperty("description").GetString());
        var post = await owner.PostWhenAsync(circleId, postId, _ => true, "the post is listed");
        Assert.Equal(description, post.GetProperty("text").GetString());
    }

    /// <summary>The circle's topic titles once it lists at least <paramref name="count"/> (the topic list trails a moment).</summary>
    private static async Task<List<string?>> TopicTitlesAsync(CircleClient owner, string circleId, int count)
    {
        var titles = new List<string?>();
        await Eventually.TrueAsync(async () =>
        {
            var response = await owner.Http.GetAsync($"/api/circles/{circleId}/topics");
            if (response.StatusCode != HttpStatusCode.OK) return false;
            titles = [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()
                .Select(t => t.GetProperty("title").GetString())];
            return titles.Count >= count;
        }, $"{count} topics listed");
        return titles;
    }
}
