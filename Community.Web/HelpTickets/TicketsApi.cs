using System.Globalization;
using System.Security.Claims;
using Community.Cluster.HelpTickets;
using Community.Cluster.Hosting;
using Community.Cluster.Regions;
using Community.Cluster.Users;
using Community.Contracts.Common;
using Community.Contracts.HelpTickets;
using Community.Contracts.Regions;
using Community.Contracts.Users;
using Community.Web.Auth;
using Community.Web.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Community.Web.HelpTickets;

public sealed record CreatedTicket(string TicketId);

public sealed record TimelineStepResponse(DateTimeOffset At, string Status, string By, string? Text, bool Public);

public sealed record EscalationResponse(int Level, string Stage, string? SupervisorId, DateTimeOffset At);

public sealed record LocationResponse(double Lat, double Lon, string? Address);

public sealed record ContactResponse(string? Phone);

public sealed record FeedbackResponse(bool? Satisfied, int? Rating, string? Comment, DateTimeOffset At);

/// <summary>A reporter's public report on the ticket, with its byline.</summary>
public sealed record ReportResponse(string ReportId, string Title, string? Url, string Summary, string ReporterName, DateTimeOffset At);

/// <summary>What the caller may do with the ticket now (the server checks again on every action).</summary>
/// <param name="Follow">A reporter may follow the ticket as a lead (or stop: see <c>following</c>).</param>
/// <param name="Report">A reporter may attach a report.</param>
public sealed record TicketActions(bool Review, bool Reply, bool Resolve, bool Transfer, bool Feedback, bool Privacy, bool Follow, bool Report);

/// <summary>A ticket as the caller may see it. The citizen, the moderators and the departments concerned see it whole;
/// anyone else sees a public ticket without personal data: no contact, no exact address (the point rounded to about a
/// kilometre), the citizen's name only if allowed, and only the public steps.</summary>
/// <param name="DueAt">When the running stage is due; null when no clock runs.</param>
/// <param name="LastSeq">The ticket's last event the answer reflects: follow <c>ticket:{id}</c> after it.</param>
/// <param name="SuggestedDepartmentId">For the moderators: who handles such a ticket by region and category.</param>
public sealed record TicketResponse(
    string TicketId, string Kind, string Title, string Body, string RegionCode, string Category, string Status, string? DepartmentId,
    string? DuplicateOf, IReadOnlyList<TimelineStepResponse> Timeline, DateTimeOffset? DueAt, string? Stage, bool Overdue,
    IReadOnlyList<EscalationResponse> Escalations, bool Public, bool ShowName, string? CitizenName, LocationResponse? Location,
    ContactResponse? Contact, FeedbackResponse? Feedback, DateTimeOffset FiledAt, DateTimeOffset? FirstReplyAt, long LastSeq,
    string? SuggestedDepartmentId, IReadOnlyList<ReportResponse> Reports, int FollowerCount, bool Following, TicketActions May);

public sealed record TicketListItem(
    string TicketId, string Kind, string Title, string RegionCode, string Category, string Status, string? DepartmentId,
    DateTimeOffset FiledAt, DateTimeOffset? DueAt, string? Stage, bool Overdue, int EscalationLevel, bool Public, long LastSeq);

public sealed record TicketPage(IReadOnlyList<TicketListItem> Items, string? Next);

public sealed record PublicTicketItem(
    string TicketId, string Kind, string Title, string Body, string RegionCode, string Category, string Status, string? DepartmentId,
    string? CitizenName, DateTimeOffset FiledAt, DateTimeOffset? AnsweredAt, string? Answer, string? Resolution);

public sealed record PublicTicketPage(IReadOnlyList<PublicTicketItem> Items, string? Next);

public sealed record SatisfactionResponse(long Rated, long Satisfied, double? AverageRating);

public sealed record DepartmentFiguresResponse(
    string DepartmentId, long Received, long Closed, double CompletionRate, double? MedianHoursToFirstReply, long Overdue, double? AverageRating);

public sealed record DailyFiguresResponse(DateOnly Date, long Received, long Closed);

