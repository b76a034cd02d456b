using System.Threading.RateLimiting;
using Community.Web.Hosting;

namespace Community.Web.Accounts;

/// <summary>Sign-in attempts per account (the per-address limit is an ASP.NET Core rate limiter policy on the route).</summary>
public sealed class SignInThrottle(AuthOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _perAccount = PartitionedRateLimiter.Create<string, string>(account =>
        RateLimitPartition.GetFixedWindowLimiter(account, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.SignInPerAccountPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    /// <summary>True when this attempt is within the account's limit.</summary>
    public bool TryAttempt(string normalizedUserName)
    {
        using var lease = _perAccount.AttemptAcquire(normalizedUserName);
        return lease.IsAcquired;
    }

    public void Dispose() => _perAccount.Dispose();
}
