using Community.Contracts.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Community.Web.Http;

/// <summary>RFC 9457 problem details with one stable <c>type</c> per kind of error.</summary>
public static class Problems
{
    public const string TypeBase = "https://onenetwork.community/problems/";

    public static string TypeFor(int status) => TypeBase + status switch
    {
        StatusCodes.Status400BadRequest => "bad-request",
        StatusCodes.Status401Unauthorized => "unauthorized",
        StatusCodes.Status403Forbidden => "forbidden",
        StatusCodes.Status404NotFound => "not-found",
        StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
        StatusCodes.Status409Conflict => "conflict",
        StatusCodes.Status413PayloadTooLarge => "too-large",
        StatusCodes.Status415UnsupportedMediaType => "unsupported-media-type",
        StatusCodes.Status422UnprocessableEntity => "unprocessable",
        StatusCodes.Status429TooManyRequests => "rate-limited",
        StatusCodes.Status503ServiceUnavailable => "unavailable",
        _ => status >= 500 ? "server-error" : "error",
    };

    public const string ValidationType = TypeBase + "validation";

    /// <summary>An Idempotency-Key already used by the caller, on the same route, for a different request.</summary>
    public const string IdempotencyKeyReusedType = TypeBase + "idempotency-key-reused";

    public static ProblemHttpResult Status(int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: TypeFor(status));

    public static ProblemHttpResult NotFound(string detail) => Status(StatusCodes.Status404NotFound, "Not found", detail);

    public static ProblemHttpResult Conflict(string detail) => Status(StatusCodes.Status409Conflict, "Conflict", detail);

    public static ProblemHttpResult Forbidden(string detail) => Status(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static ProblemHttpResult Unauthorized(string detail) => Status(StatusCodes.Status401Unauthorized, "Unauthorized", detail);

    public static ProblemHttpResult TooManyRequests(string detail) =>
        Status(StatusCodes.Status429TooManyRequests, "Too many requests", detail);

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "Invalid request", type: ValidationType);

    public static ValidationProblem Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>The HTTP answer to an entity's typed rejection.</summary>
    public static ProblemHttpResult FromRejection(CommandRejected rejected) => rejected.Reason switch
    {
        RejectionReason.NotFound => NotFound(rejected.Detail),
        RejectionReason.AlreadyExists => Conflict(rejected.Detail),
        RejectionReason.InvalidState => Conflict(rejected.Detail),
        RejectionReason.Forbidden => Forbidden(rejected.Detail),
        RejectionReason.IdempotencyKeyReused => TypedResults.Problem(
            $"This {IdempotencyKey.Header} was already used for a different request; send a new key for a new request. {rejected.Detail}",
            statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency-Key reused", type: IdempotencyKeyReusedType),
        _ => Status(StatusCodes.Status400BadRequest, "Invalid request", rejected.Detail),
    };
}
