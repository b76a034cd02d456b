using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Community.Cluster.Hosting;
using Community.Cluster.Regions;
using Community.Cluster.Users;
using Community.Contracts.Common;
using Community.Contracts.Users;
using Community.Web.Auth;
using Community.Web.Hosting;
using Community.Web.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Community.Web.Users;

public sealed record RefreshRequest([property: Required, StringLength(300)] string RefreshToken) : IValidatedRequest;

/// <param name="Current">The session of the token this list was asked with.</param>
public sealed record SessionItem(string SessionId, string ClientId, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, bool Current);

public sealed record SessionList(IReadOnlyList<SessionItem> Items, string? Next);

/// <summary>Sessions after sign-in: refresh (rotating the refresh token), sign-out, the user's sessions and ending one,
/// and an admin's revocation of a role. Each change reaches every node's session check at once (<see cref="SessionCache"/>).</summary>
public static class SessionsApi
{
    public const string RefreshRateLimit = "session-refresh";
    public const string SessionWritesRateLimit = "session-writes";

    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("api/sessions").WithTags("Accounts").AllowAnonymous()
            .MapPost("refresh", Refresh).WithValidation().RequireRateLimiting(RefreshRateLimit)
            .WithName("refreshSession").WithSummary("Exchange a refresh token for new tokens (the old refresh token stops working)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status429TooManyRequests);

        var signedIn = app.MapGroup("api").WithTags("Accounts").RequireAuthorization().WithEntityIds();
        signedIn.MapDelete("sessions/current", SignOut).RequireRateLimiting(SessionWritesRateLimit)
            .WithName("signOut").WithSummary("Sign out: end the session of this token")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status429TooManyRequests);
        signedIn.MapGet("me/sessions", ListSessions)
            .WithName("listMySessions").WithSummary("The signed-in user's open sessions, most recently used first")
            .ProducesProblems(StatusCodes.Status401Unauthorized);
        signedIn.MapDelete("me/sessions/{sessionId}", EndSession).RequireRateLimiting(SessionWritesRateLimit)
            .WithName("endMySession").WithSummary("End one of the signed-in user's sessions (its tokens stop working at once)")
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests);

        app.MapGroup("api/admin").WithTags("Admin").RequireAuthorization(Policies.Admin).WithEntityIds()
            .MapDelete("users/{userId}/roles/{role}", RevokeRole).RequireRateLimiting(SessionWritesRateLimit)
            .WithName("revokeRole").WithSummary("Take a role away from a user (admins only); it takes effect on the user's next request")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> Refresh(RefreshRequest request, EntityGateway entities,
        TokenService tokens, AuthOptions options, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (TokenService.ParseRefreshToken(request.RefreshToken) is not var (sessionId, userId))
            return Problems.Unauthorized("Not a refresh token; sign in again.");
        var user = new UserId(userId);
        var next = TokenService.NewRefreshToken(sessionId, userId);
        var reply = await entities.AskAsync<UserRegion, SessionView>(new RefreshSession(user, sessionId,
            TokenService.Hash(request.RefreshToken), TokenService.Hash(next), options.SessionIdleLimit, clock.GetUtcNow()), cancellationToken);
        if (!reply.TryGet(out var session, out var rejected))
            return Problems.Unauthorized(rejected.Reason == RejectionReason.NotFound ? "Not a refresh token; sign in again." : rejected.Detail);
        if (!(await entities.AskAsync<UserRegion, UserView>(new GetUser(user), cancellationToken)).TryGet(out var view, out var gone))
            return Problems.FromRejection(gone);
        var client = RegionCatalog.FindClient(session.ClientId) ?? RegionCatalog.Clients[0];
        var (token, expiresIn) = tokens.Issue(view, client, sessionId);
        return TypedResults.Ok(new SessionResponse(token, next, expiresIn, userId, view.Roles, sessionId));
    }

    private static async Task<NoContent> SignOut(ClaimsPrincipal principal, EntityGateway entities, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        await entities.SendAsync<UserRegion>(new Contracts.Users.EndSession(new UserId(principal.UserId()), principal.SessionId()!,
            "signed-out", clock.GetUtcNow()), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<SessionList>, ProblemHttpResult>> ListSessions(ClaimsPrincipal principal, EntityGateway entities,
        CancellationToken cancellationToken)
    {
        if (!(await entities.AskAsync<UserRegion, UserSessions>(new GetSessions(new UserId(principal.UserId())), cancellationToken))
                .TryGet(out var sessions, out var rejected))
            return Problems.FromRejection(rejected);
        var current = principal.SessionId();
        return TypedResults.Ok(new SessionList(
            [.. sessions.Sessions.Select(s => new SessionItem(s.SessionId, s.ClientId, s.CreatedAt, s.LastSeenAt, s.SessionId == current))],
            null));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> EndSession(string sessionId, ClaimsPrincipal principal,
        EntityGateway entities, TimeProvider clock, CancellationToken cancellationToken)
    {
        var user = new UserId(principal.UserId());
        if (!(await entities.AskAsync<UserRegion, UserSessions>(new GetSessions(user), cancellationToken)).TryGet(out var sessions, out var rejected))
            return Problems.FromRejection(rejected);
        if (sessions.Sessions.All(s => s.SessionId != sessionId)) return Problems.NotFound($"No open session '{sessionId}'.");
        await entities.SendAsync<UserRegion>(new Contracts.Users.EndSession(user, sessionId, "ended-by-user", clock.GetUtcNow()),
            cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeRole(string userId, string role, ClaimsPrincipal principal,
        EntityGateway entities, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Roles.All.Contains(role)) return Problems.NotFound($"No role '{role}'.");
        return await entities.SendAsync<UserRegion>(new Contracts.Users.RevokeRole(new UserId(userId), role, new UserId(principal.UserId()),
                clock.GetUtcNow()), cancellationToken) is CommandRejected rejected
            ? Problems.FromRejection(rejected)
            : TypedResults.NoContent();
    }
}
