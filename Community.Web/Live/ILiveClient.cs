using System.Text.Json;

namespace Community.Web.Live;

// Method names are the wire names of API.md ("userEvent", ...), hence camelCase.
#pragma warning disable IDE1006

/// <summary>What the live hub sends to clients.</summary>
public interface ILiveClient
{
    Task userEvent(UserEventMessage message);

    Task circleEvent(CircleEventMessage message);

    Task creatorEvent(CreatorEventMessage message);

    Task ticketEvent(TicketEventMessage message);

    Task moderationEvent(ModerationEventMessage message);
}
#pragma warning restore IDE1006

public sealed record UserEventMessage(long Seq, string Kind, JsonElement Data);

public sealed record CircleEventMessage(string CircleId, long Seq, string Kind, JsonElement Data);

public sealed record CreatorEventMessage(string CreatorId, long Seq, string Kind, JsonElement Data);

public sealed record TicketEventMessage(string TicketId, long Seq, string Kind, JsonElement Data);

public sealed record ModerationEventMessage(string Kind, JsonElement Data);
