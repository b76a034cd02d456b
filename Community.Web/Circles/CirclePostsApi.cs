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

/// <summary>Post and comment text: free text (<see cref="FreeTextAttribute"/>) with links, stored as written and encoded
/// on output, so markup is shown as text, never rejected or rewritten.</summary>
public sealed record CreatePostRequest(
    [property: Required, StringLength(CircleState.MaxTextLength, MinimumLength = 1), FreeText] string Text,
    string[]? ImageUrls = null,
    [property: RegularExpression(EntityIds.Pattern, ErrorMessage = "Not a topic id.")] string? TopicId = null) : IValidatedRequest
{
    public const int MaxImages = 9;

    public Dictionary<string, string[]> Validate()
    {
        if (ImageUrls is null) return [];
        if (ImageUrls.Length > MaxImages) return new() { ["imageUrls"] = [$"At most {MaxImages} images."] };
        var bad = ImageUrls.Where(url => !IsHttpUrl(url)).ToArray();
        return bad.Length == 0 ? [] : new() { ["imageUrls"] = ["Image URLs must be absolute http(s) URLs of at most 2,000 characters."] };
    }

    private static bool IsHttpUrl(string? url) =>
        url is { Length: <= 2000 } && Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}

public sealed record CreateCommentRequest(
    [property: Required, StringLength(CircleState.MaxTextLength, MinimumLength = 1), FreeText] string Text) : IValidatedRequest;

public sealed record CreatedPost(string PostId, long Seq);

public sealed record CreatedComment(string CommentId, long Seq);

/// <param name="Ticket">The help ticket the post was turned into, with its status; null for an ordinary post.</param>
public sealed record PostResponse(string PostId, long Seq, string AuthorId, string AuthorName, string Text, IReadOnlyList<string> ImageUrls,
    string? TopicId, DateTimeOffset CreatedAt, long LikeCount, long CommentCount, PostTicketResponse? Ticket)
{
    public static PostResponse Of(PostListing p) => new(p.PostId, p.Seq, p.AuthorId, p.AuthorName, p.Text, p.ImageUrls, p.TopicId, p.CreatedAt,
        p.LikeCount, p.CommentCount, p.Ticket is { } t ? new PostTicketResponse(t.TicketId, t.Status, t.DepartmentId, t.Resolution) : null);
}

/// <param name="Resolution">The department's resolution, while the ticket is public.</param>
public sealed record PostTicketResponse(string TicketId, string Status, string? DepartmentId, string? Resolution);

/// <param name="LastSeq">The circle's last seq in the read model when the page was read: join the live hub after it.</param>
public sealed record PostPage(IReadOnlyList<PostResponse> Items, long? Next, long LastSeq);

/// <param name="Department">Set when the comment is a department's public answer to the post's ticket (the author is
/// then the department).</param>
public sealed record CommentResponse(string CommentId, long Seq, string PostId, string AuthorId, string AuthorName, string Text,
    DateTimeOffset CreatedAt, DepartmentReplyResponse? Department);

public sealed record DepartmentReplyResponse(string DepartmentId, string TicketId);

public sealed record CommentPage(IReadOnlyList<CommentResponse> Items, long? Next);

/// <summary>Posts, comments and likes of a circle. Writes go through the member's user entity (membership check) to
/// the circle; reads come from the circles read model.</summary>
public static class CirclePostsApi
{
    /// <summary>The per-user quota of accepted posts and comments (<see cref="CircleOptions.PostsPerUserPerMinute"/>), taken
    /// after validation and only for accepted writes (<see cref="ContentQuota"/>).</summary>
    public const string PostingRateLimit = "posting";

