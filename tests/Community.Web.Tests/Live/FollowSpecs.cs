using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Community.Web.Tests.Circles;
using Community.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Community.Web.Tests.Live;

/// <summary>The generic follow of the live hub: any stream kind an area declares is followed from a seq (the missed
/// events first, in order, then live ones, each once), and the server decides who may follow what.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class FollowSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    public sealed record UserEvent(long Seq, string Kind, JsonElement Data);

    public sealed record CircleEvent(string CircleId, long Seq, string Kind, JsonElement Data);

    [Fact]
    public async Task A_user_who_was_offline_follows_their_own_stream_from_the_last_seq_and_gets_the_missed_events_then_live_ones()
    {
        var session = await _app.RegisterAndSignInAsync();
        using var client = _app.Client(session.Token);
        // Registration is seq 1 and the sign-in's session 2; these two changes (3 and 4) happen while no connection is open.
        await Expect.Status(await client.PatchAsJsonAsync("/api/me", new { displayName = "离线改名一" }), HttpStatusCode.OK);
        await Expect.Status(await client.PatchAsJsonAsync("/api/me", new { displayName = "离线改名二" }), HttpStatusCode.OK);

        await using var connection = await ConnectAsync(session.Token);
        Assert.Equal(4, await connection.Hub.InvokeAsync<long>("Follow", $"user:{session.UserId}", 2L));
        await Expect.Status(await client.PatchAsJsonAsync("/api/me", new { displayName = "在线改名" }), HttpStatusCode.OK);

        var received = await connection.ReadUsersAsync(3);
        Assert.Equal([3L, 4L, 5L], received.Select(e => e.Seq));
        Assert.Equal(["离线改名一", "离线改名二", "在线改名"], received.Select(e => e.Data.GetProperty("displayName").GetString()));
        // Nothing came twice: the next event is the next change.
        await Expect.Status(await client.PatchAsJsonAsync("/api/me", new { regionCode = "330782" }), HttpStatusCode.OK);
        Assert.Equal(6, Assert.Single(await connection.ReadUsersAsync(1)).Seq);
    }

    [Fact]
    public async Task A_circle_is_followed_by_its_stream_name_like_JoinCircle_and_unfollowed_until_nothing_more_arrives()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        var first = await owner.PostAsync(circleId, "关注之前");
        await using var reader = await ConnectAsync((await _app.RegisterAndSignInAsync()).Token);

        Assert.Equal(first.Seq, await reader.Hub.InvokeAsync<long>("Follow", $"circle:{circleId}", first.Seq - 1));
        var second = await owner.PostAsync(circleId, "关注之后");
        Assert.Equal([first.Seq, second.Seq], (await reader.ReadCirclePostsAsync(2)).Select(e => e.Seq));

        // Unfollowed: a post to it is not delivered, and a post to another circle followed afterwards arrives first.
        await reader.Hub.InvokeAsync("Unfollow", $"circle:{circleId}");
        await owner.PostAsync(circleId, "取消关注之后");
        var other = await owner.CreateCircleAsync("另一个圈子");
        await reader.Hub.InvokeAsync<long>("Follow", $"circle:{other}", 0L);
        var sentinel = await owner.PostAsync(other, "哨兵");
        var next = Assert.Single(await reader.ReadCirclePostsAsync(1));
        Assert.Equal((other, sentinel.Seq), (next.CircleId, next.Seq));
    }

    [Theory]
    [InlineData("user:u-0123456789abcdef01234567", "only by that user")]
    [InlineData("creator:cr-xihu", "staff only")]
    [InlineData("moderators", "for moderators")]
    [InlineData("dept:d-330100-housing", "staff only")]
    [InlineData("ticket:no-such-ticket", "Unknown ticket")]
    [InlineData("circle:no-such-circle", "Unknown circle")]
    [InlineData("nonsense:x", "Unknown stream")]
    [InlineData("circle:Not An Id", "Unknown stream")]
    [InlineData("circle", "Unknown stream")]
    public async Task A_reader_may_not_follow_what_is_not_theirs_and_the_refusal_says_why(string stream, string reason)
    {
        await using var reader = await ConnectAsync((await _app.RegisterAndSignInAsync()).Token);

        var refused = await Assert.ThrowsAsync<HubException>(() => reader.Hub.InvokeAsync<long>("Follow", stream, 0L));
        Assert.Contains(reason, refused.Message);
    }

    [Fact]
    public async Task A_creator_account_is_followed_by_its_owner()
    {
        var owner = await _app.SignInAsync("creator-xihu", CommunityApp.DemoPassword);
        await using var connection = await ConnectAsync(owner.Token);

        // The demo account was registered (seq 1) and verified (2) before its works: the follow reaches at least there.
        Assert.True(await connection.Hub.InvokeAsync<long>("Follow", "creator:cr-xihu", 1L) >= 2);
    }

    private async Task<LiveConnection> ConnectAsync(string token)
    {
        var hub = _app.HubConnection(token);
        var connection = new LiveConnection(hub);
        await hub.StartSettledAsync();
        return connection;
    }

    private sealed class LiveConnection : IAsyncDisposable
    {
        private readonly Channel<UserEvent> _users = Channel.CreateUnbounded<UserEvent>();
        private readonly Channel<CircleEvent> _circlePosts = Channel.CreateUnbounded<CircleEvent>();

        public LiveConnection(HubConnection hub)
        {
            Hub = hub;
            hub.On<UserEvent>("userEvent", e => _users.Writer.TryWrite(e));
            hub.On<CircleEvent>("circleEvent", e =>
            {
                if (e.Kind == "postCreated") _circlePosts.Writer.TryWrite(e);
            });
        }

        public HubConnection Hub { get; }

        public Task<List<UserEvent>> ReadUsersAsync(int count) => ReadAsync(_users.Reader, count);

        public Task<List<CircleEvent>> ReadCirclePostsAsync(int count) => ReadAsync(_circlePosts.Reader, count);

        private static async Task<List<T>> ReadAsync<T>(ChannelReader<T> reader, int count)
        {
            var received = new List<T>();
            while (received.Count < count) received.Add(await reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
            return received;
        }

        public ValueTask DisposeAsync() => Hub.DisposeAsync();
    }
}
