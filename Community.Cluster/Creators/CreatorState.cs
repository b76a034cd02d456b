using Community.Cluster.Entities;
using Community.Contracts.Common;
using Community.Contracts.Creators;

namespace Community.Cluster.Creators;

[Manifest("creator-state.v1")]
public sealed record CreatorState(
    CreatorId CreatorId,
    bool Exists,
    UserId OwnerId,
    string Name,
    string OrgType,
    string RegionCode,
    string Status,
    long Seq,
    DateTimeOffset RegisteredAt) : IEntityState<CreatorState>
{
    public static CreatorState Empty(string entityId) =>
        new(new CreatorId(entityId), false, new UserId(""), "", "", "", CreatorStatuses.Pending, 0, default);

    public Decision Decide(ICommunityMessage message) => message switch
    {
        RegisterCreator register when Exists =>
            Decision.Reject(RejectionReason.AlreadyExists, $"Creator {CreatorId} already exists."),
        RegisterCreator register when !OrgTypes.All.Contains(register.OrgType) =>
            Decision.Reject(RejectionReason.Invalid, $"Unknown organisation type '{register.OrgType}'."),
        RegisterCreator register => Decision.Persist(new CreatorRegistered(CreatorId, register.OwnerId, register.Name,
            register.OrgType, register.RegionCode, register.At)),
        _ when !Exists => Decision.Reject(RejectionReason.NotFound, $"Creator {CreatorId} does not exist."),
        GetCreator => Decision.Reply(new CreatorView(CreatorId, OwnerId, Name, OrgType, RegionCode, Status, Seq, RegisteredAt, [OwnerId.Value], null, 0)),
        _ => Decision.Reject(RejectionReason.Invalid, $"A creator does not handle {message.GetType().Name}."),
    };

    public CreatorState Apply(ICommunityEvent evt) => (evt switch
    {
        CreatorRegistered e => this with
        {
            Exists = true, OwnerId = e.OwnerId, Name = e.Name, OrgType = e.OrgType, RegionCode = e.RegionCode,
            Status = CreatorStatuses.Pending, RegisteredAt = e.At,
        },
        _ => this,
    }) with { Seq = Seq + 1 };
}
