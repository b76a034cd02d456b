using System.Security.Claims;
using Community.Cluster.HelpTickets;
using Community.Cluster.Hosting;
using Community.Cluster.Regions;
using Community.Contracts.Common;
using Community.Contracts.HelpTickets;
using Community.Web.Auth;
using Community.Web.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Community.Web.HelpTickets;

/// <summary>A duplicate hint: an open ticket of the same region and category whose text is alike. No personal data: not
/// the citizen, the contact or the place.</summary>
/// <param name="Score">How alike the texts are, from <see cref="TicketSimilarity.Threshold"/> to 1 (<see cref="TicketSimilarity"/>).</param>
public sealed record SimilarTicketItem(string TicketId, string Title, string Status, DateTimeOffset FiledAt, double Score);

/// <summary>Duplicate hints for ask the government: while a citizen writes a ticket, the open tickets of that region
/// and category saying the same (so they see it is known, and may follow it instead), and for a ticket under review,
/// the open tickets it may duplicate (so the moderator can mark it). Read from the tickets read model; a hint never
/// shows a private ticket the caller could not open.</summary>
public static class TicketDuplicatesApi
{
    public const int DefaultLimit = 5;
    public const int MaxLimit = 20;

    public static IEndpointRouteBuilder MapTicketDuplicatesApi(this IEndpointRouteBuilder app)
    {
        var tickets = app.MapGroup("api/tickets").WithTags("Tickets").RequireAuthorization().WithEntityIds();
        tickets.MapGet("similar", Similar)
            .WithName("listSimilarTickets")
            .WithSummary("Open tickets of a region and category whose text is like the one given, the most alike first (duplicate hints while filing)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized);
        tickets.MapGet("{ticketId}/similar", SimilarToTicket)
            .WithName("listTicketsLikeTicket")
            .WithSummary("Open tickets of the ticket's region and category whose text is like its own, the most alike first (moderators and the departments concerned)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>Only the first <see cref="TicketSimilarity.MaxBodyChars"/> characters of a body are compared, so a longer
    /// one is refused rather than cut (it also keeps the query within a URL's length).</summary>
    private static async Task<Results<Ok<IReadOnlyList<SimilarTicketItem>>, ValidationProblem>> Similar(string? regionCode, string? category,
        string? title, string? body, int? limit, ClaimsPrincipal principal, TicketReadModel tickets, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(regionCode)) errors["regionCode"] = ["Required: the region of the ticket."];
        else if (RegionCatalog.Find(regionCode) is null) errors["regionCode"] = [$"Unknown region '{regionCode}'."];
        if (string.IsNullOrEmpty(category) || !DepartmentDirectory.IsCategory(category))
            errors["category"] = [$"One of {string.Join(", ", DepartmentDirectory.Categories.Select(c => c.Code))}."];
        if (title is { Length: > TicketLimits.MaxTitle }) errors["title"] = [$"At most {TicketLimits.MaxTitle} characters."];
        if (body is { Length: > TicketSimilarity.MaxBodyChars })
            errors["body"] = [$"At most {TicketSimilarity.MaxBodyChars} characters: the start of the body is what is compared."];
        if (string.IsNullOrWhiteSpace(title) && string.IsNullOrWhiteSpace(body)) errors["title"] = ["A title or a body to compare."];
        if (InvalidLimit(limit) is { } message) errors["limit"] = [message];
        if (errors.Count > 0) return Problems.Validation(errors);

        var hints = await tickets.SimilarOpenAsync(regionCode!, category!, title ?? "", body ?? "", excludeTicketId: null, ReaderOf(principal),
            limit ?? DefaultLimit, cancellationToken);
        return TypedResults.Ok(Items(hints));
    }

    /// <summary>For the review: the moderators, and the departments that handle the ticket or were flagged about it (it
    /// may duplicate one they already work). Anyone else who may read the ticket is refused (403); who may not, 404.</summary>
    private static async Task<Results<Ok<IReadOnlyList<SimilarTicketItem>>, ProblemHttpResult, ValidationProblem>> SimilarToTicket(
        string ticketId, int? limit, ClaimsPrincipal principal, EntityGateway entities, TicketReadModel tickets, CancellationToken cancellationToken)
    {
        if (InvalidLimit(limit) is { } message) return Problems.Validation("limit", message);
        if (await TicketsApi.ReadableAsync(entities, ticketId, principal, cancellationToken) is not { } ticket)
            return Problems.NotFound($"No ticket {ticketId} you may see.");
        if (!principal.IsModerator() && !(DepartmentOf(principal) is not null && TicketsApi.IsConcerned(ticket, principal)))
            return Problems.Forbidden("The hints for a ticket under review are for the moderators and the departments concerned.");

        var hints = await tickets.SimilarOpenAsync(ticket.RegionCode, ticket.Category, ticket.Title, ticket.Body, ticket.TicketId.Value,
            ReaderOf(principal), limit ?? DefaultLimit, cancellationToken);
        return TypedResults.Ok(Items(hints));
    }

    private static string? InvalidLimit(int? limit) => limit is < 1 or > MaxLimit ? $"Between 1 and {MaxLimit}." : null;

    // Private tickets as the privacy rules show them: all to the moderators; to anyone else those they filed, and to
    // a department's staff those it handles or was flagged about. Another citizen's private ticket never.
    private static TicketReader ReaderOf(ClaimsPrincipal principal) =>
        principal.IsModerator() ? TicketReader.Moderators : TicketReader.Of(principal.UserId(), DepartmentOf(principal));

    private static string? DepartmentOf(ClaimsPrincipal principal) =>
        principal.IsInRole(Roles.Department) ? principal.FindFirst(CommunityClaims.Department)?.Value : null;

    private static IReadOnlyList<SimilarTicketItem> Items(IReadOnlyList<SimilarTicket> hints) =>
        [.. hints.Select(h => new SimilarTicketItem(h.TicketId, h.Title, h.Status, h.FiledAt, Math.Round(h.Score, 3)))];
}
