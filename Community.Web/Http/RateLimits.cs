using System.Threading.RateLimiting;
using Community.Web.Auth;

namespace Community.Web.Http;

/// <summary>The partitions the areas' rate-limit policies use.</summary>
public static class RateLimits
{
    /// <summary>Per client address (behind a trusted proxy, the client's): for routes used before sign-in.</summary>
    public static RateLimitPartition<string> PerAddressPerMinute(HttpContext http, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    /// <summary>Per account, not per address: a whole county's readers may share one carrier-grade NAT address.</summary>
    public static RateLimitPartition<string> PerUserPerMinute(HttpContext http, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(http.User.FindFirst(CommunityClaims.Subject)?.Value ?? "anonymous",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
