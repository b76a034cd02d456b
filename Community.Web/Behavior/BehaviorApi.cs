using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Community.Contracts.Behavior;
using Community.Recommender.Behavior;
using Community.Web.Auth;
using Community.Web.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Community.Web.Behavior;

/// <summary>
/// <c>POST /api/events</c>: what a reader did (viewed, dwelt on, clicked, shared, hid a post or a work), in batches of
/// 1 to 500. Open to anonymous readers too (they read works without an account): the user is the token's, or none. The
/// whole batch is validated first (one bad event and nothing is kept), and 202 is answered only once the events are
/// committed to the behavior log.
/// </summary>
public static class BehaviorApi
{
    public const string RateLimit = "behavior";

    public static IEndpointRouteBuilder MapBehaviorApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("api/events").WithTags("Behavior").AllowAnonymous()
            .MapPost("", Post).RequireRateLimiting(RateLimit)
            .WithName("postBehaviorEvents")
            .WithSummary("Record what the reader did with posts and works (1 to 500 events); 202 once they are stored")
            .WithDescription("Anonymous readers may send events (stored without a user); a signed-in reader's token names the user, "
                + "and an invalid or expired token is a 401 rather than anonymous events. `ms` is the dwell time and only dwell "
                + "events carry it; `at` (ISO 8601 with an offset, at most 5 minutes ahead and 7 days old) defaults to the time "
                + "received. One bad event rejects the batch, and `errors` names it as `[index].field`. A 503 (the log is busy "
                + "or could not store the batch) stored nothing: retry after `Retry-After` seconds.")
            .ProducesValidationProblem()
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Accepted<BehaviorAccepted>, ValidationProblem, ProblemHttpResult>> Post(
        [FromBody] BehaviorEventRequest?[] events, ClaimsPrincipal principal, HttpContext http, BehaviorLog log, TimeProvider clock,
        IOptions<BehaviorOptions> options, CancellationToken cancellationToken)
    {
        // A token that no longer holds would otherwise turn a reader's events into anonymous ones without telling them.
        if (principal.Identity?.IsAuthenticated != true && http.Request.Headers.Authorization.Count > 0)
            return Problems.Unauthorized("The token is invalid or expired: refresh it, or send no Authorization header to record the events anonymously.");
        var received = clock.GetUtcNow();
        var userId = principal.Identity?.IsAuthenticated == true ? principal.UserId() : null;
        if (BehaviorValidation.Validate(events, userId, received) is not { } records)
            return Problems.Validation(BehaviorValidation.Errors(events, received));
        try
        {
            await log.AppendAsync(records, cancellationToken);
        }
        catch (Exception e) when (e is BehaviorLogBusyException or BehaviorLogWriteException)
        {
            var retryAfter = Math.Max(1, options.Value.RetryAfterSeconds);
            http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable",
                (e is BehaviorLogBusyException ? "Too many events are waiting to be stored" : "The events could not be stored")
                + $"; none of this request was kept. Retry in {retryAfter} s.");
        }
        return TypedResults.Accepted((string?)null, new BehaviorAccepted(records.Count));
    }
}

/// <summary>One event as a client sends it. Fields are read as given and checked by <see cref="BehaviorValidation"/>,
/// which names each fault by the event's index (a missing field too).</summary>
public sealed record BehaviorEventRequest(
    [property: Description("view, dwell, click, share or hide.")] string Kind,
    [property: Description("post or work.")] string ItemKind,
    [property: Description("The post's or work's id (at most 120 characters: lower-case letters, digits and '-').")] string ItemId,
    [property: Description("Dwell time in milliseconds: required for dwell (1 to 86,400,000), refused for other kinds.")] long? Ms = null,
    [property: Description("When it happened, ISO 8601 with an offset (at most 5 minutes ahead, 7 days old); by default when received.")]
    string? At = null);

/// <summary>How many events were stored.</summary>
public sealed record BehaviorAccepted(int Accepted);

