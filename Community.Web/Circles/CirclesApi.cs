using System.ComponentModel.DataAnnotations;
using Community.Cluster.Circles;
using Community.Cluster.Hosting;
using Community.Cluster.Regions;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Web.Accounts;
using Community.Web.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Community.Web.Circles;

public sealed record CreateCircleRequest(
    [property: Required, StringLength(40, MinimumLength = 2), PlainText] string Name,
    [property: Required, StringLength(500), PlainText] string Description,
    [property: Required] string RegionCode) : IValidatedRequest
{
    public Dictionary<string, string[]> Validate() =>
        RegionCatalog.Find(RegionCode) is null ? new() { ["regionCode"] = [$"Unknown region '{RegionCode}'."] } : [];
}

public sealed record CreatedCircle(string CircleId);

public sealed record CircleResponse(string CircleId, string Name, string Description, string RegionCode, long MemberCount);

public sealed record CirclePage(IReadOnlyList<CircleResponse> Items, string? Next);

/// <summary>Interest circles: create, list and search (from the circle directory read model, never an entity's memory).</summary>
public static class CirclesApi
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static IEndpointRouteBuilder MapCirclesApi(this IEndpointRouteBuilder app)
    {
        var circles = app.MapGroup("api/circles").WithTags("Circles").RequireAuthorization();
        circles.MapPost("", Create).WithValidation();
        circles.MapGet("", List);
        circles.MapGet("{circleId}", Get);
        return app;
    }

    private static async Task<Results<Created<CreatedCircle>, ProblemHttpResult>> Create(
        CreateCircleRequest request, System.Security.Claims.ClaimsPrincipal principal, EntityGateway entities, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var circleId = "c-" + Guid.NewGuid().ToString("N")[..16];
        var reply = await entities.AskAsync<CircleRegion>(new CreateCircle(new CircleId(circleId), new UserId(principal.UserId()),
            request.Name.Trim(), request.Description.Trim(), request.RegionCode, clock.GetUtcNow()), cancellationToken);
        return reply switch
        {
            CommandAccepted => TypedResults.Created($"/api/circles/{circleId}", new CreatedCircle(circleId)),
            CommandRejected rejected => Problems.FromRejection(rejected),
            _ => throw new InvalidOperationException($"Unexpected reply {reply.GetType().Name}."),
        };
    }

    private static async Task<Results<Ok<CirclePage>, ValidationProblem>> List(
        CircleDirectory directory, string? regionCode, string? q, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        if (regionCode is not null && RegionCatalog.Find(regionCode) is null)
            return Problems.Validation("regionCode", $"Unknown region '{regionCode}'.");
        if (limit is < 1 or > MaxLimit)
            return Problems.Validation("limit", $"Between 1 and {MaxLimit}.");
        if (q is { Length: > 40 })
            return Problems.Validation("q", "At most 40 characters.");
        var take = limit ?? DefaultLimit;
        // One more than asked tells whether there is a next page.
        var rows = await directory.ListAsync(regionCode, q, cursor, take + 1, cancellationToken);
        var items = rows.Take(take).Select(ToResponse).ToList();
        return TypedResults.Ok(new CirclePage(items, rows.Count > take ? items[^1].CircleId : null));
    }

    private static async Task<Results<Ok<CircleResponse>, ProblemHttpResult>> Get(
        string circleId, CircleDirectory directory, CancellationToken cancellationToken) =>
        await directory.FindAsync(circleId, cancellationToken) is { } circle
            ? TypedResults.Ok(ToResponse(circle))
            : Problems.NotFound($"No circle '{circleId}'.");

    private static CircleResponse ToResponse(CircleListing circle) =>
        new(circle.CircleId, circle.Name, circle.Description, circle.RegionCode, circle.MemberCount);
}
