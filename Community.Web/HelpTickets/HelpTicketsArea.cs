using System.Security.Claims;
using Community.Cluster.HelpTickets;
using Community.Cluster.Hosting;
using Community.Contracts.Common;
using Community.Contracts.HelpTickets;
using Community.Web.Auth;
using Community.Web.Hosting;
using Community.Web.Http;
using Community.Web.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Community.Web.HelpTickets;

/// <summary>The help tickets area of the web host (ask the government): filing, review, replies, resolution, transfer
/// and feedback, the department queues, the public column, the figures, the duplicate hints, and the <c>ticket:{id}</c>
/// and <c>dept:{id}</c> streams.</summary>
public static class HelpTicketsArea
{
    public static CommunityWebBuilder AddHelpTicketsArea(this CommunityWebBuilder web)
    {
        web.Services.AddOptions<HelpTicketOptions>().BindConfiguration(HelpTicketOptions.Section);
        web.Cluster.AddHelpTicketsArea();
        return web
            .AddRateLimitPolicy(TicketsApi.WritesRateLimit, http =>
                RateLimits.PerUserPerMinute(http, http.RequestServices.GetRequiredService<IOptions<HelpTicketOptions>>().Value.WritesPerUserPerMinute))
            .AddContentQuota(TicketsApi.TicketsQuota, provider => provider.GetRequiredService<IOptions<HelpTicketOptions>>().Value.TicketsPerUserPerMinute)
            .AddLiveStream<TicketLiveStream>()
            .AddLiveStream<DepartmentLiveStream>()
            .AddDemoData<HelpTicketsDemo>()
            .AddOpen311Api()
            .MapRoutes(app => app.MapTicketsApi().MapPostTicketApi().MapTicketDuplicatesApi());
    }
}

/// <summary><c>ticket:{id}</c>: a ticket's steps, for the citizen who filed it, the moderators and the departments
/// concerned, and for anyone signed in while the ticket is public (its events carry no personal data and no private
/// reply's text).</summary>
public sealed class TicketLiveStream(EntityGateway entities) : ILiveStream
{
    public string Kind => "ticket";

    public async Task<LiveStreamPosition> OpenAsync(ClaimsPrincipal caller, string? streamId, CancellationToken cancellationToken)
    {
        if (!(await entities.AskAsync<HelpTicketRegion, TicketView>(new GetTicket(new TicketId(streamId!)), cancellationToken))
                .TryGet(out var ticket, out _))
            throw new HubException("Unknown ticket.");
        if (!TicketsApi.IsConcerned(ticket, caller) && !ticket.Privacy.Public)
            throw new HubException("A private ticket's stream is followed by the citizen who filed it and its handlers only.");
        return LiveStreamPosition.Of<HelpTicketState>(HelpTicketEntity.Kind, streamId!, ticket.Seq);
    }
}

/// <summary><c>dept:{id}</c>: the <c>ticketEvent</c>s of a department's queue (tickets assigned, transferred, reopened,
/// escalated to it), for its staff; joined on connect. No backlog: the queue route is the state to start from.</summary>
public sealed class DepartmentLiveStream : ILiveStream
{
    public string Kind => "dept";

    public Task<LiveStreamPosition> OpenAsync(ClaimsPrincipal caller, string? streamId, CancellationToken cancellationToken) =>
        caller.IsInRole(Roles.Department) && caller.FindFirst(CommunityClaims.Department)?.Value == streamId
            ? Task.FromResult(LiveStreamPosition.Unsequenced)
            : throw new HubException("A department's stream is followed by its staff only.");
}
