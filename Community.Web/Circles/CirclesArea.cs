using System.Security.Claims;
using Community.Cluster.Circles;
using Community.Cluster.Hosting;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Web.Auth;
using Community.Web.Hosting;
using Community.Web.Http;
using Community.Web.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Community.Web.Circles;

/// <summary>The circles area of the web host: interest circles, their posts, comments, likes and topics, and the
/// <c>circle:{id}</c> live feed.</summary>
public static class CirclesArea
{
    public static CommunityWebBuilder AddCirclesArea(this CommunityWebBuilder web)
    {
        web.Cluster.AddCirclesArea();
        web.Services.AddOptions<CircleOptions>().BindConfiguration(CircleEntityOptions.Section);
        web.Services.AddSingleton<CircleMembership>();
        return web
            .AddRateLimitPolicy(CirclesApi.WritesRateLimit, http =>
                RateLimits.PerUserPerMinute(http, http.RequestServices.GetRequiredService<IOptions<CircleOptions>>().Value.WritesPerUserPerMinute))
            .AddContentQuota(CirclePostsApi.PostingRateLimit, provider =>
                provider.GetRequiredService<IOptions<CircleOptions>>().Value.PostsPerUserPerMinute)
            .AddLiveStream<CircleLiveStream>()
            .AddDemoData<CirclesDemo>()
            .MapRoutes(app =>
            {
                app.MapCirclesApi();
                app.MapCirclePostsApi();
                app.MapCircleTopicsApi();
            });
    }
}

/// <summary>The web host's part of the <c>Community:Circles</c> configuration section.</summary>
public sealed class CircleOptions
{
    /// <summary>Posts and comments one user may write per minute, over all circles (flooding a feed). Only accepted ones
    /// count: a refused request (400, 403, 404, 409, 413) leaves the quota as it was.</summary>
    public int PostsPerUserPerMinute { get; set; } = 30;

    /// <summary>Write requests one user may send per minute to the circle routes, all together (creating circles and
    /// topics, joining and leaving, likes, removals, and posting attempts, accepted or not): a flood guard per user.</summary>
    public int WritesPerUserPerMinute { get; set; } = 120;
}

/// <summary><c>circle:{id}</c>: a circle's live feed. Circles are public: any signed-in user the circle has not banned
/// may follow one. A ban made while the user follows takes their connections out of the feed (the circle publishes
/// <see cref="LiveFollowRevoked"/> to the bridges).</summary>
public sealed class CircleLiveStream(EntityGateway entities) : ILiveStream
{
    public string Kind => "circle";

    public async Task<LiveStreamPosition> OpenAsync(ClaimsPrincipal caller, string? streamId, CancellationToken cancellationToken)
    {
        // The circle's confirmed seq and whether the caller may read it, in one answer asked after the bridge started
        // buffering: the backlog reaches at least this far, and a ban after it arrives as a revocation.
        var open = new OpenCircleFeed(new CircleId(streamId!), new UserId(caller.UserId()));
        if (!(await entities.AskAsync<CircleRegion, CircleFeed>(open, cancellationToken)).TryGet(out var feed, out var refused))
            throw new HubException(refused.Reason == RejectionReason.Forbidden ? refused.Detail : "Unknown circle.");
        return LiveStreamPosition.Of<CircleState>(CircleEntity.Kind, feed.CircleId.Value, feed.Seq);
    }
}
