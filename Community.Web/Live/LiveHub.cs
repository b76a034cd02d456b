using Community.Contracts.Common;
using Community.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Community.Web.Live;

/// <summary>The live hub. A connection joins its own streams on connect, chosen from its token's claims, never from
/// what the client asks.</summary>
[Authorize]
public sealed class LiveHub : Hub<ILiveClient>
{
    public const string Path = "/hubs/live";

    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(LiveChannel.User, user.UserId()));
        if (user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin))
            await Groups.AddToGroupAsync(Context.ConnectionId, LiveEvent.ChannelPrefix(LiveChannel.Moderation));
        if (user.IsInRole(Roles.Department) && user.FindFirst(CommunityClaims.Department)?.Value is { } department)
            await Groups.AddToGroupAsync(Context.ConnectionId, $"dept:{department}");
        await base.OnConnectedAsync();
    }

    private static string Group(LiveChannel channel, string streamId) => $"{LiveEvent.ChannelPrefix(channel)}:{streamId}";
}

/// <summary>SignalR's user id is our token's subject.</summary>
public sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.User?.FindFirst(CommunityClaims.Subject)?.Value;
}
