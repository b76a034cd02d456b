using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using System.Xml;
using Community.Cluster.HelpTickets;
using Community.Cluster.Regions;
using Community.Contracts.HelpTickets;
using Community.Contracts.Regions;

namespace Community.Web.HelpTickets;

/// <summary>A service of <c>GET /open311/v2/services</c>: a ticket category.</summary>
public sealed record Open311Service(
    [property: JsonPropertyName("service_code")] string ServiceCode,
    [property: JsonPropertyName("service_name")] string ServiceName,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("metadata")] bool Metadata,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("keywords")] string Keywords,
    [property: JsonPropertyName("group")] string Group);

/// <summary>The attributes a request of one service takes (<c>attribute[code]</c> in the POST).</summary>
public sealed record Open311ServiceDefinition(
    [property: JsonPropertyName("service_code")] string ServiceCode,
    [property: JsonPropertyName("attributes")] IReadOnlyList<Open311Attribute> Attributes);

public sealed record Open311Attribute(
    [property: JsonPropertyName("variable")] bool Variable,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("datatype")] string Datatype,
    [property: JsonPropertyName("required")] bool Required,
    [property: JsonPropertyName("datatype_description")] string? DatatypeDescription,
    [property: JsonPropertyName("order")] int Order,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("values")] IReadOnlyList<Open311AttributeValue> Values);

public sealed record Open311AttributeValue(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("name")] string Name);

/// <summary>A public ticket as a GeoReport v2 service request: never the citizen's name, contact, id or exact address
/// (<c>address</c> is the region's name, <c>lat</c>/<c>long</c> are rounded to about a kilometre).</summary>
public sealed record Open311Request(
    [property: JsonPropertyName("service_request_id")] string ServiceRequestId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("status_notes")] string? StatusNotes,
    [property: JsonPropertyName("service_name")] string ServiceName,
    [property: JsonPropertyName("service_code")] string ServiceCode,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("agency_responsible")] string? AgencyResponsible,
    [property: JsonPropertyName("service_notice")] string ServiceNotice,
    [property: JsonPropertyName("requested_datetime")] DateTimeOffset RequestedDatetime,
    [property: JsonPropertyName("updated_datetime")] DateTimeOffset UpdatedDatetime,
    [property: JsonPropertyName("expected_datetime")] DateTimeOffset? ExpectedDatetime,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("address_id")] string? AddressId,
    [property: JsonPropertyName("zipcode")] string? Zipcode,
    [property: JsonPropertyName("lat")] double? Lat,
    [property: JsonPropertyName("long")] double? Long,
    [property: JsonPropertyName("media_url")] string? MediaUrl,
    [property: JsonPropertyName("extended_attributes")] Open311ExtendedAttributes ExtendedAttributes,
    [property: JsonPropertyName("notes")] IReadOnlyList<Open311Note> Notes);

/// <summary>Our detailed state of the request (FixMyStreet-style extension).</summary>
/// <param name="DetailedStatus">submitted, accepted, assigned, answered, resolved (open); closed, rejected, duplicate (closed).</param>
/// <param name="Stage">The running clock's stage (acceptance, firstReply, resolution, feedback), or null.</param>
public sealed record Open311ExtendedAttributes(
    [property: JsonPropertyName("detailed_status")] string DetailedStatus,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("region_code")] string RegionCode,
    [property: JsonPropertyName("department_id")] string? DepartmentId,
    [property: JsonPropertyName("stage")] string? Stage,
    [property: JsonPropertyName("duplicate_of")] string? DuplicateOf);

/// <summary>One public step of the request's history (extension).</summary>
/// <param name="Author">The department's name, or the role (citizen, moderator, system): never a person.</param>
/// <param name="Description">The step's public text; never the citizen's own words (feedback comments).</param>
public sealed record Open311Note(
    [property: JsonPropertyName("datetime")] DateTimeOffset Datetime,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("author")] string Author,
    [property: JsonPropertyName("description")] string? Description);

/// <summary>The answer to <c>POST /open311/v2/requests</c>.</summary>
/// <param name="AccountId">The client's service account the request was filed as (<c>open311:{clientId}</c>).</param>
public sealed record Open311CreatedRequest(
    [property: JsonPropertyName("service_request_id")] string ServiceRequestId,
    [property: JsonPropertyName("service_notice")] string ServiceNotice,
    [property: JsonPropertyName("account_id")] string AccountId);

