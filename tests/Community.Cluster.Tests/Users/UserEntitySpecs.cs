using Akka.Actor;
using Community.Cluster.Tests.Support;
using Community.Cluster.Users;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Contracts.Users;

namespace Community.Cluster.Tests.Users;

/// <summary>The user entity as the web host talks to it: typed answers to every command, live events after persisting.</summary>
public sealed class UserEntitySpecs : EntitySpec
{
    private readonly IActorRef _user;

    public UserEntitySpecs() => _user = Sys.ActorOf(UserProps("u-1"));

    private void Register() => Assert.Equal(new CommandAccepted(1), Send<CommandAccepted>(_user, Samples.Register("u-1")));

    [Fact]
    public void Registration_is_accepted_and_the_user_can_be_read_back()
    {
        Register();

        var view = Send<UserView>(_user, new GetUser(new UserId("u-1")));
        Assert.Equal(new UserId("u-1"), view.UserId);
        Assert.Equal("xiaoming", view.UserName);
        Assert.Equal("AQAAAAIAAYagAAAAE+hash", view.PasswordHash);
        Assert.Equal("小明", view.DisplayName);
        Assert.Equal("330106", view.RegionCode);
        Assert.Equal([Roles.Reader], view.Roles);
        Assert.Equal(0, view.Points);
        Assert.Empty(view.Following);
        Assert.Equal(1, view.Seq);
        Assert.Equal(Samples.At, view.RegisteredAt);
        // Registration is not a live event: nobody can be subscribed to a user that did not exist.
        AssertNothingPublished();
    }

    [Fact]
    public void A_second_registration_of_the_same_name_is_rejected_as_conflict()
    {
        Register();

        Rejected(_user, Samples.Register("u-1", "xiaoming"), RejectionReason.AlreadyExists);

        // Nothing was half-applied: the first registration stands.
        Assert.Equal(1, Send<UserView>(_user, new GetUser(new UserId("u-1"))).Seq);
        AssertNothingPublished();
    }

    [Fact]
    public void An_unknown_user_is_not_found_for_reads_and_changes()
    {
        Rejected(_user, new GetUser(new UserId("u-1")), RejectionReason.NotFound);
        Rejected(_user, Samples.Profile("u-1", "A"), RejectionReason.NotFound);
        Rejected(_user, Samples.Grant("u-1", Roles.Moderator), RejectionReason.NotFound);
        AssertNothingPublished();
    }

    [Fact]
    public void A_profile_update_is_accepted_and_published_on_the_user_stream_with_its_sequence_number()
    {
        Register();

        Assert.Equal(new CommandAccepted(2), Send<CommandAccepted>(_user, Samples.Profile("u-1", "小红", "330100")));

        var live = ExpectLive();
        Assert.Equal(LiveChannel.User, live.Channel);
        Assert.Equal("u-1", live.StreamId);
        Assert.Equal(2, live.Seq);
        Assert.Equal("profileUpdated", live.Kind);
        var view = Send<UserView>(_user, new GetUser(new UserId("u-1")));
        Assert.Equal(("小红", "330100", 2L), (view.DisplayName, view.RegionCode, view.Seq));
    }

    [Fact]
    public void A_profile_update_that_changes_nothing_is_accepted_at_the_current_sequence_number_and_not_published()
    {
        Register();

        Assert.Equal(new CommandAccepted(1), Send<CommandAccepted>(_user, Samples.Profile("u-1", "小明", "330106")));

        AssertNothingPublished();
        Assert.Equal(1, Send<UserView>(_user, new GetUser(new UserId("u-1"))).Seq);
    }

    [Fact]
    public void Granting_a_role_is_accepted_published_and_idempotent()
    {
        Register();

        Assert.Equal(new CommandAccepted(2), Send<CommandAccepted>(_user, Samples.Grant("u-1", Roles.Department, "hz-housing")));
        var live = ExpectLive();
        Assert.Equal((LiveChannel.User, "u-1", 2L, "roleGranted"), (live.Channel, live.StreamId, live.Seq, live.Kind));

        // The admin console may send a grant twice (double click, retry): same answer, no second event.
        Assert.Equal(new CommandAccepted(2), Send<CommandAccepted>(_user, Samples.Grant("u-1", Roles.Department, "hz-housing")));
        AssertNothingPublished();

        var view = Send<UserView>(_user, new GetUser(new UserId("u-1")));
        Assert.Equal([Roles.Department, Roles.Reader], view.Roles);
        Assert.Equal("hz-housing", view.DepartmentId);
    }

    [Fact]
    public void Invalid_grants_are_rejected_and_change_nothing()
    {
        Register();

        Rejected(_user, Samples.Grant("u-1", "superuser"), RejectionReason.Invalid);
        Rejected(_user, Samples.Grant("u-1", Roles.Department), RejectionReason.Invalid);

        AssertNothingPublished();
        var view = Send<UserView>(_user, new GetUser(new UserId("u-1")));
        Assert.Equal([Roles.Reader], view.Roles);
        Assert.Equal(1, view.Seq);
    }

    [Fact]
    public void A_message_meant_for_another_entity_kind_is_rejected_as_invalid()
    {
        Register();

        Rejected(_user, new GetCreator(new CreatorId("cr-1")), RejectionReason.Invalid);
    }

    [Fact]
    public void Live_sequence_numbers_follow_the_journal_without_gaps_for_published_events()
    {
        Register();

        Send<CommandAccepted>(_user, Samples.Profile("u-1", "A"));
        Send<CommandAccepted>(_user, Samples.Grant("u-1", Roles.Moderator));
        Send<CommandAccepted>(_user, Samples.Profile("u-1", "B"));

        // Registration (seq 1) is not published; every later event is, in order, with the journal's number.
        Assert.Equal([(2L, "profileUpdated"), (3L, "roleGranted"), (4L, "profileUpdated")],
            [Pair(ExpectLive()), Pair(ExpectLive()), Pair(ExpectLive())]);

        static (long, string) Pair(LiveEvent e) => (e.Seq, e.Kind);
    }
}
