using System.Security.Claims;
using Community.Cluster.HelpTickets;
using Community.Cluster.Hosting;
using Community.Cluster.Users;
using Community.Contracts.Common;
using Community.Contracts.HelpTickets;
using Community.Contracts.Users;
using Community.Web.Auth;
using Community.Web.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Community.Web.HelpTickets;

public sealed record CreatedReport(string ReportId);

/// <summary>The reporter-help side: reporters follow public tickets as story leads (their steps come live on
/// <c>ticket:{id}</c>) and attach public reports, shown on the ticket with their byline.</summary>
public static partial class TicketsApi
{
    private static void MapReporterRoutes(this RouteGroupBuilder tickets)
    {
        tickets.MapGet("leads", Leads).RequireAuthorization(Policies.Reporter)
            .WithName("listTicketLeads").WithSummary("The public tickets the reporter follows as leads, oldest first (reporters)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        tickets.MapPut("{ticketId}/followers/me", (string ticketId, ClaimsPrincipal principal, EntityGateway entities, TimeProvider clock,
                CancellationToken cancellationToken) => FollowAsync(ticketId, true, principal, entities, clock, cancellationToken))
            .RequireAuthorization(Policies.Reporter).RequireRateLimiting(WritesRateLimit)
            .WithName("followTicket").WithSummary("Follow a public ticket as a story lead (reporters; idempotent)")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
                StatusCodes.Status429TooManyRequests);
        tickets.MapDelete("{ticketId}/followers/me", (string ticketId, ClaimsPrincipal principal, EntityGateway entities, TimeProvider clock,
                CancellationToken cancellationToken) => FollowAsync(ticketId, false, principal, entities, clock, cancellationToken))
            .RequireAuthorization(Policies.Reporter).RequireRateLimiting(WritesRateLimit)
            .WithName("unfollowTicket").WithSummary("Stop following a ticket (reporters; idempotent)")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
                StatusCodes.Status429TooManyRequests);
        tickets.MapPost("{ticketId}/reports", AttachReport).WithValidation().RequireAuthorization(Policies.Reporter)
            .RequireRateLimiting(WritesRateLimit)
            .WithName("attachTicketReport").WithSummary("Attach a public report on a public ticket (reporters)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests);
    }

    private static async Task<Results<Ok<TicketPage>, ValidationProblem>> Leads(string? after, int? limit, ClaimsPrincipal principal,
        TicketReadModel tickets, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Cursor.TryParse(after, out var cursor)) return Problems.Validation("after", "Not a cursor of this list.");
        if (!Paging.TryTake(limit, out var take, out var invalid)) return invalid!;
        var rows = await tickets.FollowedByAsync(principal.UserId(), cursor, take + 1, cancellationToken);
        return TypedResults.Ok(Page(rows, take, clock.GetUtcNow(), t => Cursor.Of(t.FiledAt.ToUnixTimeMilliseconds(), t.TicketId)));
    }

    /// <summary>A private ticket is 404 to a reporter, as to anyone not concerned; unfollowing one made private since is
    /// still allowed by the entity but cannot be reached here, and the leads list leaves it out meanwhile.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> FollowAsync(string ticketId, bool following, ClaimsPrincipal principal,
        EntityGateway entities, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await ReadableAsync(entities, ticketId, principal, cancellationToken) is not { } ticket) return NotFound(ticketId);
        var reply = await entities.SendAsync<HelpTicketRegion>(new FollowTicket(ticket.TicketId, new UserId(principal.UserId()), following,
            clock.GetUtcNow()), cancellationToken);
        return reply is CommandRejected rejected ? Problems.FromRejection(rejected) : TypedResults.NoContent();
    }

    /// <summary>A replay with the same <c>Idempotency-Key</c> is answered with the report the first request attached.</summary>
    private static async Task<Results<Created<CreatedReport>, ProblemHttpResult, ValidationProblem>> AttachReport(string ticketId,
        ReportRequest request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, ClaimsPrincipal principal,
        EntityGateway entities, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (IdempotencyKey.Invalid(idempotencyKey) is { } invalid) return invalid;
        if (await ReadableAsync(entities, ticketId, principal, cancellationToken) is not { } ticket) return NotFound(ticketId);
        var reporter = new UserId(principal.UserId());
        var reportId = IdempotencyKey.NewId("rr", $"tickets/{ticketId}/reports", reporter.Value, idempotencyKey);
        var user = (await entities.AskAsync<UserRegion, UserView>(new GetUser(reporter), cancellationToken)).View;
        var reply = await entities.SendAsync<HelpTicketRegion>(new AttachTicketReport(ticket.TicketId, reporter, user?.DisplayName ?? "",
            reportId, request.Title, request.Url, request.Summary, clock.GetUtcNow()), cancellationToken);
        return reply is CommandRejected rejected
            ? Problems.FromRejection(rejected)
            : TypedResults.Created($"/api/tickets/{ticketId}", new CreatedReport(reportId));
    }
}