/// <summary>One error of the GeoReport error list; <c>description</c> starts with the field at fault, if one is.</summary>
public sealed record Open311Error(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("description")] string Description);

/// <summary>The answer of the API key route.</summary>
public sealed record Open311KeyResponse(string ClientId, string ApiKey);

/// <summary>How tickets and categories read as GeoReport v2 resources.</summary>
public static class Open311Mapping
{
    public const string Open = "open";
    public const string Closed = "closed";

    /// <summary>The one group of every service: they are all ask-the-government categories.</summary>
    public const string Group = "ask-the-government";

    public const string KindAttribute = "kind";
    public const string RegionAttribute = "region";
    public const string PublicAttribute = "public";

    private static readonly Dictionary<string, string> KindNames = new()
    {
        [TicketKinds.Help] = "求助 (help)", [TicketKinds.Complaint] = "投诉 (complaint)", [TicketKinds.Suggestion] = "建议 (suggestion)",
    };

    /// <summary>open: not final; closed: closed, rejected, duplicate.</summary>
    public static string StatusOf(string detailed) => TicketStatuses.IsFinal(detailed) ? Closed : Open;

    /// <summary>The detailed statuses of an Open311 status.</summary>
    public static IEnumerable<string> DetailedOf(string status) => TicketStatuses.All.Where(s => StatusOf(s) == status);

    public static Open311Service Service(TicketCategoryDto category) =>
        new(category.Code, category.Name, $"{category.NameEn}: {category.Description}", Metadata: true, "realtime",
            string.Join(", ", category.Code, category.Name, category.NameEn, category.Description), Group);

    public static Open311ServiceDefinition Definition(TicketCategoryDto category) =>
        new(category.Code,
        [
            new(true, KindAttribute, "singlevaluelist", Required: true, "One of the keys.", 1,
                "求助、投诉还是建议 What the request is: a request for help, a complaint or a suggestion.",
                [.. TicketKinds.All.Order(StringComparer.Ordinal).Select(k => new Open311AttributeValue(k, KindNames[k]))]),
            new(true, RegionAttribute, "singlevaluelist", Required: false, "A region code (GET /api/regions).", 2,
                "所在地区 The region the request is about, when jurisdiction_id does not name it; by default the region of the client whose api_key files it.",
                [.. RegionCatalog.Regions.Select(r => new Open311AttributeValue(r.Code, FullName(r.Code)))]),
            new(true, PublicAttribute, "singlevaluelist", Required: false, "true or false.", 3,
                "是否公开 Whether the request is listed publicly (default true). The reporter's name, phone and exact address are never shown.",
                [new("true", "公开 (public)"), new("false", "不公开 (private)")]),
        ]);

    /// <summary>The region's full name, province first: 浙江省杭州市西湖区.</summary>
    public static string FullName(string regionCode) =>
        string.Concat(RegionCatalog.WithAncestors(regionCode).Reverse().Select(r => r.Name));

    public static Open311Request Request(TicketView ticket)
    {
        var category = DepartmentDirectory.Categories.FirstOrDefault(c => c.Code == ticket.Category);
        var department = DepartmentDirectory.Find(ticket.DepartmentId);
        var steps = ticket.Timeline.Where(s => s.Public).ToList();
        var notes = steps.Select(s => new Open311Note(s.At, s.Status, AuthorOf(s.By), TextOf(s))).ToList();
        return new Open311Request(ticket.TicketId.Value, StatusOf(ticket.Status),
            steps.LastOrDefault(s => TextOf(s) is not null) is { } latest ? TextOf(latest) : null,
            category?.Name ?? ticket.Category, ticket.Category, ticket.Body, department?.Name, Notice(ticket, department),
            ticket.FiledAt, steps.Count > 0 ? steps.Max(s => s.At) : ticket.FiledAt, ticket.Clock?.DueAt, FullName(ticket.RegionCode),
            AddressId: null, Zipcode: null,
            ticket.Location is { } at ? Math.Round(at.Lat, 2) : null, ticket.Location is { } at2 ? Math.Round(at2.Lon, 2) : null,
            MediaUrl: null,
            new Open311ExtendedAttributes(ticket.Status, ticket.Kind, ticket.Title, ticket.RegionCode, ticket.DepartmentId, ticket.Clock?.Stage,
                ticket.DuplicateOf?.Value),
            notes);
    }

