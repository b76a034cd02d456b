using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Community.Cluster.Circles;
using Community.Cluster.Hosting;
using Community.Cluster.Users;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Web.Auth;
using Community.Web.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Community.Web.Circles;

public sealed record CreateTopicRequest(
    [property: Required, StringLength(60, MinimumLength = 2), SingleLineName] string Title,
    [property: Required, StringLength(1000), FreeText(AllowMarkup = false)] string Description,
    [property: Required] DateTimeOffset? StartsAt,
    [property: Required] DateTimeOffset? EndsAt) : IValidatedRequest
{
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(366);

    public IValidatedRequest Normalized() => this with { Title = TextRules.NormalizeName(Title)!, Description = Description?.Trim()! };

    public Dictionary<string, string[]> Validate() =>
        EndsAt <= StartsAt ? new() { ["endsAt"] = ["A topic ends after it starts."] }
        : EndsAt - StartsAt > MaxLength ? new() { ["endsAt"] = ["A topic lasts at most a year."] }
        : [];
}

public sealed record CreatedTopic(string TopicId);

public sealed record TopicResponse(string TopicId, string Title, string Description, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    bool Open, long PostCount, long ParticipantCount);

public sealed record TopicPage(IReadOnlyList<TopicResponse> Items, string? Next);

/// <summary>Topic activities of a circle: opened by its owner or moderators while they are members (or by a platform
/// moderator, member or not); members post to an open one with <c>topicId</c>.</summary>
public static class CircleTopicsApi
{
    public static IEndpointRouteBuilder MapCircleTopicsApi(this IEndpointRouteBuilder app)
    {
        var topics = app.MapGroup("api/circles/{circleId}/topics").WithTags("Circle topics").RequireAuthorization().WithEntityIds();
        topics.MapPost("", Create).WithValidation().RequireRateLimiting(CirclesApi.WritesRateLimit)
            .WithName("createCircleTopic").WithSummary("Open a topic activity (the circle's owner or moderators, a moderator)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests);
        topics.MapGet("", List)
            .WithName("listCircleTopics").WithSummary("A circle's topics, newest first")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>A replay with the same <c>Idempotency-Key</c> is answered with the topic the first request opened; the key
    /// with another body is a 422. The key is the caller's in this circle's topics.</summary>
    private static async Task<Results<Created<CreatedTopic>, ProblemHttpResult, ValidationProblem>> Create(string circleId,
        CreateTopicRequest request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey, ClaimsPrincipal principal,
        EntityGateway entities, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (IdempotencyKey.Invalid(idempotencyKey) is { } invalid) return invalid;
        var topicId = IdempotencyKey.NewId("t", $"circles/{circleId}/topics", principal.UserId(), idempotencyKey);
        var circle = new CircleId(circleId);
        var by = new UserId(principal.UserId());
        var (title, description, startsAt, endsAt, at) = (request.Title, request.Description, request.StartsAt!.Value, request.EndsAt!.Value,
            clock.GetUtcNow());
        // A platform moderator opens a topic in any circle without joining it. The circle's owner and moderators open
        // one as members: through their user entity, which forwards it only while they are in the circle.
        var reply = principal.IsModerator()
            ? await entities.SendAsync<CircleRegion>(new CreateTopic(circle, topicId, by, true, title, description, startsAt, endsAt, at),
                cancellationToken)
            : await entities.SendAsync<UserRegion>(new OpenTopic(by, circle, topicId, title, description, startsAt, endsAt, at),
                cancellationToken);
        return reply is CommandAccepted
            ? TypedResults.Created($"/api/circles/{circleId}/topics", new CreatedTopic(topicId))
            : await CircleRoutes.RejectionAsync(reply, circleId, entities, cancellationToken);
    }

    private static async Task<Results<Ok<TopicPage>, ProblemHttpResult>> List(string circleId, CircleReadModel circles, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (await circles.FindAsync(circleId, cancellationToken) is null) return Problems.NotFound($"No circle '{circleId}'.");
        var now = clock.GetUtcNow();
        var topics = await circles.TopicsAsync(circleId, cancellationToken);
        return TypedResults.Ok(new TopicPage(topics.Select(t => new TopicResponse(t.TopicId, t.Title, t.Description, t.StartsAt, t.EndsAt,
            now >= t.StartsAt && now < t.EndsAt, t.PostCount, t.ParticipantCount)).ToList(), null));
    }
}
