using System.Collections.Immutable;
using Community.Cluster.Entities;
using Community.Cluster.Tests.Support;
using Community.Cluster.Users;
using Community.Contracts.Common;
using Community.Contracts.Users;

namespace Community.Cluster.Tests.Users;

/// <summary>A user's sessions on the state alone: started by a sign-in, refreshed with rotating tokens (a reused one
/// ends the session), ended, capped; roles taken away; what the per-request check reads (<see cref="UserState.ToAuth"/>).</summary>
public sealed class UserSessionStateSpecs
{
    private static readonly UserId User = new("u-1");
    private static readonly TimeSpan Idle = TimeSpan.FromDays(30);

    private static UserState Registered() => Apply(UserState.Empty("u-1"), Samples.Register("u-1"));

    private static UserState Apply(UserState state, ICommunityMessage command)
    {
        var decision = state.Decide(command);
        Assert.NotEmpty(decision.Events);
        return decision.Events.Aggregate(state, (s, e) => s.Apply(e));
    }

    private static StartSession Start(string sessionId, string hash, DateTimeOffset? at = null) =>
        new(User, sessionId, "chao-news", "203.0.113.7", hash, at ?? Samples.At);

    [Fact]
    public void A_sign_in_opens_a_session_that_the_auth_view_names_and_a_new_auth_version()
    {
        var before = Registered();
        var state = Apply(before, Start("s-1", "h1"));

        var auth = state.ToAuth();
        Assert.Equal(["s-1"], auth.Sessions);
        Assert.True(auth.Version > before.ToAuth().Version);
        Assert.Equal([Roles.Reader], auth.Roles);
    }

    [Fact]
    public void A_refresh_with_the_current_token_rotates_it_and_answers_the_session()
    {
        var state = Apply(Registered(), Start("s-1", "h1"));

        var decision = state.Decide(new RefreshSession(User, "s-1", "h1", "h2", Idle, Samples.At.AddMinutes(20)));

        var refreshed = Assert.IsType<SessionRefreshed>(Assert.Single(decision.Events));
        Assert.Equal("h2", refreshed.RefreshHash);
        Assert.Equal(("s-1", "chao-news"), (Assert.IsType<SessionView>(decision.AfterPersist).SessionId, ((SessionView)decision.AfterPersist!).ClientId));
        var after = state.Apply(refreshed);
        Assert.Equal("h2", after.Sessions["s-1"].RefreshHash);
        Assert.Equal(Samples.At.AddMinutes(20), after.Sessions["s-1"].LastSeenAt);
    }

    [Fact]
    public void A_replaced_refresh_token_used_again_ends_the_session_and_is_refused()
    {
        var state = Apply(Apply(Registered(), Start("s-1", "h1")), new RefreshSession(User, "s-1", "h1", "h2", Idle, Samples.At));

        var decision = state.Decide(new RefreshSession(User, "s-1", "h1", "h3", Idle, Samples.At.AddMinutes(1)));

        var ended = Assert.IsType<SessionEnded>(Assert.Single(decision.Events));
        Assert.Equal("refresh-token-reused", ended.Reason);
        Assert.Equal(RejectionReason.Forbidden, Assert.IsType<CommandRejected>(decision.AfterPersist).Reason);
        Assert.Empty(state.Apply(ended).ToAuth().Sessions);
    }

    [Theory]
    [InlineData("someone-elses", "s-1")]
    [InlineData("h1", "s-unknown")]
    public void A_refresh_token_that_is_not_the_sessions_is_refused_and_changes_nothing(string presented, string sessionId)
    {
        var state = Apply(Registered(), Start("s-1", "h1"));

        var decision = state.Decide(new RefreshSession(User, sessionId, presented, "h2", Idle, Samples.At));

        Assert.Empty(decision.Events);
        Assert.Equal(RejectionReason.Forbidden, Assert.IsType<CommandRejected>(decision.Answer).Reason);
    }

