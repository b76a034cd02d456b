using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Community.Cluster.Creators;
using Community.Cluster.Hosting;
using Community.Cluster.Regions;
using Community.Cluster.Users;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Contracts.Users;
using Community.Web.Auth;
using Community.Web.Http;
using Community.Web.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Community.Web.Creators;

public sealed record RegisterCreatorRequest(
    [property: Required, StringLength(40, MinimumLength = 2), SingleLineName, NotReserved] string Name,
    [property: Required] string OrgType,
    [property: Required] string RegionCode) : IValidatedRequest
{
    public IValidatedRequest Normalized() => this with { Name = TextRules.NormalizeName(Name)! };

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (!OrgTypes.All.Contains(OrgType)) errors["orgType"] = [$"One of {string.Join(", ", OrgTypes.All)}."];
        if (RegionCatalog.Find(RegionCode) is null) errors["regionCode"] = [$"Unknown region '{RegionCode}'."];
        return errors;
    }
}

public sealed record VerificationRequest(
    [property: Required] bool? Approved,
    [property: Required, StringLength(500, MinimumLength = 1), FreeText(AllowMarkup = false)] string Reason) : IValidatedRequest;

public sealed record AddStaffRequest([property: Required, StringLength(40, MinimumLength = 1)] string UserName) : IValidatedRequest;

public sealed record CreatedCreator(string CreatorId);

/// <param name="Following">Whether the caller follows the account.</param>
/// <param name="Staff">Whether the caller is on the account's staff (owner or editor).</param>
/// <param name="VerificationReason">The moderator's reason, shown to the staff and moderators only.</param>
/// <param name="LastSeq">The account's last event the answer reflects: its staff follow <c>creator:{id}</c> after it.</param>
public sealed record CreatorResponse(string CreatorId, string Name, string OrgType, string RegionCode, string Tier, string Status,
    string? VerificationReason, long Followers, long Works, DateTimeOffset RegisteredAt, bool Following, bool Staff, bool Owner, long LastSeq);

public sealed record CreatorPage(IReadOnlyList<CreatorResponse> Items, string? Next);

public sealed record StaffMemberResponse(string UserId, string DisplayName, bool Owner);

/// <summary>Creator accounts ("Chaominghao"): register (pending until a moderator verifies), verify, staff, followers.
/// Lists come from the creators read model; one account's page falls back to its entity while the read model has not
/// caught up with its registration.</summary>
public static class CreatorsApi
{
    /// <summary>The per-user rate limit of every creator and work write route (<see cref="CreatorOptions.WritesPerUserPerMinute"/>).</summary>
    public const string WritesRateLimit = "creator-writes";

