using System.Reflection;
using System.Text.Json;
using Akka.Actor;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Community.Web.Http;

/// <summary>Turns exceptions into problem details: malformed JSON and wrong types are 400 naming the field, oversized
/// bodies 413, an entity that did not answer in time 503; anything else 500 without internals.</summary>
public sealed class ExceptionProblems(IProblemDetailsService problems, ILogger<ExceptionProblems> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } => BadJson(json),
            // The framework's messages name .NET types and parameters ("Failed to bind parameter \"Nullable<int> limit\""):
            // never shown, clients get the field and a plain reason.
            BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } bad => BadBinding(context, bad),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Request body too large",
                Detail = "The request body is over the size limit.",
            },
            BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } => new ProblemDetails
            {
                Status = StatusCodes.Status415UnsupportedMediaType,
                Title = "Unsupported media type",
                Detail = "Send the body as JSON, with Content-Type: application/json.",
            },
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = "Bad request",
                Detail = "The request could not be read.",
            },
            AskTimeoutException => new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Temporarily unavailable",
                Detail = "The cluster did not answer in time; nothing was acknowledged. Retry later.",
            },
            _ => null,
        };
        if (problem is null)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "Server error" };
        }

        problem.Type ??= Problems.TypeFor(problem.Status!.Value);
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>
    /// A query, route or header value that does not parse into its parameter's type, or a body route without a body
    /// (none, empty, or JSON <c>null</c>). The failing parameter is the handler's parameter the framework's message
    /// names; a value of the query or route is named as such, anything else is the body.
    /// </summary>
    private static HttpValidationProblemDetails BadBinding(HttpContext context, BadHttpRequestException bad)
    {
        var failed = context.Features.Get<IExceptionHandlerFeature>();
        var parameter = failed?.Endpoint?.Metadata.GetMetadata<MethodInfo>()?.GetParameters()
            .FirstOrDefault(p => p.Name is { } name && Names(bad.Message, name));
        var (field, message, detail) = parameter?.Name is { } value
                && (context.Request.Query.ContainsKey(value) || failed?.RouteValues?.ContainsKey(value) == true)
            ? (value, Expected(parameter.ParameterType), $"'{value}' is not valid.")
            : ("body", "A JSON object is required.", "The request needs a JSON body.");
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid request",
            Type = Problems.ValidationType,
            Detail = detail,
        };
    }

    /// <summary>Whether the framework's message names the parameter: <c>parameter "Type name"</c> or <c>parameter "name"</c>.</summary>
    private static bool Names(string message, string parameter) =>
        message.Contains($" {parameter}\"", StringComparison.Ordinal) || message.Contains($"\"{parameter}\"", StringComparison.Ordinal);

    private static string Expected(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) || t == typeof(long) || t == typeof(short) => "Must be a whole number.",
        var t when t == typeof(bool) => "Must be true or false.",
        var t when t == typeof(DateTimeOffset) || t == typeof(DateTime) => "Must be an ISO 8601 time.",
        var t when t.IsEnum => $"One of {string.Join(", ", Enum.GetNames(t).Select(n => JsonNamingPolicy.CamelCase.ConvertName(n)))}.",
        _ => "Not a valid value.",
    };

    private static HttpValidationProblemDetails BadJson(JsonException json)
    {
        // System.Text.Json reports the JSON path ("$.displayName"); clients know the field name.
        var field = json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";
        // The reader's own message names .NET types; clients get the field and a plain reason.
        var message = json.Path is null ? "Not valid JSON." : "Wrong type or malformed value.";
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Malformed request body",
            Type = Problems.ValidationType,
            Detail = "The body is not valid JSON of the expected shape.",
        };
    }
}
