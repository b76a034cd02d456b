using Community.Cluster.Circles;
using Community.Cluster.Entities;
using Community.Cluster.Tests.Support;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Contracts.Users;
using static Community.Cluster.Tests.Circles.CircleRules;

namespace Community.Cluster.Tests.Circles;

/// <summary>A circle's creation, member count, moderators and bans, on <see cref="CircleState"/> alone.</summary>
public sealed class CircleStateSpecs
{
    private static readonly CircleState Nothing = CircleState.Empty(Id);


    [Fact]
    public void Creating_decides_one_CircleCreated_event_with_the_command_content()
    {
        var created = Assert.IsType<CircleCreated>(Assert.Single(Nothing.Decide(Samples.Circle(Id)).Events));

        Assert.Equal(new CircleCreated(Circle, new UserId("u-owner"), "好摄之友",
            "friends of good photography: 西湖 at dawn", "330100", Samples.At), created);
    }

    [Fact]
    public void A_new_circle_counts_no_member_until_its_owner_is_admitted_like_anyone_else()
    {
        var view = Assert.IsType<CircleView>(Created().Decide(new GetCircle(Circle)).Answer);

        Assert.Equal(new CircleView(Circle, new UserId("u-owner"), "好摄之友", "friends of good photography: 西湖 at dawn",
            "330100", MemberCount: 0, Seq: 1, Samples.At), view);
    }

    [Fact]
    public void Creating_an_existing_circle_again_is_rejected_as_already_existing_and_its_owner_asks_who_owns_it()
    {
        // The same request again (the owner's replay) and anyone else's create of the id: the caller tells them apart.
        Created().Rejects(Samples.Circle(Id), RejectionReason.AlreadyExists);
        Created().Rejects(Samples.Circle(Id, "another name") with { OwnerId = new UserId("u-other") }, RejectionReason.AlreadyExists);
    }

    [Fact]
    public void Its_owner_creating_the_circle_again_with_another_name_description_or_region_is_a_reused_key_and_changes_nothing()
    {
        var circle = Created();

        circle.Rejects(Samples.Circle(Id, "another name"), RejectionReason.IdempotencyKeyReused);
        circle.Rejects(Samples.Circle(Id) with { Description = "another description" }, RejectionReason.IdempotencyKeyReused);
        circle.Rejects(Samples.Circle(Id) with { RegionCode = "330106" }, RejectionReason.IdempotencyKeyReused);
        Assert.Equal(("好摄之友", "330100", 1L), (circle.View().Name, circle.View().RegionCode, circle.View().Seq));
    }

    [Fact]
    public void A_circle_that_does_not_exist_is_not_found() =>
        Assert.Equal(RejectionReason.NotFound,
            Assert.IsType<CommandRejected>(Nothing.Decide(new GetCircle(Circle)).Answer).Reason);

    [Fact]
    public void A_message_for_another_kind_of_entity_is_rejected_as_invalid() =>
        Assert.Equal(RejectionReason.Invalid,
            Assert.IsType<CommandRejected>(Created().Decide(new GetUser(new UserId("u-1"))).Answer).Reason);

    [Fact]
    public void Creation_is_not_a_live_event() =>
        Assert.Null(((IEntityState<CircleState>)Created()).ToLive(Assert.Single(Nothing.Decide(Samples.Circle(Id)).Events), 1));

    [Fact]
    public void Admissions_and_releases_count_members_once_each_even_when_retried()
    {
        var (first, _) = Created().Accept<MemberAdmitted>(Admit("u-1", "u-1@5"));
        Assert.Equal(2, first.Seq);
        var two = first.Given(Admit("u-2", "u-2@3"));

        // A retried join (same admission id) is acknowledged with the circle's seq without counting twice.
        Assert.Equal(3, two.Unchanged(Admit("u-1", "u-1@5")));
        Assert.Equal(2, two.View().MemberCount);

        var (released, release) = two.Accept<MemberReleased>(Release("u-1", "u-1@9"));
        Assert.Equal(1, release.MemberCount);
        Assert.Equal(4, released.Unchanged(Release("u-1", "u-1@9")));
        Assert.Equal((1L, 4L), (released.View().MemberCount, released.View().Seq));
    }

