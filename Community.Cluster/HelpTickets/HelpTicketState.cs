using Community.Cluster.Entities;
using Community.Contracts.Common;
using Community.Contracts.HelpTickets;

namespace Community.Cluster.HelpTickets;

[Manifest("ticket-state.v1")]
public sealed record HelpTicketState(
    TicketId TicketId,
    bool Exists,
    UserId CitizenId,
    string Kind,
    string Title,
    string Body,
    string RegionCode,
    string Category,
    GeoLocation? Location,
    string Status,
    long Seq,
    DateTimeOffset FiledAt) : IEntityState<HelpTicketState>
{
    public static HelpTicketState Empty(string entityId) =>
        new(new TicketId(entityId), false, new UserId(""), "", "", "", "", "", null, "", 0, default);

    public Decision Decide(ICommunityMessage message) => message switch
    {
        FileTicket file when Exists => Decision.Reject(RejectionReason.AlreadyExists, $"Ticket {TicketId} already exists."),
        FileTicket file when !TicketKinds.All.Contains(file.Kind) =>
            Decision.Reject(RejectionReason.Invalid, $"Unknown ticket kind '{file.Kind}'."),
        FileTicket file => Decision.Persist(new TicketFiled(TicketId, file.CitizenId, file.Kind, file.Title, file.Body,
            file.RegionCode, file.Category, file.Location, file.At)),
        _ when !Exists => Decision.Reject(RejectionReason.NotFound, $"Ticket {TicketId} does not exist."),
        GetTicket => Decision.Reply(new TicketView(TicketId, CitizenId, Kind, Title, Body, RegionCode, Category, Location,
            Status, Seq, FiledAt)),
        _ => Decision.Reject(RejectionReason.Invalid, $"A ticket does not handle {message.GetType().Name}."),
    };

    public HelpTicketState Apply(ICommunityEvent evt) => (evt switch
    {
        TicketFiled e => this with
        {
            Exists = true, CitizenId = e.CitizenId, Kind = e.Kind, Title = e.Title, Body = e.Body, RegionCode = e.RegionCode,
            Category = e.Category, Location = e.Location, Status = TicketStatuses.Submitted, FiledAt = e.At,
        },
        _ => this,
    }) with { Seq = Seq + 1 };
}
