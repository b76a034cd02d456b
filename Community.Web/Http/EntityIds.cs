using System.Text.RegularExpressions;

namespace Community.Web.Http;

/// <summary>The one form of every id in a route, a query or a stream name: lower-case letters, digits and '-', at most
/// 64 characters. Anything else is an id that cannot exist, so it is answered as unknown (404), never looked up.</summary>
public static partial class EntityIds
{
    public const string Pattern = "^[a-z0-9][a-z0-9-]{0,63}$";

    public static bool IsValid(string? id) => id is not null && Valid().IsMatch(id);

    /// <summary>An endpoint filter: a malformed value of any route parameter named <c>...Id</c> is a 404 naming it.</summary>
    public static async ValueTask<object?> UnknownIdsAreNotFound(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var (name, value) in context.HttpContext.Request.RouteValues)
            if (name.EndsWith("Id", StringComparison.Ordinal) && (value is not string id || !IsValid(id)))
                return Problems.NotFound($"No {name[..^2]} '{value}'.");
        return await next(context);
    }

    /// <summary>Route groups whose ids are checked with <see cref="UnknownIdsAreNotFound"/>.</summary>
    public static RouteGroupBuilder WithEntityIds(this RouteGroupBuilder group) => group.AddEndpointFilter(UnknownIdsAreNotFound);

    [GeneratedRegex(Pattern)]
    private static partial Regex Valid();
}
