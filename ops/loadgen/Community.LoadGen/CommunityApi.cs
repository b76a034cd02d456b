using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Community.LoadGen;

public sealed record Account(string UserName, string DisplayName, string UserId, string Token);

/// <summary>The product's HTTP API as the load generator uses it. Any answer other than the documented one stops the
/// run with the status and body, except where <see cref="ProductRouteMissingException"/> says the route is absent.</summary>
public sealed class CommunityApi(HttpClient http)
{
    public const string ClientId = "chao-news";
    public const string RegionCode = "330106";

    private const string Password = "LoadGen#Secret1";

    public async Task<Account> RegisterAndSignInAsync(string userName, string displayName)
    {
        using var registered = await http.PostAsJsonAsync("/api/accounts",
            new { userName, password = Password, displayName, regionCode = RegionCode });
        await ExpectAsync(registered, HttpStatusCode.Created, $"register {userName}");

        using var signedIn = await http.PostAsJsonAsync("/api/sessions", new { userName, password = Password, clientId = ClientId });
        await ExpectAsync(signedIn, HttpStatusCode.OK, $"sign in {userName}");
        var session = (await signedIn.Content.ReadFromJsonAsync<SessionBody>())!;
        return new Account(userName, displayName, session.UserId, session.AccessToken);
    }

    public async Task<string> CreateCircleAsync(Account owner, string name)
    {
        using var request = Authorized(HttpMethod.Post, "/api/circles", owner,
            JsonContent.Create(new { name, description = "Live fan-out load test", regionCode = RegionCode }));
        using var response = await http.SendAsync(request);
        await ExpectAsync(response, HttpStatusCode.Created, "create the circle");
        return (await response.Content.ReadFromJsonAsync<CreatedCircle>())!.CircleId;
    }

    public async Task JoinCircleAsync(Account member, string circleId)
    {
        var path = $"/api/circles/{circleId}/members";
        using var request = Authorized(HttpMethod.Post, path, member, content: null);
        using var response = await http.SendAsync(request);
        await ThrowIfRouteMissingAsync(response, path);
        await ExpectAsync(response, HttpStatusCode.NoContent, $"{member.UserName} joins the circle");
    }

    /// <summary>Posts and answers the HTTP status (201 when the post was accepted); a missing route throws.</summary>
    public async Task<HttpStatusCode> PostAsync(Account author, string circleId, string text)
    {
        var path = $"/api/circles/{circleId}/posts";
        using var request = Authorized(HttpMethod.Post, path, author, JsonContent.Create(new { text }));
        using var response = await http.SendAsync(request);
        await ThrowIfRouteMissingAsync(response, path);
        return response.StatusCode;
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path, Account account, HttpContent? content) =>
        new(method, path) { Content = content, Headers = { Authorization = new AuthenticationHeaderValue("Bearer", account.Token) } };

    // The product answers unknown API routes with a 404 problem ("No such API route."); the body says which 404 it is.
    private static async Task ThrowIfRouteMissingAsync(HttpResponseMessage response, string path)
    {
        if (response.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)) return;
        var body = await response.Content.ReadAsStringAsync();
        throw new ProductRouteMissingException(
            $"POST {path} answered {(int)response.StatusCode} {response.StatusCode} {body[..Math.Min(body.Length, 300)]} - "
            + "the product phase needs the circle membership and posting routes.");
    }

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        if (response.StatusCode == expected) return;
        var body = await response.Content.ReadAsStringAsync();
        throw new InvalidOperationException($"Could not {what}: {(int)response.StatusCode} {response.StatusCode} {body}");
    }

    private sealed record SessionBody(string AccessToken, string UserId);

    private sealed record CreatedCircle(string CircleId);
}

/// <summary>The product answered 404/405 on a route the product phase needs, usually because this build lacks it: the
/// raw phase can still run.</summary>
public sealed class ProductRouteMissingException(string message) : Exception(message);
