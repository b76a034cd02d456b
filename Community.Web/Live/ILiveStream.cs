using System.Security.Claims;
using Community.Cluster.Entities;
using Community.Contracts.Common;

namespace Community.Web.Live;

/// <summary>
/// A kind of live stream an area offers on the hub (<c>circle</c>, <c>user</c>, <c>creator</c>, <c>ticket</c> ...):
/// who may follow one, and where its backlog is. Streams are named <c>{kind}:{id}</c> (or the bare kind for a stream
/// without an id, such as <c>moderators</c>), the same name as the SignalR group and the pub-sub topic of its events.
/// </summary>
public interface ILiveStream
{
    /// <summary>The part of a stream name before the colon.</summary>
    string Kind { get; }

    /// <summary>Whether this kind's streams have an id after the colon.</summary>
    bool HasId => true;

    /// <summary>
    /// Checks on the server, from the caller's claims and the entity's answer, that <paramref name="caller"/> may follow
    /// the stream, and answers where its events are. Throws <see cref="Microsoft.AspNetCore.SignalR.HubException"/> when
    /// the stream is unknown or not the caller's. Asked after the bridge started buffering the stream's live events, so
    /// the confirmed seq it answers bounds the backlog without a gap.
    /// </summary>
    Task<LiveStreamPosition> OpenAsync(ClaimsPrincipal caller, string? streamId, CancellationToken cancellationToken);

    /// <summary>The streams of this kind a connection of <paramref name="caller"/> follows on connect, live from then on
    /// (API.md: "joined by role on connect"), e.g. the creator accounts the caller staffs. None by default.</summary>
    Task<IReadOnlyList<string>> JoinedOnConnectAsync(ClaimsPrincipal caller, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([]);
}

/// <summary>Where a stream's events are: the entity's confirmed seq and how to read its journal as live events.</summary>
/// <param name="PersistenceId">The entity's journal stream; null for a stream without a backlog (role streams).</param>
public sealed record LiveStreamPosition(long ConfirmedSeq, string? PersistenceId, Func<ICommunityEvent, long, LiveEvent?> ToLive)
{
    /// <summary>A stream whose events are not kept: followers get what is published from now on.</summary>
    public static readonly LiveStreamPosition Unsequenced = new(0, null, (_, _) => null);

    /// <summary>An entity's stream: its journal replayed through the state's live mapping, which depends only on the
    /// event and the entity id, so the backlog says exactly what the live feed said.</summary>
    public static LiveStreamPosition Of<TState>(string entityKind, string entityId, long confirmedSeq)
        where TState : class, IEntityState<TState>
    {
        var empty = TState.Empty(entityId);
        return new(confirmedSeq, $"{entityKind}-{entityId}", empty.ToLive);
    }
}
