using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using Community.Cluster.Hosting;
using Community.Cluster.Regions;
using Community.Cluster.Users;
using Community.Contracts.Common;
using Community.Contracts.Users;
using Community.Web.Auth;
using Community.Web.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Community.Web.Users;

public sealed record RegisterAccountRequest(
    [property: Required, RegularExpression(UserNames.Pattern, ErrorMessage = "3 to 32 letters, digits, '_', '.' or '-'.")]
    string UserName,
    [property: Required, StringLength(128, MinimumLength = 8)] string Password,
    [property: Required, StringLength(40, MinimumLength = 1), SingleLineName, NotReserved] string DisplayName,
    [property: Required] string RegionCode) : IValidatedRequest
{
    public IValidatedRequest Normalized() => this with { DisplayName = TextRules.NormalizeName(DisplayName)! };

    public Dictionary<string, string[]> Validate() => AccountRules.Region(RegionCode);
}

public sealed record RegisteredAccount(string UserId);

public sealed record SignInRequest(
    [property: Required, StringLength(64)] string UserName,
    [property: Required, StringLength(128)] string Password,
    [property: Required] string ClientId) : IValidatedRequest
{
    public Dictionary<string, string[]> Validate() =>
        RegionCatalog.FindClient(ClientId) is null ? new() { ["clientId"] = [$"Unknown client '{ClientId}'."] } : [];
}

/// <param name="RefreshToken">Exchanged at <c>POST /api/sessions/refresh</c> for new tokens (each refresh token works
/// once: a second use ends the session).</param>
public sealed record SessionResponse(string AccessToken, string RefreshToken, int ExpiresIn, string UserId, IReadOnlyCollection<string> Roles,
    string SessionId);

public sealed record ProfileResponse(
    string UserId, string UserName, string DisplayName, string RegionCode, IReadOnlyCollection<string> Roles,
    string? DepartmentId, long Points, IReadOnlyCollection<string> Following, IReadOnlyCollection<string> Circles);

public sealed record UpdateProfileRequest(
    [property: StringLength(40, MinimumLength = 1), SingleLineName, NotReserved] string? DisplayName = null,
    string? RegionCode = null) : IValidatedRequest
{
    public IValidatedRequest Normalized() => this with { DisplayName = TextRules.NormalizeName(DisplayName) };

    public Dictionary<string, string[]> Validate() =>
        DisplayName is null && RegionCode is null
            ? new() { ["body"] = ["Give displayName, regionCode or both."] }
            : RegionCode is null ? [] : AccountRules.Region(RegionCode);
}

public sealed record GrantRoleRequest([property: Required] string Role, string? DepartmentId = null) : IValidatedRequest
{
    public Dictionary<string, string[]> Validate()
    {
        if (!Roles.Grantable.Contains(Role))
            return new() { ["role"] = [$"One of {string.Join(", ", Roles.Grantable)}."] };
        if (Role == Roles.Department && Community.Cluster.HelpTickets.DepartmentDirectory.Find(DepartmentId) is null)
            return new() { ["departmentId"] = ["The department role needs a known departmentId."] };
        if (Role != Roles.Department && DepartmentId is not null)
            return new() { ["departmentId"] = ["Only the department role takes a departmentId."] };
        return [];
    }
}

internal static class AccountRules
{
    public static Dictionary<string, string[]> Region(string code) =>
        RegionCatalog.Find(code) is null ? new() { ["regionCode"] = [$"Unknown region '{code}'."] } : [];
}

/// <summary>Accounts and sessions: one registration, sign-in from every registered client.</summary>
public static class UsersApi
{
    public const string SignInRateLimit = "sign-in";
    public const string RegistrationRateLimit = "registration";

    /// <summary>Profile changes per user (<see cref="Hosting.AuthOptions.ProfileUpdatesPerUserPerMinute"/>).</summary>
    public const string ProfileWritesRateLimit = "profile-writes";

