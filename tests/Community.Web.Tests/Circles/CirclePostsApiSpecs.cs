using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;

namespace Community.Web.Tests.Circles;

/// <summary>Membership, posts, comments, likes and removal through the public API: the contract of API.md, with every
/// refusal a problem that changes nothing.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class CirclePostsApiSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    [Fact]
    public async Task A_member_posts_comments_and_likes_and_readers_see_it_all_in_the_feed()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        using var reader = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        await reader.JoinAsync(circleId);
        await reader.JoinAsync(circleId); // a repeat is fine and counts once
        await owner.CircleWhenAsync(circleId, c => c.GetProperty("memberCount").GetInt64() == 2, "owner and reader are counted");

        var (postId, seq) = await reader.PostAsync(circleId, "苏堤春晓 at 6 am: https://example.cn/su-causeway");
        var comment = await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/posts/{postId}/comments", new { text = "好美！" });
        await Expect.Status(comment, HttpStatusCode.Created);
        var commentBody = await comment.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(seq + 1, commentBody.GetProperty("seq").GetInt64());
        await Expect.Status(await owner.Http.PutAsync($"/api/circles/{circleId}/posts/{postId}/likes/me", null), HttpStatusCode.NoContent);
        await Expect.Status(await owner.Http.PutAsync($"/api/circles/{circleId}/posts/{postId}/likes/me", null), HttpStatusCode.NoContent);
        await Expect.Status(await reader.Http.PutAsync($"/api/circles/{circleId}/posts/{postId}/likes/me", null), HttpStatusCode.NoContent);

        var post = await owner.PostWhenAsync(circleId, postId,
            p => p.GetProperty("likeCount").GetInt64() == 2 && p.GetProperty("commentCount").GetInt64() == 1, "likes and comment are counted");
        Assert.Equal(seq, post.GetProperty("seq").GetInt64());
        Assert.Equal(reader.Session.UserId, post.GetProperty("authorId").GetString());
        Assert.Equal("Reader " + reader.Session.UserName, post.GetProperty("authorName").GetString());
        Assert.Equal("苏堤春晓 at 6 am: https://example.cn/su-causeway", post.GetProperty("text").GetString());

        var comments = await owner.Http.GetFromJsonAsync<JsonElement>($"/api/circles/{circleId}/posts/{postId}/comments");
        var only = Assert.Single(comments.GetProperty("items").EnumerateArray());
        Assert.Equal(("好美！", commentBody.GetProperty("commentId").GetString()),
            (only.GetProperty("text").GetString(), only.GetProperty("commentId").GetString()));

        // Unliking twice is as idempotent as liking.
        await Expect.Status(await owner.Http.DeleteAsync($"/api/circles/{circleId}/posts/{postId}/likes/me"), HttpStatusCode.NoContent);
        await Expect.Status(await owner.Http.DeleteAsync($"/api/circles/{circleId}/posts/{postId}/likes/me"), HttpStatusCode.NoContent);
        await owner.PostWhenAsync(circleId, postId, p => p.GetProperty("likeCount").GetInt64() == 1, "the unlike is counted");
    }

    [Fact]
    public async Task Posts_are_listed_in_seq_order_page_by_page_or_newest_first_with_the_circles_last_seq()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        var seqs = new List<long>();
        for (var i = 0; i < 5; i++) seqs.Add((await owner.PostAsync(circleId, $"第{i}条")).Seq);
        await Eventually.TrueAsync(async () => (await owner.PostsAsync(circleId)).GetProperty("items").GetArrayLength() == 5, "all 5 posts");

        var first = await owner.PostsAsync(circleId, "?limit=2");
        Assert.Equal(seqs[..2], first.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("seq").GetInt64()));
        var next = first.GetProperty("next").GetInt64();
        var second = await owner.PostsAsync(circleId, $"?after={next}&limit=10");
        Assert.Equal(seqs[2..], second.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("seq").GetInt64()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);
        Assert.Equal(seqs[^1], second.GetProperty("lastSeq").GetInt64());

        var newest = await owner.PostsAsync(circleId, "?before=9223372036854775807&limit=2");
        Assert.Equal([seqs[4], seqs[3]], newest.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("seq").GetInt64()));
        var older = await owner.PostsAsync(circleId, $"?before={newest.GetProperty("next").GetInt64()}&limit=10");
        Assert.Equal([seqs[2], seqs[1], seqs[0]], older.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("seq").GetInt64()));
    }

    [Fact]
    public async Task Markup_in_a_post_is_stored_as_written_and_returned_as_json_text()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        const string text = "<script>alert('x')</script> & <b>bold</b> 😀";

        var (postId, _) = await owner.PostAsync(circleId, text);

        var post = await owner.PostWhenAsync(circleId, postId, _ => true, "the post is projected");
        Assert.Equal(text, post.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Non_members_may_not_post_comment_or_like_and_unknown_circles_and_posts_are_not_found()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        using var stranger = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        var (postId, _) = await owner.PostAsync(circleId, "members only");

        await Expect.Problem(await stranger.Http.PostAsJsonAsync($"/api/circles/{circleId}/posts", new { text = "hi" }), HttpStatusCode.Forbidden);
        await Expect.Problem(await stranger.Http.PostAsJsonAsync($"/api/circles/{circleId}/posts/{postId}/comments", new { text = "hi" }),
            HttpStatusCode.Forbidden);
        await Expect.Problem(await stranger.Http.PutAsync($"/api/circles/{circleId}/posts/{postId}/likes/me", null), HttpStatusCode.Forbidden);

        await Expect.Problem(await stranger.Http.PostAsJsonAsync("/api/circles/c-nosuchcircle/posts", new { text = "hi" }), HttpStatusCode.NotFound);
        await Expect.Problem(await stranger.Http.PostAsync("/api/circles/c-nosuchcircle/members", null), HttpStatusCode.NotFound);
        await Expect.Problem(await stranger.Http.GetAsync("/api/circles/c-nosuchcircle/posts"), HttpStatusCode.NotFound);
        await Expect.Problem(await stranger.Http.GetAsync("/api/circles/NOT%20AN%20ID/posts"), HttpStatusCode.NotFound);
        await Expect.Problem(await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/posts/p-nosuchpost/comments", new { text = "hi" }),
            HttpStatusCode.NotFound);
        await Expect.Problem(await owner.Http.PutAsync($"/api/circles/{circleId}/posts/p-nosuchpost/likes/me", null), HttpStatusCode.NotFound);
        await Expect.Problem(await owner.Http.GetAsync($"/api/circles/{circleId}/posts/p-nosuchpost/comments"), HttpStatusCode.NotFound);

        var post = await owner.PostWhenAsync(circleId, postId, _ => true, "the post is projected");
        Assert.Equal((0L, 0L), (post.GetProperty("likeCount").GetInt64(), post.GetProperty("commentCount").GetInt64()));
    }

    [Fact]
    public async Task A_member_who_leaves_may_no_longer_post_and_is_no_longer_counted()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        using var reader = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        await reader.JoinAsync(circleId);
        await reader.PostAsync(circleId, "hello");

        await Expect.Status(await reader.Http.DeleteAsync($"/api/circles/{circleId}/members/me"), HttpStatusCode.NoContent);
        await Expect.Status(await reader.Http.DeleteAsync($"/api/circles/{circleId}/members/me"), HttpStatusCode.NoContent);

        await Expect.Problem(await reader.Http.PostAsJsonAsync($"/api/circles/{circleId}/posts", new { text = "again" }), HttpStatusCode.Forbidden);
        await owner.CircleWhenAsync(circleId, c => c.GetProperty("memberCount").GetInt64() == 1, "only the owner is counted");
        var me = await reader.Http.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Empty(me.GetProperty("circles").EnumerateArray());
    }

    public static TheoryData<string, string> BadPosts => new()
    {
        { """{}""", "text" },
        { """{"text": ""}""", "text" },
        { """{"text": "   "}""", "text" },
        { """{"text": 5}""", "body" },
        { """{"text": "ok", "imageUrls": ["javascript:alert(1)"]}""", "imageUrls" },
        { """{"text": "ok", "imageUrls": ["/relative.jpg"]}""", "imageUrls" },
        { """{"text": "ok", "imageUrls": "https://example.cn/a.jpg"}""", "body" },
        { """{"text": "ok", "topicId": "<t>"}""", "topicId" },
        { """{"text": "bell \u0007"}""", "text" },
        { $$"""{"text": "{{new string('长', 5001)}}"}""", "text" },
    };

    [Theory]
    [MemberData(nameof(BadPosts))]
    public async Task A_bad_post_is_a_400_naming_the_field_and_stores_nothing(string body, string field)
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();

        var response = await owner.Http.PostAsync($"/api/circles/{circleId}/posts", new StringContent(body, Encoding.UTF8, "application/json"));

        if (field == "body") await Expect.Problem(response, HttpStatusCode.BadRequest);
        else await Expect.FieldError(response, field);
        await owner.PostAsync(circleId, "a good one");
        await Eventually.TrueAsync(async () => (await owner.PostsAsync(circleId)).GetProperty("items").GetArrayLength() == 1, "the good post");
        Assert.Equal("a good one", (await owner.PostsAsync(circleId)).GetProperty("items")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_post_body_over_the_size_limit_is_413()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();

        var response = await owner.Http.PostAsync($"/api/circles/{circleId}/posts",
            new StringContent($$"""{"text": "{{new string('x', 70_000)}}"}""", Encoding.UTF8, "application/json"));

        await Expect.Problem(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Every_circle_route_needs_a_token()
    {
        using var anonymous = _app.Client();
        var routes = new (HttpMethod, string)[]
        {
            (HttpMethod.Post, "/api/circles/c-running/members"),
            (HttpMethod.Delete, "/api/circles/c-running/members/me"),
            (HttpMethod.Post, "/api/circles/c-running/posts"),
            (HttpMethod.Get, "/api/circles/c-running/posts"),
            (HttpMethod.Delete, "/api/circles/c-running/posts/p-demo-yiwu-10k"),
            (HttpMethod.Post, "/api/circles/c-running/posts/p-demo-yiwu-10k/comments"),
            (HttpMethod.Get, "/api/circles/c-running/posts/p-demo-yiwu-10k/comments"),
            (HttpMethod.Put, "/api/circles/c-running/posts/p-demo-yiwu-10k/likes/me"),
            (HttpMethod.Delete, "/api/circles/c-running/posts/p-demo-yiwu-10k/likes/me"),
            (HttpMethod.Post, "/api/circles/c-running/topics"),
            (HttpMethod.Get, "/api/circles/c-running/topics"),
        };
        foreach (var (method, path) in routes)
        {
            using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(new { text = "hi" }) };
            await Expect.Problem(await anonymous.SendAsync(request), HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task A_post_is_removed_by_its_author_or_a_platform_moderator_not_by_another_reader()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        using var reader = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        await reader.JoinAsync(circleId);
        var (first, _) = await reader.PostAsync(circleId, "one");
        var (second, _) = await reader.PostAsync(circleId, "two");
        var (third, _) = await owner.PostAsync(circleId, "three");

        await Expect.Problem(await reader.Http.DeleteAsync($"/api/circles/{circleId}/posts/{third}"), HttpStatusCode.Forbidden);
        await Expect.Status(await reader.Http.DeleteAsync($"/api/circles/{circleId}/posts/{first}"), HttpStatusCode.NoContent);
        // The circle's owner moderates it; so does the platform's moderator.
        await Expect.Status(await owner.Http.DeleteAsync($"/api/circles/{circleId}/posts/{second}"), HttpStatusCode.NoContent);
        using var moderator = _app.Client((await _app.SignInAsync("moderator", CommunityApp.DemoPassword)).Token);
        await Expect.Status(await moderator.DeleteAsync($"/api/circles/{circleId}/posts/{third}"), HttpStatusCode.NoContent);

        await Eventually.TrueAsync(async () => (await owner.PostsAsync(circleId)).GetProperty("items").GetArrayLength() == 0,
            "removed posts leave the feed");
        await Expect.Problem(await reader.Http.PutAsync($"/api/circles/{circleId}/posts/{first}/likes/me", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_post_key_reused_with_another_body_is_a_422_and_only_the_first_post_is_stored()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        var path = $"/api/circles/{circleId}/posts";

        var first = await owner.CreateKeyedAsync(path, new { text = "第一版" }, "draft-1");
        await owner.ExpectKeyReusedAsync(path, new { text = "第二版" }, "draft-1");
        await owner.ExpectKeyReusedAsync(path, new { text = "第一版", imageUrls = new[] { "https://img.example.cn/a.jpg" } }, "draft-1");
        var replay = await owner.CreateKeyedAsync(path, new { text = "第一版" }, "draft-1");

        Assert.Equal((first.GetProperty("postId").GetString(), first.GetProperty("seq").GetInt64()),
            (replay.GetProperty("postId").GetString(), replay.GetProperty("seq").GetInt64()));
        var (after, _) = await owner.PostAsync(circleId, "after the refused ones");
        await owner.PostWhenAsync(circleId, after, _ => true, "the post after the refused ones");
        Assert.Equal(["第一版", "after the refused ones"],
            (await owner.PostsAsync(circleId)).GetProperty("items").EnumerateArray().Select(p => p.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task The_same_post_key_in_two_circles_posts_in_each_with_two_ids()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleA = await owner.CreateCircleAsync();
        var circleB = await owner.CreateCircleAsync();

        var inA = (await owner.CreateKeyedAsync($"/api/circles/{circleA}/posts", new { text = "两个圈都发" }, "draft-1"))
            .GetProperty("postId").GetString()!;
        var inB = (await owner.CreateKeyedAsync($"/api/circles/{circleB}/posts", new { text = "两个圈都发" }, "draft-1"))
            .GetProperty("postId").GetString()!;

        Assert.NotEqual(inA, inB);
        Assert.All(new[] { inA, inB }, id => Assert.Matches("^p-[a-z2-7]{26}$", id));
        await owner.PostWhenAsync(circleA, inA, p => p.GetProperty("text").GetString() == "两个圈都发", "the post in the first circle");
        await owner.PostWhenAsync(circleB, inB, p => p.GetProperty("text").GetString() == "两个圈都发", "the post in the second circle");
    }

    [Fact]
    public async Task A_comment_key_is_the_callers_on_one_post_reused_there_with_another_text_it_is_a_422()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        var (postA, _) = await owner.PostAsync(circleId, "帖子一");
        var (postB, _) = await owner.PostAsync(circleId, "帖子二");
        string CommentsOf(string postId) => $"/api/circles/{circleId}/posts/{postId}/comments";

        var onA = (await owner.CreateKeyedAsync(CommentsOf(postA), new { text = "沙发" }, "comment-1")).GetProperty("commentId").GetString();
        var onB = (await owner.CreateKeyedAsync(CommentsOf(postB), new { text = "沙发" }, "comment-1")).GetProperty("commentId").GetString();
        await owner.ExpectKeyReusedAsync(CommentsOf(postA), new { text = "板凳" }, "comment-1");

        Assert.NotEqual(onA, onB);
        await owner.CreateKeyedAsync(CommentsOf(postA), new { text = "after the refused one" }, "comment-2");
        await owner.PostWhenAsync(circleId, postA, p => p.GetProperty("commentCount").GetInt64() == 2, "both comments on the first post");
        Assert.Equal(["沙发", "after the refused one"], (await owner.Http.GetFromJsonAsync<JsonElement>(CommentsOf(postA)))
            .GetProperty("items").EnumerateArray().Select(c => c.GetProperty("text").GetString()));
        var post = await owner.PostWhenAsync(circleId, postB, p => p.GetProperty("commentCount").GetInt64() == 1, "the comment on the second");
        Assert.Equal(1, post.GetProperty("commentCount").GetInt64());
    }
}
