using System.Globalization;
using System.Threading.RateLimiting;
using Community.Web.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Community.Web.Http;

/// <summary>The partitions the areas' rate-limit policies use, and the one 429 answer they all give.</summary>
public static class RateLimits
{
    /// <summary>Per client address (behind a trusted proxy, the client's): for routes used before sign-in.</summary>
    public static RateLimitPartition<string> PerAddressPerMinute(HttpContext http, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => PerMinute(permits));

    /// <summary>Per account, not per address: a whole county's readers may share one carrier-grade NAT address.</summary>
    public static RateLimitPartition<string> PerUserPerMinute(HttpContext http, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(http.User.FindFirst(CommunityClaims.Subject)?.Value ?? "anonymous",
            _ => PerMinute(permits));

    /// <summary>A fixed one-minute window of <paramref name="permits"/>, refused at once when used up (no queue).</summary>
    public static FixedWindowRateLimiterOptions PerMinute(int permits) =>
        new() { PermitLimit = Math.Max(1, permits), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };

    /// <summary>Whole seconds to wait before trying again: the lease's <c>RetryAfter</c>, at least 1.</summary>
    public static int RetryAfterSeconds(RateLimitLease lease) =>
        Math.Max(1, (int)Math.Ceiling((lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1)).TotalSeconds));

    /// <summary>The 429 of every limit: <c>Retry-After</c> and a <c>rate-limited</c> problem saying when to try again.</summary>
    public static async Task WriteRejectionAsync(HttpContext http, int retryAfterSeconds, string what = "requests of this kind")
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"Too many {what}; try again in {retryAfterSeconds} s.",
                Type = Problems.TypeFor(StatusCodes.Status429TooManyRequests),
            },
        });
    }
}
