using System.Collections.Immutable;
using Community.Contracts.Common;

namespace Community.Contracts.Users;

/// <summary>Routes a message to the user entity it names.</summary>
public interface IWithUserId
{
    UserId UserId { get; }
}

public interface IUserCommand : IWithUserId, ICommunityMessage;

public interface IUserEvent : ICommunityEvent;

public sealed record RegisterUser(
    UserId UserId, string UserName, string PasswordHash, string DisplayName, string RegionCode, DateTimeOffset At) : IUserCommand;

/// <summary>Changes the fields that are not null.</summary>
public sealed record UpdateProfile(UserId UserId, string? DisplayName, string? RegionCode, DateTimeOffset At) : IUserCommand;

public sealed record GrantRole(UserId UserId, string Role, string? DepartmentId, UserId GrantedBy, DateTimeOffset At) : IUserCommand;

/// <summary>Joins a circle on the user's side; answered with the seq of the join (the same on a repeat), which names the
/// admission the circle counts.</summary>
public sealed record JoinCircle(UserId UserId, CircleId CircleId, DateTimeOffset At) : IUserCommand;

/// <summary>Leaves a circle on the user's side; answered with the seq of the leave (the same on a repeat), rejected
/// (InvalidState) when the user never joined it.</summary>
public sealed record LeaveCircle(UserId UserId, CircleId CircleId, DateTimeOffset At) : IUserCommand;

/// <summary>Query: answered with <see cref="UserView"/> or <see cref="CommandRejected"/> (NotFound).</summary>
public sealed record GetUser(UserId UserId) : IUserCommand;

public sealed record UserRegistered(
    UserId UserId, string UserName, string PasswordHash, string DisplayName, string RegionCode, DateTimeOffset At) : IUserEvent;

public sealed record ProfileUpdated(UserId UserId, string DisplayName, string RegionCode, DateTimeOffset At) : IUserEvent;

public sealed record RoleGranted(UserId UserId, string Role, string? DepartmentId, UserId GrantedBy, DateTimeOffset At) : IUserEvent;

public sealed record CircleJoined(UserId UserId, CircleId CircleId, DateTimeOffset At) : IUserEvent;

public sealed record CircleLeft(UserId UserId, CircleId CircleId, DateTimeOffset At) : IUserEvent;

/// <summary>A user as the entity knows it. The password hash stays inside the cluster and the web host.</summary>
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
