using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using Community.Cluster.Circles;
using Community.Cluster.Hosting;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Web.Live;
using Community.Web.Tests.Circles;
using Community.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Community.Web.Tests.Live;

/// <summary>A circle's bans reach its live feed: a banned user may not follow it, and a ban made while they follow takes
/// them out of it at once, telling no other reader who was banned. There is no ban route yet: the specs ban through the
/// circle entity, as a moderation route will.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class CircleBanLiveSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    public sealed record CircleEvent(string CircleId, long Seq, string Kind, JsonElement Data);

    private async Task<long> BanAsync(string circleId, string ownerId, string userId, bool banned = true)
    {
        var reply = await _app.Services.GetRequiredService<EntityGateway>().SendAsync<CircleRegion>(
            new SetBan(new CircleId(circleId), new UserId(userId), banned, new UserId(ownerId), false, "spam", DateTimeOffset.UtcNow));
        return Assert.IsType<CommandAccepted>(reply).Seq;
    }

    [Fact]
    public async Task A_user_the_circle_banned_may_not_follow_its_stream_by_either_name_until_let_back()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        await owner.PostAsync(circleId, "欢迎");
        var troll = await _app.RegisterAndSignInAsync();
        await BanAsync(circleId, owner.Session.UserId, troll.UserId);
        await using var banned = await Reader.ConnectAsync(_app, troll.Token);

        var byName = await Assert.ThrowsAsync<HubException>(() => banned.Hub.InvokeAsync<long>("Follow", $"circle:{circleId}", 0L));
        Assert.Contains("You are banned from this circle.", byName.Message);
        var byJoin = await Assert.ThrowsAsync<HubException>(() => banned.Hub.InvokeAsync<long>("JoinCircle", circleId, 0L));
        Assert.Contains("You are banned from this circle.", byJoin.Message);

        // Anyone else still follows it, and the banned user does once let back.
        await using var other = await Reader.ConnectAsync(_app, (await _app.RegisterAndSignInAsync()).Token);
        await other.Hub.InvokeAsync<long>("JoinCircle", circleId, 0L);
        Assert.Equal("欢迎", (await other.ReadPostsAsync(1))[0].Data.GetProperty("text").GetString());
        await BanAsync(circleId, owner.Session.UserId, troll.UserId, banned: false);
        await banned.Hub.InvokeAsync<long>("JoinCircle", circleId, 0L);
        Assert.Equal("欢迎", (await banned.ReadPostsAsync(1))[0].Data.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_ban_while_the_user_follows_stops_their_feed_at_once_and_other_readers_get_every_post_and_no_word_of_the_ban()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        var troll = await _app.RegisterAndSignInAsync();
        // The user follows on two connections (two tabs): both stop.
        await using var tab1 = await Reader.ConnectAsync(_app, troll.Token);
        await using var tab2 = await Reader.ConnectAsync(_app, troll.Token);
        await using var other = await Reader.ConnectAsync(_app, (await _app.RegisterAndSignInAsync()).Token);
        foreach (var reader in new[] { tab1, tab2, other }) await reader.Hub.InvokeAsync<long>("JoinCircle", circleId, 0L);
        var before = await owner.PostAsync(circleId, "封禁之前");
        foreach (var reader in new[] { tab1, tab2, other }) Assert.Equal(before.Seq, (await reader.ReadPostsAsync(1))[0].Seq);

        var banSeq = await BanAsync(circleId, owner.Session.UserId, troll.UserId);
        var after1 = await owner.PostAsync(circleId, "封禁之后一");
        var after2 = await owner.PostAsync(circleId, "封禁之后二");

        // The other reader gets both posts and nothing about the ban (API.md's circleEvent kinds only).
        Assert.Equal([after1.Seq, after2.Seq], (await other.ReadPostsAsync(2)).Select(e => e.Seq));
        // Sentinel: a round trip on each of the banned user's connections, answered after anything the server had sent
        // it before; no post after the ban came first.
        foreach (var tab in new[] { tab1, tab2 })
        {
            await tab.Hub.InvokeAsync("Unfollow", "circle:c-none");
            Assert.DoesNotContain(tab.Received(), e => e.Seq > banSeq);
        }
        Assert.All(other.Received(), e => Assert.Contains(e.Kind, new[] { "postCreated", "membersChanged" }));
        // And following again is refused.
        var again = await Assert.ThrowsAsync<HubException>(() => tab1.Hub.InvokeAsync<long>("JoinCircle", circleId, after2.Seq));
        Assert.Contains("banned", again.Message);
    }

    [Fact]
    public async Task A_ban_that_arrives_while_a_follow_reads_its_backlog_fails_the_follow_saying_so()
    {
        var session = await _app.RegisterAndSignInAsync();
        await using var reader = await Reader.ConnectAsync(_app, session.Token);
        var bridge = _app.Services.GetRequiredService<LiveBridge>();
        var stream = $"circle:staged-{Guid.NewGuid():N}"[..27];
        var backlogAsked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var backlog = new TaskCompletionSource<IReadOnlyList<LiveEvent>>(TaskCreationOptions.RunContinuationsAsynchronously);

        // The follow passed the circle's check and reads its backlog when the circle publishes the ban.
        var follow = bridge.FollowAsync(reader.Hub.ConnectionId!, session.UserId, stream, 0, () =>
        {
            backlogAsked.TrySetResult();
            return backlog.Task;
        });
        await backlogAsked.Task.WaitAsync(TimeSpan.FromSeconds(20));
        bridge.WorkerOf(stream).Tell(new LiveFollowRevoked(stream, new UserId(session.UserId), "You are banned from this circle."));
        backlog.SetResult([]);

        var failed = await Assert.ThrowsAsync<HubException>(() => follow.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal("You are banned from this circle.", failed.Message);
    }

    /// <summary>One hub connection; its circle events in arrival order.</summary>
    private sealed class Reader : IAsyncDisposable
    {
        private readonly Channel<CircleEvent> _posts = Channel.CreateUnbounded<CircleEvent>();
        private readonly List<CircleEvent> _all = [];

        private Reader(HubConnection hub)
        {
            Hub = hub;
            hub.On<CircleEvent>("circleEvent", e =>
            {
                lock (_all) _all.Add(e);
                if (e.Kind == "postCreated") _posts.Writer.TryWrite(e);
            });
        }

        public HubConnection Hub { get; }

        public static async Task<Reader> ConnectAsync(CommunityApp app, string token)
        {
            var hub = app.HubConnection(token);
            var reader = new Reader(hub);
            await hub.StartSettledAsync();
            return reader;
        }

        public async Task<List<CircleEvent>> ReadPostsAsync(int count)
        {
            var received = new List<CircleEvent>();
            while (received.Count < count) received.Add(await _posts.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)));
            return received;
        }

        public IReadOnlyList<CircleEvent> Received()
        {
            lock (_all) return [.. _all];
        }

        public ValueTask DisposeAsync() => Hub.DisposeAsync();
    }
}
