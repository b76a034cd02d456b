using System.Text.Json;
using Akka.Actor;
using Community.Cluster.Circles;
using Community.Cluster.Tests.Support;
using Community.Contracts.Circles;
using Community.Contracts.Common;

namespace Community.Cluster.Tests.Circles;

/// <summary>Membership counting, posts, comments, likes, topics, removal and bans on one circle entity, as the user
/// entities and the web host talk to it. Acts arrive as the user entity forwards them (membership already checked).</summary>
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

    private long Post(string postId, string userId = "u-reader", string? topicId = null, DateTimeOffset? at = null)
    {
        var seq = Send<CommandAccepted>(_circle, Samples.Post(CircleId, userId, postId, topicId: topicId, at: at)).Seq;
        ExpectLive();
        return seq;
    }

    [Fact]
    public void Admissions_and_releases_count_members_once_each_even_when_retried()
    {
        Assert.Equal(2, Send<CommandAccepted>(_circle, new AdmitMember(new CircleId(CircleId), new UserId("u-1"), "u-1@5", Samples.At)).Seq);
        Send<CommandAccepted>(_circle, new AdmitMember(new CircleId(CircleId), new UserId("u-2"), "u-2@3", Samples.At));
        // A retried join (same admission id) is acknowledged without counting twice.
        Assert.Equal(3, Send<CommandAccepted>(_circle, new AdmitMember(new CircleId(CircleId), new UserId("u-1"), "u-1@5", Samples.At)).Seq);
        Assert.Equal(2, View().MemberCount);

        Send<CommandAccepted>(_circle, new ReleaseMember(new CircleId(CircleId), new UserId("u-1"), "u-1@9", Samples.At));
        Send<CommandAccepted>(_circle, new ReleaseMember(new CircleId(CircleId), new UserId("u-1"), "u-1@9", Samples.At));
        Assert.Equal(1, View().MemberCount);
    }

    [Fact]
    public void A_burst_of_joins_and_leaves_is_told_live_once_at_once_and_then_once_with_the_latest_member_count()
    {
        var at = DateTimeOffset.UtcNow;
        for (var i = 0; i < 10; i++)
            Send<CommandAccepted>(_circle, new AdmitMember(new CircleId(CircleId), new UserId($"u-{i}"), $"u-{i}@1", at.AddMilliseconds(i)));
        Send<CommandAccepted>(_circle, new ReleaseMember(new CircleId(CircleId), new UserId("u-0"), "u-0@2", at.AddMilliseconds(10)));

        var first = ExpectLive();
        Assert.Equal(("membersChanged", 2L), (first.Kind, first.Seq));
        using (var data = JsonDocument.Parse(first.DataJson)) Assert.Equal(1, data.RootElement.GetProperty("memberCount").GetInt64());

        // The rest are summed up by the circle's timer: one more event, with the count after all of them.
        var latest = ExpectLive(TimeSpan.FromSeconds(10));
        Assert.Equal(("membersChanged", 13L), (latest.Kind, latest.Seq));
        using (var data = JsonDocument.Parse(latest.DataJson)) Assert.Equal(9, data.RootElement.GetProperty("memberCount").GetInt64());
        Assert.False(Live.HasMessages);
        Assert.Equal((9L, 13L), (View().MemberCount, View().Seq));
    }

    [Fact]
    public void A_post_gets_the_circles_next_seq_and_is_published_live_with_its_content()
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
    }

    [Fact]
    public void A_retried_post_with_the_same_id_is_acknowledged_with_its_first_seq_and_stored_once()
    {
        var first = Post("p-1");

        Assert.Equal(first, Send<CommandAccepted>(_circle, Samples.Post(CircleId, "u-reader", "p-1")).Seq);
        Rejected(_circle, Samples.Post(CircleId, "u-other", "p-1"), RejectionReason.AlreadyExists);
        Assert.Equal(first, View().Seq);
        AssertNothingPublished();
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_post_is_rejected_as_invalid(string text)
    {
        Rejected(_circle, Samples.Post(CircleId, "u-reader", "p-1", text), RejectionReason.Invalid);
        Assert.Equal(1, View().Seq);
    }

    [Fact]
    public void A_post_longer_than_the_limit_is_rejected_as_invalid() =>
        Rejected(_circle, Samples.Post(CircleId, "u-reader", "p-1", new string('长', CircleState.MaxTextLength + 1)), RejectionReason.Invalid);

    [Fact]
    public void Comments_count_per_post_and_reach_live_clients()
    {
        Post("p-1");

        Assert.Equal(3, Send<CommandAccepted>(_circle, Samples.Comment(CircleId, "u-2", "p-1", "m-1")).Seq);
        Send<CommandAccepted>(_circle, Samples.Comment(CircleId, "u-3", "p-1", "m-2"));

        var first = ExpectLive();
        var second = ExpectLive();
        Assert.Equal(("commentAdded", 3L, "commentAdded", 4L), (first.Kind, first.Seq, second.Kind, second.Seq));
        using var data = JsonDocument.Parse(second.DataJson);
        Assert.Equal(2, data.RootElement.GetProperty("commentCount").GetInt64());
        Assert.Equal("m-2", data.RootElement.GetProperty("commentId").GetString());
    }

    [Fact]
    public void A_member_count_held_back_by_the_throttle_is_still_told_when_the_circle_restarts_meanwhile()
    {
        var at = DateTimeOffset.UtcNow;
        Send<CommandAccepted>(_circle, new AdmitMember(new CircleId(CircleId), new UserId("u-1"), "u-1@1", at));
        Assert.Equal(1, JsonDocument.Parse(ExpectLive().DataJson).RootElement.GetProperty("memberCount").GetInt64());
        Send<CommandAccepted>(_circle, new AdmitMember(new CircleId(CircleId), new UserId("u-2"), "u-2@1", at.AddMilliseconds(1)));

        // Stopped before its timer told the second join: the restarted circle owes it to live clients.
        Watch(_circle);
        _circle.Tell(PoisonPill.Instance);
        ExpectTerminated(_circle);
        var restarted = Sys.ActorOf(CircleEntity.Props(CircleId, Settings));
        Send<CircleView>(restarted, new GetCircle(new CircleId(CircleId)));

        var latest = ExpectLive(TimeSpan.FromSeconds(10));
        Assert.Equal(("membersChanged", 4L), (latest.Kind, latest.Seq));
        Assert.Equal(2, JsonDocument.Parse(latest.DataJson).RootElement.GetProperty("memberCount").GetInt64());
        Assert.False(Live.HasMessages);
    }

    [Fact]
    public void A_retried_comment_with_the_same_id_is_acknowledged_with_its_first_seq_and_counted_once_even_after_a_restart()
    {
        Post("p-1");
        var first = Send<CommandAccepted>(_circle, Samples.Comment(CircleId, "u-2", "p-1", "m-1")).Seq;
        ExpectLive();

        Assert.Equal(first, Send<CommandAccepted>(_circle, Samples.Comment(CircleId, "u-2", "p-1", "m-1")).Seq);
        Rejected(_circle, Samples.Comment(CircleId, "u-3", "p-1", "m-1"), RejectionReason.AlreadyExists);
        AssertNothingPublished();

        Watch(_circle);
        _circle.Tell(PoisonPill.Instance);
        ExpectTerminated(_circle);
        var restarted = Sys.ActorOf(CircleEntity.Props(CircleId, Settings));
        Assert.Equal(first, Send<CommandAccepted>(restarted, Samples.Comment(CircleId, "u-2", "p-1", "m-1")).Seq);
        Assert.Equal(first, Send<CircleView>(restarted, new GetCircle(new CircleId(CircleId))).Seq);
    }

    [Fact]
    public void Comments_and_likes_on_an_unknown_post_are_not_found()
    {
        Rejected(_circle, Samples.Comment(CircleId, "u-2", "p-none", "m-1"), RejectionReason.NotFound);
        Rejected(_circle, Samples.Like(CircleId, "u-2", "p-none"), RejectionReason.NotFound);
        Assert.Equal(1, View().Seq);
    }

    [Fact]
    public void Likes_are_idempotent_per_user_and_unlikes_take_them_back()
    {
        Post("p-1");
        var liked = Send<CommandAccepted>(_circle, Samples.Like(CircleId, "u-2", "p-1")).Seq;
        ExpectLive();

        // The same like again changes nothing and publishes nothing.
        Assert.Equal(liked, Send<CommandAccepted>(_circle, Samples.Like(CircleId, "u-2", "p-1")).Seq);
        AssertNothingPublished();
        // Unliking what was never liked changes nothing either.
        Assert.Equal(liked, Send<CommandAccepted>(_circle, Samples.Like(CircleId, "u-3", "p-1", liked: false)).Seq);

        var unliked = Send<CommandAccepted>(_circle, Samples.Like(CircleId, "u-2", "p-1", liked: false, at: Samples.At.AddMinutes(30))).Seq;
        Assert.Equal(liked + 1, unliked);
        var live = ExpectLive();
        using var data = JsonDocument.Parse(live.DataJson);
        Assert.Equal(("likeChanged", 0L), (live.Kind, data.RootElement.GetProperty("likeCount").GetInt64()));
    }

    [Fact]
    public void A_burst_of_likes_on_one_post_is_told_live_once_at_once_and_then_once_with_the_latest_count()
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
        Assert.False(Live.HasMessages);
    }

    [Fact]
    public void A_topic_takes_posts_while_open_and_counts_its_participants()
    {
        Send<CommandAccepted>(_circle, Samples.Topic(CircleId, "t-dawn", startsAt: Samples.At, endsAt: Samples.At.AddDays(1)));
        var created = ExpectLive();
        Assert.Equal("topicCreated", created.Kind);

        Post("p-1", "u-1", "t-dawn", Samples.At.AddHours(1));
        Post("p-2", "u-1", "t-dawn", Samples.At.AddHours(2));
        Post("p-3", "u-2", "t-dawn", Samples.At.AddHours(3));

        Rejected(_circle, Samples.Post(CircleId, "u-3", "p-4", topicId: "t-dawn", at: Samples.At.AddDays(2)), RejectionReason.InvalidState);
        Rejected(_circle, Samples.Post(CircleId, "u-3", "p-5", topicId: "t-dawn", at: Samples.At.AddHours(-1)), RejectionReason.InvalidState);
        Rejected(_circle, Samples.Post(CircleId, "u-3", "p-6", topicId: "t-none"), RejectionReason.NotFound);
        AssertNothingPublished();
    }

    [Theory]
    [InlineData("u-stranger", false, RejectionReason.Forbidden)]
    [InlineData("u-owner", false, null)]
    [InlineData("u-stranger", true, null)]
    public void Only_the_owner_a_circle_moderator_or_a_platform_moderator_opens_topics(string by, bool platformModerator,
        RejectionReason? rejection)
    {
        var topic = Samples.Topic(CircleId, "t-1", by) with { ByPlatformModerator = platformModerator };
        if (rejection is { } reason) Rejected(_circle, topic, reason);
        else Send<CommandAccepted>(_circle, topic);
    }

    [Fact]
    public void A_topic_that_ends_before_it_starts_is_invalid() =>
        Rejected(_circle, Samples.Topic(CircleId, "t-1", startsAt: Samples.At, endsAt: Samples.At), RejectionReason.Invalid);

    [Fact]
    public void An_appointed_moderator_may_open_topics_and_ban_but_only_the_owner_appoints()
    {
        Rejected(_circle, new AppointModerator(new CircleId(CircleId), new UserId("u-mod"), new UserId("u-mod"), Samples.At),
            RejectionReason.Forbidden);
        Send<CommandAccepted>(_circle, new AppointModerator(new CircleId(CircleId), new UserId("u-mod"), new UserId("u-owner"), Samples.At));

        Send<CommandAccepted>(_circle, Samples.Topic(CircleId, "t-1", by: "u-mod"));
        Send<CommandAccepted>(_circle, Samples.Ban(CircleId, "u-troll", by: "u-mod"));
    }

    [Fact]
    public void A_banned_user_may_not_join_post_comment_or_like_until_let_back()
    {
        Post("p-1", "u-owner");
        Send<CommandAccepted>(_circle, Samples.Ban(CircleId, "u-troll"));

        Rejected(_circle, new CheckAdmission(new CircleId(CircleId), new UserId("u-troll")), RejectionReason.Forbidden);
        Rejected(_circle, new AdmitMember(new CircleId(CircleId), new UserId("u-troll"), "u-troll@4", Samples.At), RejectionReason.Forbidden);
        Rejected(_circle, Samples.Post(CircleId, "u-troll", "p-2"), RejectionReason.Forbidden);
        Rejected(_circle, Samples.Comment(CircleId, "u-troll", "p-1", "m-1"), RejectionReason.Forbidden);
        Rejected(_circle, Samples.Like(CircleId, "u-troll", "p-1"), RejectionReason.Forbidden);
        Rejected(_circle, Samples.Ban(CircleId, "u-owner"), RejectionReason.Forbidden);
        Rejected(_circle, Samples.Ban(CircleId, "u-other", by: "u-troll"), RejectionReason.Forbidden);
        AssertNothingPublished();

        Send<CommandAccepted>(_circle, Samples.Ban(CircleId, "u-troll", banned: false));
        Send<CommandAccepted>(_circle, new CheckAdmission(new CircleId(CircleId), new UserId("u-troll")));
        Post("p-2", "u-troll");
    }

    [Fact]
    public void A_post_is_removed_by_its_author_or_a_moderator_and_then_takes_no_comments_or_likes()
    {
        Post("p-1", "u-author");
        Post("p-2", "u-author");

        Rejected(_circle, new RemovePost(new CircleId(CircleId), "p-1", new UserId("u-other"), false, "", Samples.At), RejectionReason.Forbidden);
        Send<CommandAccepted>(_circle, new RemovePost(new CircleId(CircleId), "p-1", new UserId("u-author"), false, "", Samples.At));
        var removed = ExpectLive();
        Assert.Equal(("postRemoved", 4L), (removed.Kind, removed.Seq));
        // A repeat is a no-op; a platform moderator removes anyone's post.
        Assert.Equal(4, Send<CommandAccepted>(_circle, new RemovePost(new CircleId(CircleId), "p-1", new UserId("u-author"), false, "", Samples.At)).Seq);
        Send<CommandAccepted>(_circle, new RemovePost(new CircleId(CircleId), "p-2", new UserId("u-mod"), true, "rumour", Samples.At));
        ExpectLive();

        Rejected(_circle, Samples.Comment(CircleId, "u-2", "p-1", "m-1"), RejectionReason.NotFound);
        Rejected(_circle, Samples.Like(CircleId, "u-2", "p-1"), RejectionReason.NotFound);
        Rejected(_circle, new RemovePost(new CircleId(CircleId), "p-none", new UserId("u-owner"), false, "", Samples.At), RejectionReason.NotFound);
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
}
