using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Community.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Community.Web.Tests.Live;

[Collection(SharedAppCollection.Name)]
public sealed class LiveHubSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    public sealed record UserEvent(long Seq, string Kind, JsonElement Data);

    [Fact]
    public async Task A_profile_change_reaches_every_open_connection_of_the_user_as_a_userEvent()
    {
        var session = await _app.RegisterAndSignInAsync();
        var phone = await ConnectAsync(session.Token);
        var laptop = await ConnectAsync(session.Token);
        var stranger = await ConnectAsync((await _app.RegisterAndSignInAsync()).Token);
        try
        {
            using var client = _app.Client(session.Token);
            await Expect.Status(await client.PatchAsJsonAsync("/api/me", new { displayName = "实时更新" }), HttpStatusCode.OK);

            foreach (var connection in new[] { phone, laptop })
            {
                var received = await connection.Events.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));
                Assert.Equal("profileUpdated", received.Kind);
                Assert.Equal(3, received.Seq); // 1 = registration, 2 = the sign-in's session, 3 = this update
                Assert.Equal("实时更新", received.Data.GetProperty("displayName").GetString());
            }
            Assert.False(stranger.Events.Reader.TryRead(out _));
        }
        finally
        {
            await Task.WhenAll(phone.DisposeAsync().AsTask(), laptop.DisposeAsync().AsTask(), stranger.DisposeAsync().AsTask());
        }
    }

    [Fact]
    public async Task A_granted_role_reaches_the_user_live_with_increasing_sequence_numbers()
    {
        var session = await _app.RegisterAndSignInAsync();
        await using var connection = await ConnectAsync(session.Token);
        using var asUser = _app.Client(session.Token);
        using var asAdmin = _app.Client((await _app.SignInAdminAsync()).Token);

        await Expect.Status(await asUser.PatchAsJsonAsync("/api/me", new { regionCode = "330782" }), HttpStatusCode.OK);
        await Expect.Status(await asAdmin.PostAsJsonAsync($"/api/admin/users/{session.UserId}/roles", new { role = "moderator" }),
            HttpStatusCode.OK);

        var first = await connection.Events.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));
        var second = await connection.Events.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(("profileUpdated", 3L), (first.Kind, first.Seq));
        Assert.Equal(("roleGranted", 4L), (second.Kind, second.Seq));
        Assert.Equal("moderator", second.Data.GetProperty("role").GetString());
    }

    [Fact]
    public async Task A_connection_without_a_valid_token_is_refused()
    {
        foreach (var token in new[] { null, "not-a-token" })
        {
            var connection = Build(token);
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task Following_a_circle_needs_a_well_formed_id_of_an_existing_circle()
    {
        await using var connection = await ConnectAsync((await _app.RegisterAndSignInAsync()).Token);

        var unknown = $"c-no-such-{Guid.NewGuid():N}";
        foreach (var (circleId, afterSeq) in new[] { (unknown, 0L), ("<script>", 0L), ("", 0L), ("c-photography", -1L) })
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => connection.Hub.InvokeAsync<long>("JoinCircle", circleId, afterSeq));
            Assert.Contains(afterSeq < 0 ? "afterSeq" : "Unknown circle", refused.Message);
        }
        // A client's refused request is not a server fault: nothing at Warning or above.
        Assert.DoesNotContain(_app.Logs.Entries, e => $"{e.Message} {e.Exception}".Contains("JoinCircle"));

        // A demo circle without posts: the join replays its member count changes and answers the last seq it sent, the
        // circle's last; leaving is allowed twice.
        using var client = _app.Client((await _app.SignInAdminAsync()).Token);
        var lastSeq = (await client.GetFromJsonAsync<JsonElement>("/api/circles/c-campus")).GetProperty("lastSeq").GetInt64();
        Assert.Equal(lastSeq, await connection.Hub.InvokeAsync<long>("JoinCircle", "c-campus", 0L));
        await connection.Hub.InvokeAsync("LeaveCircle", "c-campus");
        await connection.Hub.InvokeAsync("LeaveCircle", "c-campus");
    }

    private async Task<LiveConnection> ConnectAsync(string token)
    {
        var connection = Build(token);
        var events = Channel.CreateUnbounded<UserEvent>();
        connection.On<UserEvent>("userEvent", e => events.Writer.TryWrite(e));
        await connection.StartSettledAsync();
        return new LiveConnection(connection, events);
    }

    private HubConnection Build(string? token) =>
        _app.HubConnection(token);

    private sealed record LiveConnection(HubConnection Hub, Channel<UserEvent> Events) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Hub.DisposeAsync();
    }
}
