using System.Collections.Immutable;
using Community.Contracts.Common;

namespace Community.Contracts.Users;

/// <summary>Routes a message to the user entity it names.</summary>
public interface IWithUserId
{
    UserId UserId { get; }
}

public interface IUserCommand : IWithUserId, ICommunityMessage;

[JournalTag("users")]
public interface IUserEvent : ICommunityEvent;

[Manifest("register-user.v1")]
public sealed record RegisterUser(
    UserId UserId, string UserName, string PasswordHash, string DisplayName, string RegionCode, DateTimeOffset At) : IUserCommand;

/// <summary>Changes the fields that are not null.</summary>
[Manifest("update-profile.v1")]
public sealed record UpdateProfile(UserId UserId, string? DisplayName, string? RegionCode, DateTimeOffset At) : IUserCommand;

[Manifest("grant-role.v1")]
public sealed record GrantRole(UserId UserId, string Role, string? DepartmentId, UserId GrantedBy, DateTimeOffset At) : IUserCommand;

/// <summary>Joins a circle on the user's side; answered with the seq of the join (the same on a repeat), which names the
/// admission the circle counts.</summary>
[Manifest("join-circle.v1")]
public sealed record JoinCircle(UserId UserId, CircleId CircleId, DateTimeOffset At) : IUserCommand;

/// <summary>Leaves a circle on the user's side; answered with the seq of the leave (the same on a repeat), rejected
/// (InvalidState) when the user never joined it.</summary>
[Manifest("leave-circle.v1")]
public sealed record LeaveCircle(UserId UserId, CircleId CircleId, DateTimeOffset At) : IUserCommand;

/// <summary>Query: answered with <see cref="UserView"/> or <see cref="CommandRejected"/> (NotFound).</summary>
[Manifest("get-user.v1")]
public sealed record GetUser(UserId UserId) : IUserCommand;

[Manifest("user-registered.v1")]
public sealed record UserRegistered(
    UserId UserId, string UserName, string PasswordHash, string DisplayName, string RegionCode, DateTimeOffset At) : IUserEvent;

[Manifest("profile-updated.v1")]
public sealed record ProfileUpdated(UserId UserId, string DisplayName, string RegionCode, DateTimeOffset At) : IUserEvent;

[Manifest("role-granted.v1")]
public sealed record RoleGranted(UserId UserId, string Role, string? DepartmentId, UserId GrantedBy, DateTimeOffset At) : IUserEvent;

[Manifest("circle-joined.v1")]
public sealed record CircleJoined(UserId UserId, CircleId CircleId, DateTimeOffset At) : IUserEvent;

[Manifest("circle-left.v1")]
public sealed record CircleLeft(UserId UserId, CircleId CircleId, DateTimeOffset At) : IUserEvent;

/// <summary>A user as the entity knows it. The password hash stays inside the cluster and the web host.</summary>
[Manifest("user-view.v1")]
public sealed record UserView(
    UserId UserId,
    string UserName,
    string PasswordHash,
    string DisplayName,
    string RegionCode,
    ImmutableSortedSet<string> Roles,
    string? DepartmentId,
    long Points,
    ImmutableSortedSet<string> Following,
    long Seq,
    DateTimeOffset RegisteredAt,
    ImmutableSortedSet<string> Circles,
    ImmutableSortedSet<string> SessionAddresses) : ICommunityMessage;

/// <summary>A sign-in: the session the new tokens name. <paramref name="RefreshHash"/> is the SHA-256 of the refresh
/// token (the token itself never leaves the web host). A user has at most <c>MaxSessions</c>: the least recently used
/// one ends.</summary>
[Manifest("start-session.v1")]
public sealed record StartSession(
    UserId UserId, string SessionId, string ClientId, string? Address, string RefreshHash, DateTimeOffset At) : IUserCommand;

/// <summary>Rotates a session's refresh token, answered with the session's <see cref="SessionView"/>: when <paramref name="PresentedHash"/> is the current one and the
/// session was used within <paramref name="MaxIdle"/>. A refresh token used before (stolen and raced) ends the
/// session: answered <see cref="RejectionReason.Forbidden"/> after the session's end is stored.</summary>
[Manifest("refresh-session.v1")]
public sealed record RefreshSession(
    UserId UserId, string SessionId, string PresentedHash, string NewHash, TimeSpan MaxIdle, DateTimeOffset At) : IUserCommand;

/// <summary>Ends a session (sign-out, or the user ending one of their sessions); unknown or ended: unchanged.</summary>
[Manifest("end-session.v1")]
public sealed record EndSession(UserId UserId, string SessionId, string Reason, DateTimeOffset At) : IUserCommand;

[Manifest("revoke-role.v1")]
public sealed record RevokeRole(UserId UserId, string Role, UserId RevokedBy, DateTimeOffset At) : IUserCommand;

[Manifest("session-started.v1")]
public sealed record SessionStarted(
    UserId UserId, string SessionId, string ClientId, string? Address, string RefreshHash, DateTimeOffset At) : IUserEvent;

