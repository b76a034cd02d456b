using Community.Cluster.Entities;
using Community.Contracts.Circles;
using Community.Contracts.Common;

namespace Community.Cluster.Circles;

public sealed record CircleState(
    CircleId CircleId,
    bool Exists,
    UserId OwnerId,
    string Name,
    string Description,
    string RegionCode,
    long MemberCount,
    long Seq,
    DateTimeOffset CreatedAt) : IEntityState<CircleState>
{
    public static CircleState Empty(string entityId) => new(new CircleId(entityId), false, new UserId(""), "", "", "", 0, 0, default);

    public Decision Decide(ICommunityMessage message) => message switch
    {
        CreateCircle create => Exists
            ? Decision.Reject(RejectionReason.AlreadyExists, $"Circle {CircleId} already exists.")
            : Decision.Persist(new CircleCreated(CircleId, create.OwnerId, create.Name, create.Description, create.RegionCode, create.At)),
        _ when !Exists => Decision.Reject(RejectionReason.NotFound, $"Circle {CircleId} does not exist."),
        GetCircle => Decision.Reply(new CircleView(CircleId, OwnerId, Name, Description, RegionCode, MemberCount, Seq, CreatedAt)),
        _ => Decision.Reject(RejectionReason.Invalid, $"A circle does not handle {message.GetType().Name}."),
    };

    public CircleState Apply(ICommunityEvent evt) => (evt switch
    {
        // The owner is the first member.
        CircleCreated e => this with
        {
            Exists = true, OwnerId = e.OwnerId, Name = e.Name, Description = e.Description, RegionCode = e.RegionCode,
            MemberCount = 1, CreatedAt = e.At,
        },
        _ => this,
    }) with { Seq = Seq + 1 };
}
