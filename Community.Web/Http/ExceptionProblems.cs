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
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request",
                Detail = bad.Message,
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
