using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Akka.Actor;
using Community.Contracts.Common;
using Community.Web.Live;
using Community.Web.Tests.Circles;
using Community.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Community.Web.Tests.Live;

/// <summary>A circle's live feed over real websockets: joining after a seq gives exactly the later events in order,
/// whatever is written meanwhile, and a reader that drops and rejoins with its last seq misses nothing.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class CircleLiveSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    public sealed record CircleEvent(string CircleId, long Seq, string Kind, JsonElement Data);

    [Fact]
    public async Task Joining_after_seq_k_while_posts_are_written_concurrently_receives_exactly_k_plus_1_onwards_in_order()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        var writers = new List<CircleClient>();
        for (var i = 0; i < 3; i++)
        {
            var writer = await CircleClient.SignUpAsync(_app);
            await writer.JoinAsync(circleId);
            writers.Add(writer);
        }
        var k = (await owner.PostAsync(circleId, "before the join")).Seq;
        await using var reader = await FeedReader.ConnectAsync(_app, (await _app.RegisterAndSignInAsync()).Token);

        // Three writers post while the reader joins after k: some posts land during its catch-up.
        var firstWritten = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writing = writers.Select(async (writer, w) =>
        {
            var seqs = new List<long>();
            for (var i = 0; i < 15; i++)
            {
                seqs.Add((await writer.PostAsync(circleId, $"writer {w} post {i}")).Seq);
                firstWritten.TrySetResult();
            }
            return seqs;
        }).ToList();
        await firstWritten.Task;
        var lastSentAtJoin = await reader.JoinAsync(circleId, k);
        var written = (await Task.WhenAll(writing)).SelectMany(s => s).Order().ToList();

        // Every seq after k once, in order (the posts, and a member count the circle may publish meanwhile).
        var received = await reader.ReceiveThroughAsync(written[^1]);
        Assert.Equal(Enumerable.Range((int)k + 1, (int)(written[^1] - k)).Select(s => (long)s), received.Select(e => e.Seq));
        Assert.Equal(written, received.Where(e => e.Kind == "postCreated").Select(e => e.Seq));
        Assert.All(received, e => Assert.Equal(circleId, e.CircleId));
        // The join answers the last seq it sent: a member count the circle published after the posts may be among them.
        Assert.True(lastSentAtJoin >= k, $"the join answered {lastSentAtJoin}, before k = {k}");
        // The writers' member count may still follow (throttled), but no seq comes again: everything up to a post made
        // now is newer than what was received.
        var sentinel = (await owner.PostAsync(circleId, "sentinel")).Seq;
        var rest = await reader.ReceiveThroughAsync(sentinel);
        Assert.All(rest, e => Assert.True(e.Seq > received[^1].Seq, $"seq {e.Seq} came again"));
        foreach (var writer in writers) writer.Dispose();
    }

    [Fact]
    public async Task A_reader_that_drops_and_rejoins_with_its_last_seq_misses_nothing_and_sees_nothing_twice()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        var token = (await _app.RegisterAndSignInAsync()).Token;
        var first = await FeedReader.ConnectAsync(_app, token);
        var start = await first.JoinAsync(circleId, 0);

        var firstBatch = new List<long>();
        for (var i = 0; i < 5; i++) firstBatch.Add((await owner.PostAsync(circleId, $"早 {i}")).Seq);
        var seen = await first.ReceiveThroughAsync(firstBatch[^1]);
        await first.DisposeAsync(); // the phone goes into a tunnel

        var missed = new List<long>();
        for (var i = 0; i < 5; i++) missed.Add((await owner.PostAsync(circleId, $"晚 {i}")).Seq);
        var (postId, _) = await owner.PostAsync(circleId, "评论我");
        var comment = await owner.Http.PostAsJsonAsync($"/api/circles/{circleId}/posts/{postId}/comments", new { text = "第一" });
        await Expect.Status(comment, HttpStatusCode.Created);
        var commentSeq = (await comment.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("seq").GetInt64();

        await using var again = await FeedReader.ConnectAsync(_app, token);
        await again.JoinAsync(circleId, seen[^1].Seq);
        var caughtUp = await again.ReceiveThroughAsync(commentSeq);

        // The join from 0 replayed the circle's start (its owner counted in), then the posts came live.
        Assert.InRange(start, 1, firstBatch[0] - 1);
        Assert.Equal(firstBatch, seen.Where(e => e.Kind == "postCreated").Select(e => e.Seq));
        Assert.Equal(Enumerable.Range((int)seen[^1].Seq + 1, (int)(commentSeq - seen[^1].Seq)).Select(s => (long)s),
            caughtUp.Select(e => e.Seq));
        Assert.Equal([.. missed, missed[^1] + 1, commentSeq], caughtUp.Select(e => e.Seq));
        Assert.Equal(["postCreated", "commentAdded"], caughtUp.TakeLast(2).Select(e => e.Kind));
        Assert.Equal("第一", caughtUp[^1].Data.GetProperty("text").GetString());

        // And live again after the catch-up.
        var live = (await owner.PostAsync(circleId, "又来了")).Seq;
        Assert.Equal(live, Assert.Single(await again.ReceiveAsync(1)).Seq);
    }

    [Fact]
    public async Task A_publication_that_arrives_after_the_join_sent_its_event_is_not_delivered_twice()
    {
        // The entity answers its seq and publishes its events on different paths: the join's backlog can hold an
        // event whose publication reaches this node only afterwards. Here that publication is made late on purpose.
        await using var join = await StagedJoin.StartAsync(_app, backlog: [1, 2, 3]);
        foreach (var seq in new long[] { 2, 3, 4, 5 }) join.Publish(seq);

        // Caught up: the connection follows the circle and gets what follows once; nothing came twice before it.
        join.Publish(6);
        Assert.Equal([1, 2, 3, 4, 5, 6], (await join.Reader.ReceiveAsync(6)).Select(e => e.Seq));
        join.Publish(7);
        Assert.Equal(7, Assert.Single(await join.Reader.ReceiveAsync(1)).Seq);
    }

    [Fact]
    public async Task Every_follower_gets_each_event_once_in_order_and_one_who_left_gets_none()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        var token = (await _app.RegisterAndSignInAsync()).Token;
        var readers = new List<FeedReader>();
        for (var i = 0; i < 7; i++)
        {
            var reader = await FeedReader.ConnectAsync(_app, token);
            await reader.JoinAsync(circleId, 0);
            readers.Add(reader);
        }
        var (leaver, stayers) = (readers[0], readers[1..]);

        var first = new List<long>();
        for (var i = 0; i < 3; i++) first.Add((await owner.PostAsync(circleId, $"第 {i} 帖")).Seq);
        foreach (var reader in readers) Assert.Equal(first, (await reader.ReceiveAsync(3, "postCreated")).Select(e => e.Seq));

        await leaver.LeaveAsync(circleId);
        await readers[1].DisposeAsync(); // a follower whose connection dropped
        var after = (await owner.PostAsync(circleId, "走了一个")).Seq;
        foreach (var reader in stayers[1..]) Assert.Equal(after, Assert.Single(await reader.ReceiveAsync(1, "postCreated")).Seq);
        // The post reached the others before this: the next post the leaver gets is one of a circle it follows now.
        var other = await owner.CreateCircleAsync("哨兵圈");
        await leaver.JoinAsync(other, 0);
        var sentinel = await owner.PostAsync(other, "哨兵");
        var next = Assert.Single(await leaver.ReceiveAsync(1, "postCreated"));
        Assert.Equal((other, sentinel.Seq), (next.CircleId, next.Seq));
        foreach (var reader in readers.Where(r => r != readers[1])) await reader.DisposeAsync();
    }

    [Fact]
    public async Task A_connection_that_leaves_while_its_join_is_still_catching_up_gets_nothing_more()
    {
        // The backlog's events were published before the join (nothing live follows them): the join waits for the live
        // stream to pass them before following, and the reader leaves meanwhile.
        await using var join = await StagedJoin.StartAsync(_app, backlog: [1, 2]);
        await join.LeaveAsync();
        await Task.Delay(LiveStreamWorker.LiveSettleTime + TimeSpan.FromMilliseconds(500)); // past the catch-up deadline
        join.Publish(3);

        Assert.Equal([1, 2], (await join.Reader.ReceiveAsync(2)).Select(e => e.Seq));
        Assert.True(join.Reader.NothingMoreWithin(TimeSpan.FromMilliseconds(500)), "nothing after leaving");
    }

    [Fact]
    public async Task Joins_and_leaves_reach_readers_as_membersChanged_with_the_member_count()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        await using var reader = await FeedReader.ConnectAsync(_app, (await _app.RegisterAndSignInAsync()).Token);
        await reader.JoinAsync(circleId, 0);

        async Task CountReaches(long expected)
        {
            // Throttled like likes: one event at once, then one with the latest count.
            long count;
            do count = Assert.Single(await reader.ReceiveAsync(1, "membersChanged")).Data.GetProperty("memberCount").GetInt64();
            while (count != expected);
        }

        await CountReaches(1); // the owner, replayed by the join
        using var joiner = await CircleClient.SignUpAsync(_app);
        await joiner.JoinAsync(circleId);
        await CountReaches(2);
        await Expect.Status(await joiner.Http.DeleteAsync($"/api/circles/{circleId}/members/me"), HttpStatusCode.NoContent);
        await CountReaches(1);
    }

    [Fact]
    public async Task Likes_reach_readers_as_likeChanged_with_the_latest_count_and_removals_as_postRemoved()
    {
        using var owner = await CircleClient.SignUpAsync(_app);
        var circleId = await owner.CreateCircleAsync();
        var likers = new List<CircleClient>();
        for (var i = 0; i < 4; i++)
        {
            var liker = await CircleClient.SignUpAsync(_app);
            await liker.JoinAsync(circleId);
            likers.Add(liker);
        }
        var (postId, seq) = await owner.PostAsync(circleId, "点个赞");
        await using var reader = await FeedReader.ConnectAsync(_app, (await _app.RegisterAndSignInAsync()).Token);
        await reader.JoinAsync(circleId, seq);

        await Task.WhenAll(likers.Select(l => l.Http.PutAsync($"/api/circles/{circleId}/posts/{postId}/likes/me", null)));

        // A burst is throttled: fewer events than likes, and the last one carries the final count.
        var counts = new List<long>();
        while (counts.LastOrDefault() != 4)
        {
            var e = Assert.Single(await reader.ReceiveAsync(1, "likeChanged"));
            Assert.Equal(postId, e.Data.GetProperty("postId").GetString());
            counts.Add(e.Data.GetProperty("likeCount").GetInt64());
        }
        Assert.InRange(counts.Count, 1, 4);

        await Expect.Status(await owner.Http.DeleteAsync($"/api/circles/{circleId}/posts/{postId}"), HttpStatusCode.NoContent);
        var removed = Assert.Single(await reader.ReceiveAsync(1, "postRemoved"));
        Assert.Equal(("postRemoved", postId), (removed.Kind, removed.Data.GetProperty("postId").GetString()));
        foreach (var liker in likers) liker.Dispose();
    }

    /// <summary>A reader joined to a made-up circle through the live bridge itself, with the backlog the spec chooses and
    /// publications it makes when it wants: to stage orderings the cluster produces only by chance.</summary>
    private sealed class StagedJoin : IAsyncDisposable
    {
        private readonly string _circleId = $"staged-{Guid.NewGuid():N}"[..20];
        private readonly LiveBridge _bridge;

        private StagedJoin(FeedReader reader, LiveBridge bridge) => (Reader, _bridge) = (reader, bridge);

        public FeedReader Reader { get; }

        private string Group => Post(0).Group;

        public static async Task<StagedJoin> StartAsync(CommunityApp app, long[] backlog)
        {
            var session = await app.RegisterAndSignInAsync();
            var reader = await FeedReader.ConnectAsync(app, session.Token);
            var join = new StagedJoin(reader, app.Services.GetRequiredService<LiveBridge>());
            var last = await join._bridge.FollowAsync(reader.ConnectionId, session.UserId, join.Group, 0,
                () => Task.FromResult<IReadOnlyList<LiveEvent>>([.. backlog.Select(join.Post)]));
            Assert.Equal(backlog[^1], last);
            return join;
        }

        /// <summary>As the pub-sub topic of the stream delivers it to this node.</summary>
        public void Publish(long seq) => _bridge.WorkerOf(Group).Tell(Post(seq));

        public Task LeaveAsync() => _bridge.UnfollowAsync(Reader.ConnectionId, Group, TimeSpan.FromSeconds(20));

        private LiveEvent Post(long seq) => new(LiveChannel.Circle, _circleId, seq, "postCreated", $$"""{"postId":"p{{seq}}"}""");

        public ValueTask DisposeAsync() => Reader.DisposeAsync();
    }

    /// <summary>One reader's hub connection following circles.</summary>
    private sealed class FeedReader : IAsyncDisposable
    {
        private readonly HubConnection _hub;
        private readonly BlockingCollection<CircleEvent> _events = [];

        private FeedReader(HubConnection hub)
        {
            _hub = hub;
            _hub.On<CircleEvent>("circleEvent", e => _events.Add(e));
        }

        public static async Task<FeedReader> ConnectAsync(CommunityApp app, string token)
        {
            var hub = app.HubConnection(token);
            var reader = new FeedReader(hub);
            await hub.StartSettledAsync();
            return reader;
        }

        public string ConnectionId => _hub.ConnectionId!;

        public Task<long> JoinAsync(string circleId, long afterSeq) => _hub.InvokeAsync<long>("JoinCircle", circleId, afterSeq);

        public Task LeaveAsync(string circleId) => _hub.InvokeAsync("LeaveCircle", circleId);

        /// <summary>The next <paramref name="count"/> events (of <paramref name="kind"/> only, when given: others are
        /// skipped).</summary>
        public Task<IReadOnlyList<CircleEvent>> ReceiveAsync(int count, string? kind = null) =>
            ReceiveUntilAsync(received => received.Count(e => kind is null || e.Kind == kind) >= count,
                received => received.Where(e => kind is null || e.Kind == kind).ToList());

        /// <summary>Every event up to and including <paramref name="seq"/>.</summary>
        public Task<IReadOnlyList<CircleEvent>> ReceiveThroughAsync(long seq) =>
            ReceiveUntilAsync(received => received.Count > 0 && received[^1].Seq >= seq, received => received);

        private async Task<IReadOnlyList<CircleEvent>> ReceiveUntilAsync(
            Func<List<CircleEvent>, bool> enough, Func<List<CircleEvent>, IReadOnlyList<CircleEvent>> result)
        {
            var received = new List<CircleEvent>();
            await Task.Run(() =>
            {
                while (!enough(received))
                    received.Add(_events.TryTake(out var e, TimeSpan.FromSeconds(20))
                        ? e
                        : throw new Xunit.Sdk.XunitException(
                            $"Received only these circle events: {string.Join(",", received.Select(r => $"{r.Seq}:{r.Kind}"))}"));
            });
            return result(received);
        }

        public bool NothingMoreWithin(TimeSpan wait) => !_events.TryTake(out _, wait);

        public async ValueTask DisposeAsync() => await _hub.DisposeAsync();
    }
}
