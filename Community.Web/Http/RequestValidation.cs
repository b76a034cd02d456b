using System.ComponentModel.DataAnnotations;

namespace Community.Web.Http;

/// <summary>Validates request bodies with their data annotations and answers 400 with the fields named.</summary>
public static class RequestValidation
{
    public static TBuilder WithValidation<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            foreach (var argument in context.Arguments)
            {
                if (argument is not IValidatedRequest request) continue;
                var results = new List<ValidationResult>();
                if (!Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true))
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
    /// <summary>Rules the annotations cannot say; field name → messages.</summary>
    Dictionary<string, string[]> Validate() => [];
}

/// <summary>Plain text for names and titles: no markup, no control characters.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class PlainTextAttribute : ValidationAttribute
{
    public PlainTextAttribute() : base("Must be plain text without '<', '>' or control characters.")
    {
    }

    public override bool IsValid(object? value) =>
        value is not string text || !text.Any(c => c is '<' or '>' || (char.IsControl(c) && c is not '\n' and not '\t'));
}

/// <summary>Free text (posts, comments): any characters a person types, markup included (it is encoded on output), but
/// no control characters other than line breaks and tabs.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class NoControlCharactersAttribute : ValidationAttribute
{
    public NoControlCharactersAttribute() : base("Must not contain control characters.")
    {
    }

    public override bool IsValid(object? value) =>
        value is not string text || !text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t');
}
