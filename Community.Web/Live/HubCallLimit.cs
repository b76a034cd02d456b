using System.Reflection;
using System.Threading.RateLimiting;
using Community.Web.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Community.Web.Live;

/// <summary>A hub method that <see cref="HubCallLimit"/> does not count (keeping a connection alive, not asking for work).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NotCallLimitedAttribute : Attribute;

/// <summary>
/// Limits hub calls per user over all its connections (<see cref="LiveOptions.CallsPerUserPerMinute"/>, a fixed window
/// of a minute): every follow asks an entity and reads a journal, so a client looping on <c>Follow</c> would load the
/// cluster as much as a flood of HTTP requests. A call past the limit is refused with a <see cref="HubException"/>
/// saying when to try again; it does not reach the hub.
/// </summary>
public sealed class HubCallLimit : IHubFilter, IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public HubCallLimit(IOptions<LiveOptions> options) =>
        _limiter = PartitionedRateLimiter.Create<string, string>(user =>
            RateLimitPartition.GetFixedWindowLimiter(user, _ => RateLimits.PerMinute(options.Value.CallsPerUserPerMinute)));

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext,
        Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocationContext.HubMethod.GetCustomAttribute<NotCallLimitedAttribute>() is null)
        {
            using var lease = _limiter.AttemptAcquire(invocationContext.Context.UserIdentifier ?? invocationContext.Context.ConnectionId);
            if (!lease.IsAcquired)
                throw new HubException($"Too many hub calls; try again in {RateLimits.RetryAfterSeconds(lease)} s.");
        }
        return await next(invocationContext);
    }

    public void Dispose() => _limiter.Dispose();
}