    public static IEndpointRouteBuilder MapCreatorsApi(this IEndpointRouteBuilder app)
    {
        var creators = app.MapGroup("api/creators").WithTags("Creators").RequireAuthorization().WithEntityIds();
        creators.MapPost("", Register).WithValidation().RequireRateLimiting(WritesRateLimit)
            .WithName("registerCreator").WithSummary("Register a creator account; it is pending until a moderator verifies it")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status409Conflict,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests);
        creators.MapGet("", List)
            .WithName("listCreators").WithSummary("Creator accounts in id order, by region and status")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized);
        creators.MapGet("{creatorId}", Get)
            .WithName("getCreator").WithSummary("One creator account")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);
        creators.MapPost("{creatorId}/verification", Verify).WithValidation().RequireAuthorization(Policies.Moderator)
            .RequireRateLimiting(WritesRateLimit)
            .WithName("decideCreatorVerification").WithSummary("Verify or reject a creator account, with the reason (moderators)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests);
        creators.MapGet("{creatorId}/staff", Staff)
            .WithName("listCreatorStaff").WithSummary("The account's staff (its staff and moderators)")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        creators.MapPost("{creatorId}/staff", AddStaff).WithValidation().RequireRateLimiting(WritesRateLimit)
            .WithName("addCreatorStaff").WithSummary("Add an editor to the account (its owner)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests);
        creators.MapDelete("{creatorId}/staff/{userId}", RemoveStaff).RequireRateLimiting(WritesRateLimit)
            .WithName("removeCreatorStaff").WithSummary("Remove an editor from the account (its owner)")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests);
        creators.MapPost("{creatorId}/followers", Follow).RequireRateLimiting(WritesRateLimit)
            .WithName("followCreator").WithSummary("Follow a creator account (also when already following)")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests);
        creators.MapDelete("{creatorId}/followers/me", Unfollow).RequireRateLimiting(WritesRateLimit)
            .WithName("unfollowCreator").WithSummary("Stop following a creator account (also when not following)")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests);

        app.MapGet("api/me/creators", Mine).WithTags("Creators").RequireAuthorization()
            .WithName("listMyCreators").WithSummary("The creator accounts the caller staffs")
            .ProducesProblems(StatusCodes.Status401Unauthorized);
        return app;
    }

    /// <summary>A replay with the same <c>Idempotency-Key</c> is answered with the account the first request registered.</summary>
    private static async Task<Results<Created<CreatedCreator>, ProblemHttpResult, ValidationProblem>> Register(
        RegisterCreatorRequest request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, ClaimsPrincipal principal,
        EntityGateway entities, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (IdempotencyKey.Invalid(idempotencyKey) is { } invalid) return invalid;
        var owner = new UserId(principal.UserId());
        var creatorId = new CreatorId(IdempotencyKey.NewId("cr", "creators", owner.Value, idempotencyKey));
        var reply = await entities.SendAsync<CreatorRegion>(new RegisterCreator(creatorId, owner, request.Name, request.OrgType,
            request.RegionCode, clock.GetUtcNow()), cancellationToken);
        if (reply is CommandRejected { Reason: RejectionReason.AlreadyExists } exists)
        {
            // The owner's replay reaches the account it registered; another account under the key is the key reused.
            var first = (await entities.AskAsync<CreatorRegion, CreatorView>(new GetCreator(creatorId), cancellationToken)).View;
            if (first?.OwnerId != owner) return Problems.FromRejection(exists);
            if ((first.Name, first.OrgType, first.RegionCode) != (request.Name, request.OrgType, request.RegionCode))
                return Problems.FromRejection(new CommandRejected(RejectionReason.IdempotencyKeyReused,
                    $"Creator {creatorId} was registered with another name, type or region."));
        }
        else if (reply is CommandRejected rejected) return Problems.FromRejection(rejected);
        return TypedResults.Created($"/api/creators/{creatorId}", new CreatedCreator(creatorId.Value));
    }

    private static async Task<Results<Ok<CreatorPage>, ValidationProblem>> List(string? regionCode, string? status, string? after, int? limit,
        ClaimsPrincipal principal, CreatorReadModel creators, CancellationToken cancellationToken)
    {
        if (regionCode is not null && RegionCatalog.Find(regionCode) is null)
            return Problems.Validation("regionCode", $"Unknown region '{regionCode}'.");
        if (status is not null && status is not (CreatorStatuses.Pending or CreatorStatuses.Verified or CreatorStatuses.Rejected))
            return Problems.Validation("status", "One of pending, verified, rejected.");
        if (after is not null && !EntityIds.IsValid(after)) return Problems.Validation("after", "Not a creator id.");
        if (!Paging.TryTake(limit, out var take, out var invalid)) return invalid!;
        var rows = await creators.ListCreatorsAsync(regionCode, status, after, take + 1, cancellationToken);
        var (items, next) = Paging.Page(rows, take, c => ToResponse(c, principal, following: false, staff: false), c => c.CreatorId);
        return TypedResults.Ok(new CreatorPage(items, next));
    }

    private static async Task<Results<Ok<CreatorResponse>, ProblemHttpResult>> Get(string creatorId, ClaimsPrincipal principal,
        CreatorReadModel creators, EntityGateway entities, CancellationToken cancellationToken)
    {
        var userId = principal.UserId();
        var following = await creators.IsFollowingAsync(creatorId, userId, cancellationToken);
        if (await creators.FindCreatorAsync(creatorId, cancellationToken) is { } listing)
        {
            var staff = (await creators.StaffAsync(creatorId, cancellationToken)).Contains(userId);
            return TypedResults.Ok(ToResponse(listing, principal, following, staff));
        }
        // Registered a moment ago: the entity answers until the read model has the account.
        if (!(await entities.AskAsync<CreatorRegion, CreatorView>(new GetCreator(new CreatorId(creatorId)), cancellationToken))
                .TryGet(out var view, out var rejected))
            return Problems.FromRejection(rejected);
        var response = ToResponse(new CreatorListing(view.CreatorId.Value, view.Name, view.OrgType, view.RegionCode, view.Status,
            view.VerificationReason, view.OwnerId.Value, 0, view.WorkCount, view.RegisteredAt, view.Seq), principal, following,
            view.IsStaff(userId));
        return TypedResults.Ok(response);
    }

    private static async Task<Ok<List<CreatorResponse>>> Mine(ClaimsPrincipal principal, CreatorReadModel creators,
        CancellationToken cancellationToken)
    {
        var rows = await creators.StaffedByAsync(principal.UserId(), cancellationToken);
        return TypedResults.Ok(rows.Select(c => ToResponse(c, principal, following: false, staff: true)).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Verify(string creatorId, VerificationRequest request,
        ClaimsPrincipal principal, EntityGateway entities, TimeProvider clock, CancellationToken cancellationToken) =>
        Reply(await entities.SendAsync<CreatorRegion>(new DecideVerification(new CreatorId(creatorId), request.Approved!.Value, request.Reason,
            new UserId(principal.UserId()), clock.GetUtcNow()), cancellationToken));

    private static async Task<Results<Ok<List<StaffMemberResponse>>, ProblemHttpResult>> Staff(string creatorId, ClaimsPrincipal principal,
        EntityGateway entities, CancellationToken cancellationToken)
    {
        if (!(await entities.AskAsync<CreatorRegion, CreatorView>(new GetCreator(new CreatorId(creatorId)), cancellationToken))
                .TryGet(out var creator, out var rejected))
            return Problems.FromRejection(rejected);
        if (!creator.IsStaff(principal.UserId()) && !principal.IsModerator())
            return Problems.Forbidden("The staff list is for the account's staff.");
        var members = new List<StaffMemberResponse>();
        foreach (var member in creator.Staff)
        {
            var user = (await entities.AskAsync<UserRegion, UserView>(new GetUser(new UserId(member)), cancellationToken)).View;
            members.Add(new StaffMemberResponse(member, user?.DisplayName ?? "", member == creator.OwnerId.Value));
        }
        return TypedResults.Ok(members.OrderByDescending(m => m.Owner).ThenBy(m => m.DisplayName, StringComparer.Ordinal).ToList());
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> AddStaff(string creatorId, AddStaffRequest request,
        ClaimsPrincipal principal, EntityGateway entities, UserIds ids, TimeProvider clock, CancellationToken cancellationToken)
    {
        var member = ids.Of(UserNames.Normalize(request.UserName));
        if ((await entities.AskAsync<UserRegion, UserView>(new GetUser(member), cancellationToken)).View is null)
            return Problems.Validation("userName", $"No user '{request.UserName}'.");
        return Reply(await entities.SendAsync<CreatorRegion>(new Contracts.Creators.AddStaff(new CreatorId(creatorId), member,
            new UserId(principal.UserId()), clock.GetUtcNow()), cancellationToken));
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> RemoveStaff(string creatorId, string userId,
        ClaimsPrincipal principal, EntityGateway entities, TimeProvider clock, CancellationToken cancellationToken) =>
        Reply(await entities.SendAsync<CreatorRegion>(new Contracts.Creators.RemoveStaff(new CreatorId(creatorId), new UserId(userId),
            new UserId(principal.UserId()), clock.GetUtcNow()), cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> Follow(string creatorId, ClaimsPrincipal principal, EntityGateway entities,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if ((await entities.AskAsync<CreatorRegion, CreatorView>(new GetCreator(new CreatorId(creatorId)), cancellationToken)).Rejected is { } unknown)
            return Problems.FromRejection(unknown);
        var reply = await entities.SendAsync<UserRegion>(new FollowCreator(new UserId(principal.UserId()), new CreatorId(creatorId),
            clock.GetUtcNow()), cancellationToken);
        return reply is CommandRejected rejected ? Problems.FromRejection(rejected) : TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Unfollow(string creatorId, ClaimsPrincipal principal, EntityGateway entities,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var reply = await entities.SendAsync<UserRegion>(new UnfollowCreator(new UserId(principal.UserId()), new CreatorId(creatorId),
            clock.GetUtcNow()), cancellationToken);
        return reply is CommandRejected rejected ? Problems.FromRejection(rejected) : TypedResults.NoContent();
    }

    private static Results<NoContent, ProblemHttpResult, ValidationProblem> Reply(CommandReply reply) =>
        reply is CommandRejected rejected ? Problems.FromRejection(rejected) : TypedResults.NoContent();

    private static CreatorResponse ToResponse(CreatorListing creator, ClaimsPrincipal caller, bool following, bool staff) =>
        new(creator.CreatorId, creator.Name, creator.OrgType, creator.RegionCode, RegionCatalog.Find(creator.RegionCode)?.Tier ?? "",
            creator.Status, staff || caller.IsModerator() ? creator.VerificationReason : null, creator.Followers, creator.Works,
            creator.RegisteredAt, following, staff, creator.OwnerId == caller.UserId(), creator.LastSeq);
}
