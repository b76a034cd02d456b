using System.ComponentModel.DataAnnotations;
using System.Security.Claims;

namespace Community.Web.Http;

/// <summary>Validates request bodies with their data annotations and answers 400 with the fields named. The handler gets
/// the request as it was validated: its <see cref="IValidatedRequest.Normalized"/> form.</summary>
public static class RequestValidation
{
    public static TBuilder WithValidation<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            for (var i = 0; i < context.Arguments.Count; i++)
            {
                if (context.Arguments[i] is not IValidatedRequest received) continue;
                // What is checked is what the handler stores: normalised first, then validated, then handed on.
                var request = received.Normalized();
                context.Arguments[i] = request;
                // The caller, for the rules that depend on who asks (NotReservedAttribute); services for those that read options.
                var validation = new ValidationContext(request, context.HttpContext.RequestServices,
                    new Dictionary<object, object?> { [typeof(ClaimsPrincipal)] = context.HttpContext.User });
                var results = new List<ValidationResult>();
                if (!Validator.TryValidateObject(request, validation, results, validateAllProperties: true))
                    return Problems.Validation(ToErrors(results));
                if (request.Validate() is { Count: > 0 } more)
                    return Problems.Validation(more);
            }
            return await next(context);
        });

    private static Dictionary<string, string[]> ToErrors(IEnumerable<ValidationResult> results) =>
        results
            .SelectMany(r => (r.MemberNames.Any() ? r.MemberNames : ["body"]).Select(m => (Member: Camel(m), r.ErrorMessage ?? "Invalid.")))
            .GroupBy(e => e.Member)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Item2).ToArray());

    private static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>A request body validated by <see cref="RequestValidation"/>: annotations first, then cross-field rules.</summary>
public interface IValidatedRequest
{
    /// <summary>The request as it is validated and handled: names and titles normalised with
    /// <see cref="TextRules.NormalizeName"/> (an init-only copy, <c>this with { ... }</c>). By default, as received.</summary>
    IValidatedRequest Normalized() => this;

    /// <summary>Rules the annotations cannot say; field name → messages.</summary>
    Dictionary<string, string[]> Validate() => [];
}
