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
    ImmutableSortedSet<string> Circles) : ICommunityMessage;