/// <param name="CompletionRate">Tickets received in the window that are closed (with the citizen's feedback, or by
/// themselves after the quiet period), over the tickets received in the window.</param>
public sealed record TicketStatsResponse(
    DateTimeOffset From, DateTimeOffset To, string? RegionCode, long Received, long Closed, double CompletionRate, double? MedianHoursToFirstReply,
    long Overdue, SatisfactionResponse Satisfaction, IReadOnlyList<DepartmentFiguresResponse> ByDepartment, IReadOnlyList<DailyFiguresResponse> Daily);

/// <summary>Ask the government: citizens file tickets, moderators review them, departments answer and resolve them,
/// citizens give feedback. The entity decides every step (and who may take it); lists and figures come from the tickets
/// read model.</summary>
public static partial class TicketsApi
{
    /// <summary>The per-user rate limit of every ticket write route (<see cref="HelpTicketOptions.WritesPerUserPerMinute"/>).</summary>
    public const string WritesRateLimit = "ticket-writes";

    /// <summary>The per-user quota of accepted new tickets (<see cref="HelpTicketOptions.TicketsPerUserPerMinute"/>).</summary>
    public const string TicketsQuota = "tickets";

    public const int MaxStatsDays = 366;

    /// <summary>The window of the figures when none is given: half a year.</summary>
    public const int DefaultStatsDays = 183;

