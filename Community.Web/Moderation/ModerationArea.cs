using System.Security.Claims;
using Community.Web.Auth;
using Microsoft.AspNetCore.SignalR;

using Community.Web.Hosting;
using Community.Web.Live;

namespace Community.Web.Moderation;

/// <summary>The moderation area of the web host: today the <c>moderators</c> stream; reports, word lists, decisions and
/// the audit log land here.</summary>
public static class ModerationArea
{
    public static CommunityWebBuilder AddModerationArea(this CommunityWebBuilder web) => web.AddLiveStream<ModeratorsLiveStream>();
}

/// <summary><c>moderators</c>: what moderators are told live (reports, held items). Followed on connect by role; no
/// backlog until the moderation area keeps its queue.</summary>
public sealed class ModeratorsLiveStream : ILiveStream
{
    public string Kind => "moderators";

    public bool HasId => false;

    public Task<LiveStreamPosition> OpenAsync(ClaimsPrincipal caller, string? streamId, CancellationToken cancellationToken) =>
        caller.IsModerator()
            ? Task.FromResult(LiveStreamPosition.Unsequenced)
            : throw new HubException("The moderators' stream is for moderators.");
}
