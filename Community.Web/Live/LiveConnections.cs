using System.Collections.Concurrent;
using System.Collections.Immutable;
using Community.Contracts.Users;
using Community.Web.Auth;
using Microsoft.AspNetCore.SignalR;

namespace Community.Web.Live;

/// <summary>
/// The hub connections open on this node, bound to the token they connected with: a connection is closed when that
/// token expires (unless the client renewed it with <see cref="LiveHub.RenewToken"/>), when its session ends, or when
/// its user loses a role (its role streams and follows were allowed by it). A granted role does not close it: the new
/// role's streams are followed on the next connect. A client reconnects with a fresh token.
/// </summary>
public sealed class LiveConnections
{
    private readonly ConcurrentDictionary<string, Connection> _byId = new(StringComparer.Ordinal);
    // Every sign-in anywhere reaches every node: a change looks at its own user's connections only.
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _byUser = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    public LiveConnections(SessionCache sessions, TimeProvider clock)
    {
        _clock = clock;
        sessions.Changed += OnAuthChanged;
    }

    public int Count => _byId.Count;

    public void Add(HubCallerContext context, string userId, string sessionId, ImmutableSortedSet<string> roles, DateTimeOffset expiresAt)
    {
        _byId[context.ConnectionId] = new Connection(context, userId, sessionId, roles, expiresAt);
        _byUser.GetOrAdd(userId, _ => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal))[context.ConnectionId] = 0;
    }

    public void Remove(string connectionId)
    {
        if (!_byId.TryRemove(connectionId, out var connection) || !_byUser.TryGetValue(connection.UserId, out var ofUser)) return;
        ofUser.TryRemove(connectionId, out _);
        if (ofUser.IsEmpty) _byUser.TryRemove(new KeyValuePair<string, ConcurrentDictionary<string, byte>>(connection.UserId, ofUser));
    }

    /// <summary>The connection carries on under a newer token of the same session.</summary>
    public bool Renew(string connectionId, string sessionId, DateTimeOffset expiresAt)
    {
        if (!_byId.TryGetValue(connectionId, out var connection) || connection.SessionId != sessionId) return false;
        _byId[connectionId] = connection with { ExpiresAt = expiresAt };
        return true;
    }

    /// <summary>Closes the connections whose token has expired.</summary>
    public int CloseExpired()
    {
        var now = _clock.GetUtcNow();
        var closed = 0;
        foreach (var connection in _byId.Values.Where(c => c.ExpiresAt <= now).ToList())
        {
            connection.Context.Abort();
            closed++;
        }
        return closed;
    }

    private void OnAuthChanged(UserAuth auth)
    {
        if (!_byUser.TryGetValue(auth.UserId.Value, out var ofUser)) return;
        foreach (var id in ofUser.Keys)
            if (_byId.TryGetValue(id, out var connection)
                && (!auth.Sessions.Contains(connection.SessionId) || !connection.Roles.IsSubsetOf(auth.Roles)))
                connection.Context.Abort();
    }

    private sealed record Connection(HubCallerContext Context, string UserId, string SessionId, ImmutableSortedSet<string> Roles,
        DateTimeOffset ExpiresAt);
}

/// <summary>Closes expired hub connections once a second.</summary>
public sealed class LiveConnectionSweeper(LiveConnections connections, TimeProvider clock) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken)) connections.CloseExpired();
    }
}
