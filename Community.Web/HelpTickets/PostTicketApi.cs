using System.Security.Claims;
using Community.Cluster.Circles;
using Community.Cluster.HelpTickets;
using Community.Cluster.Hosting;
using Community.Cluster.Users;
using Community.Contracts.Common;
using Community.Contracts.HelpTickets;
using Community.Contracts.Users;
using Community.Web.Auth;
using Community.Web.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Community.Web.HelpTickets;

/// <summary>The feed ↔ queue bridge's door: the author of a circle post turns it into a ticket. What follows (the post
/// showing the ticket's status, the department's public answer under the post, the resolution on it) is the
/// <see cref="TicketPostRelay"/>'s work.</summary>
public static class PostTicketApi
{
    /// <summary>How much of the post's first line becomes the ticket's title.</summary>
    public const int TitleLength = 40;

    public static IEndpointRouteBuilder MapPostTicketApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("api/circles/{circleId}/posts/{postId}").WithTags("Tickets").RequireAuthorization().WithEntityIds()
            .MapPost("ticket", FromPost).WithValidation().WithContentQuota(TicketsApi.TicketsQuota).RequireRateLimiting(TicketsApi.WritesRateLimit)
            .WithName("turnPostIntoTicket").WithSummary("Turn one's circle post into a ticket (the post's author); repeated, the same ticket")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests);
        return app;
    }

    /// <summary>One post makes one ticket: its id comes from the post, so a repeat is answered with the same ticket and
    /// another kind, category or region for the same post is a 409.</summary>
    private static async Task<Results<Created<CreatedTicket>, ProblemHttpResult, ValidationProblem>> FromPost(string circleId, string postId,
        PostTicketRequest request, ClaimsPrincipal principal, CircleReadModel circles, EntityGateway entities, TicketSla sla,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        // The read model, like GET of the post: a post written a moment ago may answer 404 for a moment.
        if (await circles.FindPostAsync(circleId, postId, cancellationToken) is not { } post)
            return Problems.NotFound($"No post '{postId}' in circle '{circleId}'.");
        var citizen = new UserId(principal.UserId());
        if (post.AuthorId != citizen.Value) return Problems.Forbidden("Only the post's author turns it into a ticket.");
        var ticketId = TicketIdOf(circleId, postId);
        var user = (await entities.AskAsync<UserRegion, UserView>(new GetUser(citizen), cancellationToken)).View;
        var now = clock.GetUtcNow();
        var reply = await entities.SendAsync<HelpTicketRegion>(new FileTicket(ticketId, citizen, user?.DisplayName ?? post.AuthorName,
            request.Kind, TitleOf(post.Text), BodyOf(post.Text), request.RegionCode, request.Category, null, null,
            new TicketPrivacy(request.Public, request.ShowName), new TicketSource(new CircleId(circleId), postId), sla.AcceptDue(now), now),
            cancellationToken);
        return reply switch
        {
            CommandRejected { Reason: RejectionReason.AlreadyExists } => Problems.Conflict(
                $"Post {postId} is already ticket {ticketId}, filed with another kind, category or region."),
            CommandRejected rejected => Problems.FromRejection(rejected),
            _ => TypedResults.Created($"/api/tickets/{ticketId}", new CreatedTicket(ticketId.Value)),
        };
    }

    public static TicketId TicketIdOf(string circleId, string postId) =>
        new(IdempotencyKey.NewId("tk", $"circles/{circleId}/posts/{postId}/ticket", "", "post"));

    /// <summary>The post's first non-empty line, cut to <see cref="TitleLength"/> characters (not inside a surrogate pair).</summary>
    public static string TitleOf(string text)
    {
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? text.Trim();
        return Cut(line, TitleLength);
    }

    public static string BodyOf(string text) => Cut(text.Trim(), TicketLimits.MaxBody);

    private static string Cut(string text, int length)
    {
        if (text.Length <= length) return text;
        var end = char.IsHighSurrogate(text[length - 2]) ? length - 2 : length - 1;
        return text[..end] + "…";
    }
}
