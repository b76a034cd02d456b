using Akka.Actor;
using Community.Cluster.Circles;
using Community.Cluster.Tests.Support;
using Community.Contracts.Circles;
using Community.Contracts.Common;

namespace Community.Cluster.Tests.Circles;

/// <summary>A circle's creation through its actor: answered once stored, read back, a rejected repeat stores nothing.
/// Not found and foreign messages are rules of the state (<see cref="CircleStateSpecs"/>).</summary>
public sealed class CircleEntitySpecs : EntitySpec
{
    private readonly IActorRef _circle;

    public CircleEntitySpecs() => _circle = Sys.ActorOf(CircleEntity.Props("c-foodie", Settings));

    [Fact]
    public void Creating_a_circle_is_accepted_and_it_can_be_read_back()
    {
        Assert.Equal(new CommandAccepted(1), Send<CommandAccepted>(_circle, Samples.Circle("c-foodie", "吃货圈")));

        var view = Send<CircleView>(_circle, new GetCircle(new CircleId("c-foodie")));
        Assert.Equal(new CircleView(new CircleId("c-foodie"), new UserId("u-owner"), "吃货圈", "friends of good photography: 西湖 at dawn",
            "330100", 0, 1, Samples.At), view);
        AssertNothingPublished();
    }

    [Fact]
    public void Creating_the_same_circle_twice_is_rejected_as_already_existing_or_as_a_reused_key_and_keeps_the_first()
    {
        Send<CommandAccepted>(_circle, Samples.Circle("c-foodie", "吃货圈"));

        Rejected(_circle, Samples.Circle("c-foodie", "跑团圈") with { OwnerId = new UserId("u-other") }, RejectionReason.AlreadyExists);
        Rejected(_circle, Samples.Circle("c-foodie", "跑团圈"), RejectionReason.IdempotencyKeyReused);

        var view = Send<CircleView>(_circle, new GetCircle(new CircleId("c-foodie")));
        Assert.Equal(("吃货圈", 1L), (view.Name, view.Seq));
    }

    [Fact]
    public void A_ban_tells_the_live_bridges_on_the_circles_topic_that_the_user_may_no_longer_follow_it_and_letting_back_tells_nothing()
    {
        Send<CommandAccepted>(_circle, Samples.Circle("c-foodie", "吃货圈"));

        Send<CommandAccepted>(_circle, Samples.Ban("c-foodie", "u-troll"));
        var publish = Live.ExpectMsg<Akka.Cluster.Tools.PublishSubscribe.Publish>();
        Assert.Equal("circle:c-foodie", publish.Topic);
        Assert.Equal(new LiveFollowRevoked("circle:c-foodie", new UserId("u-troll"), "You are banned from this circle."), publish.Message);

        Send<CommandAccepted>(_circle, Samples.Ban("c-foodie", "u-troll", banned: false));
        AssertNothingPublished();
        Assert.Equal(new CircleFeed(new CircleId("c-foodie"), 3),
            Send<CircleFeed>(_circle, new OpenCircleFeed(new CircleId("c-foodie"), new UserId("u-troll"))));
    }
}
