using System.Security.Claims;
using Community.Cluster.Creators;
using Community.Cluster.Hosting;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Web.Auth;
using Community.Web.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Community.Web.Creators;

/// <summary>Works of creator accounts: write (draft or published), publish, correct, withdraw, reprint. A work id names
/// its account (<see cref="WorkIds"/>), so every write reaches the work's entity directly; the entity checks that the
/// caller is on the account's staff. Reads come from the creators read model.</summary>
public static class WorksApi
{
    /// <summary>The per-user quota of accepted new works and reprints (<see cref="CreatorOptions.WorksPerUserPerMinute"/>).</summary>
    public const string WorksQuota = "works";

    public static IEndpointRouteBuilder MapWorksApi(this IEndpointRouteBuilder app)
    {
        var creatorWorks = app.MapGroup("api/creators/{creatorId}/works").WithTags("Works").RequireAuthorization().WithEntityIds();
        creatorWorks.MapPost("", Create).WithValidation().WithContentQuota(WorksQuota).RequireRateLimiting(CreatorsApi.WritesRateLimit)
            .WithName("createWork").WithSummary("Write a work for the account: a draft, or published to its target tiers (verified accounts)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity,
                StatusCodes.Status429TooManyRequests);
        creatorWorks.MapGet("", ListOfCreator)
            .WithName("listCreatorWorks").WithSummary("The account's works, newest first (its staff also see drafts and withdrawn works)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);

        var works = app.MapGroup("api/works/{workId}").WithTags("Works").RequireAuthorization().WithEntityIds();
        works.MapGet("", Get)
            .WithName("getWork").WithSummary("One work; a reprint shows its original's latest version")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);
        works.MapPatch("", Revise).WithValidation().RequireRateLimiting(CreatorsApi.WritesRateLimit)
            .WithName("reviseWork").WithSummary("Edit a draft, or correct a published work (a new version with a note; its reprints follow)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status429TooManyRequests);
        works.MapPost("publication", Publish).RequireRateLimiting(CreatorsApi.WritesRateLimit)
            .WithName("publishWork").WithSummary("Publish a draft (verified accounts)")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
                StatusCodes.Status409Conflict, StatusCodes.Status429TooManyRequests);
        works.MapPost("withdrawal", Withdraw).WithValidation().RequireRateLimiting(CreatorsApi.WritesRateLimit)
            .WithName("withdrawWork").WithSummary("Withdraw a work from every channel; its reprints are withdrawn too")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests);
        works.MapPost("reprints", Reprint).WithValidation().WithContentQuota(WorksQuota).RequireRateLimiting(CreatorsApi.WritesRateLimit)
            .WithName("reprintWork").WithSummary("Reprint another account's published work into one's own channels (alliance members)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests);
        works.MapGet("reprints", ListReprints)
            .WithName("listWorkReprints").WithSummary("Who reprinted a work")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>A replay with the same <c>Idempotency-Key</c> is answered with the first work; the key with another
    /// content is a 422.</summary>
    private static async Task<Results<Created<CreatedWork>, ProblemHttpResult, ValidationProblem>> Create(string creatorId,
        CreateWorkRequest request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, ClaimsPrincipal principal,
        EntityGateway entities, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (IdempotencyKey.Invalid(idempotencyKey) is { } invalid) return invalid;
        var creator = new CreatorId(creatorId);
        if (!(await entities.AskAsync<CreatorRegion, CreatorView>(new GetCreator(creator), cancellationToken)).TryGet(out var account, out var unknown))
            return Problems.FromRejection(unknown);
        if (request.TargetTiers.FirstOrDefault(tier => !CreatorState.MayAim(account.OrgType, account.RegionCode, tier)) is { } forbidden)
            return Problems.Validation("targetTiers", $"An individual account reaches the {forbidden} tier only through a media account's reprint.");
        var suffix = IdempotencyKey.NewId("w", $"creators/{creatorId}/works", principal.UserId(), idempotencyKey)[2..];
        var workId = WorkIds.Of(creator, suffix);
        var reply = await entities.SendAsync<CreatorRegion>(new CreateWork(creator, workId, new UserId(principal.UserId()), request.Kind,
            request.Content(), [.. request.TargetTiers], !request.Draft, clock.GetUtcNow()), cancellationToken);
        return reply is CommandRejected rejected
            ? Problems.FromRejection(rejected)
            : TypedResults.Created($"/api/works/{workId}", new CreatedWork(workId, request.Draft ? WorkStatuses.Draft : WorkStatuses.Published));
    }

    private static async Task<Results<Ok<WorkPage>, ProblemHttpResult, ValidationProblem>> ListOfCreator(string creatorId, long? after,
        int? limit, ClaimsPrincipal principal, CreatorReadModel creators, EntityGateway entities, CancellationToken cancellationToken)
    {
        if (Paging.InvalidAfter(after) is { } badAfter) return badAfter;
        if (!Paging.TryTake(limit, out var take, out var invalid)) return invalid!;
        if (await creators.FindCreatorAsync(creatorId, cancellationToken) is null)
            // Registered a moment ago: it has no works in the read model yet.
            return (await entities.AskAsync<CreatorRegion, CreatorView>(new GetCreator(new CreatorId(creatorId)), cancellationToken)).View is not null
                ? TypedResults.Ok(new WorkPage([], null))
                : Problems.NotFound($"No creator '{creatorId}'.");
        var staff = principal.IsModerator() || (await creators.StaffAsync(creatorId, cancellationToken)).Contains(principal.UserId());
        var rows = await creators.WorksOfAsync(creatorId, staff, after, take + 1, cancellationToken);
        var (items, next) = Paging.Page(rows, take, row => row, row => (long?)row.Position);
        return TypedResults.Ok(new WorkPage([.. items.Select(WorkResponse.Of)], next));
    }

    private static async Task<Results<Ok<WorkResponse>, ProblemHttpResult>> Get(string workId, ClaimsPrincipal principal,
        CreatorReadModel creators, CancellationToken cancellationToken) =>
        await VisibleWorkAsync(workId, principal, creators, cancellationToken) is { } work
            ? TypedResults.Ok(WorkResponse.Of(work))
            : Problems.NotFound($"No work '{workId}'.");

    /// <summary>Drafts and withdrawn works are seen by the account's staff and moderators only; to others they do not exist.</summary>
    private static async Task<WorkListing?> VisibleWorkAsync(string workId, ClaimsPrincipal principal, CreatorReadModel creators,
        CancellationToken cancellationToken)
    {
        var work = await creators.FindWorkAsync(workId, cancellationToken);
        if (work is null || work.Status == WorkStatuses.Published || principal.IsModerator()) return work;
        return (await creators.StaffAsync(work.CreatorId, cancellationToken)).Contains(principal.UserId()) ? work : null;
    }

    /// <summary>The fields given replace those of the current version as the read model holds it; the entity refuses
    /// a revision of a withdrawn work or a reprint, and a correction without a note.</summary>
    private static async Task<Results<Ok<RevisedWork>, ProblemHttpResult, ValidationProblem>> Revise(string workId, ReviseWorkRequest request,
        ClaimsPrincipal principal, CreatorReadModel creators, EntityGateway entities, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (WorkIds.CreatorOf(workId) is not { } creator) return Problems.NotFound($"No work '{workId}'.");
        if (!(await entities.AskAsync<CreatorRegion, CreatorView>(new GetCreator(creator), cancellationToken)).TryGet(out var account, out _))
            return Problems.NotFound($"No work '{workId}'.");
        // The fields not given are the current version's: read them only once the read model holds every event of the
        // account so far, so a revision right after another never builds on the version before.
        if (!await CaughtUpAsync(creators, creator.Value, account.Seq, cancellationToken))
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Try again", "The work is being updated; try again in a moment.");
        var current = await VisibleWorkAsync(workId, principal, creators, cancellationToken);
        if (current is null) return Problems.NotFound($"No work '{workId}'.");
        if (current.Status == WorkStatuses.Published && request.Note is null)
            return Problems.Validation("note", "A correction of a published work needs a note for readers.");
        var content = WorkRules.Revised(current.Content, request);
        if (WorkRules.Content(current.Kind, content.Body, content.VideoUrl, content.PosterUrl,
                [.. content.Images.Select(i => new WorkImageRequest(i.Url, i.Caption))]) is { Count: > 0 } errors)
            return Problems.Validation(errors);
        var reply = await entities.SendAsync<CreatorRegion>(new ReviseWork(creator, workId, new UserId(principal.UserId()), content,
            current.Status == WorkStatuses.Published ? request.Note : null, clock.GetUtcNow()), cancellationToken);
        if (reply is CommandRejected rejected) return Problems.FromRejection(rejected);
        return TypedResults.Ok(new RevisedWork(workId, current.Status == WorkStatuses.Published ? current.Version + 1 : current.Version));
    }

    private static async Task<bool> CaughtUpAsync(CreatorReadModel creators, string creatorId, long seq, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + CatchUpTimeout;
        while ((await creators.FindCreatorAsync(creatorId, cancellationToken))?.LastSeq is not { } applied || applied < seq)
        {
            if (DateTimeOffset.UtcNow > deadline) return false;
            await Task.Delay(25, cancellationToken);
        }
        return true;
    }

    /// <summary>How long a revision waits for the read model to reach the account's last event (it trails by
    /// milliseconds; a projection that is down answers 503).</summary>
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(5);

    private static async Task<Results<NoContent, ProblemHttpResult>> Publish(string workId, ClaimsPrincipal principal, EntityGateway entities,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (WorkIds.CreatorOf(workId) is not { } creator) return Problems.NotFound($"No work '{workId}'.");
        var reply = await entities.SendAsync<CreatorRegion>(new PublishWork(creator, workId, new UserId(principal.UserId()), clock.GetUtcNow()),
            cancellationToken);
        return reply is CommandRejected rejected ? Problems.FromRejection(rejected) : TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Withdraw(string workId, WithdrawWorkRequest request,
        ClaimsPrincipal principal, EntityGateway entities, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (WorkIds.CreatorOf(workId) is not { } creator) return Problems.NotFound($"No work '{workId}'.");
        var reply = await entities.SendAsync<CreatorRegion>(new WithdrawWork(creator, workId, new UserId(principal.UserId()), request.Reason,
            clock.GetUtcNow()), cancellationToken);
        return reply is CommandRejected rejected ? Problems.FromRejection(rejected) : TypedResults.NoContent();
    }

    /// <summary>A replay with the same <c>Idempotency-Key</c> is answered with the first reprint; another reprint of a
    /// work the account already reprinted is a 409 (the original's account keeps one reprint per account).</summary>
    private static async Task<Results<Created<CreatedReprint>, ProblemHttpResult, ValidationProblem>> Reprint(string workId,
        ReprintRequest request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, ClaimsPrincipal principal,
        EntityGateway entities, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (IdempotencyKey.Invalid(idempotencyKey) is { } invalid) return invalid;
        if (WorkIds.CreatorOf(workId) is not { } original) return Problems.NotFound($"No work '{workId}'.");
        var reprinter = new CreatorId(request.CreatorId);
        var reprintId = WorkIds.Of(reprinter,
            IdempotencyKey.NewId("w", $"works/{workId}/reprints/{request.CreatorId}", principal.UserId(), idempotencyKey)[2..]);
        var reply = await entities.SendAsync<CreatorRegion>(new ReprintWork(reprinter, reprintId, original, workId,
            new UserId(principal.UserId()), clock.GetUtcNow()), cancellationToken);
        return reply is CommandRejected rejected
            ? Problems.FromRejection(rejected)
            : TypedResults.Created($"/api/works/{reprintId}", new CreatedReprint(reprintId));
    }

    private static async Task<Results<Ok<ReprintPage>, ProblemHttpResult, ValidationProblem>> ListReprints(string workId, string? after,
        int? limit, ClaimsPrincipal principal, CreatorReadModel creators, CancellationToken cancellationToken)
    {
        if (after is not null && !EntityIds.IsValid(after)) return Problems.Validation("after", "Not a reprint id.");
        if (!Paging.TryTake(limit, out var take, out var invalid)) return invalid!;
        if (await VisibleWorkAsync(workId, principal, creators, cancellationToken) is null) return Problems.NotFound($"No work '{workId}'.");
        var rows = await creators.ReprintsAsync(workId, after, take + 1, cancellationToken);
        var (items, next) = Paging.Page(rows, take, r => new ReprintResponse(r.ReprintId, r.CreatorId, r.CreatorName, r.RegionCode, r.At),
            r => r.ReprintId);
        return TypedResults.Ok(new ReprintPage(items, next));
    }
}
