using Community.Cluster.Entities;
using Community.Cluster.Users;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Contracts.Users;
using Community.Cluster.Tests.Support;

namespace Community.Cluster.Tests.Users;

/// <summary>The user's domain logic without actors: Decide is pure, Apply evolves an immutable record.</summary>
public sealed class UserStateSpecs
{
    private static readonly UserState Nobody = UserState.Empty("u-1");

    private static UserState Registered() =>
        Nobody.Apply(Assert.IsType<UserRegistered>(Assert.Single(Nobody.Decide(Samples.Register("u-1")).Events)));

    [Fact]
    public void Registration_decides_one_UserRegistered_event_with_the_command_content()
    {
        var decision = Nobody.Decide(Samples.Register("u-1"));

        Assert.Null(decision.Answer);
        var registered = Assert.IsType<UserRegistered>(Assert.Single(decision.Events));
        Assert.Equal(new UserRegistered(new UserId("u-1"), "xiaoming", "AQAAAAIAAYagAAAAE+hash", "小明", "330106", Samples.At), registered);
    }

    [Fact]
    public void A_registered_user_is_a_reader_with_the_registered_profile()
    {
        var view = Registered().ToView();

        Assert.Equal("xiaoming", view.UserName);
        Assert.Equal("小明", view.DisplayName);
        Assert.Equal("330106", view.RegionCode);
        Assert.Equal([Roles.Reader], view.Roles);
        Assert.Null(view.DepartmentId);
        Assert.Equal(1, view.Seq);
        Assert.Equal(Samples.At, view.RegisteredAt);
    }

    [Fact]
    public void Deciding_never_changes_the_state()
    {
        var state = Registered();
        var before = state.ToView();

        state.Decide(Samples.Profile("u-1", "新名字"));
        state.Decide(Samples.Grant("u-1", Roles.Moderator));

        Same.Assert(before, state.ToView());
    }

    [Fact]
    public void Every_applied_event_advances_Seq_by_one()
    {
        var state = Registered()
            .Apply(new ProfileUpdated(new UserId("u-1"), "A", "330100", Samples.At))
            .Apply(new RoleGranted(new UserId("u-1"), Roles.Moderator, null, new UserId("u-admin"), Samples.At));

        Assert.Equal(3, state.Seq);
    }

    [Theory]
    [MemberData(nameof(CommandsBeforeRegistration))]
    public void Before_registration_everything_but_registering_is_rejected_as_not_found(ICommunityMessage command)
    {
        var rejected = Assert.IsType<CommandRejected>(Nobody.Decide(command).Answer);
        Assert.Equal(RejectionReason.NotFound, rejected.Reason);
    }

    public static TheoryData<ICommunityMessage> CommandsBeforeRegistration() =>
    [
        new GetUser(new UserId("u-1")),
        Samples.Profile("u-1", "A"),
        Samples.Grant("u-1", Roles.Moderator),
    ];

