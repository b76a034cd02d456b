using System.Security.Claims;
using Community.Cluster.Creators;
using Community.Cluster.Hosting;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Web.Auth;
using Community.Web.Hosting;
using Community.Web.Live;
using Microsoft.AspNetCore.SignalR;

namespace Community.Web.Creators;

/// <summary>The creators area of the web host ("Chaominghao" accounts): today their entity, demo accounts and the
/// <c>creator:{id}</c> stream; works, channels and the dashboard land here.</summary>
public static class CreatorsArea
{
    public static CommunityWebBuilder AddCreatorsArea(this CommunityWebBuilder web)
    {
        web.Cluster.AddCreatorsArea();
        return web
            .AddLiveStream<CreatorLiveStream>()
            .AddDemoData<CreatorsDemo>();
    }
}

/// <summary><c>creator:{id}</c>: a creator account's dashboard events, for its owner and moderators.</summary>
public sealed class CreatorLiveStream(EntityGateway entities) : ILiveStream
{
    public string Kind => "creator";

    public async Task<LiveStreamPosition> OpenAsync(ClaimsPrincipal caller, string? streamId, CancellationToken cancellationToken)
    {
        if (!(await entities.AskAsync<CreatorRegion, CreatorView>(new GetCreator(new CreatorId(streamId!)), cancellationToken))
                .TryGet(out var creator, out _))
            throw new HubException("Unknown creator.");
        if (creator.OwnerId.Value != caller.UserId() && !caller.IsModerator())
            throw new HubException("A creator's stream is followed by its staff only.");
        return LiveStreamPosition.Of<CreatorState>(CreatorEntity.Kind, streamId!, creator.Seq);
    }
}
