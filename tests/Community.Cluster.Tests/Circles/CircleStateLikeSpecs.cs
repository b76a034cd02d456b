using Community.Cluster.Circles;
using Community.Cluster.Tests.Support;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using static Community.Cluster.Tests.Circles.CircleRules;

namespace Community.Cluster.Tests.Circles;

/// <summary>Likes and the live throttle of like and member counts, on <see cref="CircleState"/> alone. Whether a change
/// is told at once is decided here and stored in its event; the circle's timer (see <see cref="CircleActivitySpecs"/>)
/// only sends <see cref="PublishCounts"/>.</summary>
public sealed class CircleStateLikeSpecs
{
    private static readonly DateTimeOffset T0 = Samples.At;

    private static CircleState Posted() => Created().Given(Samples.Post(Id, "u-author", "p-1"), Samples.Post(Id, "u-author", "p-2"));

    [Fact]
    public void Likes_are_idempotent_per_user_and_unlikes_take_them_back()
    {
        var (liked, like) = Posted().Accept<LikeChanged>(Samples.Like(Id, "u-2", "p-1"));
        Assert.Equal((true, 1L, 4L), (like.Liked, like.LikeCount, liked.Seq));

        // The same like again changes nothing, and neither does unliking what was never liked.
        Assert.Equal(4, liked.Unchanged(Samples.Like(Id, "u-2", "p-1")));
        Assert.Equal(4, liked.Unchanged(Samples.Like(Id, "u-3", "p-1", liked: false)));

        var (unliked, unlike) = liked.Accept<LikeChanged>(Samples.Like(Id, "u-2", "p-1", liked: false, at: T0.AddMinutes(30)));
        Assert.Equal((false, 0L, 5L), (unlike.Liked, unlike.LikeCount, unliked.Seq));
        var live = unliked.Live(unlike);
        Assert.Equal(("likeChanged", 0L), (live.Kind, live.Data().GetProperty("likeCount").GetInt64()));
        Assert.Equal("p-1", live.Data().GetProperty("postId").GetString());
    }

    [Fact]
    public void Likes_are_counted_per_post()
    {
        var liked = Posted().Given(Samples.Like(Id, "u-1", "p-1"), Samples.Like(Id, "u-2", "p-1"), Samples.Like(Id, "u-1", "p-2"));

        Assert.Equal((2, 1), (liked.Posts["p-1"].Likers.Count, liked.Posts["p-2"].Likers.Count));
        Assert.Equal(3, liked.Accept<LikeChanged>(Samples.Like(Id, "u-3", "p-1")).Event.LikeCount);
    }

    [Fact]
    public void The_first_like_count_change_of_a_window_is_told_at_once_and_later_ones_are_held()
    {
        var (first, firstLike) = Posted().Accept<LikeChanged>(Samples.Like(Id, "u-0", "p-1", at: T0));
        Assert.True(firstLike.Published);
        Assert.Equal(("likeChanged", 1L), (first.Live(firstLike).Kind, first.Live(firstLike).Data().GetProperty("likeCount").GetInt64()));

        var held = first;
        for (var i = 1; i < 20; i++)
        {
            var (after, like) = held.Accept<LikeChanged>(Samples.Like(Id, $"u-{i}", "p-1", at: T0.AddMilliseconds(i)));
            Assert.False(like.Published, $"like {i} is in the window of the first");
            Assert.Null(after.ToLive(like, after.Seq));
            held = after;
        }
        Assert.Equal(["p-1"], held.LikeCountsPending);
        Assert.True(held.CountsPending);

        // Another post has a window of its own.
        Assert.True(held.Accept<LikeChanged>(Samples.Like(Id, "u-0", "p-2", at: T0.AddMilliseconds(20))).Event.Published);
    }

    [Fact]
    public void A_like_count_change_after_the_window_is_told_at_once_again()
    {
        var first = Posted().Given(Samples.Like(Id, "u-0", "p-1", at: T0));

        Assert.False(first.Accept<LikeChanged>(Samples.Like(Id, "u-1", "p-1", at: T0 + CircleState.CountWindow - TimeSpan.FromTicks(1))).Event.Published);
        var (after, like) = first.Accept<LikeChanged>(Samples.Like(Id, "u-1", "p-1", at: T0 + CircleState.CountWindow));
        Assert.True(like.Published);
        Assert.Empty(after.LikeCountsPending);
    }

    [Fact]
    public void Held_like_counts_are_published_once_with_the_latest_count_per_post_when_the_window_is_over()
    {
        var held = Posted().Given(
            Samples.Like(Id, "u-0", "p-2", at: T0),
            Samples.Like(Id, "u-0", "p-1", at: T0),
            Samples.Like(Id, "u-1", "p-2", at: T0.AddMilliseconds(1)),
            Samples.Like(Id, "u-1", "p-1", at: T0.AddMilliseconds(1)),
            Samples.Like(Id, "u-2", "p-1", at: T0.AddMilliseconds(2)),
            Samples.Like(Id, "u-1", "p-1", liked: false, at: T0.AddMilliseconds(3)));
        var timer = T0 + CircleState.CountWindow;

        var (published, events) = held.Accept(new PublishCounts(Circle, timer));

        Assert.Equal(new ICommunityEvent[] { new LikeCountPublished(Circle, "p-1", 2, timer), new LikeCountPublished(Circle, "p-2", 2, timer) },
            events);
        Assert.Equal(held.Seq + 2, published.Seq);
        var live = published.ToLive(events[1], published.Seq);
        Assert.Equal(("likeChanged", "p-2", 2L),
            (live?.Kind, live?.Data().GetProperty("postId").GetString(), live?.Data().GetProperty("likeCount").GetInt64()));
        Assert.False(published.CountsPending);
        // Told once: the timer's next tick has nothing to tell.
        Assert.Equal(published.Seq, published.Unchanged(new PublishCounts(Circle, timer.AddSeconds(1))));
        // The publication opens a new window.
        Assert.False(published.Accept<LikeChanged>(Samples.Like(Id, "u-5", "p-1", at: timer.AddMilliseconds(1))).Event.Published);
    }

