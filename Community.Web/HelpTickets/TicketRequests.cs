using System.ComponentModel.DataAnnotations;
using Community.Cluster.HelpTickets;
using Community.Cluster.Regions;
using Community.Contracts.HelpTickets;
using Community.Web.Http;

namespace Community.Web.HelpTickets;

public sealed record LocationRequest(
    [property: Required, Range(-90, 90)] double? Lat,
    [property: Required, Range(-180, 180)] double? Lon,
    [property: StringLength(TicketLimits.MaxAddress), SingleLineName] string? Address = null);

public sealed record ContactRequest(
    [property: StringLength(20), RegularExpression(@"^\+?[0-9][0-9 \-]{4,19}$", ErrorMessage = "A phone number: digits, spaces and dashes, an optional leading +.")]
    string? Phone = null);

/// <summary>A citizen's ticket. Title and body are plain text (markup, direction controls and invisible text are
/// refused); the location and the contact are never shown publicly.</summary>
public sealed record FileTicketRequest(
    [property: Required] string Kind,
    [property: Required, StringLength(TicketLimits.MaxTitle, MinimumLength = 2), SingleLineName] string Title,
    [property: Required, StringLength(TicketLimits.MaxBody, MinimumLength = 5), FreeText(AllowMarkup = false)] string Body,
    [property: Required] string RegionCode,
    [property: Required] string Category,
    LocationRequest? Location = null,
    ContactRequest? Contact = null,
    bool Public = false,
    bool ShowName = false) : IValidatedRequest
{
    public IValidatedRequest Normalized() => this with
    {
        Title = TextRules.NormalizeName(Title)!,
        Location = Location is null ? null : Location with { Address = string.IsNullOrWhiteSpace(Location.Address) ? null : TextRules.NormalizeName(Location.Address) },
        Contact = Contact is { Phone: var phone } ? (string.IsNullOrWhiteSpace(phone) ? null : Contact with { Phone = phone.Trim() }) : null,
    };

    public Dictionary<string, string[]> Validate()
    {
        var errors = TicketRules.Filing(Kind, RegionCode, Category);
        TicketRules.Nested(errors, "location", Location);
        TicketRules.Nested(errors, "contact", Contact);
        return errors;
    }
}

public sealed record ReviewTicketRequest(
    [property: Required] string Decision,
    string? DepartmentId,
    [property: RegularExpression(EntityIds.Pattern, ErrorMessage = "Not a ticket id.")] string? DuplicateOf,
    [property: Required, StringLength(TicketLimits.MaxReason, MinimumLength = 1), FreeText(AllowMarkup = false)] string Reason) : IValidatedRequest
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (!ReviewDecisions.All.Contains(Decision)) errors["decision"] = [$"One of {string.Join(", ", ReviewDecisions.All)}."];
        if (DepartmentId is not null && DepartmentDirectory.Find(DepartmentId) is null) errors["departmentId"] = [$"Unknown department '{DepartmentId}'."];
        if (Decision == ReviewDecisions.Duplicate && DuplicateOf is null) errors["duplicateOf"] = ["A duplicate names the ticket it duplicates."];
        if (Decision != ReviewDecisions.Duplicate && DuplicateOf is not null) errors["duplicateOf"] = ["Only a duplicate names another ticket."];
        if (Decision != ReviewDecisions.Accept && DepartmentId is not null) errors["departmentId"] = ["Only an accepted ticket is assigned."];
        return errors;
    }
}

public sealed record ReplyRequest(
    [property: Required, StringLength(TicketLimits.MaxText, MinimumLength = 1), FreeText(AllowMarkup = false)] string Text,
    [property: Required] bool? Public) : IValidatedRequest;

public sealed record ResolutionRequest(
    [property: Required, StringLength(TicketLimits.MaxText, MinimumLength = 1), FreeText(AllowMarkup = false)] string Text) : IValidatedRequest;

public sealed record TransferRequest(
    [property: Required] string DepartmentId,
    [property: Required, StringLength(TicketLimits.MaxReason, MinimumLength = 1), FreeText(AllowMarkup = false)] string Reason) : IValidatedRequest
{
    public Dictionary<string, string[]> Validate() =>
        DepartmentDirectory.Find(DepartmentId) is null ? new() { ["departmentId"] = [$"Unknown department '{DepartmentId}'."] } : [];
}

public sealed record FeedbackRequest(
    [property: Required] bool? Satisfied,
    [property: Required, Range(1, 5)] int? Rating,
    [property: StringLength(TicketLimits.MaxComment), FreeText(AllowMarkup = false)] string? Comment = null) : IValidatedRequest
{
    public IValidatedRequest Normalized() => this with { Comment = string.IsNullOrWhiteSpace(Comment) ? null : Comment.Trim() };
}

public sealed record PrivacyRequest([property: Required] bool? Public, [property: Required] bool? ShowName) : IValidatedRequest;

/// <summary>The rules of a ticket's fields, named as the request names them.</summary>
public static class TicketRules
{
    public static Dictionary<string, string[]> Filing(string kind, string regionCode, string category)
    {
        var errors = new Dictionary<string, string[]>();
        if (!TicketKinds.All.Contains(kind)) errors["kind"] = [$"One of {string.Join(", ", TicketKinds.All)}."];
        if (RegionCatalog.Find(regionCode) is null) errors["regionCode"] = [$"Unknown region '{regionCode}'."];
        if (!DepartmentDirectory.IsCategory(category))
            errors["category"] = [$"One of {string.Join(", ", DepartmentDirectory.Categories.Select(c => c.Code))}."];
        return errors;
    }

    /// <summary>Validates a nested object's annotations, naming its fields <c>{prefix}.{field}</c>.</summary>
    public static void Nested(Dictionary<string, string[]> errors, string prefix, object? value)
    {
        if (value is null) return;
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true)) return;
        foreach (var result in results)
        foreach (var member in result.MemberNames)
            errors[$"{prefix}.{char.ToLowerInvariant(member[0])}{member[1..]}"] = [result.ErrorMessage ?? "Invalid."];
    }
}

/// <summary>Turns a circle post into a ticket: its text becomes the ticket's title (its first line) and body. The post is
/// already public in its circle, so the ticket is public unless the author asks otherwise; the name is shown only when
/// allowed.</summary>
public sealed record PostTicketRequest(
    [property: Required] string Kind,
    [property: Required] string Category,
    [property: Required] string RegionCode,
    bool Public = true,
    bool ShowName = false) : IValidatedRequest
{
    public Dictionary<string, string[]> Validate() => TicketRules.Filing(Kind, RegionCode, Category);
}

/// <summary>A reporter's public report on a ticket: its headline, where it is published, and a summary (plain text).</summary>
public sealed record ReportRequest(
    [property: Required, StringLength(TicketLimits.MaxTitle, MinimumLength = 2), SingleLineName] string Title,
    [property: Required, StringLength(TicketLimits.MaxReportSummary, MinimumLength = 1), FreeText(AllowMarkup = false)] string Summary,
    [property: StringLength(TicketLimits.MaxUrl)] string? Url = null) : IValidatedRequest
{
    public IValidatedRequest Normalized() => this with { Title = TextRules.NormalizeName(Title)!, Url = string.IsNullOrWhiteSpace(Url) ? null : Url.Trim() };

    public Dictionary<string, string[]> Validate() =>
        Url is null || Uri.TryCreate(Url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? []
            : new() { ["url"] = ["An absolute http(s) URL."] };
}
