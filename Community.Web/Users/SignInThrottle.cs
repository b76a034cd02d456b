using System.Collections.Concurrent;
using Community.Web.Hosting;

namespace Community.Web.Users;

/// <summary>
/// Failed sign-ins, counted so that an attacker cannot lock the owner out (OWASP's authentication guidance: throttle
/// the guesser, not the account). Only failures count. An (account, address) pair is refused after
/// <see cref="AuthOptions.SignInFailuresPerAccountAndAddress"/> failures in <see cref="AuthOptions.SignInFailureWindow"/>:
/// that stops one guesser, whoever else signs in. Failures of an account from all addresses count too: past
/// <see cref="AuthOptions.SignInFailuresPerAccount"/> (distributed guessing) the account is refused from addresses it
/// has no open session from, while its owner's known addresses still sign in. The per-address rate limit of the route
/// bounds one address across accounts. Counts are per node (a cluster of N nodes allows N times as many); they
/// reset after the window.
/// </summary>
public sealed class SignInThrottle(AuthOptions options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Window> _failures = new(StringComparer.Ordinal);

    /// <summary>Null when the attempt may go on; else how long until it may.</summary>
    public TimeSpan? Refusal(string account, string address, bool knownAddress)
    {
        var now = clock.GetUtcNow();
        if (Wait(Pair(account, address), options.SignInFailuresPerAccountAndAddress, now) is { } pairWait) return pairWait;
        return knownAddress ? null : Wait(account, options.SignInFailuresPerAccount, now);
    }

    public void Failed(string account, string address)
    {
        var now = clock.GetUtcNow();
        Count(Pair(account, address), now);
        Count(account, now);
        if (_failures.Count > 100_000) Trim(now);
    }

    private static string Pair(string account, string address) => $"{account}\n{address}";

    private TimeSpan? Wait(string key, int limit, DateTimeOffset now) =>
        _failures.TryGetValue(key, out var window) && window.Start + options.SignInFailureWindow > now && window.Count >= limit
            ? window.Start + options.SignInFailureWindow - now
            : null;

    private void Count(string key, DateTimeOffset now) =>
        _failures.AddOrUpdate(key, _ => new Window(now, 1),
            (_, window) => window.Start + options.SignInFailureWindow <= now ? new Window(now, 1) : window with { Count = window.Count + 1 });

    private void Trim(DateTimeOffset now)
    {
        foreach (var (key, window) in _failures)
            if (window.Start + options.SignInFailureWindow <= now) _failures.TryRemove(key, out _);
    }

    private sealed record Window(DateTimeOffset Start, int Count);
}