/// <summary>The rules of a batch of behavior events.</summary>
public static partial class BehaviorValidation
{
    /// <summary>The batch as records to append, or null when any event breaks a rule (<see cref="Errors"/> names them).</summary>
    public static IReadOnlyList<BehaviorRecord>? Validate(IReadOnlyList<BehaviorEventRequest?> events, string? userId, DateTimeOffset received)
    {
        if (events.Count is 0 or > BehaviorLimits.MaxEventsPerRequest) return null;
        var receivedMs = received.ToUnixTimeMilliseconds();
        var records = new BehaviorRecord[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is not { } e || Faults(e, received).Any()) return null;
            var at = e.At is null ? receivedMs : ParseAt(e.At)!.Value.ToUnixTimeMilliseconds();
            records[i] = new BehaviorRecord(at, receivedMs, userId, e.Kind, e.ItemKind, e.ItemId, e.Ms is { } ms ? (int)ms : null);
        }
        return records;
    }

    /// <summary>Every fault of the batch, keyed <c>[index].field</c> (<c>body</c> for the batch's size).</summary>
    public static Dictionary<string, string[]> Errors(IReadOnlyList<BehaviorEventRequest?> events, DateTimeOffset received)
    {
        if (events.Count is 0 or > BehaviorLimits.MaxEventsPerRequest)
            return new() { ["body"] = [$"Send 1 to {BehaviorLimits.MaxEventsPerRequest} events; this request has {events.Count}."] };
        var errors = new Dictionary<string, string[]>();
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is not { } e)
            {
                errors[$"[{i}]"] = ["An event object is required."];
                continue;
            }
            foreach (var (field, message) in Faults(e, received)) errors[$"[{i}].{field}"] = [message];
        }
        return errors;
    }

    private static IEnumerable<(string Field, string Message)> Faults(BehaviorEventRequest e, DateTimeOffset received)
    {
        if (e.Kind is null) yield return ("kind", $"Required: one of {string.Join(", ", BehaviorKinds.All)}.");
        else if (!BehaviorKinds.All.Contains(e.Kind)) yield return ("kind", $"Unknown kind '{Shown(e.Kind)}'.");
        if (e.ItemKind is null) yield return ("itemKind", $"Required: one of {string.Join(", ", BehaviorItemKinds.All)}.");
        else if (!BehaviorItemKinds.All.Contains(e.ItemKind)) yield return ("itemKind", $"Unknown item kind '{Shown(e.ItemKind)}'.");
        if (string.IsNullOrEmpty(e.ItemId)) yield return ("itemId", "Required.");
        else if (e.ItemId.Length > BehaviorLimits.MaxItemId) yield return ("itemId", $"At most {BehaviorLimits.MaxItemId} characters.");
        else if (!ItemId().IsMatch(e.ItemId)) yield return ("itemId", "Lower-case letters, digits and '-', starting with a letter or digit.");
        if (e.Kind == BehaviorKinds.Dwell && e.Ms is null) yield return ("ms", "Required for dwell events: the time spent, in milliseconds.");
        else if (e.Kind == BehaviorKinds.Dwell && e.Ms is < BehaviorLimits.MinDwellMs or > BehaviorLimits.MaxDwellMs)
            yield return ("ms", $"From {BehaviorLimits.MinDwellMs} to {BehaviorLimits.MaxDwellMs:N0} milliseconds.");
        else if (e.Kind != BehaviorKinds.Dwell && e.Ms is not null) yield return ("ms", "Only dwell events carry ms.");
        if (e.At is not null)
        {
            if (ParseAt(e.At) is not { } at) yield return ("at", "An ISO 8601 time with an offset, such as 2026-12-01T08:30:00Z.");
            else if (at > received + BehaviorLimits.MaxFutureSkew) yield return ("at", "More than 5 minutes in the future.");
            else if (at < received - BehaviorLimits.MaxAge) yield return ("at", "Older than 7 days.");
        }
    }

    private static DateTimeOffset? ParseAt(string at) =>
        IsoTime().IsMatch(at) && DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;

    /// <summary>An unknown value is echoed, but never at length.</summary>
    private static string Shown(string value) => value.Length <= 40 ? value : value[..40] + "…";

    /// <summary>The entity-id alphabet (<see cref="EntityIds"/>), long enough for a work id (which names its account).</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex ItemId();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex IsoTime();
}
