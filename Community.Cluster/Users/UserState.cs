using System.Collections.Immutable;
using Community.Cluster.Entities;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Contracts.Users;

namespace Community.Cluster.Users;

/// <summary>The user's side of a circle membership; <paramref name="ChangeSeq"/> is the user's seq of the last join or
/// leave, which names that change to the circle (idempotent counting). Kept after a leave so a retried leave is known.</summary>
public sealed record MembershipChange(bool Joined, long ChangeSeq);

/// <summary>One open session: the client signed in from, when, and its current refresh token's hash (the ones it
/// replaced are kept, a few, to notice a reuse).</summary>
public sealed record UserSession(
    string ClientId, string? Address, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, string RefreshHash,
    ImmutableList<string> ReplacedHashes);

/// <param name="LikedWorks">The works this reader likes: a like counts once per reader and work.</param>
/// <param name="Grants">The ids of the point grants received: a grant delivered twice counts once.</param>
[Manifest("user-state.v3")]
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
    ImmutableDictionary<string, MembershipChange> Circles,
    long AuthVersion,
    ImmutableDictionary<string, UserSession> Sessions,
    ImmutableSortedSet<string> LikedWorks,
    ImmutableSortedSet<string> Grants) : IEntityState<UserState>
{
    /// <summary>Open sessions per user; a new sign-in beyond it ends the least recently used one.</summary>
    public const int MaxSessions = 20;

    /// <summary>Replaced refresh tokens remembered per session to detect a reuse.</summary>
    public const int ReplacedHashesKept = 8;

    public static UserState Empty(string entityId) =>
        new(new UserId(entityId), false, "", "", "", "", [], null, 0, [], 0, default, ImmutableDictionary<string, MembershipChange>.Empty,
            0, ImmutableDictionary<string, UserSession>.Empty, [], []);

    public Decision Decide(ICommunityMessage message) => message switch
    {
        RegisterUser register => Exists
            ? Decision.Reject(RejectionReason.AlreadyExists, $"The user name '{register.UserName}' is taken.")
            : Decision.Persist(new UserRegistered(UserId, register.UserName, register.PasswordHash, register.DisplayName,
                register.RegionCode, register.At)),
        _ when !Exists => Decision.Reject(RejectionReason.NotFound, $"User {UserId} does not exist."),
        GetUser => Decision.Reply(ToView()),
        GetAuth => Decision.Reply(ToAuth()),
        GetSessions => Decision.Reply(new UserSessions(UserId,
            [.. Sessions.OrderByDescending(s => s.Value.LastSeenAt).Select(s => new SessionView(s.Key, s.Value.ClientId, s.Value.CreatedAt, s.Value.LastSeenAt))])),
        UpdateProfile update => DecideProfile(update),
        GrantRole grant => DecideRole(grant),
        RevokeRole revoke => revoke.Role == Contracts.Common.Roles.Reader
            ? Decision.Reject(RejectionReason.Invalid, "Every user is a reader.")
            : Roles.Contains(revoke.Role)
                ? Decision.Persist(new RoleRevoked(UserId, revoke.Role, revoke.RevokedBy, revoke.At))
                : Decision.Unchanged(Seq),
        StartSession start => DecideStart(start),
        RefreshSession refresh => DecideRefresh(refresh),
        EndSession end => Sessions.ContainsKey(end.SessionId)
            ? Decision.Persist(new SessionEnded(UserId, end.SessionId, end.Reason, end.At))
            : Decision.Unchanged(Seq),
        JoinCircle join => Circles.TryGetValue(join.CircleId.Value, out var joined) && joined.Joined
            ? Decision.Unchanged(joined.ChangeSeq)
            : Decision.Persist(new CircleJoined(UserId, join.CircleId, join.At)),
        LeaveCircle leave => !Circles.TryGetValue(leave.CircleId.Value, out var left)
            ? Decision.Reject(RejectionReason.InvalidState, $"You are not a member of circle {leave.CircleId}.")
            : left.Joined ? Decision.Persist(new CircleLeft(UserId, leave.CircleId, leave.At)) : Decision.Unchanged(left.ChangeSeq),
        FollowCreator follow => Following.Contains(follow.CreatorId.Value)
            ? Decision.Unchanged(Seq)
            : Decision.Persist(new CreatorFollowed(UserId, follow.CreatorId, follow.At)),
        UnfollowCreator unfollow => Following.Contains(unfollow.CreatorId.Value)
            ? Decision.Persist(new CreatorUnfollowed(UserId, unfollow.CreatorId, unfollow.At))
            : Decision.Unchanged(Seq),
        LikeWork like => like.Liked == LikedWorks.Contains(like.WorkId)
            ? Decision.Unchanged(Seq)
            : WorkIds.CreatorOf(like.WorkId) is not { } creatorId
                ? Decision.Reject(RejectionReason.Invalid, $"{like.WorkId} is not a work id.")
                : Decision.Persist(new WorkLikeChanged(UserId, like.WorkId, creatorId, like.Liked, like.At)),
        CommentOnWork comment => WorkIds.CreatorOf(comment.WorkId) is not { } commented
            ? Decision.Reject(RejectionReason.Invalid, $"{comment.WorkId} is not a work id.")
            : string.IsNullOrWhiteSpace(comment.Text) || comment.Text.Length > WorkLimits.MaxComment
                ? Decision.Reject(RejectionReason.Invalid, $"A comment has 1 to {WorkLimits.MaxComment} characters.")
                : Decision.Persist(new WorkCommented(UserId, comment.WorkId, commented, comment.CommentId, DisplayName, comment.Text, comment.At)),
        GrantPoints grant => Grants.Contains(grant.GrantId) ? Decision.Unchanged(Seq)
            : grant.Points <= 0 ? Decision.Reject(RejectionReason.Invalid, "A grant gives a positive number of points.")
            : Decision.Persist(new PointsGranted(UserId, grant.GrantId, grant.Points, grant.Reason, grant.At)),
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

    private Decision DecideStart(StartSession start)
    {
        if (Sessions.ContainsKey(start.SessionId)) return Decision.Unchanged(Seq);
        var started = new SessionStarted(UserId, start.SessionId, start.ClientId, start.Address, start.RefreshHash, start.At);
        if (Sessions.Count < MaxSessions) return Decision.Persist(started);
        var oldest = Sessions.MinBy(s => s.Value.LastSeenAt).Key;
        return Decision.Persist(new SessionEnded(UserId, oldest, "too-many-sessions", start.At), started);
    }

    private Decision DecideRefresh(RefreshSession refresh)
    {
        if (!Sessions.TryGetValue(refresh.SessionId, out var session))
            return Decision.Reject(RejectionReason.Forbidden, "The session has ended; sign in again.");
        if (session.ReplacedHashes.Contains(refresh.PresentedHash))
            // A replaced refresh token came back: someone else holds a copy. End the session for both.
            return Decision.PersistThenReply(
                new CommandRejected(RejectionReason.Forbidden, "This refresh token was already used; the session has ended. Sign in again."),
                new SessionEnded(UserId, refresh.SessionId, "refresh-token-reused", refresh.At));
        if (session.RefreshHash != refresh.PresentedHash)
            return Decision.Reject(RejectionReason.Forbidden, "Not this session's refresh token.");
        if (refresh.At - session.LastSeenAt > refresh.MaxIdle)
            return Decision.PersistThenReply(
                new CommandRejected(RejectionReason.Forbidden, "The session was idle too long; sign in again."),
                new SessionEnded(UserId, refresh.SessionId, "expired", refresh.At));
        // Answered with the session, whose client the new access token names.
        return Decision.PersistThenReply(new SessionView(refresh.SessionId, session.ClientId, session.CreatedAt, refresh.At),
            new SessionRefreshed(UserId, refresh.SessionId, refresh.NewHash, refresh.At));
    }

    public UserState Apply(ICommunityEvent evt) => (evt switch
    {
        UserRegistered e => this with
        {
            Exists = true, UserName = e.UserName, PasswordHash = e.PasswordHash, DisplayName = e.DisplayName,
            RegionCode = e.RegionCode, Roles = [Contracts.Common.Roles.Reader], RegisteredAt = e.At,
        },
        ProfileUpdated e => this with { DisplayName = e.DisplayName, RegionCode = e.RegionCode },
        RoleGranted e => this with { Roles = Roles.Add(e.Role), DepartmentId = e.DepartmentId ?? DepartmentId, AuthVersion = AuthVersion + 1 },
        RoleRevoked e => this with
        {
            Roles = Roles.Remove(e.Role),
            DepartmentId = e.Role == Contracts.Common.Roles.Department ? null : DepartmentId,
            AuthVersion = AuthVersion + 1,
        },
        SessionStarted e => this with
        {
            Sessions = Sessions.SetItem(e.SessionId, new UserSession(e.ClientId, e.Address, e.At, e.At, e.RefreshHash, [])),
            AuthVersion = AuthVersion + 1,
        },
        SessionRefreshed e when Sessions.TryGetValue(e.SessionId, out var session) => this with
        {
            Sessions = Sessions.SetItem(e.SessionId, session with
            {
                LastSeenAt = e.At,
                RefreshHash = e.RefreshHash,
                ReplacedHashes = session.ReplacedHashes.Insert(0, session.RefreshHash).Take(ReplacedHashesKept).ToImmutableList(),
            }),
        },
        SessionEnded e => this with { Sessions = Sessions.Remove(e.SessionId), AuthVersion = AuthVersion + 1 },
        CircleJoined e => this with { Circles = Circles.SetItem(e.CircleId.Value, new MembershipChange(true, Seq + 1)) },
        CircleLeft e => this with { Circles = Circles.SetItem(e.CircleId.Value, new MembershipChange(false, Seq + 1)) },
        CreatorFollowed e => this with { Following = Following.Add(e.CreatorId.Value) },
        CreatorUnfollowed e => this with { Following = Following.Remove(e.CreatorId.Value) },
        WorkLikeChanged e => this with { LikedWorks = e.Liked ? LikedWorks.Add(e.WorkId) : LikedWorks.Remove(e.WorkId) },
        PointsGranted e => this with { Points = Points + e.Points, Grants = Grants.Add(e.GrantId) },
        _ => this,
    }) with { Seq = Seq + 1 };

    public LiveEvent? ToLive(ICommunityEvent evt, long seq) => evt switch
    {
        ProfileUpdated e => Live(seq, "profileUpdated", new { displayName = e.DisplayName, regionCode = e.RegionCode }),
        RoleGranted e => Live(seq, "roleGranted", new { role = e.Role, departmentId = e.DepartmentId }),
        RoleRevoked e => Live(seq, "roleRevoked", new { role = e.Role }),
        CreatorFollowed e => Live(seq, "creatorFollowed", new { creatorId = e.CreatorId.Value }),
        CreatorUnfollowed e => Live(seq, "creatorUnfollowed", new { creatorId = e.CreatorId.Value }),
        PointsGranted e => Live(seq, "pointsGranted", new { points = e.Points, total = Points, reason = e.Reason }),
        _ => null,
    };

    private LiveEvent Live(long seq, string kind, object data) =>
        new(LiveChannel.User, UserId.Value, seq, kind, System.Text.Json.JsonSerializer.Serialize(data));

    /// <summary>Whether <paramref name="evt"/> changes what authorization reads (<see cref="ToAuth"/>).</summary>
    public static bool ChangesAuth(ICommunityEvent evt) => evt is RoleGranted or RoleRevoked or SessionStarted or SessionEnded;

    public UserAuth ToAuth() => new(UserId, AuthVersion, Roles, DepartmentId, [.. Sessions.Keys]);

    public UserView ToView() =>
        new(UserId, UserName, PasswordHash, DisplayName, RegionCode, Roles, DepartmentId, Points, Following, Seq, RegisteredAt,
            Circles.Where(c => c.Value.Joined).Select(c => c.Key).ToImmutableSortedSet(StringComparer.Ordinal),
            Sessions.Values.Select(s => s.Address).OfType<string>().ToImmutableSortedSet(StringComparer.Ordinal));
}

/// <summary>The user state before sessions (snapshots written until 2026-12-01): upgrades with no sessions open, so
/// tokens issued before sessions existed no longer pass.</summary>
[Manifest("user-state.v1")]
public sealed record UserStateV1(
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
    ImmutableDictionary<string, MembershipChange> Circles) : ICommunityMessage, ISnapshotUpgrade<UserState>
{
    public UserState Upgrade() =>
        new(UserId, Exists, UserName, PasswordHash, DisplayName, RegionCode, Roles, DepartmentId, Points, Following, Seq, RegisteredAt,
            Circles, 0, ImmutableDictionary<string, UserSession>.Empty, [], []);
}

/// <summary>The user state before work likes and point grants (snapshots written until 2026-12-02): upgrades with no
/// likes and no grants (neither existed).</summary>
[Manifest("user-state.v2")]
public sealed record UserStateV2(
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
    ImmutableDictionary<string, MembershipChange> Circles,
    long AuthVersion,
    ImmutableDictionary<string, UserSession> Sessions) : ICommunityMessage, ISnapshotUpgrade<UserState>
{
    public UserState Upgrade() =>
        new(UserId, Exists, UserName, PasswordHash, DisplayName, RegionCode, Roles, DepartmentId, Points, Following, Seq, RegisteredAt,
            Circles, AuthVersion, Sessions, [], []);
}
