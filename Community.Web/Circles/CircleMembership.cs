using Community.Cluster.Circles;
using Community.Cluster.Hosting;
using Community.Cluster.Users;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Contracts.Users;

namespace Community.Web.Circles;

/// <summary>
/// Joining and leaving, across the two entities that hold membership: the user entity (which circles it is in: the
/// authority, checked before every act) and the circle (its count). Each step is idempotent and names the change by
/// the user's seq of it, so a retry after any failure finishes the change without counting a member twice.
/// </summary>
public sealed class CircleMembership(EntityGateway entities, TimeProvider clock)
{
    /// <summary>Null when the user is a member afterwards; else why not.</summary>
    public async Task<CommandRejected?> JoinAsync(CircleId circleId, UserId userId, CancellationToken cancellationToken)
    {
        // The circle says whether the user may join (exists, not banned) before the user records anything.
        if (await entities.SendAsync<CircleRegion>(new CheckAdmission(circleId, userId), cancellationToken) is CommandRejected refused)
            return refused;
        var joined = await entities.SendAsync<UserRegion>(new JoinCircle(userId, circleId, clock.GetUtcNow()), cancellationToken);
        if (joined is not CommandAccepted join) return (CommandRejected)joined;
        return await entities.SendAsync<CircleRegion>(new AdmitMember(circleId, userId, $"{userId}@{join.Seq}", clock.GetUtcNow()),
            cancellationToken) as CommandRejected;
    }

    /// <summary>Null when the user is not a member afterwards (also when it never was); else why not.</summary>
    public async Task<CommandRejected?> LeaveAsync(CircleId circleId, UserId userId, CancellationToken cancellationToken)
    {
        if ((await entities.AskAsync<CircleRegion, CircleView>(new GetCircle(circleId), cancellationToken)).Rejected is { } unknown)
            return unknown;
        if (await entities.SendAsync<UserRegion>(new LeaveCircle(userId, circleId, clock.GetUtcNow()), cancellationToken)
            is not CommandAccepted leave)
            return null;
        return await entities.SendAsync<CircleRegion>(new ReleaseMember(circleId, userId, $"{userId}@{leave.Seq}", clock.GetUtcNow()),
            cancellationToken) as CommandRejected;
    }
}
