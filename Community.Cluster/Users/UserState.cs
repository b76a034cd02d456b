using System.Collections.Immutable;
using Community.Cluster.Entities;
using Community.Contracts.Common;
using Community.Contracts.Users;

namespace Community.Cluster.Users;

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
    DateTimeOffset RegisteredAt) : IEntityState<UserState>
{
    public static UserState Empty(string entityId) =>
        new(new UserId(entityId), false, "", "", "", "", [], null, 0, [], 0, default);

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
        new(UserId, UserName, PasswordHash, DisplayName, RegionCode, Roles, DepartmentId, Points, Following, Seq, RegisteredAt);
}
