using Community.Cluster.Entities;
using Community.Contracts.Common;
using Community.Web.Auth;
using Community.Web.Http;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Community.Web.Live;

/// <summary>The live hub. A connection follows its own streams (its user, its department, moderators, and what the areas'
/// streams join on connect, such as the creator accounts it staffs) on connect,
/// chosen from its token's claims; any other stream it follows on request, after the stream's kind checked on the
/// server that the caller may (<see cref="ILiveStream.OpenAsync"/>), never because the client named it.</summary>
[Authorize]
public sealed class LiveHub(LiveBridge bridge, LiveStreams streams, IOptions<LiveOptions> options, Akka.Actor.ActorSystem system,
    LiveConnections connections, TokenService tokens, SessionCache sessions) : Hub<ILiveClient>
{
    public const string Path = "/hubs/live";

    private static readonly TimeSpan FollowTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Follows a stream (<c>circle:{id}</c>, <c>user:{id}</c>, <c>creator:{id}</c>, <c>ticket:{id}</c>, <c>dept:{id}</c>,
    /// <c>moderators</c>): first its events after <paramref name="afterSeq"/> in order, then live ones, each seq once.
    /// Following a stream again restarts it from the given seq. Answers the last seq sent during the catch-up
    /// (<paramref name="afterSeq"/> when none).
    /// </summary>
    public async Task<long> Follow(string stream, long afterSeq)
    {
        if (streams.Find(stream) is not { } found) throw new HubException($"Unknown stream '{Shorten(stream)}'.");
        return await FollowAsync(found.Kind, stream, found.Id, afterSeq, "streams");
    }

    /// <summary>Stops following a stream: once it answers, no more of its events reach this connection.</summary>
    public async Task Unfollow(string stream)
    {
        if (stream is null || !Followed().Remove(stream)) return;
        await bridge.UnfollowAsync(Context.ConnectionId, stream, FollowTimeout);
    }

    /// <summary>API.md's circle follow: <see cref="Follow"/> of <c>circle:{circleId}</c>.</summary>
    public async Task<long> JoinCircle(string circleId, long afterSeq)
    {
        if (circleId is null || !EntityIds.IsValid(circleId) || streams.Find($"circle:{circleId}") is not { } found)
            throw new HubException("Unknown circle.");
        return await FollowAsync(found.Kind, $"circle:{circleId}", circleId, afterSeq, "circles");
    }

    /// <summary>API.md's circle unfollow: <see cref="Unfollow"/> of <c>circle:{circleId}</c>.</summary>
    public Task LeaveCircle(string circleId) => Unfollow($"circle:{circleId}");

    private async Task<long> FollowAsync(ILiveStream kind, string stream, string? id, long afterSeq, string what)
    {
        if (afterSeq < 0) throw new HubException("afterSeq must be 0 or more.");
        var followed = Followed();
        var limit = options.Value.MaxStreamsPerConnection;
        if (!followed.Contains(stream) && followed.Count >= limit)
            throw new HubException($"A connection follows at most {limit} {what}; stop following one first.");

        var caller = Context.User!;
        var last = await bridge.FollowAsync(Context.ConnectionId, caller.UserId(), stream, afterSeq,
            () => ReadBacklogAsync(kind, caller, id, afterSeq)).WaitAsync(FollowTimeout);
        followed.Add(stream);
        return last;
    }

    private async Task<IReadOnlyList<LiveEvent>> ReadBacklogAsync(ILiveStream kind, System.Security.Claims.ClaimsPrincipal caller,
        string? id, long afterSeq)
    {
        var position = await kind.OpenAsync(caller, id, CancellationToken.None);
        if (position.ConfirmedSeq - afterSeq > options.Value.MaxBacklog)
            throw new HubException($"More than {options.Value.MaxBacklog} events were missed; reload and follow again from the page's lastSeq.");
        if (position.PersistenceId is null) return [];
        return await LiveBacklog.ReadAsync(system, position.PersistenceId, afterSeq, position.ConfirmedSeq, position.ToLive);
    }

    /// <summary>
    /// Carries the connection on under a newer access token of the same session (after the client refreshed it);
    /// without it the connection is closed when the token it connected with expires. Answers the seconds the new token
    /// is good for.
    /// </summary>
    [NotCallLimited]
    public async Task<int> RenewToken(string accessToken)
    {
        var validated = await tokens.ValidateAsync(accessToken);
        var caller = Context.User!;
        if (validated is null || validated.UserId() != caller.UserId() || validated.SessionId() is not { } sessionId
            || sessionId != caller.SessionId())
            throw new HubException("Not a valid token of this connection's session.");
        if (await sessions.GetAsync(validated.UserId(), Context.ConnectionAborted) is not { } auth || !auth.Sessions.Contains(sessionId))
            throw new HubException("The session has ended; sign in again.");
        var expiresAt = ExpiryOf(validated);
        if (!connections.Renew(Context.ConnectionId, sessionId, expiresAt)) throw new HubException("The connection is closing.");
        return (int)Math.Max(0, (expiresAt - DateTimeOffset.UtcNow).TotalSeconds);
    }

    private static DateTimeOffset ExpiryOf(System.Security.Claims.ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst("exp")?.Value, out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : DateTimeOffset.MinValue;

    public override async Task OnConnectedAsync()
    {
        // Bound to the token it connected with (its session, its roles now, its expiry).
        var principal = Context.User!;
        connections.Add(Context, principal.UserId(), principal.SessionId() ?? "",
            [.. principal.FindAll(CommunityClaims.Role).Select(c => c.Value)], ExpiryOf(principal));
        // The caller's own streams, live from now on; a client that saw earlier events resumes with Follow(stream, lastSeq).
        var user = Context.User!;
        var own = new List<string> { $"user:{user.UserId()}" };
        if (user.IsModerator()) own.Add(LiveEvent.ChannelPrefix(LiveChannel.Moderation));
        if (user.IsInRole(Roles.Department) && user.FindFirst(CommunityClaims.Department)?.Value is { } department)
            own.Add($"dept:{department}");
        foreach (var kind in streams.Kinds)
            own.AddRange(await kind.JoinedOnConnectAsync(user, Context.ConnectionAborted));
        foreach (var stream in own.Distinct().Take(options.Value.MaxStreamsPerConnection))
        {
            await bridge.FollowAsync(Context.ConnectionId, user.UserId(), stream, afterSeq: null, () => Task.FromResult<IReadOnlyList<LiveEvent>>([]));
            Followed().Add(stream);
        }
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context.ConnectionId);
        bridge.ConnectionClosed(Context.ConnectionId, Followed());
        return base.OnDisconnectedAsync(exception);
    }

    private HashSet<string> Followed()
    {
        if (Context.Items.TryGetValue(nameof(Followed), out var value) && value is HashSet<string> set) return set;
        set = [];
        Context.Items[nameof(Followed)] = set;
        return set;
    }

    private static string Shorten(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..80];
}

/// <summary>SignalR's user id is our token's subject.</summary>
public sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.User?.FindFirst(CommunityClaims.Subject)?.Value;
}

/// <summary>The stream kinds the areas registered, by the name clients follow.</summary>
public sealed class LiveStreams(IEnumerable<ILiveStream> kinds)
{
    private readonly Dictionary<string, ILiveStream> _byKind = kinds.ToDictionary(k => k.Kind, StringComparer.Ordinal);

    public IEnumerable<ILiveStream> Kinds => _byKind.Values;

    /// <summary>The kind and id of a stream name, or null when the name is not one a client may follow.</summary>
    public (ILiveStream Kind, string? Id)? Find(string? stream)
    {
        if (string.IsNullOrEmpty(stream) || stream.Length > 100) return null;
        var colon = stream.IndexOf(':', StringComparison.Ordinal);
        var kindName = colon < 0 ? stream : stream[..colon];
        if (!_byKind.TryGetValue(kindName, out var kind)) return null;
        if (!kind.HasId) return colon < 0 ? (kind, null) : null;
        if (colon < 0) return null;
        var id = stream[(colon + 1)..];
        return EntityIds.IsValid(id) ? (kind, id) : null;
    }
}
