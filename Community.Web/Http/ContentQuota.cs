using System.Threading.RateLimiting;
using Community.Web.Auth;
using Microsoft.AspNetCore.Http.Metadata;

namespace Community.Web.Http;

/// <summary>
/// A per-user quota of accepted content (posts and comments per minute). Unlike a rate-limit policy, which the rate
/// limiter middleware takes before the request is even read, a quota is taken only when the write was accepted: a body
/// that does not bind (400), is too large (413) or fails validation never reaches it, and one the entity refuses
/// (not a member, unknown circle, closed topic) gives its permit back. A request is refused (429) when the user has no
/// permit left; concurrent requests of one user may together pass the quota by the number in flight.
/// </summary>
public sealed class ContentQuota : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public ContentQuota(string name, Func<int> permitsPerMinute)
    {
        Name = name;
        _limiter = PartitionedRateLimiter.Create<string, string>(user =>
            RateLimitPartition.GetFixedWindowLimiter(user, _ => RateLimits.PerMinute(permitsPerMinute())));
    }

    public string Name { get; }

    /// <summary>Null when the user has a permit left; else the seconds until the next one.</summary>
    public int? RetryAfterSeconds(string userId)
    {
        using var lease = _limiter.AttemptAcquire(userId, 0);
        return lease.IsAcquired ? null : RateLimits.RetryAfterSeconds(lease);
    }

    /// <summary>Uses up one permit for an accepted write.</summary>
    public void Take(string userId)
    {
        using var _ = _limiter.AttemptAcquire(userId, 1);
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>Endpoint metadata: the route counts its accepted writes against the named <see cref="ContentQuota"/>.</summary>
public sealed record ContentQuotaMetadata(string Name);

public static class ContentQuotas
{
    /// <summary>Counts the route's accepted (2xx) answers against the quota <paramref name="name"/>; runs after the
    /// filters added before it (add it after <see cref="RequestValidation.WithValidation"/>).</summary>
    public static TBuilder WithContentQuota<TBuilder>(this TBuilder builder, string name) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ContentQuotaMetadata(name)).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var quota = http.RequestServices.GetRequiredKeyedService<ContentQuota>(name);
            var user = http.User.UserId();
            if (quota.RetryAfterSeconds(user) is { } wait) return new RateLimited(wait);
            var result = await next(context);
            if (IsAccepted(result)) quota.Take(user);
            return result;
        });

    private static bool IsAccepted(object? result)
    {
        while (result is INestedHttpResult nested) result = nested.Result;
        return result is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 };
    }

    private sealed class RateLimited(int retryAfterSeconds) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => StatusCodes.Status429TooManyRequests;

        public Task ExecuteAsync(HttpContext httpContext) =>
            RateLimits.WriteRejectionAsync(httpContext, retryAfterSeconds, "posts and comments");
    }
}