    private static string AuthorOf(string by) => DepartmentDirectory.Find(by)?.Name ?? by;

    // The citizen's own words (feedback comments) are theirs: the JSON API shows them to those concerned only.
    private static string? TextOf(TimelineStep step) =>
        step.By == TicketActorRoles.Citizen || string.IsNullOrWhiteSpace(step.Text) ? null : step.Text;

    private static string Notice(TicketView ticket, DepartmentDto? department) => ticket.Status switch
    {
        TicketStatuses.Submitted => "Received: a moderator reviews it and assigns it to the department in charge.",
        TicketStatuses.Accepted => "Accepted: it is being assigned to the department in charge.",
        TicketStatuses.Assigned => $"With {department?.Name ?? "the department in charge"}, which replies by expected_datetime.",
        TicketStatuses.Answered => $"{department?.Name ?? "The department"} replied and works on it; it is due to be resolved by expected_datetime.",
        TicketStatuses.Resolved => "Resolved: it closes at expected_datetime unless the reporter asks for more.",
        TicketStatuses.Closed => "Closed.",
        TicketStatuses.Rejected => "Not taken up: status_notes says why.",
        TicketStatuses.Duplicate => $"A duplicate of request {ticket.DuplicateOf?.Value}, which is followed instead.",
        _ => ticket.Status,
    };
}

/// <summary>The two formats of every GeoReport resource: the same fields, written as XML (the spec's mandatory format)
/// or JSON. A resource is serialised to JSON once; its XML is that tree with the spec's element names: a list becomes a
/// wrapper element whose items are named by <see cref="ItemNames"/>, <c>null</c> an empty element.</summary>
public enum Open311Format
{
    Xml,
    Json,
}

public static class Open311Writer
{
    public const string XmlContentType = "text/xml; charset=utf-8";
    public const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>The element of a list's items, by the list's name.</summary>
    private static readonly Dictionary<string, string> ItemNames = new(StringComparer.Ordinal)
    {
        ["services"] = "service",
        ["service_requests"] = "request",
        ["errors"] = "error",
        ["attributes"] = "attribute",
        ["values"] = "value",
        ["notes"] = "note",
    };

    public static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new SecondsConverter() },
    };

    public static string Extension(this Open311Format format) => format == Open311Format.Xml ? "xml" : "json";

    public static string ContentType(this Open311Format format) => format == Open311Format.Xml ? XmlContentType : JsonContentType;

    /// <summary>The document: for XML with <paramref name="root"/> as its root element.</summary>
    public static byte[] Write<T>(Open311Format format, string root, T body)
    {
        if (format == Open311Format.Json) return JsonSerializer.SerializeToUtf8Bytes(body, Json);
        var node = JsonSerializer.SerializeToNode(body, Json);
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            xml.WriteStartDocument();
            WriteElement(xml, root, node);
            xml.WriteEndDocument();
        }
        return buffer.ToArray();
    }

    private static void WriteElement(XmlWriter xml, string name, JsonNode? node)
    {
        xml.WriteStartElement(name);
        switch (node)
        {
            case JsonObject fields:
                foreach (var (field, value) in fields) WriteElement(xml, field, value);
                break;
            case JsonArray items:
                var item = ItemNames.TryGetValue(name, out var itemName) ? itemName : "item";
                foreach (var value in items) WriteElement(xml, item, value);
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                xml.WriteString(XmlText(value.GetValue<string>()));
                break;
            case JsonValue value:
                xml.WriteString(value.ToJsonString()); // numbers and true/false as JSON writes them
                break;
        }
        xml.WriteEndElement();
    }

    /// <summary>Characters XML 1.0 cannot carry (our text rules refuse them on input) become U+FFFD.</summary>
    private static string XmlText(string text)
    {
        if (text.All(XmlConvert.IsXmlChar)) return text;
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i])) clean.Append(text, i++, 2);
            else clean.Append(XmlConvert.IsXmlChar(text[i]) ? text[i] : '\uFFFD');
        }
        return clean.ToString();
    }

    /// <summary>Times as the spec's examples write them: UTC to the second (<c>2026-05-01T08:15:30Z</c>).</summary>
    private sealed class SecondsConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }
}