    public static IEndpointRouteBuilder MapTicketsApi(this IEndpointRouteBuilder app)
    {
        var tickets = app.MapGroup("api/tickets").WithTags("Tickets").RequireAuthorization().WithEntityIds();
        tickets.MapPost("", File).WithValidation().WithContentQuota(TicketsQuota).RequireRateLimiting(WritesRateLimit)
            .WithName("fileTicket").WithSummary("File a request for help, a complaint or a suggestion")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests);
        tickets.MapGet("mine", Mine)
            .WithName("listMyTickets").WithSummary("The caller's tickets, oldest first")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized);
        tickets.MapGet("review", ReviewQueue).RequireAuthorization(Policies.Moderator)
            .WithName("listTicketsToReview").WithSummary("Tickets waiting for review, oldest first (moderators)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        tickets.MapGet("public", Public).AllowAnonymous()
            .WithName("listPublicTickets").WithSummary("The public column: answered and resolved public tickets, newest first (no sign-in)")
            .ProducesValidationProblem();
        tickets.MapGet("stats", Stats)
            .WithName("getTicketStats").WithSummary("Figures of the tickets received in a window, by department and day")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized);
        tickets.MapGet("categories", () => TypedResults.Ok<IReadOnlyList<TicketCategoryDto>>(DepartmentDirectory.Categories)).AllowAnonymous()
            .WithName("listTicketCategories").WithSummary("The categories of tickets (also the Open311 services)");
        tickets.MapGet("{ticketId}", Get)
            .WithName("getTicket").WithSummary("One ticket, as the caller may see it")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);
        tickets.MapPost("{ticketId}/review", Review).WithValidation().RequireAuthorization(Policies.Moderator).RequireRateLimiting(WritesRateLimit)
            .WithName("reviewTicket").WithSummary("Accept (assigning a department), reject or mark a duplicate (moderators)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests);
        tickets.MapPost("{ticketId}/replies", Reply).WithValidation().RequireAuthorization(Policies.Department).RequireRateLimiting(WritesRateLimit)
            .WithName("replyToTicket").WithSummary("Reply to the citizen, publicly or not (the handling department's staff)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests);
        tickets.MapPost("{ticketId}/resolution", Resolve).WithValidation().RequireAuthorization(Policies.Department).RequireRateLimiting(WritesRateLimit)
            .WithName("resolveTicket").WithSummary("Resolve the ticket (the handling department's staff)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests);
        tickets.MapPost("{ticketId}/transfer", Transfer).WithValidation().RequireRateLimiting(WritesRateLimit)
            .WithName("transferTicket").WithSummary("Move the ticket to another department, with the reason (its department or a moderator)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests);
        tickets.MapPost("{ticketId}/feedback", Feedback).WithValidation().RequireRateLimiting(WritesRateLimit)
            .WithName("giveTicketFeedback").WithSummary("Satisfied closes the ticket, not satisfied reopens it (the citizen who filed it)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests);
        tickets.MapPut("{ticketId}/privacy", Privacy).WithValidation().RequireRateLimiting(WritesRateLimit)
            .WithName("setTicketPrivacy").WithSummary("Make the ticket public or private, with or without the name (the citizen who filed it)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests);

        tickets.MapReporterRoutes();

        var departments = app.MapGroup("api/departments").WithTags("Tickets").RequireAuthorization().WithEntityIds();
        departments.MapGet("", Departments)
            .WithName("listDepartments").WithSummary("The government departments that answer tickets, by region and category")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized);
        departments.MapGet("{departmentId}/queue", Queue)
            .WithName("getDepartmentQueue").WithSummary("A department's tickets, most urgent first (its staff and moderators)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>A replay with the same <c>Idempotency-Key</c> is answered with the ticket the first request filed.</summary>
    private static async Task<Results<Created<CreatedTicket>, ProblemHttpResult, ValidationProblem>> File(
        FileTicketRequest request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, ClaimsPrincipal principal,
        EntityGateway entities, TicketSla sla, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (IdempotencyKey.Invalid(idempotencyKey) is { } invalid) return invalid;
        var citizen = new UserId(principal.UserId());
        var ticketId = new TicketId(IdempotencyKey.NewId("tk", "tickets", citizen.Value, idempotencyKey));
        var user = (await entities.AskAsync<UserRegion, UserView>(new GetUser(citizen), cancellationToken)).View;
        var now = clock.GetUtcNow();
        var reply = await entities.SendAsync<HelpTicketRegion>(new FileTicket(ticketId, citizen, user?.DisplayName ?? "", request.Kind,
            request.Title, request.Body, request.RegionCode, request.Category,
            request.Location is { } at ? new GeoLocation(at.Lat!.Value, at.Lon!.Value, at.Address) : null,
            request.Contact is { } contact ? new TicketContact(contact.Phone) : null, new TicketPrivacy(request.Public, request.ShowName),
            Source: null, sla.AcceptDue(now), now), cancellationToken);
        return reply switch
        {
            CommandRejected { Reason: RejectionReason.AlreadyExists } => Problems.FromRejection(new CommandRejected(
                RejectionReason.IdempotencyKeyReused, $"Ticket {ticketId} was filed with other content.")),
            CommandRejected rejected => Problems.FromRejection(rejected),
            _ => TypedResults.Created($"/api/tickets/{ticketId}", new CreatedTicket(ticketId.Value)),
        };
    }

    private static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> Get(string ticketId, ClaimsPrincipal principal,
        EntityGateway entities, TimeProvider clock, CancellationToken cancellationToken) =>
        await ReadableAsync(entities, ticketId, principal, cancellationToken) is { } ticket
            ? TypedResults.Ok(ToResponse(ticket, principal, clock.GetUtcNow()))
            : NotFound(ticketId);

    private static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> Review(string ticketId, ReviewTicketRequest request,
        ClaimsPrincipal principal, EntityGateway entities, TicketSla sla, TimeProvider clock, CancellationToken cancellationToken) =>
        await ActAsync(entities, ticketId, principal, clock, cancellationToken, (ticket, now) =>
        {
            var accept = request.Decision == ReviewDecisions.Accept;
            var department = accept ? request.DepartmentId ?? DepartmentDirectory.Suggest(ticket.RegionCode, ticket.Category)?.DepartmentId : null;
            return new ReviewTicket(ticket.TicketId, Actor(principal, TicketActorRoles.Moderator), request.Decision, department,
                request.DuplicateOf is { } original ? new TicketId(original) : null, request.Reason,
                accept ? sla.FirstReplyDue(ticket.Kind, now) : null, now);
        });

    private static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> Reply(string ticketId, ReplyRequest request,
        [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, ClaimsPrincipal principal, EntityGateway entities, TicketSla sla,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (IdempotencyKey.Invalid(idempotencyKey) is not null)
            return Problems.Status(StatusCodes.Status400BadRequest, "Bad request", $"{IdempotencyKey.Header}: between 1 and {IdempotencyKey.MaxLength} printable characters.");
        var replyId = IdempotencyKey.NewId("rp", $"tickets/{ticketId}/replies", principal.UserId(), idempotencyKey);
        return await ActAsync(entities, ticketId, principal, clock, cancellationToken, (ticket, now) =>
            new ReplyToTicket(ticket.TicketId, Actor(principal, TicketActorRoles.Department), replyId, request.Text, request.Public!.Value,
                sla.ResolutionDue(ticket.Kind, now), now));
    }

    private static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> Resolve(string ticketId, ResolutionRequest request,
        ClaimsPrincipal principal, EntityGateway entities, TicketSla sla, TimeProvider clock, CancellationToken cancellationToken) =>
        await ActAsync(entities, ticketId, principal, clock, cancellationToken, (ticket, now) =>
            new ResolveTicket(ticket.TicketId, Actor(principal, TicketActorRoles.Department), request.Text, sla.FeedbackDue(now), now));

    private static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> Transfer(string ticketId, TransferRequest request,
        ClaimsPrincipal principal, EntityGateway entities, TicketSla sla, TimeProvider clock, CancellationToken cancellationToken) =>
        await ActAsync(entities, ticketId, principal, clock, cancellationToken, (ticket, now) =>
            new TransferTicket(ticket.TicketId, Actor(principal, principal.IsModerator() ? TicketActorRoles.Moderator : TicketActorRoles.Department),
                request.DepartmentId, request.Reason, sla.FirstReplyDue(ticket.Kind, now), now));

    private static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> Feedback(string ticketId, FeedbackRequest request,
        ClaimsPrincipal principal, EntityGateway entities, TicketSla sla, TimeProvider clock, CancellationToken cancellationToken) =>
        await ActAsync(entities, ticketId, principal, clock, cancellationToken, (ticket, now) =>
            new GiveTicketFeedback(ticket.TicketId, Actor(principal, TicketActorRoles.Citizen), request.Satisfied!.Value, request.Rating!.Value,
                request.Comment, sla.FirstReplyDue(ticket.Kind, now), now));

    private static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> Privacy(string ticketId, PrivacyRequest request,
        ClaimsPrincipal principal, EntityGateway entities, TimeProvider clock, CancellationToken cancellationToken) =>
        await ActAsync(entities, ticketId, principal, clock, cancellationToken, (ticket, now) =>
            new SetTicketPrivacy(ticket.TicketId, Actor(principal, TicketActorRoles.Citizen),
                new TicketPrivacy(request.Public!.Value, request.ShowName!.Value), now));

    /// <summary>Reads the ticket (404 when the caller may not see it), sends the command made from it, answers the ticket
    /// as it is after the command.</summary>
    private static async Task<Results<Ok<TicketResponse>, ProblemHttpResult>> ActAsync(EntityGateway entities, string ticketId,
        ClaimsPrincipal principal, TimeProvider clock, CancellationToken cancellationToken, Func<TicketView, DateTimeOffset, ITicketCommand> command)
    {
        if (await ReadableAsync(entities, ticketId, principal, cancellationToken) is not { } ticket) return NotFound(ticketId);
        if (await entities.SendAsync<HelpTicketRegion>(command(ticket, clock.GetUtcNow()), cancellationToken) is CommandRejected rejected)
            return Problems.FromRejection(rejected);
        var after = (await entities.AskAsync<HelpTicketRegion, TicketView>(new GetTicket(ticket.TicketId), cancellationToken)).View ?? ticket;
        return TypedResults.Ok(ToResponse(after, principal, clock.GetUtcNow()));
    }

    private static async Task<Results<Ok<TicketPage>, ValidationProblem>> Mine(string? after, int? limit, ClaimsPrincipal principal,
        TicketReadModel tickets, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Cursor.TryParse(after, out var cursor)) return Problems.Validation("after", "Not a cursor of this list.");
        if (!Paging.TryTake(limit, out var take, out var invalid)) return invalid!;
        var rows = await tickets.FiledByAsync(principal.UserId(), cursor, take + 1, cancellationToken);
        return TypedResults.Ok(Page(rows, take, clock.GetUtcNow(), t => Cursor.Of(t.FiledAt.ToUnixTimeMilliseconds(), t.TicketId)));
    }

    private static async Task<Results<Ok<TicketPage>, ValidationProblem>> ReviewQueue(string? after, int? limit, TicketReadModel tickets,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Cursor.TryParse(after, out var cursor)) return Problems.Validation("after", "Not a cursor of this list.");
        if (!Paging.TryTake(limit, out var take, out var invalid)) return invalid!;
        var rows = await tickets.ReviewQueueAsync(cursor, take + 1, cancellationToken);
        return TypedResults.Ok(Page(rows, take, clock.GetUtcNow(), t => Cursor.Of(t.FiledAt.ToUnixTimeMilliseconds(), t.TicketId)));
    }

    private static async Task<Results<Ok<TicketPage>, ProblemHttpResult, ValidationProblem>> Queue(string departmentId, string? status,
        string? scope, string? after, int? limit, ClaimsPrincipal principal, TicketReadModel tickets, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (DepartmentDirectory.Find(departmentId) is null) return Problems.NotFound($"No department {departmentId}.");
        if (!principal.IsModerator() && DepartmentOf(principal) != departmentId)
            return Problems.Forbidden("A department's queue is for its staff and the moderators.");
        if (status is not null && !TicketStatuses.All.Contains(status))
            return Problems.Validation("status", $"One of {string.Join(", ", TicketStatuses.All)}.");
        if (scope is not (null or "assigned" or "supervised")) return Problems.Validation("scope", "assigned or supervised.");
        if (!Cursor.TryParse(after, out var cursor)) return Problems.Validation("after", "Not a cursor of this list.");
        if (!Paging.TryTake(limit, out var take, out var invalid)) return invalid!;
        var rows = await tickets.QueueAsync(departmentId, status, scope == "supervised", cursor, take + 1, cancellationToken);
        return TypedResults.Ok(Page(rows, take, clock.GetUtcNow(), t => Cursor.Of(t.QueueKey, t.TicketId)));
    }

    private static async Task<Results<Ok<PublicTicketPage>, ValidationProblem>> Public(string? regionCode, string? after, int? limit,
        TicketReadModel tickets, CancellationToken cancellationToken)
    {
        if (regionCode is not null && RegionCatalog.Find(regionCode) is null) return Problems.Validation("regionCode", $"Unknown region '{regionCode}'.");
        if (!Cursor.TryParse(after, out var cursor)) return Problems.Validation("after", "Not a cursor of this list.");
        if (!Paging.TryTake(limit, out var take, out var invalid)) return invalid!;
        var rows = await tickets.PublicAsync(regionCode, cursor, take + 1, cancellationToken);
        var items = rows.Take(take).ToList();
        var next = rows.Count > take ? Cursor.Of(items[^1].PublicMs, items[^1].TicketId) : null;
        return TypedResults.Ok(new PublicTicketPage([.. items.Select(t => new PublicTicketItem(t.TicketId, t.Kind, t.Title, t.Body, t.RegionCode,
            t.Category, t.Status, t.DepartmentId, t.CitizenName, t.FiledAt, t.AnsweredAt, t.Answer, t.Resolution))], next));
    }

    private static async Task<Results<Ok<TicketStatsResponse>, ValidationProblem>> Stats(string? regionCode, DateTimeOffset? from,
        DateTimeOffset? to, TicketReadModel tickets, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (regionCode is not null && RegionCatalog.Find(regionCode) is null) return Problems.Validation("regionCode", $"Unknown region '{regionCode}'.");
        var now = clock.GetUtcNow();
        var end = to ?? now;
        var start = from ?? end.AddDays(-DefaultStatsDays);
        if (end <= start) return Problems.Validation("to", "After from.");
        if (end - start > TimeSpan.FromDays(MaxStatsDays)) return Problems.Validation("from", $"A window of at most {MaxStatsDays} days.");
        var stats = await tickets.StatsAsync(regionCode, start, end, now, cancellationToken);
        var total = stats.Total;
        return TypedResults.Ok(new TicketStatsResponse(start, end, regionCode, total.Received, total.Closed, total.CompletionRate,
            total.MedianHoursToFirstReply, total.Overdue, new SatisfactionResponse(total.Rated, total.Satisfied, total.AverageRating),
            [.. stats.ByDepartment.Select(d => new DepartmentFiguresResponse(d.DepartmentId, d.Figures.Received, d.Figures.Closed,
                d.Figures.CompletionRate, d.Figures.MedianHoursToFirstReply, d.Figures.Overdue, d.Figures.AverageRating))],
            [.. stats.Daily.Select(d => new DailyFiguresResponse(d.Date, d.Received, d.Closed))]));
    }

    private static Results<Ok<IReadOnlyList<DepartmentDto>>, ValidationProblem> Departments(string? regionCode, string? category)
    {
        if (regionCode is not null && RegionCatalog.Find(regionCode) is null) return Problems.Validation("regionCode", $"Unknown region '{regionCode}'.");
        if (category is not null && !DepartmentDirectory.IsCategory(category)) return Problems.Validation("category", $"Unknown category '{category}'.");
        return TypedResults.Ok<IReadOnlyList<DepartmentDto>>([.. DepartmentDirectory.Departments
            .Where(d => (regionCode is null || d.RegionCode == regionCode) && (category is null || d.Category == category))]);
    }

    /// <summary>The ticket if the caller may read it: whole for those concerned, a public one for anyone signed in.</summary>
    internal static async Task<TicketView?> ReadableAsync(EntityGateway entities, string ticketId, ClaimsPrincipal principal,
        CancellationToken cancellationToken)
    {
        var ticket = (await entities.AskAsync<HelpTicketRegion, TicketView>(new GetTicket(new TicketId(ticketId)), cancellationToken)).View;
        return ticket is not null && (IsConcerned(ticket, principal) || ticket.Privacy.Public) ? ticket : null;
    }

    /// <summary>The citizen who filed it, the moderators, and the departments that handle it or were flagged about it.</summary>
    internal static bool IsConcerned(TicketView ticket, ClaimsPrincipal principal) =>
        ticket.CitizenId.Value == principal.UserId() || principal.IsModerator() || DepartmentOf(principal) is { } department
            && (ticket.DepartmentId == department || ticket.Escalations.Any(e => e.SupervisorId == department));

    private static string? DepartmentOf(ClaimsPrincipal principal) =>
        principal.IsInRole(Roles.Department) ? principal.FindFirst(CommunityClaims.Department)?.Value : null;

    private static TicketActor Actor(ClaimsPrincipal principal, string role) =>
        new(new UserId(principal.UserId()), role, role == TicketActorRoles.Department ? DepartmentOf(principal) : null);

    internal static TicketResponse ToResponse(TicketView ticket, ClaimsPrincipal principal, DateTimeOffset now)
    {
        var whole = IsConcerned(ticket, principal);
        var citizen = ticket.CitizenId.Value == principal.UserId();
        var moderator = principal.IsModerator();
        var handling = DepartmentOf(principal) is { } department && department == ticket.DepartmentId;
        var reporter = principal.IsInRole(Roles.Reporter) && ticket.Privacy.Public;
        var followers = ticket.Followers ?? [];
        var clock = ticket.Clock;
        var location = ticket.Location is not { } at ? null
            : whole ? new LocationResponse(at.Lat, at.Lon, at.Address)
            : new LocationResponse(Math.Round(at.Lat, 2), Math.Round(at.Lon, 2), null);
        var feedback = ticket.Feedback is { } f ? new FeedbackResponse(f.Satisfied, f.Rating, whole ? f.Comment : null, f.At) : null;
        return new TicketResponse(ticket.TicketId.Value, ticket.Kind, ticket.Title, ticket.Body, ticket.RegionCode, ticket.Category, ticket.Status,
            ticket.DepartmentId, ticket.DuplicateOf?.Value,
            [.. ticket.Timeline.Where(s => whole || s.Public).Select(s => new TimelineStepResponse(s.At, s.Status, s.By,
                whole || !IsCitizensFeedback(s) ? s.Text : null, s.Public))],
            clock?.DueAt, clock?.Stage, clock is { } c && c.Stage != TicketStages.Feedback && now > c.DueAt,
            [.. ticket.Escalations.Select(e => new EscalationResponse(e.Level, e.Stage, e.SupervisorId, e.At))],
            ticket.Privacy.Public, ticket.Privacy.ShowName, whole || ticket.Privacy.ShowName ? ticket.CitizenName : null, location,
            whole && ticket.Contact is { } contact ? new ContactResponse(contact.Phone) : null, feedback, ticket.FiledAt, ticket.FirstReplyAt, ticket.Seq,
            moderator ? DepartmentDirectory.Suggest(ticket.RegionCode, ticket.Category)?.DepartmentId : null,
            [.. (ticket.Reports ?? []).Select(r => new ReportResponse(r.ReportId, r.Title, r.Url, r.Summary, r.ReporterName, r.At))],
            followers.Count, followers.Contains(principal.UserId()),
            new TicketActions(
                Review: moderator && ticket.Status == TicketStatuses.Submitted,
                Reply: handling && TicketStatuses.IsWithDepartment(ticket.Status),
                Resolve: handling && TicketStatuses.IsWithDepartment(ticket.Status),
                Transfer: (moderator || handling) && ticket.Status is TicketStatuses.Accepted or TicketStatuses.Assigned or TicketStatuses.Answered,
                Feedback: citizen && ticket.Status == TicketStatuses.Resolved,
                Privacy: citizen,
                Follow: reporter,
                Report: reporter && (ticket.Reports?.Count ?? 0) < TicketLimits.MaxReports));
    }

    // The citizen's feedback comment is theirs: shown to those concerned only, like the feedback itself.
    private static bool IsCitizensFeedback(TimelineStep step) =>
        step.By == TicketActorRoles.Citizen && step.Status is TicketStatuses.Closed or TicketStatuses.Reopened;

    private static TicketPage Page(IReadOnlyList<TicketListing> rows, int take, DateTimeOffset now, Func<TicketListing, string> cursorOf)
    {
        var items = rows.Take(take).ToList();
        return new TicketPage([.. items.Select(t => new TicketListItem(t.TicketId, t.Kind, t.Title, t.RegionCode, t.Category, t.Status,
                t.DepartmentId, t.FiledAt, t.DueAt, t.Stage, t.Stage is not null and not TicketStages.Feedback && t.DueAt < now, t.EscalationLevel,
                t.Public, t.LastSeq))],
            rows.Count > take ? cursorOf(items[^1]) : null);
    }

    private static ProblemHttpResult NotFound(string ticketId) => Problems.NotFound($"No ticket {ticketId} you may see.");

    /// <summary>The cursor of the ticket lists: the sort key and the id of the last item, <c>{key}.{id}</c>.</summary>
    private static class Cursor
    {
        public static string Of(long key, string id) => $"{key.ToString(CultureInfo.InvariantCulture)}.{id}";

        public static bool TryParse(string? text, out (long Key, string Id)? cursor)
        {
            cursor = null;
            if (text is null) return true;
            var dot = text.IndexOf('.');
            if (dot <= 0 || !long.TryParse(text.AsSpan(0, dot), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var key)) return false;
            var id = text[(dot + 1)..];
            if (!EntityIds.IsValid(id)) return false;
            cursor = (key, id);
            return true;
        }
    }
}