    public static IEndpointRouteBuilder MapCirclePostsApi(this IEndpointRouteBuilder app)
    {
        var posts = app.MapGroup("api/circles/{circleId}/posts").WithTags("Circle posts").RequireAuthorization().WithEntityIds();
        posts.MapPost("", CreatePost).WithValidation().WithContentQuota(PostingRateLimit)
            .RequireRateLimiting(CirclesApi.WritesRateLimit)
            .WithName("createCirclePost").WithSummary("Post in a circle (members only)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests);
        posts.MapGet("", ListPosts)
            .WithName("listCirclePosts").WithSummary("A circle's posts: in seq order after `after`, or newest first before `before`")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);
        posts.MapGet("{postId}", GetPost)
            .WithName("getCirclePost").WithSummary("One post (the `Location` of a created post)")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);
        posts.MapDelete("{postId}", RemovePost).RequireRateLimiting(CirclesApi.WritesRateLimit)
            .WithName("removeCirclePost").WithSummary("Remove a post (its author, the circle's owner or moderators, a moderator)")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
                StatusCodes.Status429TooManyRequests);
        posts.MapPost("{postId}/comments", AddComment).WithValidation().WithContentQuota(PostingRateLimit)
            .RequireRateLimiting(CirclesApi.WritesRateLimit)
            .WithName("createPostComment").WithSummary("Comment on a post (members only)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests);
        posts.MapGet("{postId}/comments", ListComments)
            .WithName("listPostComments").WithSummary("A post's comments in seq order")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);
        posts.MapPut("{postId}/likes/me", (string circleId, string postId, ClaimsPrincipal principal, EntityGateway entities,
            TimeProvider clock, CancellationToken cancellationToken) => SetLike(circleId, postId, true, principal, entities, clock, cancellationToken))
            .RequireRateLimiting(CirclesApi.WritesRateLimit)
            .WithName("likePost").WithSummary("Like a post (idempotent)")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
                StatusCodes.Status429TooManyRequests);
        posts.MapDelete("{postId}/likes/me", (string circleId, string postId, ClaimsPrincipal principal, EntityGateway entities,
            TimeProvider clock, CancellationToken cancellationToken) => SetLike(circleId, postId, false, principal, entities, clock, cancellationToken))
            .RequireRateLimiting(CirclesApi.WritesRateLimit)
            .WithName("unlikePost").WithSummary("Take back a like (idempotent)")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound,
                StatusCodes.Status429TooManyRequests);
        return app;
    }

    /// <summary>A replay with the same <c>Idempotency-Key</c> is answered with the first post; the key with another body is
    /// a 422. The key is the caller's in this circle's posts.</summary>
    private static async Task<Results<Created<CreatedPost>, ProblemHttpResult, ValidationProblem>> CreatePost(
        string circleId, CreatePostRequest request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey,
        ClaimsPrincipal principal, EntityGateway entities, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (IdempotencyKey.Invalid(idempotencyKey) is { } invalid) return invalid;
        var author = principal.UserId();
        var postId = IdempotencyKey.NewId("p", $"circles/{circleId}/posts", author, idempotencyKey);
        var reply = await entities.SendAsync<UserRegion>(new CreatePost(new UserId(author), new CircleId(circleId), postId, "",
            request.Text, [.. request.ImageUrls ?? []], request.TopicId, clock.GetUtcNow()), cancellationToken);
        return reply is CommandAccepted accepted
            ? TypedResults.Created($"/api/circles/{circleId}/posts/{postId}", new CreatedPost(postId, accepted.Seq))
            : await CircleRoutes.RejectionAsync(reply, circleId, entities, cancellationToken);
    }

    private static async Task<Results<Ok<PostPage>, ProblemHttpResult, ValidationProblem>> ListPosts(
        string circleId, long? after, long? before, int? limit, string? topicId, CircleReadModel circles, EntityGateway entities,
        CancellationToken cancellationToken)
    {
        if (topicId is not null && !EntityIds.IsValid(topicId))
            return Problems.Validation("topicId", "Not a topic id.");
        if (Paging.InvalidAfter(after) is { } badAfter) return badAfter;
        if (before is < 1) return Problems.Validation("before", "1 or more.");
        if (!Paging.TryTake(limit, out var take, out var invalid)) return invalid!;
        // Read first: lastSeq is then at most what the rows reflect, and a join after it misses nothing.
        var circle = await circles.FindAsync(circleId, cancellationToken);
        if (circle is null)
            // A circle created a moment ago may not have reached the read model yet.
            return (await entities.AskAsync<CircleRegion, CircleView>(new GetCircle(new CircleId(circleId)), cancellationToken)).View is not null
                ? TypedResults.Ok(new PostPage([], null, 0))
                : Problems.NotFound($"No circle '{circleId}'.");
        var rows = await circles.PostsAsync(circleId, after, before, take + 1, cancellationToken, topicId);
        var (items, next) = Paging.Page(rows, take, PostResponse.Of, p => (long?)p.Seq);
        return TypedResults.Ok(new PostPage(items, next, circle.LastSeq));
    }

    /// <summary>From the read model, like the list: a post created a moment ago may answer 404 for a moment.</summary>
    private static async Task<Results<Ok<PostResponse>, ProblemHttpResult>> GetPost(string circleId, string postId, CircleReadModel circles,
        CancellationToken cancellationToken) =>
        await circles.FindPostAsync(circleId, postId, cancellationToken) is { } p
            ? TypedResults.Ok(PostResponse.Of(p))
            : Problems.NotFound($"No post '{postId}' in circle '{circleId}'.");

    /// <summary>A replay with the same <c>Idempotency-Key</c> (soon after: the circle remembers its recent comments) is
    /// answered with the first comment; the key with another text is a 422. The key is the caller's on this post.</summary>
    private static async Task<Results<Created<CreatedComment>, ProblemHttpResult, ValidationProblem>> AddComment(
        string circleId, string postId, CreateCommentRequest request, [FromHeader(Name = IdempotencyKey.Header)] string? idempotencyKey,
        ClaimsPrincipal principal, EntityGateway entities, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (IdempotencyKey.Invalid(idempotencyKey) is { } invalid) return invalid;
        var author = principal.UserId();
        var commentId = IdempotencyKey.NewId("m", $"circles/{circleId}/posts/{postId}/comments", author, idempotencyKey);
        var reply = await entities.SendAsync<UserRegion>(new AddComment(new UserId(author), new CircleId(circleId), postId,
            commentId, "", request.Text, clock.GetUtcNow()), cancellationToken);
        return reply is CommandAccepted accepted
            ? TypedResults.Created($"/api/circles/{circleId}/posts/{postId}/comments?after={accepted.Seq - 1}",
                new CreatedComment(commentId, accepted.Seq))
            : await CircleRoutes.RejectionAsync(reply, circleId, entities, cancellationToken);
    }

    private static async Task<Results<Ok<CommentPage>, ProblemHttpResult, ValidationProblem>> ListComments(
        string circleId, string postId, long? after, int? limit, CircleReadModel circles, CancellationToken cancellationToken)
    {
        if (Paging.InvalidAfter(after) is { } badAfter) return badAfter;
        if (!Paging.TryTake(limit, out var take, out var invalid)) return invalid!;
        if (!await circles.PostExistsAsync(circleId, postId, cancellationToken))
            return Problems.NotFound($"No post '{postId}' in circle '{circleId}'.");
        var rows = await circles.CommentsAsync(circleId, postId, after ?? 0, take + 1, cancellationToken);
        var (items, next) = Paging.Page(rows, take, c => new CommentResponse(c.CommentId, c.Seq, c.PostId, c.AuthorId, c.AuthorName, c.Text,
            c.CreatedAt, c.Department is { } d ? new DepartmentReplyResponse(d.DepartmentId, d.TicketId) : null), c => (long?)c.Seq);
        return TypedResults.Ok(new CommentPage(items, next));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SetLike(string circleId, string postId, bool liked,
        ClaimsPrincipal principal, EntityGateway entities, TimeProvider clock, CancellationToken cancellationToken)
    {
        var reply = await entities.SendAsync<UserRegion>(new Contracts.Circles.SetLike(new UserId(principal.UserId()), new CircleId(circleId),
            postId, liked, clock.GetUtcNow()), cancellationToken);
        return reply is CommandAccepted
            ? TypedResults.NoContent()
            : await CircleRoutes.RejectionAsync(reply, circleId, entities, cancellationToken);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemovePost(string circleId, string postId, ClaimsPrincipal principal,
        EntityGateway entities, TimeProvider clock, CancellationToken cancellationToken)
    {
        var reply = await entities.SendAsync<CircleRegion>(new Contracts.Circles.RemovePost(new CircleId(circleId), postId,
            new UserId(principal.UserId()), principal.IsModerator(), "", clock.GetUtcNow()),
            cancellationToken);
        return reply is CommandRejected rejected ? Problems.FromRejection(rejected) : TypedResults.NoContent();
    }

}

/// <summary>What the circle routes share.</summary>
internal static class CircleRoutes
{
    /// <summary>A member act refused. The user entity answers Forbidden for a circle it never joined; whether that
    /// circle exists at all (404) only the circle knows.</summary>
    public static async Task<ProblemHttpResult> RejectionAsync(CommandReply reply, string circleId, EntityGateway entities,
        CancellationToken cancellationToken)
    {
        var rejected = (CommandRejected)reply;
        if (rejected.Reason == RejectionReason.Forbidden
            && (await entities.AskAsync<CircleRegion, CircleView>(new GetCircle(new CircleId(circleId)), cancellationToken)).Rejected is { } unknown)
            return Problems.FromRejection(unknown);
        return Problems.FromRejection(rejected);
    }
}
