using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;

namespace Community.Web.Tests.Users;

/// <summary>Every route of accounts and sessions answers bad input with a 4xx problem and changes nothing.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class BadInputSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    public static TheoryData<string, string, string> BadRegistrations => new()
    {
        // body, field named in the errors, why
        { "{\"userName\": ", "userName", "JSON cut off inside a field" },
        { "{\"userName\" \"x\"}", "body", "malformed JSON" },
        { "[1,2,3]", "body", "an array instead of an object" },
        { "{\"userName\":123,\"password\":\"Secret#123\",\"displayName\":\"A\",\"regionCode\":\"330000\"}", "userName", "a number for a string" },
        { "{\"userName\":null,\"password\":\"Secret#123\",\"displayName\":\"A\",\"regionCode\":\"330000\"}", "userName", "null" },
        { "{\"password\":\"Secret#123\",\"displayName\":\"A\",\"regionCode\":\"330000\"}", "userName", "missing userName" },
        { "{\"userName\":\"NAME\",\"displayName\":\"A\",\"regionCode\":\"330000\"}", "password", "missing password" },
        { "{\"userName\":\"NAME\",\"password\":\"short\",\"displayName\":\"A\",\"regionCode\":\"330000\"}", "password", "short password" },
        { "{\"userName\":\"NAME\",\"password\":\"Secret#123\",\"displayName\":\"<script>alert(1)</script>\",\"regionCode\":\"330000\"}", "displayName", "script tag" },
        { "{\"userName\":\"NAME\",\"password\":\"Secret#123\",\"displayName\":\"<b>bold</b>\",\"regionCode\":\"330000\"}", "displayName", "markup" },
        { "{\"userName\":\"NAME\",\"password\":\"Secret#123\",\"displayName\":\"A\",\"regionCode\":\"999999\"}", "regionCode", "unknown region" },
        { "{\"userName\":\"<img src=x>\",\"password\":\"Secret#123\",\"displayName\":\"A\",\"regionCode\":\"330000\"}", "userName", "markup in the name" },
    };

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public async Task Bad_registration_is_400_and_creates_nothing(string body, string field, string why)
    {
        var name = "bad" + Guid.NewGuid().ToString("N")[..10];
        using var client = _app.Client();

        var response = await client.PostAsync("/api/accounts", Json(body.Replace("NAME", name)));

        var problem = await Expect.Problem(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{why}: expected '{field}' in {problem}");
        await AssertCannotSignIn(name);
    }

    [Fact]
    public async Task A_1_MB_body_is_413_on_every_route()
    {
        var session = await _app.RegisterAndSignInAsync();
        using var client = _app.Client(session.Token);
        using var asAdmin = _app.Client((await _app.SignInAdminAsync()).Token);
        var huge = "{\"displayName\":\"" + new string('x', 1024 * 1024) + "\"}";

        foreach (var (caller, method, path) in new[]
                 {
                     (client, HttpMethod.Post, "/api/accounts"), (client, HttpMethod.Post, "/api/sessions"),
                     (client, HttpMethod.Patch, "/api/me"), (asAdmin, HttpMethod.Post, $"/api/admin/users/{session.UserId}/roles"),
                 })
        {
            // Expect: 100-continue, as uploading clients send it: the 413 comes before the body is sent. Without it the
            // server may answer and close while the client still writes, and the client sees a broken pipe instead.
            var request = new HttpRequestMessage(method, path) { Content = Json(huge) };
            request.Headers.ExpectContinue = true;
            var response = await caller.SendAsync(request);
            await Expect.Problem(response, HttpStatusCode.RequestEntityTooLarge, "too-large");
        }

        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("Reader " + session.UserName, me.GetProperty("displayName").GetString());
        Assert.Equal(["reader"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Theory]
    [InlineData("{\"displayName\": ", "displayName")]
    [InlineData("{displayName: 1}", "body")]
    [InlineData("{\"displayName\": 42}", "displayName")]
    [InlineData("{\"displayName\": null}", "body")]
    [InlineData("{}", "body")]
    [InlineData("{\"displayName\": \"<script>alert('x')</script>\"}", "displayName")]
    [InlineData("{\"displayName\": \"\"}", "displayName")]
    [InlineData("{\"regionCode\": \"nowhere\"}", "regionCode")]
    [InlineData("{\"regionCode\": [\"330000\"]}", "regionCode")]
    public async Task Bad_profile_update_is_400_and_changes_nothing(string body, string field)
    {
        var session = await _app.RegisterAndSignInAsync();
        using var client = _app.Client(session.Token);

        var response = await client.PatchAsync("/api/me", Json(body));

        await Expect.FieldError(response, field);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("Reader " + session.UserName, me.GetProperty("displayName").GetString());
        Assert.Equal("330106", me.GetProperty("regionCode").GetString());
    }

    [Theory]
    [InlineData("{\"userName\": ", "userName")]
    [InlineData("not json", "body")]
    [InlineData("{\"userName\": 7, \"password\": \"x\", \"clientId\": \"chao-news\"}", "userName")]
    [InlineData("{\"password\": \"x\", \"clientId\": \"chao-news\"}", "userName")]
    [InlineData("{\"userName\": \"someone\", \"password\": \"x\"}", "clientId")]
    public async Task Bad_sign_in_is_400(string body, string field)
    {
        using var client = _app.Client();
        await Expect.FieldError(await client.PostAsync("/api/sessions", Json(body)), field);
    }

    [Theory]
    [InlineData("{\"role\": ", "role")]
    [InlineData("<role>admin</role>", "body")]
    [InlineData("{\"role\": true}", "role")]
    [InlineData("{}", "role")]
    [InlineData("{\"role\": \"<script>\"}", "role")]
    [InlineData("{\"role\": \"moderator\", \"departmentId\": \"d-330100-housing\"}", "departmentId")]
    public async Task Bad_role_grant_is_400_and_grants_nothing(string body, string field)
    {
        var target = await _app.RegisterAndSignInAsync();
        var admin = await _app.SignInAdminAsync();
        using var client = _app.Client(admin.Token);

        await Expect.FieldError(await client.PostAsync($"/api/admin/users/{target.UserId}/roles", Json(body)), field);

        Assert.Equal(["reader"], (await _app.SignInAsync(target.UserName, "Secret#123")).Roles);
    }

    [Fact]
    public async Task Replayed_registration_is_409_and_keeps_the_first()
    {
        var name = "replay" + Guid.NewGuid().ToString("N")[..8];
        var body = $"{{\"userName\":\"{name}\",\"password\":\"Secret#123\",\"displayName\":\"First\",\"regionCode\":\"330000\"}}";
        using var client = _app.Client();

        await Expect.Status(await client.PostAsync("/api/accounts", Json(body)), HttpStatusCode.Created);
        await Expect.Problem(await client.PostAsync("/api/accounts", Json(body.Replace("First", "Second"))), HttpStatusCode.Conflict);

        var session = await _app.SignInAsync(name, "Secret#123");
        using var owner = _app.Client(session.Token);
        Assert.Equal("First", (await owner.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Unknown_api_routes_are_404_problems()
    {
        using var client = _app.Client();
        await Expect.Problem(await client.GetAsync("/api/no-such-thing"), HttpStatusCode.NotFound, "not-found");
    }

    private async Task AssertCannotSignIn(string name)
    {
        using var client = _app.Client();
        var response = await client.PostAsJsonAsync("/api/sessions", new { userName = name, password = "Secret#123", clientId = "chao-news" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
