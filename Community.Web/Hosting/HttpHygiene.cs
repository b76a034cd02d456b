using Community.Web.Http;

namespace Community.Web.Hosting;

/// <summary>
/// What every response shares (security headers, no-store where tokens travel) and what routing alone answers
/// (unknown API paths, wrong verbs and body types, the pages of the single-page front). Described in docs/api-notes.md.
/// </summary>
internal static class HttpHygiene
{
    /// <summary>Pages run only our own scripts; the API reference page (Scalar) needs its inline start-up script.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self'; frame-ancestors 'none'";

    public const string ApiReferencePath = "/api-reference";

    /// <summary>Responses under these paths carry a token or what a session is (sign-in and its refresh, the signed-in
    /// user's profile and sessions): no browser or proxy may store them.</summary>
    public static readonly PathString[] NoStorePaths = ["/api/sessions", "/api/me"];

    /// <summary>
    /// Sets the headers when the response starts, not when the request comes in: whatever answers (an endpoint, a
    /// short-circuit, static files, the status-code pages, the exception handler, which clears the headers set before it)
    /// the response carries them.
    /// </summary>
    public static IApplicationBuilder UseHttpHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.XFrameOptions = "DENY";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (!context.Request.Path.StartsWithSegments(ApiReferencePath)) headers.ContentSecurityPolicy = ContentSecurityPolicy;
            if (NoStorePaths.Any(path => context.Request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase)))
            {
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
                headers.Remove("Expires");
            }
            return Task.CompletedTask;
        }, context);
        return next(context);
    });

    /// <summary>
    /// Right after routing, before authentication (these answers are the same with or without a token): a path the API
    /// does not have is a 404 problem; a path it has, asked with another verb or body type, gets the router's own 405
    /// (with <c>Allow</c>) or 415, which the status-code pages turn into problems. Any other GET without a route is a
    /// page of the single-page front (its <c>index.html</c>), unless it names a file.
    /// </summary>
    public static IApplicationBuilder UseRoutingAnswers(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var endpoint = context.GetEndpoint();
        // Every mapped route is a RouteEndpoint; the router's rejections (405, 415) are plain endpoints.
        if (endpoint is { RequestDelegate: { } reject } and not RouteEndpoint)
        {
            await reject(context);
            return;
        }
        if (endpoint is null && context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await Problems.NotFound("No such API route.").ExecuteAsync(context);
            return;
        }
        if (endpoint is null && IsPage(context.Request)) context.Request.Path = "/index.html";
        await next(context);
    });

    /// <summary>After static files: a request nothing answered is a 404 (status-code pages make it a problem), with or
    /// without a token; the authorization fallback policy would otherwise answer 401 for a file that does not exist.</summary>
    public static IApplicationBuilder UseNotFoundWithoutRoute(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        if (context.GetEndpoint() is not null) return next(context);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    });

    private static bool IsPage(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase)
        && !Path.HasExtension(request.Path.Value);
}