    // A real hash to verify against when the user does not exist, so both failures cost the same time.
    private static readonly string UnknownUserHash = new PasswordHasher<string>().HashPassword("", Guid.NewGuid().ToString());

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var anonymous = app.MapGroup("api").WithTags("Accounts").AllowAnonymous();
        anonymous.MapPost("accounts", Register).WithValidation().RequireRateLimiting(RegistrationRateLimit)
            .WithName("registerAccount").WithSummary("Register an account, valid on every client")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status429TooManyRequests);
        anonymous.MapPost("sessions", SignIn).WithValidation().RequireRateLimiting(SignInRateLimit)
            .WithName("signIn").WithSummary("Sign in from a registered client and get an access token")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status429TooManyRequests);

        var me = app.MapGroup("api/me").WithTags("Accounts").RequireAuthorization();
        me.MapGet("", GetMe)
            .WithName("getMyProfile").WithSummary("The signed-in user's profile")
            .ProducesProblems(StatusCodes.Status401Unauthorized);
        me.MapPatch("", UpdateMe).WithValidation().RequireRateLimiting(ProfileWritesRateLimit)
            .WithName("updateMyProfile").WithSummary("Change the signed-in user's display name or region")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status429TooManyRequests);

        app.MapGroup("api/admin").WithTags("Admin").RequireAuthorization(Policies.Admin)
            .MapPost("users/{userId}/roles", GrantRole).WithValidation().RequireRateLimiting(SessionsApi.SessionWritesRateLimit)
            .WithName("grantRole").WithSummary("Grant a user a role (admins only)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static async Task<Results<Created<RegisteredAccount>, ProblemHttpResult>> Register(
        RegisterAccountRequest request, EntityGateway entities, UserIds ids, IPasswordHasher<string> hasher, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var userId = ids.Of(request.UserName);
        var hash = hasher.HashPassword(userId.Value, request.Password);
        var reply = await entities.SendAsync<UserRegion>(new RegisterUser(userId, request.UserName.Trim(), hash,
            request.DisplayName, request.RegionCode, clock.GetUtcNow()), cancellationToken);
        return reply is CommandRejected rejected
            ? Problems.FromRejection(rejected)
            : TypedResults.Created("/api/me", new RegisteredAccount(userId.Value));
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> SignIn(
        SignInRequest request, EntityGateway entities, UserIds ids, IPasswordHasher<string> hasher, TokenService tokens,
        SignInThrottle throttle, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var account = UserNames.Normalize(request.UserName);
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var user = UserNames.IsValid(request.UserName)
            ? (await entities.AskAsync<UserRegion, UserView>(new GetUser(ids.Of(request.UserName)), cancellationToken)).View
            : null;
        if (throttle.Refusal(account, address, user?.SessionAddresses.Contains(address) == true) is { } retryAfter)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Problems.TooManyRequests("Too many failed sign-ins for this account from here; wait and try again.");
        }

        var verdict = hasher.VerifyHashedPassword(user?.UserId.Value ?? "", user?.PasswordHash ?? UnknownUserHash, request.Password);
        if (user is null || verdict == PasswordVerificationResult.Failed)
        {
            throttle.Failed(account, address);
            return Problems.Unauthorized("Wrong user name or password.");
        }

        var (sessionId, refreshToken) = TokenService.NewSession(user.UserId.Value);
        if (await entities.SendAsync<UserRegion>(new StartSession(user.UserId, sessionId, request.ClientId,
                http.Connection.RemoteIpAddress?.ToString(), TokenService.Hash(refreshToken), clock.GetUtcNow()), cancellationToken)
            is CommandRejected refused)
            return Problems.FromRejection(refused);
        var (token, expiresIn) = tokens.Issue(user, RegionCatalog.FindClient(request.ClientId)!, sessionId);
        return TypedResults.Ok(new SessionResponse(token, refreshToken, expiresIn, user.UserId.Value, user.Roles, sessionId));
    }

    private static Task<Results<Ok<ProfileResponse>, ProblemHttpResult>> GetMe(
        ClaimsPrincipal principal, EntityGateway entities, CancellationToken cancellationToken) =>
        ProfileOf(new UserId(principal.UserId()), entities, cancellationToken);

    private static async Task<Results<Ok<ProfileResponse>, ProblemHttpResult>> ProfileOf(
        UserId userId, EntityGateway entities, CancellationToken cancellationToken) =>
        (await entities.AskAsync<UserRegion, UserView>(new GetUser(userId), cancellationToken)).TryGet(out var user, out var rejected)
            ? TypedResults.Ok(ToProfile(user))
            : Problems.FromRejection(rejected);

    private static async Task<Results<Ok<ProfileResponse>, ProblemHttpResult>> UpdateMe(
        UpdateProfileRequest request, ClaimsPrincipal principal, EntityGateway entities, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var userId = new UserId(principal.UserId());
        var reply = await entities.SendAsync<UserRegion>(
            new UpdateProfile(userId, request.DisplayName, request.RegionCode, clock.GetUtcNow()), cancellationToken);
        if (reply is CommandRejected rejected) return Problems.FromRejection(rejected);
        return await GetMe(principal, entities, cancellationToken);
    }

    private static async Task<Results<Ok<ProfileResponse>, ProblemHttpResult>> GrantRole(
        string userId, GrantRoleRequest request, ClaimsPrincipal principal, EntityGateway entities, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var target = new UserId(userId);
        var reply = await entities.SendAsync<UserRegion>(
            new Contracts.Users.GrantRole(target, request.Role, request.DepartmentId, new UserId(principal.UserId()), clock.GetUtcNow()),
            cancellationToken);
        if (reply is CommandRejected rejected) return Problems.FromRejection(rejected);
        return await ProfileOf(target, entities, cancellationToken);
    }

    private static ProfileResponse ToProfile(UserView user) =>
        new(user.UserId.Value, user.UserName, user.DisplayName, user.RegionCode, user.Roles, user.DepartmentId, user.Points, user.Following,
            user.Circles);
}
