using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Community.Web.Tests.Users;

/// <summary>Sessions that can be ended: refresh tokens rotate and a reused one ends the session; sign-out and ending a
/// session stop its tokens at once; roles granted or taken away apply on the next request; hub connections end with
/// their session.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class SessionSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    private sealed record Tokens(string AccessToken, string RefreshToken, int ExpiresIn, string UserId, string[] Roles, string SessionId);

    [Fact]
    public async Task A_refresh_token_gives_new_tokens_once_and_a_reused_one_ends_the_session()
    {
        var session = await _app.RegisterAndSignInAsync();
        using var anonymous = _app.Client();

        var first = await RefreshAsync(anonymous, session.RefreshToken, HttpStatusCode.OK);
        Assert.NotEqual(session.RefreshToken, first!.RefreshToken);
        Assert.Equal((session.SessionId, session.UserId), (first.SessionId, first.UserId));
        using (var refreshed = _app.Client(first.AccessToken))
            await Expect.Status(await refreshed.GetAsync("/api/me"), HttpStatusCode.OK);

        // The first refresh token comes back (a copy someone kept): refused, and the whole session is over.
        await RefreshAsync(anonymous, session.RefreshToken, HttpStatusCode.Unauthorized);
        await RefreshAsync(anonymous, first.RefreshToken, HttpStatusCode.Unauthorized);
        using var stolen = _app.Client(first.AccessToken);
        await Expect.Status(await stolen.GetAsync("/api/me"), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("s-00000000000000000000000000000000.u-nobody.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_malformed_or_unknown_refresh_token_is_401_or_400_and_changes_nothing(string refreshToken)
    {
        using var anonymous = _app.Client();
        var response = await anonymous.PostAsJsonAsync("/api/sessions/refresh", new { refreshToken });
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized });
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Signing_out_ends_that_session_at_once_and_leaves_the_users_other_sessions()
    {
        var phone = await _app.RegisterAndSignInAsync();
        var laptop = await _app.SignInAsync(phone.UserName, "Secret#123", "z-vision");
        using var onPhone = _app.Client(phone.Token);
        using var onLaptop = _app.Client(laptop.Token);

        await Expect.Status(await onPhone.DeleteAsync("/api/sessions/current"), HttpStatusCode.NoContent);

        await Expect.Status(await onPhone.GetAsync("/api/me"), HttpStatusCode.Unauthorized);
        await RefreshAsync(_app.Client(), phone.RefreshToken, HttpStatusCode.Unauthorized);
        await Expect.Status(await onLaptop.GetAsync("/api/me"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_user_sees_their_sessions_and_ends_one_elsewhere()
    {
        var phone = await _app.RegisterAndSignInAsync();
        var laptop = await _app.SignInAsync(phone.UserName, "Secret#123", "z-vision");
        using var onPhone = _app.Client(phone.Token);

        var list = await onPhone.GetFromJsonAsync<JsonElement>("/api/me/sessions");
        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(new[] { laptop.SessionId, phone.SessionId }.Order(), items.Select(i => i.GetProperty("sessionId").GetString()).Order());
        Assert.True(items.Single(i => i.GetProperty("sessionId").GetString() == phone.SessionId).GetProperty("current").GetBoolean());
        Assert.Equal("z-vision", items.Single(i => i.GetProperty("sessionId").GetString() == laptop.SessionId).GetProperty("clientId").GetString());

        await Expect.Status(await onPhone.DeleteAsync($"/api/me/sessions/{laptop.SessionId}"), HttpStatusCode.NoContent);
        using var onLaptop = _app.Client(laptop.Token);
        await Expect.Status(await onLaptop.GetAsync("/api/me"), HttpStatusCode.Unauthorized);
        await Expect.Status(await onPhone.DeleteAsync($"/api/me/sessions/{laptop.SessionId}"), HttpStatusCode.NotFound);

        // Another user's session is not one of mine.
        var stranger = await _app.RegisterAndSignInAsync();
        await Expect.Status(await onPhone.DeleteAsync($"/api/me/sessions/{stranger.SessionId}"), HttpStatusCode.NotFound);
        using var asStranger = _app.Client(stranger.Token);
        await Expect.Status(await asStranger.GetAsync("/api/me"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_role_granted_or_taken_away_applies_to_the_users_next_request_without_signing_in_again()
    {
        var user = await _app.RegisterAndSignInAsync();
        using var asUser = _app.Client(user.Token);
        using var asAdmin = _app.Client((await _app.SignInAdminAsync()).Token);
        var stranger = await _app.RegisterAndSignInAsync();
        var adminRoute = $"/api/admin/users/{stranger.UserId}/roles";

        await Expect.Status(await asUser.PostAsJsonAsync(adminRoute, new { role = "moderator" }), HttpStatusCode.Forbidden);
        await Expect.Status(await asAdmin.PostAsJsonAsync($"/api/admin/users/{user.UserId}/roles", new { role = "admin" }), HttpStatusCode.OK);
        await Expect.Status(await asUser.PostAsJsonAsync(adminRoute, new { role = "moderator" }), HttpStatusCode.OK);

        await Expect.Status(await asAdmin.DeleteAsync($"/api/admin/users/{user.UserId}/roles/admin"), HttpStatusCode.NoContent);
        await Expect.Status(await asUser.PostAsJsonAsync(adminRoute, new { role = "moderator" }), HttpStatusCode.Forbidden);
        var me = await asUser.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.DoesNotContain("admin", me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Taking_a_role_needs_an_admin_a_known_role_and_never_removes_reader()
    {
        var user = await _app.RegisterAndSignInAsync();
        using var asUser = _app.Client(user.Token);
        using var asAdmin = _app.Client((await _app.SignInAdminAsync()).Token);

        await Expect.Status(await asUser.DeleteAsync($"/api/admin/users/{user.UserId}/roles/reader"), HttpStatusCode.Forbidden);
        await Expect.Status(await asAdmin.DeleteAsync($"/api/admin/users/{user.UserId}/roles/wizard"), HttpStatusCode.NotFound);
        await Expect.Status(await asAdmin.DeleteAsync($"/api/admin/users/{user.UserId}/roles/reader"), HttpStatusCode.BadRequest);
        await Expect.Status(await asUser.GetAsync("/api/me"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_hub_connection_is_closed_when_its_session_ends()
    {
        var session = await _app.RegisterAndSignInAsync();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var hub = _app.HubConnection(session.Token);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await hub.StartSettledAsync();

        using var client = _app.Client(session.Token);
        await Expect.Status(await client.DeleteAsync("/api/sessions/current"), HttpStatusCode.NoContent);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        // And it cannot come back with that token.
        await Assert.ThrowsAnyAsync<Exception>(() => hub.StartAsync());
    }

    [Fact]
    public async Task A_hub_connection_is_closed_when_its_user_loses_a_role()
    {
        var user = await _app.RegisterAndSignInAsync();
        using var asAdmin = _app.Client((await _app.SignInAdminAsync()).Token);
        await Expect.Status(await asAdmin.PostAsJsonAsync($"/api/admin/users/{user.UserId}/roles", new { role = "moderator" }), HttpStatusCode.OK);
        var (hub, closed) = await ConnectAsync(_app, user.Token);
        await using var _ = hub;

        await Expect.Status(await asAdmin.DeleteAsync($"/api/admin/users/{user.UserId}/roles/moderator"), HttpStatusCode.NoContent);

        await closed.WaitAsync(TimeSpan.FromSeconds(20));
    }

    internal static async Task<(HubConnection Hub, Task Closed)> ConnectAsync(CommunityApp app, string token)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hub = app.HubConnection(token);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await hub.StartSettledAsync();
        return (hub, closed.Task);
    }

    private static async Task<Tokens?> RefreshAsync(HttpClient client, string refreshToken, HttpStatusCode expected)
    {
        var response = await client.PostAsJsonAsync("/api/sessions/refresh", new { refreshToken });
        await Expect.Status(response, expected);
        return expected == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<Tokens>() : null;
    }
}

/// <summary>Short-lived access tokens (6 s here): a hub connection ends with its token unless the client renews it.</summary>
public sealed class TokenExpirySpecs : IAsyncLifetime
{
    private CommunityApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await new CommunityApp(settings: new Dictionary<string, string?>
        {
            ["Community:Demo:Enabled"] = "false",
            ["Community:Auth:TokenLifetime"] = "00:00:06",
        }).ReadyHealthAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_hub_connection_closes_when_its_token_expires_and_the_token_no_longer_passes_rest()
    {
        var session = await _app.RegisterAndSignInAsync();
        var (hub, closed) = await SessionSpecs.ConnectAsync(_app, session.Token);
        await using var _ = hub;

        await closed.WaitAsync(TimeSpan.FromSeconds(30));
        // REST gives the token the validation's few seconds of clock skew, then refuses it too.
        using var client = _app.Client(session.Token);
        await Eventually.TrueAsync(async () => (await client.GetAsync("/api/me")).StatusCode == HttpStatusCode.Unauthorized,
            "the expired token is refused");
    }

    [Fact]
    public async Task A_hub_connection_renewed_with_a_refreshed_token_outlives_the_first_token()
    {
        var session = await _app.RegisterAndSignInAsync();
        var firstExpiry = DateTimeOffset.UtcNow.AddSeconds(6);
        var (hub, closed) = await SessionSpecs.ConnectAsync(_app, session.Token);
        await using var _ = hub;

        // Half-way through the first token's life the client refreshes and renews: the new token lives 3 s longer.
        await Eventually.TrueAsync(() => Task.FromResult(DateTimeOffset.UtcNow > firstExpiry.AddSeconds(-3)), "half the token's life");
        using var anonymous = _app.Client();
        var refreshed = await anonymous.PostAsJsonAsync("/api/sessions/refresh", new { session.RefreshToken });
        await Expect.Status(refreshed, HttpStatusCode.OK);
        var token = (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        Assert.InRange(await hub.InvokeAsync<int>("RenewToken", token), 4, 6);

        // Past the first token's end (plus the sweeper's second), the connection is open; it closes with the second.
        await Eventually.TrueAsync(() => Task.FromResult(DateTimeOffset.UtcNow > firstExpiry.AddSeconds(1.5)), "the first token has expired");
        Assert.False(closed.IsCompleted, "the renewed connection is still open");
        // Another session's token does not renew this connection.
        var other = await _app.SignInAsync(session.UserName, "Secret#123");
        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<int>("RenewToken", other.Token));
        await closed.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
