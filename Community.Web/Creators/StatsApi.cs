using System.Collections.Immutable;
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
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Community.Web.Creators;

/// <summary>Readers' likes of works, the accounts' dashboards (numbers from the stats read model, never from an entity's
/// memory) and the operators' tasks.</summary>
public static class StatsApi
{
    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder app)
    {
        var likes = app.MapGroup("api/works/{workId}").WithTags("Works").RequireAuthorization().WithEntityIds();
        likes.MapGet("stats", WorkNumbers)
            .WithName("getWorkStats").WithSummary("A work's views, likes, shares and comments, and whether the caller likes it")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);
        likes.MapPut("likes/me", (string workId, ClaimsPrincipal principal, CreatorReadModel creators, EntityGateway entities, TimeProvider clock,
                CancellationToken cancellationToken) => SetLike(workId, true, principal, creators, entities, clock, cancellationToken))
            .RequireRateLimiting(CreatorsApi.WritesRateLimit)
            .WithName("likeWork").WithSummary("Like a published work (a repeat changes nothing)")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests);
        likes.MapDelete("likes/me", (string workId, ClaimsPrincipal principal, CreatorReadModel creators, EntityGateway entities, TimeProvider clock,
                CancellationToken cancellationToken) => SetLike(workId, false, principal, creators, entities, clock, cancellationToken))
            .RequireRateLimiting(CreatorsApi.WritesRateLimit)
            .WithName("unlikeWork").WithSummary("Take back one's like of a work (not liking it changes nothing)")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests);

        likes.MapPost("comments", Comment).WithValidation().RequireRateLimiting(CreatorsApi.WritesRateLimit)
            .WithName("commentOnWork").WithSummary("Comment on a published work (a retry with the same Idempotency-Key is answered with the first)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests);
        likes.MapGet("comments", Comments)
            .WithName("listWorkComments").WithSummary("A work's comments, oldest first")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);

        app.MapGroup("api/creators/{creatorId}").WithTags("Creators").RequireAuthorization().WithEntityIds()
            .MapGet("dashboard", Dashboard)
            .WithName("getCreatorDashboard").WithSummary("The account's numbers, daily series, works' numbers, reprints, tasks and boosts (staff, moderators)")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);

        var tasks = app.MapGroup("api/tasks").WithTags("Tasks").RequireAuthorization(Policies.Moderator);
        tasks.MapPost("", DefineTask).WithValidation().RequireRateLimiting(CreatorsApi.WritesRateLimit)
            .WithName("defineTask").WithSummary("Define a task for the accounts of an audience: a metric's target in a window, rewarded with points and a boost (operators)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests);
        tasks.MapGroup("{taskId}").WithEntityIds().MapGet("", GetTask)
            .WithName("getTask").WithSummary("One task's terms (operators)")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Ok<WorkStatsResponse>, ProblemHttpResult>> WorkNumbers(string workId, ClaimsPrincipal principal,
        CreatorReadModel creators, CreatorStatsReadModel stats, CancellationToken cancellationToken)
    {
        var work = await creators.FindWorkAsync(workId, cancellationToken);
        if (work is null || (work.Status != WorkStatuses.Published && !principal.IsModerator()
                && !(await creators.StaffAsync(work.CreatorId, cancellationToken)).Contains(principal.UserId())))
            return Problems.NotFound($"No work '{workId}'.");
        var (numbers, liked) = await stats.WorkAsync(workId, principal.UserId(), cancellationToken);
        return TypedResults.Ok(new WorkStatsResponse(workId, numbers?.Views ?? 0, numbers?.Likes ?? 0, numbers?.Shares ?? 0,
            numbers?.Comments ?? 0, liked));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetLike(string workId, bool liked, ClaimsPrincipal principal,
        CreatorReadModel creators, EntityGateway entities, TimeProvider clock, CancellationToken cancellationToken)
    {
        // Only a published work is liked; taking a like back is always possible.
        if (liked && (await creators.FindWorkAsync(workId, cancellationToken))?.Status != WorkStatuses.Published)
            return Problems.NotFound($"No published work '{workId}'.");
        var reply = await entities.SendAsync<UserRegion>(new LikeWork(new UserId(principal.UserId()), workId, liked, clock.GetUtcNow()),
            cancellationToken);
        return reply is CommandRejected rejected ? Problems.FromRejection(rejected) : TypedResults.NoContent();
    }

    private static async Task<Results<Created<CreatedWorkComment>, ProblemHttpResult, ValidationProblem>> Comment(string workId,
        WorkCommentRequest request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, ClaimsPrincipal principal,
        CreatorReadModel creators, EntityGateway entities, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (IdempotencyKey.Invalid(idempotencyKey) is { } invalid) return invalid;
        if ((await creators.FindWorkAsync(workId, cancellationToken))?.Status != WorkStatuses.Published)
            return Problems.NotFound($"No published work '{workId}'.");
        var commentId = IdempotencyKey.NewId("m", $"works/{workId}/comments", principal.UserId(), idempotencyKey);
        var reply = await entities.SendAsync<UserRegion>(new CommentOnWork(new UserId(principal.UserId()), workId, commentId, request.Text,
            clock.GetUtcNow()), cancellationToken);
        return reply is CommandRejected rejected
            ? Problems.FromRejection(rejected)
            : TypedResults.Created($"/api/works/{workId}/comments", new CreatedWorkComment(commentId));
    }

    private static async Task<Results<Ok<WorkCommentPage>, ProblemHttpResult, ValidationProblem>> Comments(string workId, long? after, int? limit,
        ClaimsPrincipal principal, CreatorReadModel creators, CreatorStatsReadModel stats, CancellationToken cancellationToken)
    {
        if (Paging.InvalidAfter(after) is { } badAfter) return badAfter;
        if (!Paging.TryTake(limit, out var take, out var invalid)) return invalid!;
        var work = await creators.FindWorkAsync(workId, cancellationToken);
        if (work is null || (work.Status != WorkStatuses.Published && !principal.IsModerator()
                && !(await creators.StaffAsync(work.CreatorId, cancellationToken)).Contains(principal.UserId())))
            return Problems.NotFound($"No work '{workId}'.");
        var rows = await stats.CommentsAsync(workId, after, take + 1, cancellationToken);
        var page = rows.Take(take).ToList();
        return TypedResults.Ok(new WorkCommentPage([.. page.Select(c => new WorkCommentResponse(c.CommentId, c.UserId, c.AuthorName, c.Text, c.At))],
            rows.Count > take ? page[^1].Position : null));
    }

    private static async Task<Results<Ok<DashboardResponse>, ProblemHttpResult>> Dashboard(string creatorId, ClaimsPrincipal principal,
        CreatorReadModel creators, CreatorStatsReadModel stats, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await creators.FindCreatorAsync(creatorId, cancellationToken) is not { } creator) return Problems.NotFound($"No creator '{creatorId}'.");
        if (!principal.IsModerator() && !(await creators.StaffAsync(creatorId, cancellationToken)).Contains(principal.UserId()))
            return Problems.Forbidden("The dashboard is for the account's staff.");
        var numbers = await stats.DashboardAsync(creatorId, creator.RegionCode, clock.GetUtcNow(), cancellationToken);

        // Titles from the works read model, for the works the numbers name.
        var titles = (await creators.FindWorksAsync([.. numbers.TopWorks.Select(w => w.WorkId).Concat(numbers.Boosts.Select(b => b.WorkId)).Distinct()],
            cancellationToken)).ToDictionary(w => w.WorkId, w => w.Content.Title, StringComparer.Ordinal);
        var reprints = new List<DashboardReprint>();
        foreach (var work in (await creators.WorksOfAsync(creatorId, includeUnpublished: false, before: null, limit: 50, cancellationToken))
                 .Where(w => w.ReprintCount > 0 && w.ReprintOfWorkId is null))
            foreach (var reprint in await creators.ReprintsAsync(work.WorkId, null, 20, cancellationToken))
                reprints.Add(new DashboardReprint(work.WorkId, work.Content.Title, reprint.ReprintId, reprint.CreatorId, reprint.CreatorName, reprint.At));

        var totals = numbers.Totals;
        return TypedResults.Ok(new DashboardResponse(creatorId, creator.Name, Math.Min(creator.LastSeq, numbers.LastSeq), totals.Followers, totals.Works, totals.Views,
            totals.Likes, totals.Shares, totals.Comments, numbers.Points,
            [.. numbers.Daily.Select(d => new DashboardDay(d.Date.ToString("yyyy-MM-dd"), d.Views, d.Likes, d.Shares, d.Comments, d.Followers))],
            [.. numbers.TopWorks.Select(w => new DashboardWork(w.WorkId, titles.GetValueOrDefault(w.WorkId, ""), w.Status, w.Views, w.Likes, w.Shares, w.Comments))],
            [.. reprints.OrderByDescending(r => r.At)],
            [.. numbers.Tasks.Select(t => DashboardTask.Of(t.Terms, t.Progress, t.Status))],
            [.. numbers.Boosts.Select(b => new DashboardBoost(b.WorkId, titles.GetValueOrDefault(b.WorkId, ""), b.Weight, b.Until))]));
    }

    /// <summary>The task's id comes from the Idempotency-Key: a retried definition is answered with the first.</summary>
    private static async Task<Results<Created<CreatedTask>, ProblemHttpResult, ValidationProblem>> DefineTask(DefineTaskRequest request,
        [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, ClaimsPrincipal principal, EntityGateway entities, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (IdempotencyKey.Invalid(idempotencyKey) is { } invalid) return invalid;
        var taskId = IdempotencyKey.NewId("task", "tasks", principal.UserId(), idempotencyKey);
        var reply = await entities.SendAsync<TaskRegion>(new Contracts.Creators.DefineTask(request.Terms(taskId), new UserId(principal.UserId()),
            clock.GetUtcNow()), cancellationToken);
        return reply is CommandRejected rejected
            ? Problems.FromRejection(rejected)
            : TypedResults.Created($"/api/tasks/{taskId}", new CreatedTask(taskId));
    }

    private static async Task<Results<Ok<TaskResponse>, ProblemHttpResult>> GetTask(string taskId, EntityGateway entities,
        CancellationToken cancellationToken) =>
        (await entities.AskAsync<TaskRegion, TaskView>(new Contracts.Creators.GetTask(taskId), cancellationToken)).TryGet(out var task, out var rejected)
            ? TypedResults.Ok(TaskResponse.Of(task))
            : Problems.FromRejection(rejected);
}

/// <summary>A reader's comment: plain text, markup and direction controls refused with the field named.</summary>
public sealed record WorkCommentRequest(
    [property: Required, StringLength(WorkLimits.MaxComment, MinimumLength = 1), FreeText(AllowMarkup = false)] string Text) : IValidatedRequest
{
    public IValidatedRequest Normalized() => this with { Text = Text?.Trim()! };
}

public sealed record CreatedWorkComment(string CommentId);

public sealed record WorkCommentResponse(string CommentId, string AuthorId, string AuthorName, string Text, DateTimeOffset At);

public sealed record WorkCommentPage(IReadOnlyList<WorkCommentResponse> Items, long? Next);

public sealed record WorkStatsResponse(string WorkId, long Views, long Likes, long Shares, long Comments, bool Liked);

public sealed record DashboardDay(string Date, long Views, long Likes, long Shares, long Comments, long Followers);

public sealed record DashboardWork(string WorkId, string Title, string Status, long Views, long Likes, long Shares, long Comments);

public sealed record DashboardReprint(string WorkId, string Title, string ReprintId, string ReprinterId, string ReprinterName, DateTimeOffset At);

public sealed record DashboardBoost(string WorkId, string Title, double Weight, DateTimeOffset Until);

public sealed record TaskWindow(DateTimeOffset From, DateTimeOffset To);

public sealed record TaskBoostResponse(double Weight, DateTimeOffset Until);

public sealed record TaskRewardResponse(long Points, TaskBoostResponse? Boost);

public sealed record TaskAudienceResponse(IReadOnlyList<string> Tiers, IReadOnlyList<string> RegionCodes);

/// <summary>A task as an account's dashboard (or an operator) sees it; <see cref="Progress"/> counts the metric within the
/// window by the hour.</summary>
public sealed record DashboardTask(string TaskId, string Title, string Metric, long Target, long Progress, string Status, TaskWindow Window,
    TaskRewardResponse Reward, TaskAudienceResponse Audience)
{
    public static DashboardTask Of(TaskTerms terms, long progress, string status) =>
        new(terms.TaskId, terms.Title, terms.Metric, terms.Target, progress, status, new TaskWindow(terms.From, terms.To),
            new TaskRewardResponse(terms.Reward.Points, terms.Reward.Boost is { } b ? new TaskBoostResponse(b.Weight, b.Until) : null),
            new TaskAudienceResponse(terms.Audience.Tiers.IsDefault ? [] : terms.Audience.Tiers,
                terms.Audience.RegionCodes.IsDefault ? [] : terms.Audience.RegionCodes));
}

/// <summary>A task's terms as an operator defined them (progress is per account: see the accounts' dashboards).</summary>
public sealed record TaskResponse(string TaskId, string Title, string Metric, long Target, TaskWindow Window, TaskRewardResponse Reward,
    TaskAudienceResponse Audience, string DefinedBy, DateTimeOffset DefinedAt)
{
    public static TaskResponse Of(TaskView task)
    {
        var terms = DashboardTask.Of(task.Terms, 0, TaskStatuses.Open);
        return new(terms.TaskId, terms.Title, terms.Metric, terms.Target, terms.Window, terms.Reward, terms.Audience, task.DefinedBy.Value, task.DefinedAt);
    }
}

public sealed record DashboardResponse(
    string CreatorId, string Name, long Seq, long Followers, long Works, long Views, long Likes, long Shares, long Comments, long Points,
    IReadOnlyList<DashboardDay> Daily, IReadOnlyList<DashboardWork> TopWorks, IReadOnlyList<DashboardReprint> Reprints,
    IReadOnlyList<DashboardTask> Tasks, IReadOnlyList<DashboardBoost> Boosts);

public sealed record CreatedTask(string TaskId);

public sealed record TaskWindowRequest(DateTimeOffset? From, DateTimeOffset? To);

public sealed record TaskBoostRequest(double? Weight, DateTimeOffset? Until);

public sealed record TaskRewardRequest(long Points = 0, TaskBoostRequest? Boost = null);

public sealed record TaskAudienceRequest(string[]? Tiers = null, string[]? RegionCodes = null);

/// <summary>An operator's task. Every field is checked here, naming it; the task entity checks the terms again.</summary>
public sealed record DefineTaskRequest(
    [property: Required, StringLength(TaskLimits.MaxTitle, MinimumLength = 1), SingleLineName] string Title,
    [property: Required] string Metric,
    [property: Range(1, TaskLimits.MaxTarget)] long Target,
    [property: Required] TaskWindowRequest Window,
    [property: Required] TaskRewardRequest Reward,
    TaskAudienceRequest? Audience = null) : IValidatedRequest
{
    public IValidatedRequest Normalized() => this with { Title = TextRules.NormalizeName(Title)!, Metric = Metric?.Trim()! };

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        // Missing parts are named by their [Required]; the rest is checked when they are there.
        if (Window is null || Reward is null || Metric is null) return errors;
        if (!TaskMetrics.All.Contains(Metric)) errors["metric"] = [$"One of {string.Join(", ", TaskMetrics.All)}."];
        if (Window.From is null) errors["window.from"] = ["Required."];
        if (Window.To is null) errors["window.to"] = ["Required."];
        if (Window is { From: { } from, To: { } to } && to <= from) errors["window.to"] = ["After window.from."];
        if (Reward.Boost is { } boost)
        {
            if (boost.Weight is not { } weight || !(weight > 1 && weight <= TaskLimits.MaxBoostWeight))
                errors["reward.boost.weight"] = [$"Above 1 and at most {TaskLimits.MaxBoostWeight}."];
            if (boost.Until is not { } until) errors["reward.boost.until"] = ["Required."];
            else if (Window.From is { } start && until <= start) errors["reward.boost.until"] = ["After window.from."];
        }
        if (Reward.Points is < 0 or > TaskLimits.MaxPoints) errors["reward.points"] = [$"Between 0 and {TaskLimits.MaxPoints}."];
        else if (Reward.Points == 0 && Reward.Boost is null) errors["reward"] = ["Points, a boost or both."];
        if (Audience?.Tiers?.FirstOrDefault(t => !Tiers.All.Contains(t)) is { } tier) errors["audience.tiers"] = [$"Unknown tier '{tier}'."];
        if (Audience?.RegionCodes is { Length: > TaskLimits.MaxRegions }) errors["audience.regionCodes"] = [$"At most {TaskLimits.MaxRegions} regions."];
        else if (Audience?.RegionCodes?.FirstOrDefault(r => RegionCatalog.Find(r) is null) is { } region)
            errors["audience.regionCodes"] = [$"Unknown region '{region}'."];
        return errors;
    }

    public TaskTerms Terms(string taskId) => new(taskId, Title, Metric, Target, Window.From!.Value, Window.To!.Value,
        new TaskReward(Reward.Points, Reward.Boost is { } b ? new TaskBoost(b.Weight!.Value, b.Until!.Value) : null),
        new TaskAudience([.. (Audience?.Tiers ?? []).Distinct()], [.. (Audience?.RegionCodes ?? []).Distinct()]));
}
