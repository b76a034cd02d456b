using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Community.Cluster.Circles;
using Community.Cluster.Hosting;
using Community.Cluster.Regions;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Web.Auth;
using Community.Web.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Community.Web.Circles;

public sealed record CreateCircleRequest(
    [property: Required, StringLength(40, MinimumLength = 2), SingleLineName] string Name,
    [property: Required, StringLength(500), FreeText(AllowMarkup = false)] string Description,
    [property: Required] string RegionCode) : IValidatedRequest
{
    public IValidatedRequest Normalized() => this with { Name = TextRules.NormalizeName(Name)!, Description = Description?.Trim()! };

    public Dictionary<string, string[]> Validate() =>
        RegionCatalog.Find(RegionCode) is null ? new() { ["regionCode"] = [$"Unknown region '{RegionCode}'."] } : [];
}

public sealed record CreatedCircle(string CircleId);

/// <param name="LastSeq">The circle's last event in the read model: join the live hub after it.</param>
public sealed record CircleResponse(string CircleId, string Name, string Description, string RegionCode, long MemberCount, string OwnerId,
    long LastSeq);

public sealed record CirclePage(IReadOnlyList<CircleResponse> Items, string? Next);

/// <summary>Interest circles: create, list and search (from the circles read model, never an entity's memory), join
/// and leave.</summary>
public static class CirclesApi
{
    /// <summary>The per-user rate limit of every circle write route (<see cref="CircleOptions.WritesPerUserPerMinute"/>).</summary>
    public const string WritesRateLimit = "circle-writes";

    public static IEndpointRouteBuilder MapCirclesApi(this IEndpointRouteBuilder app)
    {
        var circles = app.MapGroup("api/circles").WithTags("Circles").RequireAuthorization().WithEntityIds();
        circles.MapPost("", Create).WithValidation().RequireRateLimiting(WritesRateLimit)
            .WithName("createCircle").WithSummary("Create a circle; the author owns it and joins it")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status409Conflict,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests);
        circles.MapGet("", List)
            .WithName("listCircles").WithSummary("List and search circles, by region and part of the name")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized);
        circles.MapGet("{circleId}", Get)
            .WithName("getCircle").WithSummary("One circle")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);
        circles.MapPost("{circleId}/members", Join).RequireRateLimiting(WritesRateLimit)
            .WithName("joinCircle").WithSummary("Join a circle (also when already a member)")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
                StatusCodes.Status429TooManyRequests);
        circles.MapDelete("{circleId}/members/me", Leave).RequireRateLimiting(WritesRateLimit)
            .WithName("leaveCircle").WithSummary("Leave a circle (also when not a member)")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests);
        return app;
    }

    /// <summary>A replay with the same <c>Idempotency-Key</c> is answered with the circle the first request created; the
    /// key with another name, description or region is a 422 (the circle decides).</summary>
    private static async Task<Results<Created<CreatedCircle>, ProblemHttpResult, ValidationProblem>> Create(
        CreateCircleRequest request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, ClaimsPrincipal principal,
        EntityGateway entities, CircleMembership membership, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (IdempotencyKey.Invalid(idempotencyKey) is { } invalid) return invalid;
        var owner = new UserId(principal.UserId());
        var circleId = new CircleId(IdempotencyKey.NewId("c", "circles", owner.Value, idempotencyKey));
        var reply = await entities.SendAsync<CircleRegion>(new CreateCircle(circleId, owner, request.Name, request.Description,
            request.RegionCode, clock.GetUtcNow()), cancellationToken);
        if (reply is CommandRejected { Reason: RejectionReason.AlreadyExists } exists && !await IsOwnedBy(circleId, owner, entities, cancellationToken))
            return Problems.FromRejection(exists);
        if (reply is CommandRejected { Reason: not RejectionReason.AlreadyExists } rejected) return Problems.FromRejection(rejected);
        // The owner joins like any member, so the count and the owner's circles agree; a replay's join counts once.
        if (await membership.JoinAsync(circleId, owner, cancellationToken) is { } failed) return Problems.FromRejection(failed);
        return TypedResults.Created($"/api/circles/{circleId}", new CreatedCircle(circleId.Value));
    }

    private static async Task<bool> IsOwnedBy(CircleId circleId, UserId owner, EntityGateway entities, CancellationToken cancellationToken) =>
        (await entities.AskAsync<CircleRegion, CircleView>(new GetCircle(circleId), cancellationToken)).View?.OwnerId == owner;

    private static async Task<Results<Ok<CirclePage>, ValidationProblem>> List(
        CircleReadModel circles, string? regionCode, string? q, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        if (regionCode is not null && RegionCatalog.Find(regionCode) is null)
            return Problems.Validation("regionCode", $"Unknown region '{regionCode}'.");
        if (!Paging.TryTake(limit, out var take, out var invalid)) return invalid!;
        if (q is { Length: > 40 })
            return Problems.Validation("q", "At most 40 characters.");
        var rows = await circles.ListAsync(regionCode, q, cursor, take + 1, cancellationToken);
        var (items, next) = Paging.Page(rows, take, ToResponse, c => c.CircleId);
        return TypedResults.Ok(new CirclePage(items, next));
    }

    private static async Task<Results<Ok<CircleResponse>, ProblemHttpResult>> Get(
        string circleId, CircleReadModel circles, CancellationToken cancellationToken) =>
        await circles.FindAsync(circleId, cancellationToken) is { } circle
            ? TypedResults.Ok(ToResponse(circle))
            : Problems.NotFound($"No circle '{circleId}'.");

    private static async Task<Results<NoContent, ProblemHttpResult>> Join(
        string circleId, ClaimsPrincipal principal, CircleMembership membership, CancellationToken cancellationToken) =>
        await membership.JoinAsync(new CircleId(circleId), new UserId(principal.UserId()), cancellationToken) is { } rejected
            ? Problems.FromRejection(rejected)
            : TypedResults.NoContent();

    private static async Task<Results<NoContent, ProblemHttpResult>> Leave(
        string circleId, ClaimsPrincipal principal, CircleMembership membership, CancellationToken cancellationToken) =>
        await membership.LeaveAsync(new CircleId(circleId), new UserId(principal.UserId()), cancellationToken) is { } rejected
            ? Problems.FromRejection(rejected)
            : TypedResults.NoContent();

    private static CircleResponse ToResponse(CircleListing circle) =>
        new(circle.CircleId, circle.Name, circle.Description, circle.RegionCode, circle.MemberCount, circle.OwnerId, circle.LastSeq);
}
