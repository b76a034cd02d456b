using System.Text.Json;
using Akka.Actor;
using Community.Cluster.Circles;
using Community.Cluster.Tests.Support;
using Community.Contracts.Circles;
using Community.Contracts.Common;

namespace Community.Cluster.Tests.Circles;

/// <summary>What a circle's rules need an actor for: answering only after the journal write, telling live clients
/// after it, the throttle's timer, pipelined group commits and recovery. The rules themselves are specified on the
/// state (<see cref="CircleStateSpecs"/>, <see cref="CircleStatePostSpecs"/>, <see cref="CircleStateLikeSpecs"/>).</summary>
public sealed class CircleActivitySpecs : EntitySpec
{
    private const string CircleId = "c-xihu";
    private readonly IActorRef _circle;

    public CircleActivitySpecs()
    {
        _circle = Sys.ActorOf(CircleEntity.Props(CircleId, Settings));
        Send<CommandAccepted>(_circle, Samples.Circle(CircleId));
    }

    private CircleView View() => Send<CircleView>(_circle, new GetCircle(new CircleId(CircleId)));

    private long Post(string postId, string userId = "u-reader")
    {
        var seq = Send<CommandAccepted>(_circle, Samples.Post(CircleId, userId, postId)).Seq;
        ExpectLive();
        return seq;
    }

    /// <summary>Proves that nothing more was persisted or told live after <paramref name="lastSeq"/>: a post sent now is
    /// the next live event and takes the next seq.</summary>
    private void AssertNothingMoreAfter(IActorRef circle, long lastSeq)
    {
        var seq = Send<CommandAccepted>(circle, Samples.Post(CircleId, "u-sentinel", "p-sentinel")).Seq;
        var next = ExpectLive();
        Assert.Equal(("postCreated", lastSeq + 1, lastSeq + 1), (next.Kind, next.Seq, seq));
    }

    private IActorRef Restart(IActorRef circle)
    {
        Watch(circle);
        circle.Tell(PoisonPill.Instance);
        ExpectTerminated(circle);
        return Sys.ActorOf(CircleEntity.Props(CircleId, Settings));
    }

    [Fact]
    public void A_post_is_answered_with_its_seq_once_stored_and_told_live_with_its_content()
    {
        var seq = Send<CommandAccepted>(_circle, Samples.Post(CircleId, "u-reader", "p-1") with { AuthorName = "小红" }).Seq;

        Assert.Equal(2, seq);
        var live = ExpectLive();
        Assert.Equal((LiveChannel.Circle, CircleId, 2L, "postCreated"), (live.Channel, live.StreamId, live.Seq, live.Kind));
        using var data = JsonDocument.Parse(live.DataJson);
        Assert.Equal("p-1", data.RootElement.GetProperty("postId").GetString());
        Assert.Equal("小红", data.RootElement.GetProperty("authorName").GetString());
        Assert.Equal("断桥残雪 this morning", data.RootElement.GetProperty("text").GetString());
        Assert.Equal("https://img.example.cn/xihu.jpg", data.RootElement.GetProperty("imageUrls")[0].GetString());
        Assert.Equal(2, View().Seq);
    }

    [Fact]
    public void A_retried_post_is_answered_with_its_first_seq_and_a_rejected_one_at_once_neither_stored_nor_told_live()
    {
        var first = Post("p-1");

        Assert.Equal(first, Send<CommandAccepted>(_circle, Samples.Post(CircleId, "u-reader", "p-1")).Seq);
        Rejected(_circle, Samples.Post(CircleId, "u-other", "p-1"), RejectionReason.AlreadyExists);
        Assert.Equal(first, View().Seq);
        AssertNothingPublished();
    }

    [Fact]
    public void A_burst_of_joins_and_leaves_is_told_live_once_at_once_and_then_once_by_the_timer_with_the_latest_member_count()
    {
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < 10; i++)
            Send<CommandAccepted>(_circle, new AdmitMember(new CircleId(CircleId), new UserId($"u-{i}"), $"u-{i}@1", at.AddMilliseconds(i)));
        Send<CommandAccepted>(_circle, new ReleaseMember(new CircleId(CircleId), new UserId("u-0"), "u-0@2", at.AddMilliseconds(10)));

        var first = ExpectLive();
        Assert.Equal(("membersChanged", 2L), (first.Kind, first.Seq));
        using (var data = JsonDocument.Parse(first.DataJson)) Assert.Equal(1, data.RootElement.GetProperty("memberCount").GetInt64());

