namespace Community.Contracts.Common;

/// <summary>What an entity publishes after persisting, for the live hub of every web node.</summary>
/// <param name="Channel">Which client message carries it (userEvent, circleEvent, ...).</param>
/// <param name="StreamId">The id of the stream inside the channel (user id, circle id, ...).</param>
/// <param name="Seq">The stream's sequence number of the event.</param>
/// <param name="Kind">The event kind clients switch on, e.g. profileUpdated.</param>
/// <param name="DataJson">The event's public data as a JSON object.</param>
/// <param name="Audience">Another stream that receives it too, e.g. a ticket's event sent to <c>dept:{id}</c>, the
/// department handling it; null for the stream's own copy.</param>
[Manifest("live-event.v1")]
public sealed record LiveEvent(LiveChannel Channel, string StreamId, long Seq, string Kind, string DataJson, string? Audience = null) : ICommunityMessage
{
    /// <summary>The SignalR group that receives it, e.g. <c>user:u-123</c>.</summary>
    public string Group => Audience ?? Channel switch
    {
        LiveChannel.Moderation => "moderators",
        _ => $"{ChannelPrefix(Channel)}:{StreamId}",
    };

    public static string ChannelPrefix(LiveChannel channel) => channel switch
    {
        LiveChannel.User => "user",
        LiveChannel.Circle => "circle",
        LiveChannel.Creator => "creator",
        LiveChannel.Ticket => "ticket",
        LiveChannel.Moderation => "moderators",
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, null),
    };
}

/// <summary>
/// Published by an entity on a stream's pub-sub topic (next to its <see cref="LiveEvent"/>s) when
/// <paramref name="UserId"/> may no longer follow <paramref name="Stream"/> (a circle banned the user). Never sent to a
/// client: every web node's live bridge takes that user's connections out of the stream, and a follow still under way
/// fails with <paramref name="Reason"/>.
/// </summary>
[Manifest("live-follow-revoked.v1")]
public sealed record LiveFollowRevoked(string Stream, UserId UserId, string Reason) : ICommunityMessage;

public enum LiveChannel
{
    User,
    Circle,
    Creator,
    Ticket,
    Moderation,
}
