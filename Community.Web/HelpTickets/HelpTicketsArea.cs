using System.Security.Claims;
using Community.Cluster.HelpTickets;
using Community.Cluster.Hosting;
using Community.Contracts.Common;
using Community.Contracts.HelpTickets;
using Community.Web.Auth;
using Community.Web.Hosting;
using Community.Web.Live;
using Microsoft.AspNetCore.SignalR;

namespace Community.Web.HelpTickets;

/// <summary>The help tickets area of the web host (ask the government): today their entity and the
/// <c>ticket:{id}</c> and <c>dept:{id}</c> streams; the queue, the public column and Open311 land here.</summary>
public static class HelpTicketsArea
{
    public static CommunityWebBuilder AddHelpTicketsArea(this CommunityWebBuilder web)
    {
        web.Cluster.AddHelpTicketsArea();
        return web
            .AddLiveStream<TicketLiveStream>()
            .AddLiveStream<DepartmentLiveStream>();
    }
}

/// <summary><c>ticket:{id}</c>: a ticket's progress, for the citizen who filed it and moderators.</summary>
public sealed class TicketLiveStream(EntityGateway entities) : ILiveStream
{
    public string Kind => "ticket";

    public async Task<LiveStreamPosition> OpenAsync(ClaimsPrincipal caller, string? streamId, CancellationToken cancellationToken)
    {
        if (!(await entities.AskAsync<HelpTicketRegion, TicketView>(new GetTicket(new TicketId(streamId!)), cancellationToken))
                .TryGet(out var ticket, out _))
            throw new HubException("Unknown ticket.");
        if (ticket.CitizenId.Value != caller.UserId() && !caller.IsModerator())
            throw new HubException("A ticket's stream is followed by the citizen who filed it and its handlers only.");
        return LiveStreamPosition.Of<HelpTicketState>(HelpTicketEntity.Kind, streamId!, ticket.Seq);
    }
}

/// <summary><c>dept:{id}</c>: a department's queue, for its staff. Followed on connect; no backlog yet (the queue's
/// read model will keep one).</summary>
public sealed class DepartmentLiveStream : ILiveStream
{
    public string Kind => "dept";

    public Task<LiveStreamPosition> OpenAsync(ClaimsPrincipal caller, string? streamId, CancellationToken cancellationToken) =>
        caller.IsInRole(Roles.Department) && caller.FindFirst(CommunityClaims.Department)?.Value == streamId
            ? Task.FromResult(LiveStreamPosition.Unsequenced)
            : throw new HubException("A department's stream is followed by its staff only.");
}