    [Fact]
    public void Nothing_held_back_means_the_timer_publishes_nothing() =>
        Assert.Equal(4, Posted().Given(Samples.Like(Id, "u-0", "p-1", at: T0)).Unchanged(new PublishCounts(Circle, T0.AddSeconds(1))));

    [Fact]
    public void The_first_member_count_change_of_a_window_is_told_at_once_and_later_ones_are_held()
    {
        var (first, admitted) = Created().Accept<MemberAdmitted>(Admit("u-0", "u-0@1", T0));
        Assert.True(admitted.Published);
        var live = first.Live(admitted);
        Assert.Equal(("membersChanged", 2L, 1L), (live.Kind, live.Seq, live.Data().GetProperty("memberCount").GetInt64()));

        var held = first;
        for (var i = 1; i < 10; i++)
        {
            var (after, admission) = held.Accept<MemberAdmitted>(Admit($"u-{i}", $"u-{i}@1", T0.AddMilliseconds(i)));
            Assert.False(admission.Published);
            Assert.Null(after.ToLive(admission, after.Seq));
            held = after;
        }
        var (left, release) = held.Accept<MemberReleased>(Release("u-0", "u-0@2", T0.AddMilliseconds(10)));
        Assert.False(release.Published);
        Assert.Null(left.ToLive(release, left.Seq));
        Assert.True(left.MemberCountPending);
        Assert.Equal((9L, 12L), (left.View().MemberCount, left.View().Seq));
    }

    [Fact]
    public void Held_member_counts_are_published_once_with_the_latest_count_when_the_window_is_over()
    {
        var held = Created().Given(Admit("u-0", "u-0@1", T0), Admit("u-1", "u-1@1", T0.AddMilliseconds(1)),
            Admit("u-2", "u-2@1", T0.AddMilliseconds(2)), Release("u-0", "u-0@2", T0.AddMilliseconds(3)));
        var timer = T0 + CircleState.CountWindow;

        var (published, counted) = held.Accept<MemberCountPublished>(new PublishCounts(Circle, timer));

        Assert.Equal(new MemberCountPublished(Circle, 2, timer), counted);
        var live = published.Live(counted);
        Assert.Equal(("membersChanged", 6L, 2L), (live.Kind, live.Seq, live.Data().GetProperty("memberCount").GetInt64()));
        Assert.False(published.CountsPending);
        Assert.Equal(6, published.Unchanged(new PublishCounts(Circle, timer.AddSeconds(1))));
        Assert.False(published.Accept<MemberAdmitted>(Admit("u-3", "u-3@1", timer.AddMilliseconds(1))).Event.Published);
        Assert.True(published.Accept<MemberAdmitted>(Admit("u-3", "u-3@1", timer + CircleState.CountWindow)).Event.Published);
    }

    [Fact]
    public void Held_member_and_like_counts_are_published_together_the_member_count_first()
    {
        var held = Posted().Given(Admit("u-0", "u-0@1", T0), Admit("u-1", "u-1@1", T0.AddMilliseconds(1)),
            Samples.Like(Id, "u-0", "p-1", at: T0), Samples.Like(Id, "u-1", "p-1", at: T0.AddMilliseconds(1)));
        var timer = T0 + CircleState.CountWindow;

        var (_, events) = held.Accept(new PublishCounts(Circle, timer));

        Assert.Equal(new ICommunityEvent[] { new MemberCountPublished(Circle, 2, timer), new LikeCountPublished(Circle, "p-1", 2, timer) },
            events);
    }

    [Fact]
    public void A_member_count_held_back_stays_owed_in_the_state_the_journal_replays()
    {
        var events = new List<ICommunityEvent>();
        var state = Created();
        foreach (var command in new ICommunityMessage[] { Admit("u-1", "u-1@1", T0), Admit("u-2", "u-2@1", T0.AddMilliseconds(1)) })
        {
            var (after, decided) = state.Accept(command);
            events.AddRange(decided);
            state = after;
        }

        // The replay applies the stored events, flags included: the restarted circle owes the same count.
        var replayed = events.Aggregate(Created(), (s, e) => s.Apply(e));
        Assert.True(replayed.CountsPending);
        Assert.Equal(new MemberCountPublished(Circle, 2, T0.AddSeconds(1)),
            replayed.Accept<MemberCountPublished>(new PublishCounts(Circle, T0.AddSeconds(1))).Event);
    }
}
