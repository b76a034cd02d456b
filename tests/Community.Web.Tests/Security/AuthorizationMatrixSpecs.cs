using System.Net;
using System.Reflection;
using System.Text;
using Community.Web.Live;
using Community.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Community.Web.Tests.Security;

/// <summary>
/// Who may call what, walked from the running host's route table and the hub's methods rather than from a list of
/// tests: every route and verb the host maps must be in <see cref="Routes"/> (a route added without an entry fails,
/// naming it), every route is called with every role's token and with none, and every write route must have a
/// rate-limit policy. The hub's per-stream refusals (another user's stream, staff streams) are in
/// <c>Live/FollowSpecs</c>; here: anonymous cannot connect, every signed-in role connects and may call every method.
/// </summary>
[Collection(SharedAppCollection.Name)]
public sealed class AuthorizationMatrixSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    public enum Access
    {
        /// <summary>No token needed.</summary>
        Anonymous,

        /// <summary>Any signed-in user (the fallback policy).</summary>
        SignedIn,

        /// <summary>Moderators and admins.</summary>
        Moderator,

        /// <summary>Admins only.</summary>
        Admin,

        /// <summary>Department staff.</summary>
        Department,

        /// <summary>Reporters.</summary>
        Reporter,
    }

    public enum Role
    {
        Anonymous,
        Reader,
        Creator,
        Department,
        Reporter,
        Moderator,
        Admin,
    }

    /// <summary>How a route is limited: by a rate-limit policy of its own (required on every route that takes a verb other
    /// than GET), per hub call (the hub's transport), or not at all (the health probes: any verb, read only).</summary>
    public enum Limit
    {
        Policy,
        HubCalls,
        ReadOnlyProbe,
    }

    /// <summary>
    /// The matrix: for each route (verb and pattern, as the host maps them; <c>*</c> is any verb) who may call it.
    /// Server-side rules beyond the policy (members only, the circle's owner, the post's author) answer 403/404 from the
    /// handler and are specified with their areas.
    /// </summary>
    private static readonly Dictionary<string, (Access Access, Limit Limit)> Routes = new()
    {
        ["GET /openapi/{documentName}.json"] = (Access.Anonymous, Limit.Policy),
        ["GET /api-reference/{documentName?}"] = (Access.Anonymous, Limit.Policy),
        ["GET /api-reference/scalar.js"] = (Access.Anonymous, Limit.Policy),
        ["GET /api-reference/scalar.aspnetcore.js"] = (Access.Anonymous, Limit.Policy),
        ["GET /api-reference/favicon.svg"] = (Access.Anonymous, Limit.Policy),
        ["* /health/live"] = (Access.Anonymous, Limit.ReadOnlyProbe),
        ["* /health/ready"] = (Access.Anonymous, Limit.ReadOnlyProbe),
        ["GET /api/regions"] = (Access.Anonymous, Limit.Policy),
        ["GET /api/clients"] = (Access.Anonymous, Limit.Policy),

        ["POST /api/accounts"] = (Access.Anonymous, Limit.Policy),
        ["POST /api/sessions"] = (Access.Anonymous, Limit.Policy),
        ["POST /api/sessions/refresh"] = (Access.Anonymous, Limit.Policy),
        ["DELETE /api/sessions/current"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/me"] = (Access.SignedIn, Limit.Policy),
        ["PATCH /api/me"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/me/sessions"] = (Access.SignedIn, Limit.Policy),
        ["DELETE /api/me/sessions/{sessionId}"] = (Access.SignedIn, Limit.Policy),
        ["POST /api/admin/users/{userId}/roles"] = (Access.Admin, Limit.Policy),
        ["DELETE /api/admin/users/{userId}/roles/{role}"] = (Access.Admin, Limit.Policy),

        ["POST /api/circles"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/circles"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/circles/{circleId}"] = (Access.SignedIn, Limit.Policy),
        ["POST /api/circles/{circleId}/members"] = (Access.SignedIn, Limit.Policy),
        ["DELETE /api/circles/{circleId}/members/me"] = (Access.SignedIn, Limit.Policy),
        ["POST /api/circles/{circleId}/posts"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/circles/{circleId}/posts"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/circles/{circleId}/posts/{postId}"] = (Access.SignedIn, Limit.Policy),
        ["DELETE /api/circles/{circleId}/posts/{postId}"] = (Access.SignedIn, Limit.Policy),
        ["POST /api/circles/{circleId}/posts/{postId}/comments"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/circles/{circleId}/posts/{postId}/comments"] = (Access.SignedIn, Limit.Policy),
        ["PUT /api/circles/{circleId}/posts/{postId}/likes/me"] = (Access.SignedIn, Limit.Policy),
        ["DELETE /api/circles/{circleId}/posts/{postId}/likes/me"] = (Access.SignedIn, Limit.Policy),
        ["POST /api/circles/{circleId}/topics"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/circles/{circleId}/topics"] = (Access.SignedIn, Limit.Policy),

        ["POST /api/creators"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/creators"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/creators/{creatorId}"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/me/creators"] = (Access.SignedIn, Limit.Policy),
        ["POST /api/creators/{creatorId}/verification"] = (Access.Moderator, Limit.Policy),
        ["GET /api/creators/{creatorId}/staff"] = (Access.SignedIn, Limit.Policy),
        ["POST /api/creators/{creatorId}/staff"] = (Access.SignedIn, Limit.Policy),
        ["DELETE /api/creators/{creatorId}/staff/{userId}"] = (Access.SignedIn, Limit.Policy),
        ["POST /api/creators/{creatorId}/followers"] = (Access.SignedIn, Limit.Policy),
        ["DELETE /api/creators/{creatorId}/followers/me"] = (Access.SignedIn, Limit.Policy),
        ["POST /api/creators/{creatorId}/works"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/creators/{creatorId}/works"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/works/{workId}"] = (Access.SignedIn, Limit.Policy),
        ["PATCH /api/works/{workId}"] = (Access.SignedIn, Limit.Policy),
        ["POST /api/works/{workId}/publication"] = (Access.SignedIn, Limit.Policy),
        ["POST /api/works/{workId}/withdrawal"] = (Access.SignedIn, Limit.Policy),
        ["POST /api/works/{workId}/reprints"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/works/{workId}/reprints"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/channels/{regionCode}/works"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/alliance/works"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/works/{workId}/stats"] = (Access.SignedIn, Limit.Policy),
        ["PUT /api/works/{workId}/likes/me"] = (Access.SignedIn, Limit.Policy),
        ["DELETE /api/works/{workId}/likes/me"] = (Access.SignedIn, Limit.Policy),
        ["POST /api/works/{workId}/comments"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/works/{workId}/comments"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/creators/{creatorId}/dashboard"] = (Access.SignedIn, Limit.Policy),
        ["POST /api/tasks"] = (Access.Moderator, Limit.Policy),
        ["GET /api/tasks/{taskId}"] = (Access.Moderator, Limit.Policy),

        ["POST /api/tickets"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/tickets/mine"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/tickets/review"] = (Access.Moderator, Limit.Policy),
        ["GET /api/tickets/leads"] = (Access.Reporter, Limit.Policy),
        ["PUT /api/tickets/{ticketId}/followers/me"] = (Access.Reporter, Limit.Policy),
        ["DELETE /api/tickets/{ticketId}/followers/me"] = (Access.Reporter, Limit.Policy),
        ["POST /api/tickets/{ticketId}/reports"] = (Access.Reporter, Limit.Policy),
        // The public column and the categories are read without an account (the column is the citizens' window).
        ["GET /api/tickets/public"] = (Access.Anonymous, Limit.Policy),
        ["GET /api/tickets/categories"] = (Access.Anonymous, Limit.Policy),
        ["GET /api/tickets/stats"] = (Access.SignedIn, Limit.Policy),
        // Duplicate hints: public tickets for anyone signed in, private ones only as the caller may read them.
        ["GET /api/tickets/similar"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/tickets/{ticketId}"] = (Access.SignedIn, Limit.Policy),
        ["POST /api/tickets/{ticketId}/review"] = (Access.Moderator, Limit.Policy),
        // The moderators and the departments concerned: the ticket decides which departments those are.
        ["GET /api/tickets/{ticketId}/similar"] = (Access.SignedIn, Limit.Policy),
        ["POST /api/tickets/{ticketId}/replies"] = (Access.Department, Limit.Policy),
        ["POST /api/tickets/{ticketId}/resolution"] = (Access.Department, Limit.Policy),
        // The handling department or a moderator: the ticket decides which department that is.
        ["POST /api/tickets/{ticketId}/transfer"] = (Access.SignedIn, Limit.Policy),
        ["POST /api/tickets/{ticketId}/feedback"] = (Access.SignedIn, Limit.Policy),
        ["PUT /api/tickets/{ticketId}/privacy"] = (Access.SignedIn, Limit.Policy),
        // The post's author: the post decides who that is.
        ["POST /api/circles/{circleId}/posts/{postId}/ticket"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/departments"] = (Access.SignedIn, Limit.Policy),
        ["GET /api/departments/{departmentId}/queue"] = (Access.SignedIn, Limit.Policy),

        // Open311 GeoReport v2: read without an account; a POST is authorised by the client's api_key in its form, not a token.
        ["GET /open311/v2/services.xml"] = (Access.Anonymous, Limit.Policy),
        ["GET /open311/v2/services.json"] = (Access.Anonymous, Limit.Policy),
        ["GET /open311/v2/services/{service_code}.xml"] = (Access.Anonymous, Limit.Policy),
        ["GET /open311/v2/services/{service_code}.json"] = (Access.Anonymous, Limit.Policy),
        ["GET /open311/v2/requests.xml"] = (Access.Anonymous, Limit.Policy),
        ["GET /open311/v2/requests.json"] = (Access.Anonymous, Limit.Policy),
        ["POST /open311/v2/requests.xml"] = (Access.Anonymous, Limit.Policy),
        ["POST /open311/v2/requests.json"] = (Access.Anonymous, Limit.Policy),
        ["GET /open311/v2/requests/{service_request_id}.xml"] = (Access.Anonymous, Limit.Policy),
        ["GET /open311/v2/requests/{service_request_id}.json"] = (Access.Anonymous, Limit.Policy),
        ["POST /api/open311/keys"] = (Access.Admin, Limit.Policy),

        // Readers who are not signed in still view works: their events are stored without a user.
        ["POST /api/events"] = (Access.Anonymous, Limit.Policy),

        ["* /hubs/live/negotiate"] = (Access.SignedIn, Limit.HubCalls),
        ["* /hubs/live"] = (Access.SignedIn, Limit.HubCalls),
    };

    /// <summary>Routes that end the caller's session: called with a session of their own, so the others go on.</summary>
    private static readonly HashSet<string> EndsSession = ["DELETE /api/sessions/current"];

    /// <summary>Every public method of the hub, with arguments any signed-in caller may use (their own stream, a public
    /// circle, their own token). Who may follow which stream is <c>FollowSpecs</c>'.</summary>
    private static readonly Dictionary<string, Func<Session, object[]>> HubMethods = new()
    {
        ["Follow"] = session => [$"user:{session.UserId}", 0L],
        ["Unfollow"] = session => [$"user:{session.UserId}"],
        ["JoinCircle"] = _ => ["c-campus", 0L],
        ["LeaveCircle"] = _ => ["c-campus"],
        ["RenewToken"] = session => [session.Token],
    };

    [Fact]
    public void Every_route_of_the_host_is_in_the_matrix_and_every_entry_is_a_route()
    {
        var mapped = MappedRoutes().Select(r => r.Key).ToHashSet();

        var missing = mapped.Where(key => !Routes.ContainsKey(key)).Order().ToList();
        Assert.True(missing.Count == 0, $"Routes without an entry in the authorization matrix: {string.Join(", ", missing)}");
        var stale = Routes.Keys.Where(key => !mapped.Contains(key)).Order().ToList();
        Assert.True(stale.Count == 0, $"Matrix entries the host no longer maps: {string.Join(", ", stale)}");
    }

    [Fact]
    public void Every_write_route_has_a_rate_limit_policy()
    {
        var unlimited = MappedRoutes()
            .Where(r => r.Verb != "GET")
            // A route that takes any verb (*) takes writes too: only the table's probes and the hub transport are exempt.
            .Where(r => !(Routes.TryGetValue(r.Key, out var entry) && entry.Limit is Limit.HubCalls or Limit.ReadOnlyProbe))
            .Where(r => r.Endpoint.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName is not { Length: > 0 }
                || r.Endpoint.Metadata.GetMetadata<DisableRateLimitingAttribute>() is not null)
            .Select(r => r.Key).Order().ToList();
        Assert.True(unlimited.Count == 0, $"Write routes without a rate-limit policy: {string.Join(", ", unlimited)}");
    }

    [Fact]
    public async Task Every_route_refuses_the_roles_the_matrix_does_not_name_and_lets_the_others_through()
    {
        var sessions = await SignInEveryRoleAsync();
        var failures = new List<string>();
        foreach (var route in MappedRoutes().Where(r => !r.Key.StartsWith("* /hubs/", StringComparison.Ordinal)))
        {
            var access = Routes.TryGetValue(route.Key, out var entry) ? entry.Access : throw new InvalidOperationException(
                $"{route.Key} is not in the authorization matrix.");
            foreach (var role in Enum.GetValues<Role>())
            {
                var session = role == Role.Anonymous ? null
                    : EndsSession.Contains(route.Key) ? await SignInAsync(role, sessions[role]) : sessions[role];
                var status = await CallAsync(route, session?.Token);
                var expected = Allows(access, role) ? "allowed" : role == Role.Anonymous ? "401" : "403";
                var ok = expected switch
                {
                    "allowed" => status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)status < 500,
                    "401" => status == HttpStatusCode.Unauthorized,
                    _ => status == HttpStatusCode.Forbidden,
                };
                if (!ok) failures.Add($"{route.Key} as {role}: expected {expected}, got {(int)status}");
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Every_public_method_of_the_hub_is_in_the_matrix()
    {
        var methods = typeof(LiveHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.GetBaseDefinition().DeclaringType == typeof(LiveHub) && !m.IsSpecialName)
            .Select(m => m.Name).ToHashSet();

        var missing = methods.Where(m => !HubMethods.ContainsKey(m)).Order().ToList();
        Assert.True(missing.Count == 0, $"Hub methods without an entry in the authorization matrix: {string.Join(", ", missing)}");
        var stale = HubMethods.Keys.Where(m => !methods.Contains(m)).Order().ToList();
        Assert.True(stale.Count == 0, $"Matrix entries for hub methods that no longer exist: {string.Join(", ", stale)}");
    }

    [Fact]
    public async Task Anonymous_callers_cannot_connect_to_the_hub_and_every_signed_in_role_connects_and_calls_every_method()
    {
        using var anonymous = _app.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/hubs/live/negotiate?negotiateVersion=1", null)).StatusCode);
        await using (var refused = Connect(null))
            Assert.Contains("401", (await Assert.ThrowsAnyAsync<HttpRequestException>(() => refused.StartAsync())).Message);

        var sessions = await SignInEveryRoleAsync();
        foreach (var (role, session) in sessions)
        {
            await using var hub = Connect(session.Token);
            await hub.StartSettledAsync();
            foreach (var (method, arguments) in HubMethods)
            {
                try
                {
                    await hub.InvokeCoreAsync(method, typeof(object), arguments(session));
                }
                catch (Exception refused)
                {
                    Assert.Fail($"{method} as {role} was refused: {refused.Message}");
                }
            }
        }
    }

    private static bool Allows(Access access, Role role) => access switch
    {
        Access.Anonymous => true,
        Access.SignedIn => role != Role.Anonymous,
        Access.Moderator => role is Role.Moderator or Role.Admin,
        Access.Admin => role == Role.Admin,
        Access.Department => role == Role.Department,
        Access.Reporter => role == Role.Reporter,
        _ => false,
    };

    private sealed record MappedRoute(string Verb, string Pattern, RouteEndpoint Endpoint)
    {
        public string Key => $"{Verb} {Pattern}";
    }

    /// <summary>The routes as the running host maps them: one per verb, <c>*</c> for a route that takes any.</summary>
    private List<MappedRoute> MappedRoutes() =>
        [.. _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(endpoint =>
            {
                var pattern = "/" + endpoint.RoutePattern.RawText!.Trim('/');
                var verbs = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } methods
                    ? methods.Where(m => m != "OPTIONS") : ["*"];
                return verbs.Select(verb => new MappedRoute(verb, pattern, endpoint));
            })
            .DistinctBy(r => r.Key)];

    /// <summary>The route with placeholder values (ids that need not exist) and, on writes, an empty JSON object: a refused
    /// call is refused before any of them is looked at; an allowed one may be 400, 404 or 409.</summary>
    private async Task<HttpStatusCode> CallAsync(MappedRoute route, string? token)
    {
        var path = route.Endpoint.RoutePattern.Parameters.Aggregate(route.Pattern, (current, parameter) =>
            current.Replace("{" + parameter.Name + (parameter.IsOptional ? "?" : "") + "}",
                parameter.Name switch
                {
                    "documentName" => "v1",
                    "role" => "moderator",
                    "userId" => "u-000000000000000000000000",
                    _ => "matrix-" + parameter.Name.ToLowerInvariant(),
                }, StringComparison.Ordinal));
        var verb = route.Verb == "*" ? "GET" : route.Verb;
        using var request = new HttpRequestMessage(new HttpMethod(verb), path);
        if (verb is not ("GET" or "DELETE")) request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        using var client = _app.Client(token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static readonly Dictionary<Role, string> DemoAccounts = new()
    {
        [Role.Creator] = "creator-xihu",
        [Role.Department] = "dept-housing",
        [Role.Reporter] = "reporter-zj",
        [Role.Moderator] = "moderator",
        [Role.Admin] = "admin",
    };

    private async Task<Dictionary<Role, Session>> SignInEveryRoleAsync()
    {
        var sessions = new Dictionary<Role, Session> { [Role.Reader] = await _app.RegisterAndSignInAsync() };
        foreach (var (role, userName) in DemoAccounts) sessions[role] = await _app.SignInAsync(userName, CommunityApp.DemoPassword);
        return sessions;
    }

    /// <summary>Another session of the same account.</summary>
    private Task<Session> SignInAsync(Role role, Session session) =>
        _app.SignInAsync(session.UserName, role == Role.Reader ? "Secret#123" : CommunityApp.DemoPassword);

    private HubConnection Connect(string? token) =>
        _app.HubConnection(token);
}