    [Fact]
    public void A_second_registration_of_the_same_name_is_rejected_as_conflict()
    {
        var decision = Registered().Decide(Samples.Register("u-1"));

        Assert.Equal(RejectionReason.AlreadyExists, Assert.IsType<CommandRejected>(decision.Answer).Reason);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void A_profile_update_changes_only_the_fields_it_names()
    {
        var decision = Registered().Decide(Samples.Profile("u-1", displayName: null, regionCode: "330523"));

        var updated = Assert.IsType<ProfileUpdated>(Assert.Single(decision.Events));
        Assert.Equal("小明", updated.DisplayName);
        Assert.Equal("330523", updated.RegionCode);
    }

    [Fact]
    public void A_profile_update_that_changes_nothing_is_accepted_without_an_event()
    {
        var state = Registered();

        Assert.Equal(new CommandAccepted(1), state.Decide(Samples.Profile("u-1", "小明", "330106")).Answer);
        Assert.Equal(new CommandAccepted(1), state.Decide(Samples.Profile("u-1", null, null)).Answer);
    }

    [Theory]
    [InlineData("superuser")]
    [InlineData("")]
    [InlineData("Moderator")]
    public void An_unknown_role_is_rejected_as_invalid(string role) =>
        Assert.Equal(RejectionReason.Invalid,
            Assert.IsType<CommandRejected>(Registered().Decide(Samples.Grant("u-1", role)).Answer).Reason);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void The_department_role_without_a_department_is_rejected_as_invalid(string? departmentId) =>
        Assert.Equal(RejectionReason.Invalid,
            Assert.IsType<CommandRejected>(Registered().Decide(Samples.Grant("u-1", Roles.Department, departmentId)).Answer).Reason);

    [Fact]
    public void Granting_a_role_adds_it_to_the_reader_role()
    {
        var state = Registered();
        var granted = state.Apply(Assert.Single(state.Decide(Samples.Grant("u-1", Roles.Moderator)).Events));

        Assert.Equal([Roles.Moderator, Roles.Reader], granted.Roles);
        // A repeat grant is idempotent: accepted at the current Seq, nothing to persist.
        Assert.Equal(new CommandAccepted(2), granted.Decide(Samples.Grant("u-1", Roles.Moderator)).Answer);
    }

    [Fact]
    public void Only_the_department_role_carries_a_department()
    {
        var state = Registered();
        var moderator = Assert.IsType<RoleGranted>(Assert.Single(state.Decide(Samples.Grant("u-1", Roles.Moderator, "hz-housing")).Events));
        Assert.Null(moderator.DepartmentId);

        var department = state.Apply(Assert.Single(state.Decide(Samples.Grant("u-1", Roles.Department, "hz-housing")).Events));
        Assert.Equal("hz-housing", department.DepartmentId);
    }

    [Fact]
    public void A_department_user_moved_to_another_department_is_a_new_grant()
    {
        var state = Registered();
        state = state.Apply(Assert.Single(state.Decide(Samples.Grant("u-1", Roles.Department, "hz-housing")).Events));

        Assert.Equal(new CommandAccepted(2), state.Decide(Samples.Grant("u-1", Roles.Department, "hz-housing")).Answer);
        var moved = Assert.IsType<RoleGranted>(Assert.Single(state.Decide(Samples.Grant("u-1", Roles.Department, "zj-ecology")).Events));
        Assert.Equal("zj-ecology", state.Apply(moved).DepartmentId);
    }

    [Fact]
    public void A_message_for_another_kind_of_entity_is_rejected_as_invalid() =>
        Assert.Equal(RejectionReason.Invalid,
            Assert.IsType<CommandRejected>(Registered().Decide(new GetCircle(new CircleId("c-1"))).Answer).Reason);

    [Fact]
    public void Profile_and_role_changes_go_live_on_the_user_stream_but_registration_does_not()
    {
        var state = Registered();
        var userId = new UserId("u-1");

        Assert.Null(state.ToLive(new UserRegistered(userId, "n", "h", "d", "330106", Samples.At), 1));

        var profile = state.ToLive(new ProfileUpdated(userId, "小红", "330100", Samples.At), 2);
        Assert.Equal((LiveChannel.User, "u-1", 2L, "profileUpdated"), (profile!.Channel, profile.StreamId, profile.Seq, profile.Kind));
        Assert.Equal("""{"displayName":"小红","regionCode":"330100"}""", Unescape(profile.DataJson));

        var role = state.ToLive(new RoleGranted(userId, Roles.Department, "hz-housing", new UserId("u-admin"), Samples.At), 3);
        Assert.Equal((LiveChannel.User, "u-1", 3L, "roleGranted"), (role!.Channel, role.StreamId, role.Seq, role.Kind));
        Assert.Equal("""{"role":"department","departmentId":"hz-housing"}""", role.DataJson);
        Assert.Equal("user:u-1", role.Group);
    }

    private static string Unescape(string json) =>
        System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonDocument.Parse(json).RootElement,
            new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
