using System.Security.Claims;
using Community.Cluster.Creators;
using Community.Cluster.Hosting;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Web.Auth;
using Community.Web.Hosting;
using Community.Web.Http;
using Community.Web.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Community.Web.Creators;

/// <summary>The creators area of the web host ("Chaominghao" accounts): accounts, staff and verification, works and their
/// reprints, the regions' channels and the alliance pool, followers, and the <c>creator:{id}</c> stream.</summary>
public static class CreatorsArea
{
    public static CommunityWebBuilder AddCreatorsArea(this CommunityWebBuilder web)
    {
        web.Cluster.AddCreatorsArea();
        web.Services.AddOptions<CreatorOptions>().BindConfiguration(CreatorOptions.Section);
        return web
            .AddRateLimitPolicy(CreatorsApi.WritesRateLimit, http =>
                RateLimits.PerUserPerMinute(http, http.RequestServices.GetRequiredService<IOptions<CreatorOptions>>().Value.WritesPerUserPerMinute))
            .AddContentQuota(WorksApi.WorksQuota, provider => provider.GetRequiredService<IOptions<CreatorOptions>>().Value.WorksPerUserPerMinute)
            .AddLiveStream<CreatorLiveStream>()
            .AddDemoData<CreatorsDemo>()
            .MapRoutes(app =>
            {
                app.MapCreatorsApi();
                app.MapWorksApi();
                app.MapChannelsApi();
                app.MapStatsApi();
            });
    }
}

/// <summary>The web host's part of the <c>Community:Creators</c> configuration section.</summary>
public sealed class CreatorOptions
{
    public const string Section = "Community:Creators";

    /// <summary>Write requests one user may send per minute to the creator and work routes together (a flood guard).</summary>
    public int WritesPerUserPerMinute { get; set; } = 120;

    /// <summary>New works and reprints one user may have accepted per minute (refused ones give their permit back).</summary>
    public int WorksPerUserPerMinute { get; set; } = 20;
}

/// <summary><c>creator:{id}</c>: a creator account's dashboard events, for its staff and moderators.</summary>
public sealed class CreatorLiveStream(EntityGateway entities, CreatorReadModel creators) : ILiveStream
{
    public string Kind => "creator";

    // The dashboards of every account the caller staffs move live wherever they are in the product.
    public async Task<IReadOnlyList<string>> JoinedOnConnectAsync(ClaimsPrincipal caller, CancellationToken cancellationToken) =>
        caller.IsInRole(Roles.Creator)
            ? [.. (await creators.StaffedByAsync(caller.UserId(), cancellationToken)).Select(c => $"creator:{c.CreatorId}")]
            : [];

    public async Task<LiveStreamPosition> OpenAsync(ClaimsPrincipal caller, string? streamId, CancellationToken cancellationToken)
    {
        if (!(await entities.AskAsync<CreatorRegion, CreatorView>(new GetCreator(new CreatorId(streamId!)), cancellationToken))
                .TryGet(out var creator, out _))
            throw new HubException("Unknown creator.");
        if (!creator.IsStaff(caller.UserId()) && !caller.IsModerator())
            throw new HubException("A creator's stream is followed by its staff only.");
        return LiveStreamPosition.Of<CreatorState>(CreatorEntity.Kind, streamId!, creator.Seq);
    }
}