    [Fact]
    public void A_new_join_of_a_member_who_left_is_counted_again() =>
        Assert.Equal(1, Created().Given(Admit("u-1", "u-1@2"), Release("u-1", "u-1@3"), Admit("u-1", "u-1@4")).View().MemberCount);

    [Fact]
    public void The_member_count_never_goes_below_zero() =>
        Assert.Equal(0, Created().Accept<MemberReleased>(Release("u-1", "u-1@3")).Event.MemberCount);

    [Fact]
    public void A_circle_remembers_its_most_recent_membership_changes_for_retries_and_forgets_older_ones()
    {
        var state = Created().Given(Admit("u-first", "u-first@2"));
        for (var i = 0; i < CircleState.RememberedMembershipChanges; i++)
            state = state.Apply(new MemberAdmitted(Circle, new UserId($"u-{i}"), $"u-{i}@2", state.MemberCount + 1, Samples.At, true));

        Assert.Equal(CircleState.RememberedMembershipChanges, state.RecentMembershipChanges.Count);
        Assert.DoesNotContain("u-first@2", state.RecentMembershipChanges);
        Assert.Equal(state.Seq, state.Unchanged(Admit("u-0", "u-0@2")));
    }

    [Fact]
    public void A_circle_admits_only_when_it_exists()
    {
        CircleState.Empty(Id).Rejects(new CheckAdmission(Circle, new UserId("u-1")), RejectionReason.NotFound);
        CircleState.Empty(Id).Rejects(Admit("u-1", "u-1@2"), RejectionReason.NotFound);
        Assert.Equal(1, Created().Unchanged(new CheckAdmission(Circle, new UserId("u-1"))));
    }

    [Fact]
    public void Only_the_owner_appoints_moderators_and_a_repeat_changes_nothing()
    {
        Created().Rejects(Appoint("u-mod", by: "u-mod"), RejectionReason.Forbidden);
        var (appointed, _) = Created().Accept<ModeratorAppointed>(Appoint("u-mod"));

        Assert.Contains("u-mod", appointed.Moderators);
        Assert.Equal(2, appointed.Unchanged(Appoint("u-mod")));
        appointed.Rejects(Appoint("u-other", by: "u-mod"), RejectionReason.Forbidden);
    }

    [Fact]
    public void An_appointed_moderator_may_open_topics_and_ban()
    {
        var appointed = Created().Given(Appoint("u-mod"));

        appointed.Accept<TopicCreated>(Samples.Topic(Id, "t-1", by: "u-mod"));
        appointed.Accept<BanChanged>(Samples.Ban(Id, "u-troll", by: "u-mod"));
    }

    [Theory]
    [InlineData("u-stranger", false, false)]
    [InlineData("u-owner", false, true)]
    [InlineData("u-stranger", true, true)]
    public void Only_the_owner_a_circle_moderator_or_a_platform_moderator_bans(string by, bool platformModerator, bool allowed)
    {
        var ban = Samples.Ban(Id, "u-troll", by: by) with { ByPlatformModerator = platformModerator };
        if (allowed) Assert.Contains("u-troll", Created().Accept<BanChanged>(ban).After.Banned);
        else Created().Rejects(ban, RejectionReason.Forbidden);
    }

