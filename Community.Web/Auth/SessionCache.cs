using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Community.Cluster.Hosting;
using Community.Cluster.Users;
using Community.Contracts.Users;
using Community.Web.Hosting;

namespace Community.Web.Auth;

/// <summary>
/// What every request's authorization reads of its user — open sessions, current roles — kept in memory on each node,
/// so the check costs a dictionary lookup, not a journal or database read. Filled by asking the user entity the first
/// time a user is seen (and again after <see cref="MaxAge"/>), and kept current by the <see cref="AuthChanged"/> every
/// user entity publishes to all nodes after a sign-in, sign-out, refresh-token reuse, role grant or revocation. The
/// newest version wins, so a late answer never undoes a pushed change; the age limit bounds how long a node that missed
/// a push (while it was joining) can be wrong.
/// </summary>
public sealed class SessionCache(EntityGateway entities, AuthOptions options, TimeProvider clock)
{
    /// <summary>An entry older than this is asked again (a safety net for a missed push, not the way changes travel).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Raised after a pushed change was applied (open hub connections of the user are checked again).</summary>
    public event Action<UserAuth>? Changed;

    /// <summary>The user's current auth, or null when there is no such user.</summary>
    public async ValueTask<UserAuth?> GetAsync(string userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_entries.TryGetValue(userId, out var entry) && now - entry.FetchedAt < MaxAge) return entry.Auth;
        var answer = await entities.AskAsync<UserRegion, UserAuth>(new GetAuth(new Contracts.Common.UserId(userId)), cancellationToken);
        if (answer.View is not { } auth) return null;
        return Keep(auth, now).Auth;
    }

    /// <summary>A change pushed by the user's entity.</summary>
    public void Apply(UserAuth auth)
    {
        Keep(auth, clock.GetUtcNow());
        Changed?.Invoke(auth);
    }

    private Entry Keep(UserAuth auth, DateTimeOffset now)
    {
        if (_entries.Count >= options.SessionCacheSize) Trim();
        return _entries.AddOrUpdate(auth.UserId.Value, _ => new Entry(auth, now),
            (_, old) => old.Auth.Version > auth.Version ? old with { FetchedAt = now } : new Entry(auth, now));
    }

    // Full: drop the oldest tenth (asked again when they come back).
    private void Trim()
    {
        foreach (var key in _entries.OrderBy(e => e.Value.FetchedAt).Take(Math.Max(1, _entries.Count / 10)).Select(e => e.Key).ToList())
            _entries.TryRemove(key, out _);
    }

    private sealed record Entry(UserAuth Auth, DateTimeOffset FetchedAt);
}

/// <summary>Subscribes this node to the users' <see cref="AuthChanged"/> topic and applies each change to the cache.</summary>
public sealed class AuthChangesListener : ReceiveActor
{
    public AuthChangesListener(SessionCache cache)
    {
        Receive<AuthChanged>(changed => cache.Apply(changed.Auth));
        Receive<SubscribeAck>(_ => { });
    }

    public static Props Props(SessionCache cache) => Akka.Actor.Props.Create(() => new AuthChangesListener(cache));

    protected override void PreStart() =>
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(AuthChanged.Topic, Self));
}
