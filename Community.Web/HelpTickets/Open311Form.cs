using System.Globalization;
using System.Text.RegularExpressions;
using Community.Cluster.HelpTickets;
using Community.Cluster.Regions;
using Community.Contracts.HelpTickets;
using Community.Contracts.Regions;
using Community.Web.Http;

namespace Community.Web.HelpTickets;

/// <summary>A GeoReport v2 request as it becomes a ticket.</summary>
/// <param name="ReporterName">first_name and last_name, when given: private like the phone.</param>
public sealed record Open311Filing(
    string ServiceCode, string Kind, string RegionCode, bool Public, string Title, string Description, GeoLocation Location,
    string? Phone, string? ReporterName);

/// <summary>
/// The form of <c>POST /open311/v2/requests</c> (application/x-www-form-urlencoded, as the spec has it), checked with the
/// rules of <c>POST /api/tickets</c>. Every fault is one error naming its field first (<c>lat: ...</c>); nothing is
/// filed unless there is none. Fields of the spec this host does not keep (email, device_id, account_id, address_id,
/// media_url) are accepted and dropped.
/// </summary>
public static partial class Open311Form
{
    public const int MaxNamePart = 50;

    private static readonly HashSet<string> Attributes = [Open311Mapping.KindAttribute, Open311Mapping.RegionAttribute, Open311Mapping.PublicAttribute];

    public static (Open311Filing? Filing, List<string> Errors) Read(IFormCollection form, ClientDto client)
    {
        var errors = new List<string>();
        foreach (var (name, values) in form)
            if (values.Count > 1) errors.Add($"{name}: given more than once.");
        foreach (var name in form.Keys.Where(k => k.StartsWith("attribute[", StringComparison.Ordinal)))
            if (!(name.EndsWith(']') && Attributes.Contains(name["attribute[".Length..^1])))
                errors.Add($"{name}: not an attribute of these services (kind, region, public; GET /open311/v2/services/{{service_code}}).");

        var serviceCode = Value(form, "service_code");
        var category = DepartmentDirectory.Categories.FirstOrDefault(c => c.Code == serviceCode);
        if (serviceCode is null) errors.Add("service_code: required.");
        else if (category is null) errors.Add($"service_code: no service '{serviceCode}' (GET /open311/v2/services).");

        var kind = Value(form, "attribute[kind]");
        if (kind is null) errors.Add("attribute[kind]: required, one of help, complaint, suggestion.");
        else if (!TicketKinds.All.Contains(kind)) errors.Add($"attribute[kind]: '{kind}' is not one of help, complaint, suggestion.");

        var region = Region(form, client, errors);

        var isPublic = true;
        if (Value(form, "attribute[public]") is { } publicValue && !bool.TryParse(publicValue, out isPublic))
            errors.Add("attribute[public]: true or false.");

        var location = Location(form, errors);

        var description = Value(form, "description")?.Trim();
        if (description is null) errors.Add("description: required.");
        else if (TextRules.FreeTextProblem(description, markup: false) is { } problem) errors.Add($"description: {problem}");
        else if (description.Length is < 5 or > TicketLimits.MaxBody)
            errors.Add($"description: between 5 and {TicketLimits.MaxBody} characters.");

        var phone = Value(form, "phone")?.Trim();
        if (phone is { Length: 0 }) phone = null;
        if (phone is not null && (phone.Length > 20 || !Phone().IsMatch(phone)))
            errors.Add("phone: a phone number: digits, spaces and dashes, an optional leading +.");

        var first = NamePart(form, "first_name", errors);
        var last = NamePart(form, "last_name", errors);

        if (errors.Count > 0 || category is null || kind is null || region is null || location is null || description is null)
            return (null, errors);
        var reporter = string.Join(' ', new[] { first, last }.Where(n => n is not null));
        return (new Open311Filing(category.Code, kind, region, isPublic, TitleOf(description, category.Name), description, location, phone,
            reporter.Length > 0 ? reporter : null), errors);
    }

