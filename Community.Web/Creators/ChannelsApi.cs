using Community.Cluster.Creators;
using Community.Cluster.Regions;
using Community.Web.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Community.Web.Creators;

/// <summary>What readers of a region's client see (its channel), and the alliance pool members reprint from. Both are
/// newest first; <c>after</c> is the <c>next</c> cursor of the page before.</summary>
public static class ChannelsApi
{
    public static IEndpointRouteBuilder MapChannelsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("api/channels/{regionCode}/works", Channel).WithTags("Channels").RequireAuthorization()
            .WithName("listChannelWorks")
            .WithSummary("A region's channel: works aimed at its tier by accounts on its region chain or under it, and its accounts' reprints")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);
        app.MapGet("api/alliance/works", Pool).WithTags("Channels").RequireAuthorization()
            .WithName("listAllianceWorks").WithSummary("The alliance pool: published originals of verified accounts, to reprint")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized);
        return app;
    }

    private static async Task<Results<Ok<WorkPage>, ProblemHttpResult, ValidationProblem>> Channel(string regionCode, long? after, int? limit,
        CreatorReadModel creators, CancellationToken cancellationToken)
    {
        if (RegionCatalog.Find(regionCode) is null) return Problems.NotFound($"No region '{regionCode}'.");
        if (Paging.InvalidAfter(after) is { } badAfter) return badAfter;
        if (!Paging.TryTake(limit, out var take, out var invalid)) return invalid!;
        var rows = await creators.ChannelAsync(regionCode, after, take + 1, cancellationToken);
        var (items, next) = Paging.Page(rows, take, row => row, row => (long?)row.Position);
        return TypedResults.Ok(new WorkPage([.. items.Select(WorkResponse.Of)], next));
    }

    /// <param name="exceptCreatorId">The account browsing: its own works are left out.</param>
    private static async Task<Results<Ok<WorkPage>, ValidationProblem>> Pool(long? after, int? limit, string? exceptCreatorId,
        CreatorReadModel creators, CancellationToken cancellationToken)
    {
        if (Paging.InvalidAfter(after) is { } badAfter) return badAfter;
        if (exceptCreatorId is not null && !EntityIds.IsValid(exceptCreatorId)) return Problems.Validation("exceptCreatorId", "Not a creator id.");
        if (!Paging.TryTake(limit, out var take, out var invalid)) return invalid!;
        var rows = await creators.PoolAsync(exceptCreatorId, after, take + 1, cancellationToken);
        var (items, next) = Paging.Page(rows, take, row => row, row => (long?)row.Position);
        return TypedResults.Ok(new WorkPage([.. items.Select(WorkResponse.Of)], next));
    }
}
