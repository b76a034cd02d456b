using Community.Cluster.Circles;
using Community.Cluster.Tests.Support;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using static Community.Cluster.Tests.Circles.CircleRules;

namespace Community.Cluster.Tests.Circles;

/// <summary>Posts, comments, removals and topics on <see cref="CircleState"/> alone. Acts arrive as the user entity
/// forwards them: membership is already checked.</summary>
public sealed class CircleStatePostSpecs
{
    [Fact]
    public void A_post_takes_the_circles_next_seq_and_is_told_live_with_its_content()
    {
        var (posted, created) = Created().Accept<PostCreated>(Samples.Post(Id, "u-reader", "p-1") with { AuthorName = "小红" });

        Assert.Equal(2, posted.Seq);
        Assert.Equal((new UserId("u-reader"), "小红"), (created.AuthorId, created.AuthorName));
        var live = posted.Live(created);
        Assert.Equal("postCreated", live.Kind);
        var data = live.Data();
        Assert.Equal("p-1", data.GetProperty("postId").GetString());
        Assert.Equal("小红", data.GetProperty("authorName").GetString());
        Assert.Equal("断桥残雪 this morning", data.GetProperty("text").GetString());
        Assert.Equal("https://img.example.cn/xihu.jpg", data.GetProperty("imageUrls")[0].GetString());
        Assert.Equal((0, 0), (data.GetProperty("likeCount").GetInt64(), data.GetProperty("commentCount").GetInt64()));
    }

    [Fact]
    public void A_retried_post_with_the_same_id_is_acknowledged_with_its_first_seq_and_another_author_cannot_take_the_id()
    {
        var posted = Created().Given(Samples.Post(Id, "u-reader", "p-1"), Samples.Comment(Id, "u-2", "p-1", "m-1"));

        Assert.Equal(2, posted.Unchanged(Samples.Post(Id, "u-reader", "p-1")));
        posted.Rejects(Samples.Post(Id, "u-other", "p-1"), RejectionReason.AlreadyExists);
    }

    [Fact]
    public void The_same_post_id_with_another_text_images_or_topic_is_a_reused_key_and_the_first_post_stays()
    {
        var opened = Created().Given(Samples.Topic(Id, "t-1"), Samples.Topic(Id, "t-2"));
        var posted = opened.Given(Samples.Post(Id, "u-reader", "p-1", topicId: "t-1"));
        var first = posted.Posts["p-1"];

        posted.Rejects(Samples.Post(Id, "u-reader", "p-1", "another text", topicId: "t-1"), RejectionReason.IdempotencyKeyReused);
        posted.Rejects(Samples.Post(Id, "u-reader", "p-1", topicId: "t-1") with { ImageUrls = [] }, RejectionReason.IdempotencyKeyReused);
        posted.Rejects(Samples.Post(Id, "u-reader", "p-1", topicId: "t-2"), RejectionReason.IdempotencyKeyReused);
        posted.Rejects(Samples.Post(Id, "u-reader", "p-1"), RejectionReason.IdempotencyKeyReused);
        // The same request later (another display name, another moment) is the replay.
        Assert.Equal(first.Seq, posted.Unchanged(Samples.Post(Id, "u-reader", "p-1", topicId: "t-1", at: Samples.At.AddHours(1))
            with { AuthorName = "小红" }));
        Assert.Same(first, posted.Posts["p-1"]);
    }