    /// <summary>The title: the description's first line that makes one (at most <see cref="TicketLimits.MaxTitle"/>
    /// characters, cut between characters), else the service's name.</summary>
    public static string TitleOf(string description, string serviceName)
    {
        foreach (var line in description.Split('\n'))
        {
            var title = TextRules.NormalizeName(line)!;
            if (title.Length > TicketLimits.MaxTitle)
            {
                var cut = 0;
                var info = StringInfo.GetTextElementEnumerator(title);
                while (info.MoveNext() && info.ElementIndex + ((string)info.Current).Length <= TicketLimits.MaxTitle)
                    cut = info.ElementIndex + ((string)info.Current).Length;
                title = title[..cut].TrimEnd();
            }
            if (title.Length >= 2 && TextRules.SingleLineProblem(title) is null) return title;
        }
        return serviceName;
    }

    /// <summary>jurisdiction_id, else attribute[region], else the client's own region; the two may not differ.</summary>
    private static string? Region(IFormCollection form, ClientDto client, List<string> errors)
    {
        var jurisdiction = Value(form, "jurisdiction_id");
        var attribute = Value(form, "attribute[region]");
        if (jurisdiction is not null && RegionCatalog.Find(jurisdiction) is null)
        {
            errors.Add($"jurisdiction_id: no jurisdiction '{jurisdiction}' (a region code of GET /api/regions).");
            return null;
        }
        if (attribute is not null && RegionCatalog.Find(attribute) is null)
        {
            errors.Add($"attribute[region]: no region '{attribute}' (a region code of GET /api/regions).");
            return null;
        }
        if (jurisdiction is not null && attribute is not null && jurisdiction != attribute)
        {
            errors.Add("attribute[region]: names another region than jurisdiction_id.");
            return null;
        }
        return jurisdiction ?? attribute ?? client.RegionCode;
    }

    /// <summary>lat and long, both required (addresses are not geocoded); address_string, when given, is kept with
    /// them as the exact address, which is never shown publicly.</summary>
    private static GeoLocation? Location(IFormCollection form, List<string> errors)
    {
        var lat = Coordinate(form, "lat", 90, errors);
        var lon = Coordinate(form, "long", 180, errors);
        var address = TextRules.NormalizeName(Value(form, "address_string"));
        if (address is { Length: 0 }) address = null;
        if (address is not null && TextRules.SingleLineProblem(address) is { } problem) errors.Add($"address_string: {problem}");
        else if (address is { Length: > TicketLimits.MaxAddress }) errors.Add($"address_string: at most {TicketLimits.MaxAddress} characters.");
        return lat is { } y && lon is { } x ? new GeoLocation(y, x, address) : null;
    }

    private static double? Coordinate(IFormCollection form, string field, double limit, List<string> errors)
    {
        if (Value(form, field) is not { } text)
        {
            errors.Add($"{field}: required (lat and long; an address_string alone is not geocoded).");
            return null;
        }
        if (!double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || value < -limit || value > limit)
        {
            errors.Add($"{field}: a WGS84 decimal degree between -{limit} and {limit}.");
            return null;
        }
        return value;
    }

    private static string? NamePart(IFormCollection form, string field, List<string> errors)
    {
        var name = TextRules.NormalizeName(Value(form, field));
        if (string.IsNullOrEmpty(name)) return null;
        if (TextRules.SingleLineProblem(name) is { } problem) errors.Add($"{field}: {problem}");
        else if (name.Length > MaxNamePart) errors.Add($"{field}: at most {MaxNamePart} characters.");
        return name;
    }

    /// <summary>The field's value; null when absent or empty (the spec's clients send empty fields for "not given").</summary>
    public static string? Value(IFormCollection form, string field) =>
        form.TryGetValue(field, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    [GeneratedRegex(@"^\+?[0-9][0-9 \-]{4,19}$")]
    private static partial Regex Phone();
}