    [Fact]
    public void A_session_idle_past_the_limit_ends_on_its_next_refresh()
    {
        var state = Apply(Registered(), Start("s-1", "h1"));

        var decision = state.Decide(new RefreshSession(User, "s-1", "h1", "h2", Idle, Samples.At + Idle + TimeSpan.FromSeconds(1)));

        Assert.Equal("expired", Assert.IsType<SessionEnded>(Assert.Single(decision.Events)).Reason);
        Assert.IsType<CommandRejected>(decision.AfterPersist);
    }

    [Fact]
    public void Ending_a_session_removes_it_and_ending_it_again_changes_nothing()
    {
        var state = Apply(Apply(Registered(), Start("s-1", "h1")), Start("s-2", "h2"));

        var after = Apply(state, new EndSession(User, "s-1", "signed-out", Samples.At));

        Assert.Equal(["s-2"], after.ToAuth().Sessions);
        var again = after.Decide(new EndSession(User, "s-1", "signed-out", Samples.At));
        Assert.Empty(again.Events);
        Assert.IsType<CommandAccepted>(again.Answer);
    }

    [Fact]
    public void A_sign_in_beyond_the_limit_ends_the_least_recently_used_session()
    {
        var state = Registered();
        for (var i = 0; i < UserState.MaxSessions; i++) state = Apply(state, Start($"s-{i}", $"h{i}", Samples.At.AddMinutes(i)));
        state = Apply(state, new RefreshSession(User, "s-0", "h0", "h0b", Idle, Samples.At.AddHours(1)));

        var decision = state.Decide(Start("s-new", "hn", Samples.At.AddHours(2)));

        Assert.Equal("s-1", Assert.IsType<SessionEnded>(decision.Events[0]).SessionId);
        var after = decision.Events.Aggregate(state, (s, e) => s.Apply(e));
        Assert.Equal(UserState.MaxSessions, after.Sessions.Count);
        Assert.Contains("s-new", after.Sessions.Keys);
        Assert.Contains("s-0", after.Sessions.Keys);
    }

    [Fact]
    public void A_revoked_role_is_gone_from_the_auth_view_reader_stays_and_an_absent_role_is_unchanged()
    {
        var state = Apply(Registered(), new GrantRole(User, Roles.Department, "hz-housing", new UserId("u-admin"), Samples.At));

        var after = Apply(state, new RevokeRole(User, Roles.Department, new UserId("u-admin"), Samples.At));

        Assert.Equal([Roles.Reader], after.ToAuth().Roles);
        Assert.Null(after.ToAuth().DepartmentId);
        Assert.True(after.ToAuth().Version > state.ToAuth().Version);
        Assert.Empty(after.Decide(new RevokeRole(User, Roles.Moderator, new UserId("u-admin"), Samples.At)).Events);
        Assert.Equal(RejectionReason.Invalid,
            Assert.IsType<CommandRejected>(after.Decide(new RevokeRole(User, Roles.Reader, new UserId("u-admin"), Samples.At)).Answer).Reason);
    }

    [Fact]
    public void A_snapshot_from_before_sessions_upgrades_to_the_same_user_with_no_session_open()
    {
        var old = new UserStateV1(User, true, "xiaoming", "hash", "小明", "330106", [Roles.Reader, Roles.Moderator], null, 3, ["cr-1"], 9,
            Samples.At, ImmutableDictionary<string, MembershipChange>.Empty.Add("c-1", new MembershipChange(true, 4)));

        var upgraded = ((ISnapshotUpgrade<UserState>)old).Upgrade();

        Assert.Equal((old.UserName, old.DisplayName, old.Seq, old.Points), (upgraded.UserName, upgraded.DisplayName, upgraded.Seq, upgraded.Points));
        Assert.Equal(old.Roles, upgraded.Roles);
        Assert.Equal(old.Circles, upgraded.Circles);
        Assert.Empty(upgraded.Sessions);
    }
}