        // The rest are summed up by the circle's timer, ending with the count after all of them. The burst takes longer
        // than a window only on a loaded machine: then the timer also tells a count of the burst's middle first.
        var told = new List<LiveEvent>();
        do told.Add(ExpectLive(TimeSpan.FromSeconds(10)));
        while (MemberCount(told[^1]) != 9);
        Assert.All(told, e => Assert.Equal("membersChanged", e.Kind));
        var latest = told[^1];
        Assert.Equal(13L + (told.Count - 1), latest.Seq);
        Assert.Equal((9L, latest.Seq), (View().MemberCount, View().Seq));
        AssertNothingMoreAfter(_circle, latest.Seq);
    }

    [Fact]
    public void A_member_count_held_back_by_the_throttle_is_still_told_when_the_circle_restarts_meanwhile()
    {
        var at = DateTimeOffset.UtcNow;
        Send<CommandAccepted>(_circle, new AdmitMember(new CircleId(CircleId), new UserId("u-1"), "u-1@1", at));
        Assert.Equal(1, JsonDocument.Parse(ExpectLive().DataJson).RootElement.GetProperty("memberCount").GetInt64());
        Send<CommandAccepted>(_circle, new AdmitMember(new CircleId(CircleId), new UserId("u-2"), "u-2@1", at.AddMilliseconds(1)));

        // Stopped before its timer told the second join: the restarted circle owes it to live clients.
        var restarted = Restart(_circle);
        Send<CircleView>(restarted, new GetCircle(new CircleId(CircleId)));

        var latest = ExpectLive(TimeSpan.FromSeconds(10));
        Assert.Equal(("membersChanged", 4L), (latest.Kind, latest.Seq));
        Assert.Equal(2, JsonDocument.Parse(latest.DataJson).RootElement.GetProperty("memberCount").GetInt64());
        AssertNothingMoreAfter(restarted, 4);
    }

    [Fact]
    public void A_retried_comment_is_answered_with_its_first_seq_even_after_the_circle_restarts()
    {
        Post("p-1");
        var first = Send<CommandAccepted>(_circle, Samples.Comment(CircleId, "u-2", "p-1", "m-1")).Seq;
        ExpectLive();

        var restarted = Restart(_circle);
        Assert.Equal(first, Send<CommandAccepted>(restarted, Samples.Comment(CircleId, "u-2", "p-1", "m-1")).Seq);
        Rejected(restarted, Samples.Comment(CircleId, "u-3", "p-1", "m-1"), RejectionReason.AlreadyExists);
        Assert.Equal(first, Send<CircleView>(restarted, new GetCircle(new CircleId(CircleId))).Seq);
        AssertNothingPublished();
    }

    [Fact]
    public void A_burst_of_likes_on_one_post_is_told_live_once_at_once_and_then_once_by_the_timer_with_the_latest_count()
    {
        Post("p-1");
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < 20; i++)
            Send<CommandAccepted>(_circle, Samples.Like(CircleId, $"u-{i}", "p-1", at: at.AddMilliseconds(i)));

        var first = ExpectLive();
        Assert.Equal(("likeChanged", 3L), (first.Kind, first.Seq));
        using (var data = JsonDocument.Parse(first.DataJson)) Assert.Equal(1, data.RootElement.GetProperty("likeCount").GetInt64());

        // The held-back likes are summed up by the circle's timer: one more event, with the count after all 20.
        var latest = ExpectLive(TimeSpan.FromSeconds(10));
        Assert.Equal("likeChanged", latest.Kind);
        Assert.Equal(23, latest.Seq);
        using (var data = JsonDocument.Parse(latest.DataJson)) Assert.Equal(20, data.RootElement.GetProperty("likeCount").GetInt64());
        AssertNothingMoreAfter(_circle, 23);
    }

    [Fact]
    public async Task Concurrent_posts_comments_and_likes_get_consecutive_seqs_and_the_state_survives_a_restart()
    {
        Post("p-0");
        var acts = Enumerable.Range(0, 300).Select(ICommunityMessage (i) => (i % 3) switch
        {
            0 => Samples.Post(CircleId, $"u-{i}", $"p-{i + 1}"),
            1 => Samples.Comment(CircleId, $"u-{i}", "p-0", $"m-{i}"),
            // A second apart: each like is told live at once, so no like-count timer adds seqs of its own here.
            _ => Samples.Like(CircleId, $"u-{i}", "p-0", at: Samples.At.AddSeconds(i)),
        });
        var replies = await Task.WhenAll(acts.Select(act => _circle.Ask<object>(act, TimeSpan.FromSeconds(30))));

        var seqs = replies.Select(r => Assert.IsType<CommandAccepted>(r).Seq).Order().ToList();
        Assert.Equal(Enumerable.Range(3, 300).Select(i => (long)i), seqs);

        var before = View();
        Watch(_circle);
        Sys.Stop(_circle);
        ExpectTerminated(_circle);
        var again = Sys.ActorOf(CircleEntity.Props(CircleId, Settings));
        Assert.Equal(before, Send<CircleView>(again, new GetCircle(new CircleId(CircleId))));
        // The recovered circle still knows every like: a repeat changes nothing.
        Assert.Equal(before.Seq, Send<CommandAccepted>(again, Samples.Like(CircleId, "u-2", "p-0", at: Samples.At.AddHours(1))).Seq);
        Assert.Equal(before.Seq + 1, Send<CommandAccepted>(again, Samples.Comment(CircleId, "u-9", "p-0", "m-new")).Seq);
    }

    private static long MemberCount(LiveEvent live)
    {
        using var data = JsonDocument.Parse(live.DataJson);
        return data.RootElement.GetProperty("memberCount").GetInt64();
    }
}
