using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Community.Web.Tests.Circles;
using Community.Web.Tests.Infrastructure;

namespace Community.Web.Tests.Hosting;

/// <summary>What HTTP itself promises, on every route: the right status for a wrong media type or verb, binding failures
/// in our words, no stored tokens, Locations that answer, and the security headers on every response.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class HttpHygieneSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    /// <summary>What the framework would have said; a client must never see it.</summary>
    private static readonly string[] FrameworkText =
        ["Failed to bind", "Implicit body", "Nullable", "parameter \"", "Did you mean", "System.", "Int32", "Int64", "was not provided"];

    [Theory]
    [InlineData("POST", "/api/accounts", "text/plain")]
    [InlineData("POST", "/api/sessions", "application/xml")]
    [InlineData("POST", "/api/circles", "application/x-www-form-urlencoded")]
    [InlineData("PATCH", "/api/me", "text/plain")]
    [InlineData("POST", "/api/circles/c-running/posts", "text/plain")]
    public async Task A_body_of_another_media_type_is_a_415_problem(string method, string path, string contentType)
    {
        using var client = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent("{\"text\":\"hi\"}", Encoding.UTF8, contentType),
        };

        var problem = await Expect.Problem(await client.SendAsync(request), HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");

        Assert.Contains("application/json", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("DELETE", "/api/circles", "GET, POST")]
    [InlineData("PUT", "/api/me", "GET, PATCH")]
    [InlineData("GET", "/api/sessions", "POST")]
    [InlineData("GET", "/api/accounts", "POST")]
    [InlineData("DELETE", "/api/circles/c-running/members", "POST")]
    [InlineData("POST", "/api/circles/c-running/posts/p-demo-yiwu-10k/likes/me", "DELETE, PUT")]
    public async Task A_wrong_verb_on_an_API_path_is_a_405_problem_that_lists_the_verbs_it_takes(string method, string path, string allow)
    {
        // The same answer with a token and without: the path exists whoever asks.
        using var signedIn = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        using var anonymous = _app.Client();
        foreach (var client in new[] { signedIn, anonymous })
        {
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

            var problem = await Expect.Problem(response, HttpStatusCode.MethodNotAllowed, "method-not-allowed");
            Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
            Assert.Contains(allow, problem.GetProperty("detail").GetString());
        }
    }

    [Theory]
    [InlineData("GET", "/api/no-such-thing")]
    [InlineData("DELETE", "/api/no-such-thing")]
    [InlineData("POST", "/api/circles/c-running/no-such-thing")]
    [InlineData("GET", "/api/circles/c-running/posts/p-demo-yiwu-10k/no-such-thing")]
    public async Task An_unknown_API_path_stays_a_404_problem_whatever_the_verb(string method, string path)
    {
        using var signedIn = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        using var anonymous = _app.Client();
        foreach (var client in new[] { signedIn, anonymous })
            await Expect.Problem(await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)), HttpStatusCode.NotFound,
                "not-found");
    }

    [Theory]
    [InlineData("GET", "/api/circles?limit=abc", null, null, "limit")]
    [InlineData("GET", "/api/circles?limit=1.5", null, null, "limit")]
    [InlineData("GET", "/api/circles/c-running/posts?after=x", null, null, "after")]
    [InlineData("GET", "/api/circles/c-running/posts?limit=ten", null, null, "limit")]
    [InlineData("GET", "/api/circles/c-running/posts?before=yesterday", null, null, "before")]
    [InlineData("GET", "/api/circles/c-running/posts/p-demo-yiwu-10k/comments?after=last", null, null, "after")]
    [InlineData("POST", "/api/circles", "", "application/json", "body")]
    [InlineData("POST", "/api/circles", null, null, "body")]
    [InlineData("POST", "/api/circles", "null", "application/json", "body")]
    [InlineData("POST", "/api/accounts", "null", "application/json", "body")]
    [InlineData("POST", "/api/sessions", null, null, "body")]
    [InlineData("PATCH", "/api/me", "null", "application/json", "body")]
    [InlineData("POST", "/api/circles/c-running/posts", "", "application/json", "body")]
    [InlineData("POST", "/api/circles/c-running/posts/p-demo-yiwu-10k/comments", "null", "application/json", "body")]
    public async Task A_value_or_body_that_does_not_bind_is_a_400_naming_the_field_in_plain_words(string method, string path, string? body,
        string? contentType, string field)
    {
        using var client = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType!);
        }

        var response = await client.SendAsync(request);

        var problem = await Expect.FieldError(response, field);
        var text = problem.ToString();
        foreach (var framework in FrameworkText) Assert.DoesNotContain(framework, text);
    }

    [Fact]
    public async Task Responses_that_carry_a_token_or_a_session_are_never_stored()
    {
        var session = await _app.RegisterAndSignInAsync();
        using var anonymous = _app.Client();
        using var signedIn = _app.Client(session.Token);

        var responses = new[]
        {
            await anonymous.PostAsJsonAsync("/api/sessions", new { userName = session.UserName, password = "Secret#123", clientId = "chao-news" }),
            await anonymous.PostAsJsonAsync("/api/sessions", new { userName = session.UserName, password = "Wrong#123", clientId = "chao-news" }),
            await signedIn.GetAsync("/api/me"),
            await signedIn.PatchAsJsonAsync("/api/me", new { displayName = "Still me" }),
            await anonymous.GetAsync("/api/me"),
        };

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized],
            responses.Select(r => r.StatusCode));
        Assert.Contains("accessToken", await responses[0].Content.ReadAsStringAsync());
        foreach (var response in responses)
        {
            Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage!.RequestUri} is stored: {response.Headers.CacheControl}");
            Assert.Equal("no-cache", string.Join(",", response.Headers.Pragma));
        }
    }

    [Fact]
    public async Task The_Location_of_everything_created_answers_200_with_it_to_its_creator()
    {
        var userName = "loc" + Guid.NewGuid().ToString("N")[..10];
        using var anonymous = _app.Client();
        var registered = await anonymous.PostAsJsonAsync("/api/accounts",
            new { userName, password = "Secret#123", displayName = "Location", regionCode = "330106" });
        await Expect.Status(registered, HttpStatusCode.Created);
        var userId = (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString();
        using var owner = new CircleClient(_app, await _app.SignInAsync(userName, "Secret#123"));
        await AssertLocationShows(owner.Http, registered, body => body.GetProperty("userId").GetString() == userId);

        var circle = await owner.Http.PostAsJsonAsync("/api/circles", new { name = "Locations", description = "Where things are.", regionCode = "330106" });
        await Expect.Status(circle, HttpStatusCode.Created);
        var circleId = (await circle.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("circleId").GetString()!;
        await AssertLocationShows(owner.Http, circle, body => body.GetProperty("circleId").GetString() == circleId);

        var post = await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/posts", new { text = "Where is it?" });
        await Expect.Status(post, HttpStatusCode.Created);
        var postId = (await post.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("postId").GetString()!;
        await AssertLocationShows(owner.Http, post,
            body => body.GetProperty("postId").GetString() == postId && body.GetProperty("text").GetString() == "Where is it?");

        var comment = await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/posts/{postId}/comments", new { text = "Here." });
        await Expect.Status(comment, HttpStatusCode.Created);
        var commentId = (await comment.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("commentId").GetString();
        await AssertLocationShows(owner.Http, comment, body => body.GetProperty("items").EnumerateArray()
            .Any(c => c.GetProperty("commentId").GetString() == commentId));

        var now = DateTimeOffset.UtcNow;
        var topic = await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/topics",
            new { title = "Found", description = "Where things were found.", startsAt = now, endsAt = now.AddDays(1) });
        await Expect.Status(topic, HttpStatusCode.Created);
        var topicId = (await topic.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("topicId").GetString();
        await AssertLocationShows(owner.Http, topic, body => body.GetProperty("items").EnumerateArray()
            .Any(t => t.GetProperty("topicId").GetString() == topicId));
    }

    /// <summary>The read models trail the journal by a moment: the Location answers 200 with the thing once it is there.</summary>
    private static async Task AssertLocationShows(HttpClient creator, HttpResponseMessage created, Func<JsonElement, bool> shows)
    {
        var location = created.Headers.Location;
        Assert.NotNull(location);
        await Eventually.TrueAsync(async () =>
        {
            var response = await creator.GetAsync(location);
            return response.StatusCode == HttpStatusCode.OK && shows(await response.Content.ReadFromJsonAsync<JsonElement>());
        }, $"{location} to answer 200 with what was created", timeoutSeconds: 20);
    }

    public static TheoryData<string, string, bool> EveryKindOfResponse => new()
    {
        // method, path, with a token
        { "GET", "/api/regions", false },
        { "GET", "/api/me", true },
        { "GET", "/api/me", false },
        { "GET", "/api/no-such-thing", false },
        { "GET", "/api/circles?limit=abc", true },
        { "POST", "/api/circles", true },
        { "DELETE", "/api/circles", true },
        { "GET", "/", false },
        { "GET", "/circles/c-running", false },
        { "GET", "/favicon.svg", false },
        { "GET", "/app/no-such-file.js", false },
        { "GET", "/openapi/v1.json", false },
        { "GET", "/health/ready", false },
        { "GET", "/api-reference", false },
    };

    [Theory]
    [MemberData(nameof(EveryKindOfResponse))]
    public async Task Every_response_carries_the_security_headers(string method, string path, bool withToken)
    {
        using var client = _app.Client(withToken ? (await _app.RegisterAndSignInAsync()).Token : null);
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        string? Header(string name) => response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;
        Assert.Equal("nosniff", Header("X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header("Referrer-Policy"));
        Assert.Equal("DENY", Header("X-Frame-Options"));
        Assert.Equal("same-origin", Header("Cross-Origin-Opener-Policy"));
        if (path.StartsWith("/api-reference", StringComparison.Ordinal))
        {
            // Its page starts with an inline script; everything else runs only our own.
            Assert.Null(Header("Content-Security-Policy"));
            return;
        }
        var policy = Header("Content-Security-Policy");
        Assert.NotNull(policy);
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
    }
}
