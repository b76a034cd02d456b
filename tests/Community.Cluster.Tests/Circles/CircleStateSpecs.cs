using Community.Cluster.Circles;
using Community.Cluster.Entities;
using Community.Cluster.Tests.Support;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Contracts.Users;

namespace Community.Cluster.Tests.Circles;

public sealed class CircleStateSpecs
{
    private static readonly CircleState Nothing = CircleState.Empty("c-1");

    private static CircleState Created() => Nothing.Apply(Assert.Single(Nothing.Decide(Samples.Circle("c-1")).Events));

    [Fact]
    public void Creating_decides_one_CircleCreated_event_with_the_command_content()
    {
        var created = Assert.IsType<CircleCreated>(Assert.Single(Nothing.Decide(Samples.Circle("c-1")).Events));

        Assert.Equal(new CircleCreated(new CircleId("c-1"), new UserId("u-owner"), "好摄之友",
            "friends of good photography: 西湖 at dawn", "330100", Samples.At), created);
    }

    [Fact]
    public void A_new_circle_counts_no_member_until_its_owner_is_admitted_like_anyone_else()
    {
        var view = Assert.IsType<CircleView>(Created().Decide(new GetCircle(new CircleId("c-1"))).Answer);

        Assert.Equal(new CircleView(new CircleId("c-1"), new UserId("u-owner"), "好摄之友", "friends of good photography: 西湖 at dawn",
            "330100", MemberCount: 0, Seq: 1, Samples.At), view);
    }

    [Fact]
    public void Creating_an_existing_circle_is_rejected_as_already_existing()
    {
        var decision = Created().Decide(Samples.Circle("c-1", "another name"));

        Assert.Equal(RejectionReason.AlreadyExists, Assert.IsType<CommandRejected>(decision.Answer).Reason);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void A_circle_that_does_not_exist_is_not_found() =>
        Assert.Equal(RejectionReason.NotFound,
            Assert.IsType<CommandRejected>(Nothing.Decide(new GetCircle(new CircleId("c-1"))).Answer).Reason);

    [Fact]
    public void A_message_for_another_kind_of_entity_is_rejected_as_invalid() =>
        Assert.Equal(RejectionReason.Invalid,
            Assert.IsType<CommandRejected>(Created().Decide(new GetUser(new UserId("u-1"))).Answer).Reason);

    [Fact]
    public void Creation_is_not_a_live_event() =>
        Assert.Null(((IEntityState<CircleState>)Created()).ToLive(Assert.Single(Nothing.Decide(Samples.Circle("c-1")).Events), 1));

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