    [Fact]
    public void A_banned_member_cannot_join_post_comment_or_like_until_let_back()
    {
        var banned = Created().Given(Samples.Post(Id, "u-owner", "p-1"), Samples.Ban(Id, "u-troll"));

        banned.Rejects(new CheckAdmission(Circle, new UserId("u-troll")), RejectionReason.Forbidden);
        banned.Rejects(Admit("u-troll", "u-troll@4"), RejectionReason.Forbidden);
        banned.Rejects(Samples.Post(Id, "u-troll", "p-2"), RejectionReason.Forbidden);
        banned.Rejects(Samples.Comment(Id, "u-troll", "p-1", "m-1"), RejectionReason.Forbidden);
        banned.Rejects(Samples.Like(Id, "u-troll", "p-1"), RejectionReason.Forbidden);
        banned.Rejects(Samples.Ban(Id, "u-other", by: "u-troll"), RejectionReason.Forbidden);
        Assert.Equal(0, banned.View().MemberCount);

        var letBack = banned.Given(Samples.Ban(Id, "u-troll", banned: false));
        Assert.Equal(letBack.Seq, letBack.Unchanged(new CheckAdmission(Circle, new UserId("u-troll"))));
        letBack.Accept<PostCreated>(Samples.Post(Id, "u-troll", "p-2"));
        letBack.Accept<MemberAdmitted>(Admit("u-troll", "u-troll@5"));
    }

    [Fact]
    public void Its_live_feed_opens_with_the_confirmed_seq_for_any_reader_but_not_for_one_it_banned_until_let_back()
    {
        var circle = Created().Given(Samples.Post(Id, "u-owner", "p-1"));
        Assert.Equal(new CircleFeed(Circle, 2), Assert.IsType<CircleFeed>(circle.Decide(new OpenCircleFeed(Circle, new UserId("u-stranger"))).Answer));

        var banned = circle.Given(Samples.Ban(Id, "u-troll"));
        var refused = banned.Rejects(new OpenCircleFeed(Circle, new UserId("u-troll")), RejectionReason.Forbidden);
        Assert.Equal("You are banned from this circle.", refused.Detail);
        Assert.IsType<CircleFeed>(banned.Decide(new OpenCircleFeed(Circle, new UserId("u-stranger"))).Answer);

        var letBack = banned.Given(Samples.Ban(Id, "u-troll", banned: false));
        Assert.Equal(new CircleFeed(Circle, 4), Assert.IsType<CircleFeed>(letBack.Decide(new OpenCircleFeed(Circle, new UserId("u-troll"))).Answer));
        CircleState.Empty(Id).Rejects(new OpenCircleFeed(Circle, new UserId("u-stranger")), RejectionReason.NotFound);
    }

    [Fact]
    public void A_ban_is_not_a_live_event_no_reader_learns_who_was_banned()
    {
        var (banned, ban) = Created().Accept<BanChanged>(Samples.Ban(Id, "u-troll"));
        Assert.Null(banned.ToLive(ban, banned.Seq));
    }

    [Fact]
    public void A_ban_does_not_take_back_a_release_so_a_banned_member_can_still_be_counted_out()
    {
        var banned = Created().Given(Admit("u-troll", "u-troll@2"), Samples.Ban(Id, "u-troll"));

        Assert.Equal(0, banned.Accept<MemberReleased>(Release("u-troll", "u-troll@3")).Event.MemberCount);
    }

    [Fact]
    public void The_owner_cannot_be_banned() => Created().Rejects(Samples.Ban(Id, "u-owner"), RejectionReason.Forbidden);

    [Fact]
    public void Banning_the_banned_or_letting_back_who_is_not_banned_changes_nothing()
    {
        var banned = Created().Given(Samples.Ban(Id, "u-troll"));

        Assert.Equal(2, banned.Unchanged(Samples.Ban(Id, "u-troll")));
        Assert.Equal(2, banned.Unchanged(Samples.Ban(Id, "u-other", banned: false)));
    }

    [Fact]
    public void A_circle_remembers_its_most_recent_comments_for_retries_and_forgets_older_ones()
    {
        var recent = RecentComments.None;
        for (var i = 1; i <= RecentComments.Capacity + 1; i++)
            recent = recent.Add(new RememberedComment($"m-{i}", "p-1", new UserId("u-1"), i));

        Assert.Null(recent.Find("m-1"));
        Assert.Equal(2, recent.Find("m-2")?.Seq);
        Assert.Equal(RecentComments.Capacity + 1, recent.Find($"m-{RecentComments.Capacity + 1}")?.Seq);
        Assert.Equal(RecentComments.Capacity, recent.ById.Count);
    }
}