    [Fact]
    public void A_post_remembered_before_fingerprints_were_kept_takes_any_repeat_of_its_author_as_before()
    {
        var posted = Created().Given(Samples.Post(Id, "u-reader", "p-1"));
        var fromAnOldSnapshot = posted with { Posts = posted.Posts.SetItem("p-1", posted.Posts["p-1"] with { Fingerprint = null }) };

        Assert.Equal(2, fromAnOldSnapshot.Unchanged(Samples.Post(Id, "u-reader", "p-1", "another text")));
        fromAnOldSnapshot.Rejects(Samples.Post(Id, "u-other", "p-1"), RejectionReason.AlreadyExists);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_post_or_comment_is_rejected_as_invalid(string text)
    {
        var posted = Created().Given(Samples.Post(Id, "u-reader", "p-1"));

        Created().Rejects(Samples.Post(Id, "u-reader", "p-2", text), RejectionReason.Invalid);
        posted.Rejects(Samples.Comment(Id, "u-2", "p-1", "m-1", text), RejectionReason.Invalid);
    }

    [Fact]
    public void A_post_or_comment_longer_than_the_limit_is_rejected_as_invalid_and_one_at_the_limit_is_taken()
    {
        var longest = new string('长', CircleState.MaxTextLength);
        var posted = Created().Given(Samples.Post(Id, "u-reader", "p-1", longest));

        Created().Rejects(Samples.Post(Id, "u-reader", "p-2", longest + "长"), RejectionReason.Invalid);
        posted.Rejects(Samples.Comment(Id, "u-2", "p-1", "m-1", longest + "长"), RejectionReason.Invalid);
        posted.Accept<CommentAdded>(Samples.Comment(Id, "u-2", "p-1", "m-1", longest));
    }

    [Fact]
    public void Comments_count_per_post_and_are_told_live_with_the_count()
    {
        var posted = Created().Given(Samples.Post(Id, "u-reader", "p-1"), Samples.Post(Id, "u-reader", "p-other"));

        var (once, first) = posted.Accept<CommentAdded>(Samples.Comment(Id, "u-2", "p-1", "m-1"));
        var (twice, second) = once.Accept<CommentAdded>(Samples.Comment(Id, "u-3", "p-1", "m-2"));
        var (_, elsewhere) = twice.Accept<CommentAdded>(Samples.Comment(Id, "u-3", "p-other", "m-3"));

        Assert.Equal((1L, 2L, 1L), (first.CommentCount, second.CommentCount, elsewhere.CommentCount));
        Assert.Equal(("commentAdded", 4L), (once.Live(first).Kind, once.Seq));
        var live = twice.Live(second);
        Assert.Equal(("commentAdded", 5L), (live.Kind, live.Seq));
        Assert.Equal(2, live.Data().GetProperty("commentCount").GetInt64());
        Assert.Equal("m-2", live.Data().GetProperty("commentId").GetString());
    }

    [Fact]
    public void A_retried_comment_with_the_same_id_is_acknowledged_with_its_first_seq_and_counted_once()
    {
        var commented = Created().Given(Samples.Post(Id, "u-reader", "p-1"), Samples.Comment(Id, "u-2", "p-1", "m-1"));

        Assert.Equal(3, commented.Unchanged(Samples.Comment(Id, "u-2", "p-1", "m-1")));
        commented.Rejects(Samples.Comment(Id, "u-3", "p-1", "m-1"), RejectionReason.AlreadyExists);
        Assert.Equal(1, commented.Posts["p-1"].CommentCount);
        Assert.Equal(2, commented.Accept<CommentAdded>(Samples.Comment(Id, "u-3", "p-1", "m-2")).Event.CommentCount);
    }

    [Fact]
    public void The_same_comment_id_with_another_text_is_a_reused_key_and_counted_once()
    {
        var commented = Created().Given(Samples.Post(Id, "u-reader", "p-1"), Samples.Comment(Id, "u-2", "p-1", "m-1"));

        commented.Rejects(Samples.Comment(Id, "u-2", "p-1", "m-1", "another text"), RejectionReason.IdempotencyKeyReused);
        Assert.Equal(3, commented.Unchanged(Samples.Comment(Id, "u-2", "p-1", "m-1")));
        Assert.Equal((1L, 3L), (commented.Posts["p-1"].CommentCount, commented.Seq));
        // Remembered before fingerprints were kept: any repeat of its author is the replay, as before.
        var old = commented with
        {
            RecentComments = RecentComments.None.Add(commented.RecentComments!.Find("m-1")! with { Fingerprint = null }),
        };
        Assert.Equal(3, old.Unchanged(Samples.Comment(Id, "u-2", "p-1", "m-1", "another text")));
    }

    [Fact]
    public void Comments_and_likes_on_an_unknown_post_are_not_found()
    {
        Created().Rejects(Samples.Comment(Id, "u-2", "p-none", "m-1"), RejectionReason.NotFound);
        Created().Rejects(Samples.Like(Id, "u-2", "p-none"), RejectionReason.NotFound);
    }

    [Fact]
    public void A_post_is_removed_by_its_author_and_then_takes_no_comments_or_likes()
    {
        var posted = Created().Given(Samples.Post(Id, "u-author", "p-1"), Samples.Post(Id, "u-author", "p-2"));

        posted.Rejects(Remove("p-1", by: "u-other"), RejectionReason.Forbidden);
        var (removed, removal) = posted.Accept<PostRemoved>(Remove("p-1", by: "u-author"));
        Assert.Equal(("postRemoved", 4L), (removed.Live(removal).Kind, removed.Seq));
        Assert.Equal("p-1", removed.Live(removal).Data().GetProperty("postId").GetString());

        // A repeat is a no-op.
        Assert.Equal(4, removed.Unchanged(Remove("p-1", by: "u-author")));
        removed.Rejects(Samples.Comment(Id, "u-2", "p-1", "m-1"), RejectionReason.NotFound);
        removed.Rejects(Samples.Like(Id, "u-2", "p-1"), RejectionReason.NotFound);
        removed.Rejects(Remove("p-none", by: "u-owner"), RejectionReason.NotFound);
        // The other post is untouched.
        removed.Accept<CommentAdded>(Samples.Comment(Id, "u-2", "p-2", "m-1"));
    }

    [Theory]
    [InlineData("u-owner", false)]
    [InlineData("u-mod", false)]
    [InlineData("u-platform", true)]
    public void The_owner_a_circle_moderator_or_a_platform_moderator_removes_anyones_post(string by, bool platformModerator)
    {
        var posted = Created().Given(Appoint("u-mod"), Samples.Post(Id, "u-author", "p-1"));

        var (removed, removal) = posted.Accept<PostRemoved>(Remove("p-1", by, platformModerator, "rumour"));

        Assert.Equal((new UserId(by), "rumour"), (removal.By, removal.Reason));
        Assert.True(removed.Posts["p-1"].Removed);
    }

    [Fact]
    public void A_removed_post_forgets_its_likers_and_its_held_back_like_count()
    {
        var liked = Created().Given(Samples.Post(Id, "u-author", "p-1"),
            Samples.Like(Id, "u-1", "p-1", at: Samples.At), Samples.Like(Id, "u-2", "p-1", at: Samples.At.AddMilliseconds(1)));
        Assert.Contains("p-1", liked.LikeCountsPending);

        var removed = liked.Given(Remove("p-1", by: "u-author"));

        Assert.Empty(removed.Posts["p-1"].Likers);
        Assert.Empty(removed.LikeCountsPending);
        Assert.Equal(removed.Seq, removed.Unchanged(new PublishCounts(Circle, Samples.At.AddSeconds(1))));
    }

    [Fact]
    public void A_topic_takes_posts_while_open_and_counts_each_participant_once()
    {
        var (opened, topic) = Created().Accept<TopicCreated>(Samples.Topic(Id, "t-dawn", startsAt: Samples.At, endsAt: Samples.At.AddDays(1)));
        Assert.Equal("topicCreated", opened.Live(topic).Kind);
        Assert.Equal("t-dawn", opened.Live(topic).Data().GetProperty("topicId").GetString());

        var posted = opened.Given(
            Samples.Post(Id, "u-1", "p-1", topicId: "t-dawn", at: Samples.At),
            Samples.Post(Id, "u-1", "p-2", topicId: "t-dawn", at: Samples.At.AddHours(2)),
            Samples.Post(Id, "u-2", "p-3", topicId: "t-dawn", at: Samples.At.AddDays(1).AddTicks(-1)));

        Assert.Equal(["u-1", "u-2"], posted.Topics["t-dawn"].Participants.Order());
        Assert.Equal("t-dawn", posted.Posts["p-3"].TopicId);
        // Open from its start until (not including) its end.
        posted.Rejects(Samples.Post(Id, "u-3", "p-4", topicId: "t-dawn", at: Samples.At.AddDays(1)), RejectionReason.InvalidState);
        posted.Rejects(Samples.Post(Id, "u-3", "p-5", topicId: "t-dawn", at: Samples.At.AddDays(2)), RejectionReason.InvalidState);
        posted.Rejects(Samples.Post(Id, "u-3", "p-6", topicId: "t-dawn", at: Samples.At.AddHours(-1)), RejectionReason.InvalidState);
        posted.Rejects(Samples.Post(Id, "u-3", "p-7", topicId: "t-none"), RejectionReason.NotFound);
        Assert.Equal(["u-1", "u-2"], posted.Topics["t-dawn"].Participants.Order());
    }

    [Theory]
    [InlineData("u-stranger", false, false)]
    [InlineData("u-owner", false, true)]
    [InlineData("u-mod", false, true)]
    [InlineData("u-stranger", true, true)]
    public void Only_the_owner_a_circle_moderator_or_a_platform_moderator_opens_topics(string by, bool platformModerator, bool allowed)
    {
        var circle = Created().Given(Appoint("u-mod"));
        ICommunityMessage topic = platformModerator ? Samples.ModeratorTopic(Id, "t-1", by) : Samples.Topic(Id, "t-1", by);

        if (allowed) Assert.True(circle.Accept<TopicCreated>(topic).After.Topics.ContainsKey("t-1"));
        else circle.Rejects(topic, RejectionReason.Forbidden);
    }

    [Fact]
    public void A_topic_sent_straight_to_the_circle_opens_only_for_a_platform_moderator_so_the_owner_cannot_bypass_membership()
    {
        // The owner's and circle moderators' topics come as members (OpenTopic, forwarded by their user entity while they
        // are in the circle); the same topic sent to the circle directly would skip that check.
        var circle = Created().Given(Appoint("u-mod"));
        foreach (var by in new[] { "u-owner", "u-mod" })
        {
            var direct = Samples.ModeratorTopic(Id, "t-1", by) with { ByPlatformModerator = false };
            Assert.Contains("as members", circle.Rejects(direct, RejectionReason.Forbidden).Detail);
        }
        var (_, opened) = circle.Accept<TopicCreated>(Samples.ModeratorTopic(Id, "t-1", "u-platform-mod"));
        Assert.Equal(new UserId("u-platform-mod"), opened.By);
    }

    [Fact]
    public void A_banned_circle_moderator_opens_no_topic()
    {
        var circle = Created().Given(Appoint("u-mod"), Samples.Ban(Id, "u-mod"));

        circle.Rejects(Samples.Topic(Id, "t-1", "u-mod"), RejectionReason.Forbidden);
        Assert.True(circle.Given(Samples.Ban(Id, "u-mod", banned: false)).Accept<TopicCreated>(Samples.Topic(Id, "t-1", "u-mod"))
            .After.Topics.ContainsKey("t-1"));
    }

    [Fact]
    public void A_topic_that_ends_before_it_starts_or_has_no_title_is_invalid()
    {
        Created().Rejects(Samples.Topic(Id, "t-1", startsAt: Samples.At, endsAt: Samples.At), RejectionReason.Invalid);
        Created().Rejects(Samples.Topic(Id, "t-1", startsAt: Samples.At, endsAt: Samples.At.AddTicks(-1)), RejectionReason.Invalid);
        Created().Rejects(Samples.Topic(Id, "t-1") with { Title = " " }, RejectionReason.Invalid);
    }

    [Fact]
    public void A_retried_topic_with_the_same_id_changes_nothing()
    {
        var opened = Created().Given(Samples.Topic(Id, "t-1"));

        Assert.Equal(2, opened.Unchanged(Samples.Topic(Id, "t-1")));
        // The same instants written with another offset are the same request.
        Assert.Equal(2, opened.Unchanged(Samples.Topic(Id, "t-1", startsAt: Samples.At.ToUniversalTime(),
            endsAt: Samples.At.AddDays(7).ToOffset(TimeSpan.Zero))));
    }

    [Fact]
    public void The_same_topic_id_with_another_title_description_or_window_is_a_reused_key_and_the_first_topic_stays()
    {
        var opened = Created().Given(Samples.Topic(Id, "t-1"));
        var first = opened.Topics["t-1"];

        opened.Rejects(Samples.Topic(Id, "t-1") with { Title = "#another#" }, RejectionReason.IdempotencyKeyReused);
        opened.Rejects(Samples.Topic(Id, "t-1") with { Description = "another description" }, RejectionReason.IdempotencyKeyReused);
        opened.Rejects(Samples.Topic(Id, "t-1", endsAt: Samples.At.AddDays(8)), RejectionReason.IdempotencyKeyReused);
        opened.Rejects(Samples.Topic(Id, "t-1", startsAt: Samples.At.AddHours(1)), RejectionReason.IdempotencyKeyReused);
        Assert.Same(first, opened.Topics["t-1"]);
        Assert.Equal(2, opened.Seq);
    }
}
