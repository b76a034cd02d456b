using System.Threading.RateLimiting;
using Community.Web.Hosting;

namespace Community.Web.Users;

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

    /// <summary>True when this attempt is within the account's limit; otherwise how long until the window resets.</summary>
    public bool TryAttempt(string normalizedUserName, out TimeSpan retryAfter)
    {
        using var lease = _perAccount.AttemptAcquire(normalizedUserName);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        return lease.IsAcquired;
    }

    public void Dispose() => _perAccount.Dispose();
}
