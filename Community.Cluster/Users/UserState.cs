using System.Collections.Immutable;
using Community.Cluster.Entities;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Contracts.Users;

namespace Community.Cluster.Users;

/// <summary>The user's side of a circle membership; <paramref name="ChangeSeq"/> is the user's seq of the last join or
/// leave, which names that change to the circle (idempotent counting). Kept after a leave so a retried leave is known.</summary>
public sealed record MembershipChange(bool Joined, long ChangeSeq);

[Manifest("user-state.v1")]
public sealed record UserState(
    UserId UserId,
    bool Exists,
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
    ImmutableDictionary<string, MembershipChange> Circles) : IEntityState<UserState>
{
    public static UserState Empty(string entityId) =>
        new(new UserId(entityId), false, "", "", "", "", [], null, 0, [], 0, default, ImmutableDictionary<string, MembershipChange>.Empty);

    public Decision Decide(ICommunityMessage message) => message switch
    {
        RegisterUser register => Exists
            ? Decision.Reject(RejectionReason.AlreadyExists, $"The user name '{register.UserName}' is taken.")
            : Decision.Persist(new UserRegistered(UserId, register.UserName, register.PasswordHash, register.DisplayName,
                register.RegionCode, register.At)),
        _ when !Exists => Decision.Reject(RejectionReason.NotFound, $"User {UserId} does not exist."),
        GetUser => Decision.Reply(ToView()),
        UpdateProfile update => DecideProfile(update),
        GrantRole grant => DecideRole(grant),
        JoinCircle join => Circles.TryGetValue(join.CircleId.Value, out var joined) && joined.Joined
            ? Decision.Unchanged(joined.ChangeSeq)
            : Decision.Persist(new CircleJoined(UserId, join.CircleId, join.At)),
        LeaveCircle leave => !Circles.TryGetValue(leave.CircleId.Value, out var left)
            ? Decision.Reject(RejectionReason.InvalidState, $"You are not a member of circle {leave.CircleId}.")
            : left.Joined ? Decision.Persist(new CircleLeft(UserId, leave.CircleId, leave.At)) : Decision.Unchanged(left.ChangeSeq),
        // The user entity vouches for membership: the circle trusts an act it forwards.
        ICircleAct act => act.UserId != UserId
            ? Decision.Reject(RejectionReason.Forbidden, "A user acts only for itself.")
            : Circles.TryGetValue(act.CircleId.Value, out var membership) && membership.Joined
                ? Decision.ForwardTo(act.SignedBy(DisplayName))
                : Decision.Reject(RejectionReason.Forbidden, $"Join circle {act.CircleId} first."),
        _ => Decision.Reject(RejectionReason.Invalid, $"A user does not handle {message.GetType().Name}."),
    };

    private Decision DecideProfile(UpdateProfile update)
    {
        var displayName = update.DisplayName ?? DisplayName;
        var regionCode = update.RegionCode ?? RegionCode;
        return displayName == DisplayName && regionCode == RegionCode
            ? Decision.Unchanged(Seq)
            : Decision.Persist(new ProfileUpdated(UserId, displayName, regionCode, update.At));
    }

    private Decision DecideRole(GrantRole grant)
    {
        if (!Contracts.Common.Roles.All.Contains(grant.Role))
            return Decision.Reject(RejectionReason.Invalid, $"Unknown role '{grant.Role}'.");
        if (grant.Role == Contracts.Common.Roles.Department && string.IsNullOrEmpty(grant.DepartmentId))
            return Decision.Reject(RejectionReason.Invalid, "The department role needs a department.");
        var departmentId = grant.Role == Contracts.Common.Roles.Department ? grant.DepartmentId : null;
        if (Roles.Contains(grant.Role) && (departmentId is null || departmentId == DepartmentId))
            return Decision.Unchanged(Seq);
        return Decision.Persist(new RoleGranted(UserId, grant.Role, departmentId, grant.GrantedBy, grant.At));
    }

    public UserState Apply(ICommunityEvent evt) => (evt switch
    {
        UserRegistered e => this with
        {
            Exists = true, UserName = e.UserName, PasswordHash = e.PasswordHash, DisplayName = e.DisplayName,
            RegionCode = e.RegionCode, Roles = [Contracts.Common.Roles.Reader], RegisteredAt = e.At,
        },
        ProfileUpdated e => this with { DisplayName = e.DisplayName, RegionCode = e.RegionCode },
        RoleGranted e => this with { Roles = Roles.Add(e.Role), DepartmentId = e.DepartmentId ?? DepartmentId },
        CircleJoined e => this with { Circles = Circles.SetItem(e.CircleId.Value, new MembershipChange(true, Seq + 1)) },
        CircleLeft e => this with { Circles = Circles.SetItem(e.CircleId.Value, new MembershipChange(false, Seq + 1)) },
        _ => this,
    }) with { Seq = Seq + 1 };

    public LiveEvent? ToLive(ICommunityEvent evt, long seq) => evt switch
    {
        ProfileUpdated e => Live(seq, "profileUpdated", new { displayName = e.DisplayName, regionCode = e.RegionCode }),
        RoleGranted e => Live(seq, "roleGranted", new { role = e.Role, departmentId = e.DepartmentId }),
        _ => null,
    };

    private LiveEvent Live(long seq, string kind, object data) =>
        new(LiveChannel.User, UserId.Value, seq, kind, System.Text.Json.JsonSerializer.Serialize(data));

    public UserView ToView() =>
        new(UserId, UserName, PasswordHash, DisplayName, RegionCode, Roles, DepartmentId, Points, Following, Seq, RegisteredAt,
            Circles.Where(c => c.Value.Joined).Select(c => c.Key).ToImmutableSortedSet(StringComparer.Ordinal));
}
