using System.Security.Claims;
using Community.Web.Auth;
using Microsoft.AspNetCore.SignalR;

namespace Community.Web.Live;

/// <summary><c>moderators</c>: what moderators are told live (reports, held items). Followed on connect by role; no
/// backlog until the moderation area keeps its queue. Moves to that area when it lands.</summary>
public sealed class ModeratorsLiveStream : ILiveStream
{
    public string Kind => "moderators";

    public bool HasId => false;

    public Task<LiveStreamPosition> OpenAsync(ClaimsPrincipal caller, string? streamId, CancellationToken cancellationToken) =>
        caller.IsModerator()
            ? Task.FromResult(LiveStreamPosition.Unsequenced)
            : throw new HubException("The moderators' stream is for moderators.");
}