[Manifest("session-refreshed.v1")]
public sealed record SessionRefreshed(UserId UserId, string SessionId, string RefreshHash, DateTimeOffset At) : IUserEvent;

/// <param name="Reason">signed-out, ended-by-user, refresh-token-reused, expired, too-many-sessions.</param>
[Manifest("session-ended.v1")]
public sealed record SessionEnded(UserId UserId, string SessionId, string Reason, DateTimeOffset At) : IUserEvent;

[Manifest("role-revoked.v1")]
public sealed record RoleRevoked(UserId UserId, string Role, UserId RevokedBy, DateTimeOffset At) : IUserEvent;

/// <summary>One of a user's open sessions as the user sees it.</summary>
[Manifest("session-view.v1")]
public sealed record SessionView(string SessionId, string ClientId, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt) : ICommunityMessage;

/// <summary>What a request's authorization needs of a user, published to every node after each change
/// (<see cref="AuthChanged"/>) and asked for with <see cref="GetAuth"/> when a node has not seen the user yet.</summary>
/// <param name="Version">Grows with every change of roles or sessions: a node keeps the newest it has seen.</param>
[Manifest("user-auth.v1")]
public sealed record UserAuth(
    UserId UserId, long Version, ImmutableSortedSet<string> Roles, string? DepartmentId, ImmutableSortedSet<string> Sessions) : ICommunityMessage;

/// <summary>Query: answered with <see cref="UserAuth"/> or NotFound.</summary>
[Manifest("get-auth.v1")]
public sealed record GetAuth(UserId UserId) : IUserCommand;

/// <summary>Query: the user's open sessions, newest first, as an <see cref="ImmutableList{T}"/> of
/// <see cref="SessionView"/> inside <see cref="UserSessions"/>.</summary>
[Manifest("get-sessions.v1")]
public sealed record GetSessions(UserId UserId) : IUserCommand;

[Manifest("user-sessions.v1")]
public sealed record UserSessions(UserId UserId, ImmutableList<SessionView> Sessions) : ICommunityMessage;

/// <summary>Published on the cluster's <see cref="Topic"/> after a change of a user's roles or sessions.</summary>
[Manifest("auth-changed.v1")]
public sealed record AuthChanged(UserAuth Auth) : ICommunityMessage
{
    public const string Topic = "auth-changes";
}

/// <summary>A reader follows a creator account; a repeat is a no-op answered with the first follow's seq.</summary>
[Manifest("follow-creator.v1")]
public sealed record FollowCreator(UserId UserId, CreatorId CreatorId, DateTimeOffset At) : IUserCommand;

/// <summary>A reader stops following a creator account; not following it is a no-op.</summary>
[Manifest("unfollow-creator.v1")]
public sealed record UnfollowCreator(UserId UserId, CreatorId CreatorId, DateTimeOffset At) : IUserCommand;

[Manifest("creator-followed.v1")]
public sealed record CreatorFollowed(UserId UserId, CreatorId CreatorId, DateTimeOffset At) : IUserEvent;

[Manifest("creator-unfollowed.v1")]
public sealed record CreatorUnfollowed(UserId UserId, CreatorId CreatorId, DateTimeOffset At) : IUserEvent;

/// <summary>A reader likes (<paramref name="Liked"/> true) or unlikes a published work; a repeat changes nothing. The user
/// entity remembers what it liked, so each reader counts once per work.</summary>
[Manifest("like-work.v1")]
public sealed record LikeWork(UserId UserId, string WorkId, bool Liked, DateTimeOffset At) : IUserCommand;

[Manifest("work-like-changed.v1")]
public sealed record WorkLikeChanged(UserId UserId, string WorkId, CreatorId CreatorId, bool Liked, DateTimeOffset At) : IUserEvent;

/// <summary>Points earned, e.g. a task's reward for the staff of the account that completed it. Delivered at least once:
/// a <paramref name="GrantId"/> already granted changes nothing.</summary>
[Manifest("grant-points.v1")]
public sealed record GrantPoints(UserId UserId, string GrantId, long Points, string Reason, DateTimeOffset At) : IUserCommand;

[Manifest("points-granted.v1")]
public sealed record PointsGranted(UserId UserId, string GrantId, long Points, string Reason, DateTimeOffset At) : IUserEvent;

/// <summary>A reader comments on a published work. <paramref name="CommentId"/> comes from the caller's Idempotency-Key: a
/// repeat records the same id again, which the read model counts once.</summary>
[Manifest("comment-on-work.v1")]
public sealed record CommentOnWork(UserId UserId, string WorkId, string CommentId, string Text, DateTimeOffset At) : IUserCommand;

[Manifest("work-commented.v1")]
public sealed record WorkCommented(
    UserId UserId, string WorkId, CreatorId CreatorId, string CommentId, string AuthorName, string Text, DateTimeOffset At) : IUserEvent;
