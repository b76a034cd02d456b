using Akka.Actor;
using Akka.TestKit;
using Community.Cluster.Tests.Support;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Contracts.Users;

namespace Community.Cluster.Tests.Users;

/// <summary>The user's side of circle membership: the joined circles, idempotent join and leave, and the membership
/// check in front of every act in a circle.</summary>
public sealed class UserMembershipSpecs : EntitySpec
{
    private readonly TestProbe _circles;
    private readonly IActorRef _user;

    public UserMembershipSpecs()
    {
        _circles = CreateTestProbe("circles");
        _user = Sys.ActorOf(UserProps("u-1", _circles.Ref));
        Send<CommandAccepted>(_user, Samples.Register("u-1"));
    }

    private JoinCircle Join(string circleId) => new(new UserId("u-1"), new CircleId(circleId), Samples.At);

    private LeaveCircle Leave(string circleId) => new(new UserId("u-1"), new CircleId(circleId), Samples.At);

    [Fact]
    public void A_join_answers_its_own_seq_and_a_repeat_answers_the_same_seq_without_a_new_event()
    {
        Assert.Equal(2, Send<CommandAccepted>(_user, Join("c-xihu")).Seq);
        Send<CommandAccepted>(_user, Samples.Profile("u-1", "小明明"));

        // The seq names the join to the circle: a retried join must name the same admission.
        Assert.Equal(2, Send<CommandAccepted>(_user, Join("c-xihu")).Seq);
        var view = Send<UserView>(_user, new GetUser(new UserId("u-1")));
        Assert.Equal(3, view.Seq);
        Assert.Equal(["c-xihu"], view.Circles);
    }

    [Fact]
    public void A_leave_answers_its_own_seq_a_repeat_the_same_and_a_circle_never_joined_is_rejected()
    {
        Rejected(_user, Leave("c-xihu"), RejectionReason.InvalidState);
        Send<CommandAccepted>(_user, Join("c-xihu"));

        Assert.Equal(3, Send<CommandAccepted>(_user, Leave("c-xihu")).Seq);
        Assert.Equal(3, Send<CommandAccepted>(_user, Leave("c-xihu")).Seq);
        Assert.Empty(Send<UserView>(_user, new GetUser(new UserId("u-1"))).Circles);

        // Joining again is a new join with a new seq.
        Assert.Equal(4, Send<CommandAccepted>(_user, Join("c-xihu")).Seq);
    }

    [Fact]
    public void A_members_act_is_forwarded_to_the_circle_signed_with_the_display_name_and_the_circle_answers_the_caller()
    {
        Send<CommandAccepted>(_user, Join("c-xihu"));

        _user.Tell(Samples.Post("c-xihu", "u-1", "p-1"), TestActor);

        var forwarded = _circles.ExpectMsg<CreatePost>();
        Assert.Equal(("小明", "p-1"), (forwarded.AuthorName, forwarded.PostId));
        _circles.Reply(new CommandAccepted(7));
        Assert.Equal(new CommandAccepted(7), ExpectMsg<CommandAccepted>());
    }

    [Fact]
    public void A_topic_is_opened_as_a_member_forwarded_while_the_user_is_in_the_circle_and_refused_once_they_left()
    {
        Send<CommandAccepted>(_user, Join("c-xihu"));
        _user.Tell(Samples.Topic("c-xihu", "t-1", "u-1"), TestActor);
        Assert.Equal("t-1", _circles.ExpectMsg<OpenTopic>().TopicId);
        _circles.Reply(new CommandAccepted(5));
        ExpectMsg<CommandAccepted>();

        // An owner who left is no member: the circle never hears of the topic.
        Send<CommandAccepted>(_user, Leave("c-xihu"));
        var refused = Rejected(_user, Samples.Topic("c-xihu", "t-2", "u-1"), RejectionReason.Forbidden);
        Assert.Contains("Join circle c-xihu first", refused.Detail);

        // Sentinel: after rejoining, the next thing the circle hears is the new topic, not the refused one.
        Send<CommandAccepted>(_user, Join("c-xihu"));
        _user.Tell(Samples.Topic("c-xihu", "t-3", "u-1"), TestActor);
        Assert.Equal("t-3", _circles.ExpectMsg<OpenTopic>().TopicId);
    }

    [Fact]
    public void Acts_in_a_circle_not_joined_or_left_or_for_another_user_are_forbidden_and_never_reach_the_circle()
    {
        Rejected(_user, Samples.Post("c-xihu", "u-1", "p-1"), RejectionReason.Forbidden);
        Send<CommandAccepted>(_user, Join("c-xihu"));
        Send<CommandAccepted>(_user, Leave("c-xihu"));
        Rejected(_user, Samples.Comment("c-xihu", "u-1", "p-1", "m-1"), RejectionReason.Forbidden);
        Rejected(_user, Samples.Like("c-xihu", "u-1", "p-1"), RejectionReason.Forbidden);
        Send<CommandAccepted>(_user, Join("c-xihu"));
        Rejected(_user, Samples.Post("c-xihu", "u-2", "p-1"), RejectionReason.Forbidden);

        // Sentinel: an act the user may do, sent after the refused ones, is the first thing the circle hears.
        _user.Tell(Samples.Post("c-xihu", "u-1", "p-sentinel"), TestActor);
        Assert.Equal("p-sentinel", _circles.ExpectMsg<CreatePost>().PostId);
    }

    [Fact]
    public void Joined_circles_survive_a_restart()
    {
        Send<CommandAccepted>(_user, Join("c-xihu"));
        Send<CommandAccepted>(_user, Join("c-run"));
        Send<CommandAccepted>(_user, Leave("c-xihu"));
        Watch(_user);
        Sys.Stop(_user);
        ExpectTerminated(_user);

        var again = Sys.ActorOf(UserProps("u-1", _circles.Ref));
        Assert.Equal(["c-run"], Send<UserView>(again, new GetUser(new UserId("u-1"))).Circles);
        Assert.Equal(4, Send<CommandAccepted>(again, Leave("c-xihu")).Seq);
    }
}
