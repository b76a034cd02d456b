using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Community.Cluster.HelpTickets;
using Community.Cluster.Hosting;
using Community.Cluster.Regions;
using Community.Contracts.Common;
using Community.Contracts.HelpTickets;
using Community.Web.Auth;
using Community.Web.Hosting;
using Community.Web.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;

namespace Community.Web.HelpTickets;

/// <summary>The client a key is issued for (one of <c>GET /api/clients</c>).</summary>
public sealed record Open311KeyRequest([property: Required] string ClientId) : IValidatedRequest
{
    public Dictionary<string, string[]> Validate() =>
        RegionCatalog.FindClient(ClientId) is null ? new() { ["clientId"] = [$"No registered client '{ClientId}'."] } : [];
}

/// <summary>
/// Open311 GeoReport v2 on the ask-the-government tickets (docs/open311.md): the categories are the services, public
/// tickets the service requests, each resource in <c>.xml</c> (the spec's mandatory format) and <c>.json</c>. Reads are
/// anonymous; a POST files a ticket through the same entity as <c>POST /api/tickets</c> with a registered client's API
/// key. Answers and errors are the spec's documents, not problem details (but for 429 and 503, which the host gives
/// before or around any route).
/// </summary>
public static class Open311Api
{
    /// <summary>Open311 writes per client address (<see cref="Open311Options.WritesPerAddressPerMinute"/>): the POST has no
    /// signed-in user, so the per-user ticket limit would put every client in one partition.</summary>
    public const string WritesRateLimit = "open311-writes";

    public const string KeysRateLimit = "open311-keys";

    public const string Tag = "Open311";

    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;
    public const int MaxPage = 10_000;
    public const int MaxIds = 100;

    private static readonly Dictionary<string, string> ParameterDescriptions = new(StringComparer.Ordinal)
    {
        ["jurisdiction_id"] = "A region code (GET /api/regions). Optional: this endpoint serves every region of the province; on the list it keeps the requests of that region and its children.",
        ["service_code"] = "Service codes, comma delimited (a route's service_code: one).",
        ["service_request_id"] = $"Ids, comma delimited (at most {MaxIds}); overrides every other filter, as the spec says (a route's service_request_id: one).",
        ["start_date"] = "Earliest requested_datetime, W3C format (2026-01-01T00:00:00Z).",
        ["end_date"] = "Latest requested_datetime, W3C format; at most 90 days after start_date. With neither date: the last 90 days.",
        ["status"] = "open, closed, or both comma delimited (default both).",
        ["page"] = $"The page, from 1 (default 1, at most {MaxPage}).",
        ["page_size"] = $"Requests per page (default {DefaultPageSize}, at most {MaxPageSize}).",
        [IdempotencyKey.Header] = "Chosen by the client, one per request: a retry with the same key and form answers the request the first one filed; the same key with another form is a 422.",
    };

    /// <summary>The longest window of <c>start_date</c>/<c>end_date</c>, and the default one (the spec's).</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(90);

    public static CommunityWebBuilder AddOpen311Api(this CommunityWebBuilder web)
    {
        web.Services.AddOptions<Open311Options>().BindConfiguration(Open311Options.Section);
        web.Services.AddSingleton<Open311Keys>();
        return web
            .AddRateLimitPolicy(WritesRateLimit, http => RateLimits.PerAddressPerMinute(http,
                http.RequestServices.GetRequiredService<IOptions<Open311Options>>().Value.WritesPerAddressPerMinute))
            .AddRateLimitPolicy(KeysRateLimit, http => RateLimits.PerUserPerMinute(http,
                http.RequestServices.GetRequiredService<IOptions<Open311Options>>().Value.KeysPerUserPerMinute))
            .MapRoutes(app => app.MapOpen311Api());
    }

    public static IEndpointRouteBuilder MapOpen311Api(this IEndpointRouteBuilder app)
    {
        // Resolved at start, so that a cluster node without the shared key secret says so in its log at once.
        app.ServiceProvider.GetRequiredService<Open311Keys>();

        var open311 = app.MapGroup("open311/v2").WithTags(Tag).AllowAnonymous().AddOpenApiOperationTransformer((operation, _, _) =>
        {
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                if (parameter.Name is { } name && ParameterDescriptions.TryGetValue(name, out var description)) parameter.Description = description;
            return Task.CompletedTask;
        });
        foreach (var format in (Open311Format[])[Open311Format.Xml, Open311Format.Json])
        {
            var ext = format.Extension();
            var suffix = format == Open311Format.Xml ? "Xml" : "Json";
            open311.MapGet($"services.{ext}", ([FromQuery(Name = "jurisdiction_id")] string? jurisdictionId) => Services(format, jurisdictionId))
                .WithName($"listOpen311Services{suffix}").WithSummary($"The services (ticket categories), as {ext}")
                .Answers<IReadOnlyList<Open311Service>>(format, StatusCodes.Status200OK, "services", "service")
                .Errors(format, write: false, StatusCodes.Status404NotFound);
            open311.MapGet($"services/{{service_code}}.{ext}", ([FromRoute(Name = "service_code")] string serviceCode,
                    [FromQuery(Name = "jurisdiction_id")] string? jurisdictionId) => Definition(format, serviceCode, jurisdictionId))
                .WithName($"getOpen311ServiceDefinition{suffix}").WithSummary($"A service's definition: the attributes a request takes, as {ext}")
                .Answers<Open311ServiceDefinition>(format, StatusCodes.Status200OK, "service_definition", null)
                .Errors(format, write: false, StatusCodes.Status404NotFound);
            open311.MapGet($"requests.{ext}", (
                    [FromQuery(Name = "jurisdiction_id")] string? jurisdictionId,
                    [FromQuery(Name = "service_request_id")] string? serviceRequestId,
                    [FromQuery(Name = "service_code")] string? serviceCode,
                    [FromQuery(Name = "start_date")] string? startDate,
                    [FromQuery(Name = "end_date")] string? endDate,
                    [FromQuery(Name = "status")] string? status,
                    [FromQuery(Name = "page")] string? page,
                    [FromQuery(Name = "page_size")] string? pageSize,
                    TicketReadModel tickets, EntityGateway entities, TimeProvider clock, CancellationToken cancellationToken) =>
                    Requests(format, new RequestQuery(jurisdictionId, serviceRequestId, serviceCode, startDate, endDate, status, page, pageSize),
                        tickets, entities, clock, cancellationToken))
                .WithName($"listOpen311Requests{suffix}").WithSummary($"Public service requests (tickets), newest first, as {ext}")
                .Answers<IReadOnlyList<Open311Request>>(format, StatusCodes.Status200OK, "service_requests", "request")
                .Errors(format, write: false, StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
            open311.MapGet($"requests/{{service_request_id}}.{ext}", ([FromRoute(Name = "service_request_id")] string serviceRequestId,
                    [FromQuery(Name = "jurisdiction_id")] string? jurisdictionId, EntityGateway entities, CancellationToken cancellationToken) =>
                    Request(format, serviceRequestId, jurisdictionId, entities, cancellationToken))
                .WithName($"getOpen311Request{suffix}").WithSummary($"One public service request, as {ext}")
                .Answers<IReadOnlyList<Open311Request>>(format, StatusCodes.Status200OK, "service_requests", "request")
                .Errors(format, write: false, StatusCodes.Status404NotFound);
            open311.MapPost($"requests.{ext}", (HttpRequest request, Open311Keys keys, EntityGateway entities, TicketSla sla, TimeProvider clock,
                    CancellationToken cancellationToken) => Create(format, request, keys, entities, sla, clock, cancellationToken))
                .RequireRateLimiting(WritesRateLimit)
                .WithName($"createOpen311Request{suffix}").WithSummary($"File a service request (a ticket) with a client's api_key, answered as {ext}")
                .Answers<IReadOnlyList<Open311CreatedRequest>>(format, StatusCodes.Status201Created, "service_requests", "request")
                .Errors(format, write: true, StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden,
                    StatusCodes.Status413PayloadTooLarge, StatusCodes.Status422UnprocessableEntity)
                .ProducesProblems(StatusCodes.Status429TooManyRequests)
                .AddOpenApiOperationTransformer((operation, _, _) =>
                {
                    operation.RequestBody = FormBody();
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = IdempotencyKey.Header, In = ParameterLocation.Header, Required = false,
                        Description = ParameterDescriptions[IdempotencyKey.Header],
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyKey.MaxLength },
                    });
                    return Task.CompletedTask;
                });
        }

        app.MapGroup("api/open311").WithTags(Tag)
            .MapPost("keys", IssueKey).WithValidation().RequireAuthorization(Policies.Admin).RequireRateLimiting(KeysRateLimit)
            .WithName("issueOpen311Key").WithSummary("The Open311 API key of a registered client (admins)")
            .ProducesValidationProblem().ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static IResult Services(Open311Format format, string? jurisdictionId) =>
        UnknownJurisdiction(format, jurisdictionId)
        ?? new Open311Result<IReadOnlyList<Open311Service>>(format, StatusCodes.Status200OK, "services",
            [.. DepartmentDirectory.Categories.Select(Open311Mapping.Service)]);

    private static IResult Definition(Open311Format format, string serviceCode, string? jurisdictionId) =>
        UnknownJurisdiction(format, jurisdictionId)
        ?? (DepartmentDirectory.Categories.FirstOrDefault(c => c.Code == serviceCode) is { } category
            ? new Open311Result<Open311ServiceDefinition>(format, StatusCodes.Status200OK, "service_definition", Open311Mapping.Definition(category))
            : Error(format, StatusCodes.Status404NotFound, $"service_code: no service '{serviceCode}'."));

    private sealed record RequestQuery(
        string? JurisdictionId, string? ServiceRequestId, string? ServiceCode, string? StartDate, string? EndDate, string? Status, string? Page,
        string? PageSize);

    /// <summary>service_request_id (a comma list) overrides every other filter, as the spec says; otherwise the window
    /// is at most 90 days of requested_datetime (by default the last 90 days).</summary>
    private static async Task<IResult> Requests(Open311Format format, RequestQuery query, TicketReadModel tickets, EntityGateway entities,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (UnknownJurisdiction(format, query.JurisdictionId) is { } unknown) return unknown;
        var errors = new List<string>();
        var page = Whole(query.Page, "page", 1, MaxPage, 1, errors);
        var pageSize = Whole(query.PageSize, "page_size", 1, MaxPageSize, DefaultPageSize, errors);
        List<string>? ids = null, categories = null, statuses = null;
        DateTimeOffset? from = null, to = null;
        string? region = null;
        if (query.ServiceRequestId is not null)
        {
            ids = List(query.ServiceRequestId);
            if (ids.Count is 0 or > MaxIds) errors.Add($"service_request_id: 1 to {MaxIds} ids, comma delimited.");
        }
        else
        {
            region = query.JurisdictionId;
            if (query.ServiceCode is not null)
            {
                categories = List(query.ServiceCode);
                foreach (var code in categories.Where(c => !DepartmentDirectory.IsCategory(c)))
                    errors.Add($"service_code: no service '{code}'.");
            }
            if (query.Status is not null)
            {
                var asked = List(query.Status);
                foreach (var status in asked.Where(s => s is not (Open311Mapping.Open or Open311Mapping.Closed)))
                    errors.Add($"status: '{status}' is not open or closed.");
                statuses = [.. asked.Distinct().SelectMany(Open311Mapping.DetailedOf)];
            }
            var start = Time(query.StartDate, "start_date", errors);
            var end = Time(query.EndDate, "end_date", errors);
            if (start is { } s && end is { } e && (e < s || e - s > MaxWindow)) errors.Add("end_date: after start_date, by at most 90 days.");
            from = start ?? (end is { } until ? until - MaxWindow : clock.GetUtcNow() - MaxWindow);
            to = end ?? start + MaxWindow;
        }
        if (errors.Count > 0) return Error(format, StatusCodes.Status400BadRequest, [.. errors]);

        var found = await tickets.PublicIdsAsync(ids?.Where(EntityIds.IsValid).ToList(), categories, statuses, from, to, region,
            (page - 1) * pageSize, pageSize, cancellationToken);
        var views = await Task.WhenAll(found.Select(id => PublicTicketAsync(entities, id, cancellationToken)));
        return new Open311Result<IReadOnlyList<Open311Request>>(format, StatusCodes.Status200OK, "service_requests",
            [.. views.OfType<TicketView>().Select(Open311Mapping.Request)]);
    }

    private static async Task<IResult> Request(Open311Format format, string serviceRequestId, string? jurisdictionId, EntityGateway entities,
        CancellationToken cancellationToken)
    {
        if (UnknownJurisdiction(format, jurisdictionId) is { } unknown) return unknown;
        return EntityIds.IsValid(serviceRequestId) && await PublicTicketAsync(entities, serviceRequestId, cancellationToken) is { } ticket
            ? new Open311Result<IReadOnlyList<Open311Request>>(format, StatusCodes.Status200OK, "service_requests", [Open311Mapping.Request(ticket)])
            : Error(format, StatusCodes.Status404NotFound, $"service_request_id: no public request '{serviceRequestId}'.");
    }

    /// <summary>The ticket when it is public now: the entity decides, not the read model, which may lag a privacy change.</summary>
    private static async Task<TicketView?> PublicTicketAsync(EntityGateway entities, string ticketId, CancellationToken cancellationToken) =>
        (await entities.AskAsync<HelpTicketRegion, TicketView>(new GetTicket(new TicketId(ticketId)), cancellationToken)).View is { Privacy.Public: true } ticket
            ? ticket
            : null;

    /// <summary>Files the request as a ticket of the client's service account; the <c>Idempotency-Key</c> header works as
    /// on <c>POST /api/tickets</c>.</summary>
    private static async Task<IResult> Create(Open311Format format, HttpRequest request, Open311Keys keys, EntityGateway entities,
        TicketSla sla, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            return Error(format, StatusCodes.Status400BadRequest, "Send the request as application/x-www-form-urlencoded.");
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Error(format, StatusCodes.Status413PayloadTooLarge, "The request body is over the size limit.");
        }
        catch (InvalidDataException)
        {
            return Error(format, StatusCodes.Status400BadRequest, "The form could not be read.");
        }

        // As the host's other 503s (an entity that did not answer): a problem, not a GeoReport error.
        if (keys.Unavailable is not null)
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable", "API keys cannot be checked on this node.");
        if (Open311Form.Value(form, "api_key") is not { } apiKey)
            return Error(format, StatusCodes.Status400BadRequest, "api_key: not provided.");
        if (keys.ClientOf(apiKey) is not { } client)
            return Error(format, StatusCodes.Status403Forbidden, "api_key: not a valid key; nothing was filed.");

        var idempotencyKey = request.Headers[IdempotencyKey.Header].Count > 0 ? request.Headers[IdempotencyKey.Header].ToString() : null;
        if (IdempotencyKey.Invalid(idempotencyKey) is not null)
            return Error(format, StatusCodes.Status400BadRequest, $"{IdempotencyKey.Header}: between 1 and {IdempotencyKey.MaxLength} printable characters.");
        var (filing, errors) = Open311Form.Read(form, client);
        if (filing is null) return Error(format, StatusCodes.Status400BadRequest, [.. errors]);

        var account = Open311Keys.AccountOf(client.ClientId);
        var ticketId = new TicketId(IdempotencyKey.NewId("tk", "open311/requests", account, idempotencyKey));
        var now = clock.GetUtcNow();
        var reply = await entities.SendAsync<HelpTicketRegion>(new FileTicket(ticketId, new UserId(account),
            filing.ReporterName ?? client.Name, filing.Kind, filing.Title, filing.Description, filing.RegionCode, filing.ServiceCode,
            filing.Location, filing.Phone is null ? null : new TicketContact(filing.Phone), new TicketPrivacy(filing.Public, ShowName: false),
            Source: null, sla.AcceptDue(now), now), cancellationToken);
        switch (reply)
        {
            case CommandRejected { Reason: RejectionReason.AlreadyExists }:
                return Error(format, StatusCodes.Status422UnprocessableEntity,
                    $"{IdempotencyKey.Header}: already used for a different request; nothing was filed.");
            case CommandRejected rejected:
                return Error(format, StatusCodes.Status400BadRequest, rejected.Detail);
        }

        var department = DepartmentDirectory.Suggest(filing.RegionCode, filing.ServiceCode);
        var notice = $"Received: a moderator reviews it by {sla.AcceptDue(now).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC"
            + $" and assigns it to {department?.Name ?? "the department in charge"}. "
            + (filing.Public
                ? "It is public: GET requests shows it, never the reporter's name, phone or exact address."
                : "It is private: GET requests does not show it.");
        return new Open311Result<IReadOnlyList<Open311CreatedRequest>>(format, StatusCodes.Status201Created, "service_requests",
            [new Open311CreatedRequest(ticketId.Value, notice, account)], $"/open311/v2/requests/{ticketId.Value}.{format.Extension()}");
    }

    /// <summary>The key is derived, not stored: asking again gives the same key, until the key secret changes.</summary>
    private static Results<Ok<Open311KeyResponse>, ProblemHttpResult> IssueKey(Open311KeyRequest request, Open311Keys keys, HttpContext http,
        ILogger<Open311Keys> logger)
    {
        if (keys.KeyOf(request.ClientId) is not { } key)
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable", keys.Unavailable ?? "No key secret.");
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
        logger.LogInformation("Open311 API key of {ClientId} issued to {UserId}", request.ClientId, http.User.UserId());
        return TypedResults.Ok(new Open311KeyResponse(request.ClientId, key));
    }

    /// <summary>The spec's 404 for a jurisdiction_id that is not a region code, or null.</summary>
    private static IResult? UnknownJurisdiction(Open311Format format, string? jurisdictionId) =>
        jurisdictionId is null || RegionCatalog.Find(jurisdictionId) is not null
            ? null
            : Error(format, StatusCodes.Status404NotFound, $"jurisdiction_id: no jurisdiction '{jurisdictionId}' (a region code of GET /api/regions).");

    private static Open311Result<IReadOnlyList<Open311Error>> Error(Open311Format format, int status, params string[] descriptions) =>
        new(format, status, "errors", [.. descriptions.Select(d => new Open311Error(status, d))]);

    private static List<string> List(string text) =>
        [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static int Whole(string? text, string field, int min, int max, int fallback, List<string> errors)
    {
        if (text is null) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        errors.Add($"{field}: a whole number from {min} to {max}.");
        return fallback;
    }

    /// <summary>A W3C datetime (<c>2026-01-01T00:00:00Z</c>); without an offset it is taken as UTC.</summary>
    private static DateTimeOffset? Time(string? text, string field, List<string> errors)
    {
        if (text is null) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out var at)) return at;
        errors.Add($"{field}: a W3C datetime such as 2026-01-01T00:00:00Z.");
        return null;
    }

    /// <summary>The 2xx document of the route in its format (for XML, a string: the document with <paramref name="root"/>).</summary>
    private static RouteHandlerBuilder Answers<T>(this RouteHandlerBuilder builder, Open311Format format, int status, string root, string? item)
    {
        builder = format == Open311Format.Xml ? builder.Produces<string>(status, "text/xml") : builder.Produces<T>(status, "application/json");
        var shape = item is null ? $"`<{root}>…</{root}>`" : $"`<{root}><{item}>…</{item}></{root}>`";
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue(status.ToString(CultureInfo.InvariantCulture), out var response) == true
                && response is OpenApiResponse concrete)
                concrete.Description = format == Open311Format.Xml
                    ? $"The GeoReport v2 XML document {shape}, with the same elements as the JSON answer's fields."
                    : "The GeoReport v2 JSON document.";
            return Task.CompletedTask;
        });
    }

    /// <summary>The spec's error list for each status.</summary>
    private static RouteHandlerBuilder Errors(this RouteHandlerBuilder builder, Open311Format format, bool write, params int[] statuses)
    {
        foreach (var status in statuses)
            builder = format == Open311Format.Xml
                ? builder.Produces<string>(status, "text/xml")
                : builder.Produces<IReadOnlyList<Open311Error>>(status, "application/json");
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            foreach (var status in statuses)
                if (operation.Responses?.TryGetValue(status.ToString(CultureInfo.InvariantCulture), out var response) == true
                    && response is OpenApiResponse concrete)
                    concrete.Description = ErrorDescription(status, write) + (format == Open311Format.Xml
                        ? " The GeoReport v2 error list `<errors><error><code/><description/></error></errors>`; each description names the field at fault first."
                        : " The GeoReport v2 error list `[{code, description}]`; each description names the field at fault first.");
            return Task.CompletedTask;
        });
    }

    private static string ErrorDescription(int status, bool write) => status switch
    {
        StatusCodes.Status400BadRequest when write => "Bad input (a missing api_key among it); nothing was filed.",
        StatusCodes.Status400BadRequest => "Bad query parameters.",
        StatusCodes.Status403Forbidden => "The api_key is not a valid key; nothing was filed.",
        StatusCodes.Status404NotFound => "No such service, public request or jurisdiction.",
        StatusCodes.Status413PayloadTooLarge => "The request body is over the size limit.",
        StatusCodes.Status422UnprocessableEntity => "The Idempotency-Key was already used by this client for a different request; nothing was filed.",
        _ => "Error.",
    };

    /// <summary>The POST's form, as the spec names its fields.</summary>
    private static OpenApiRequestBody FormBody()
    {
        static OpenApiSchema Text(string description, int? maxLength = null) =>
            new() { Type = JsonSchemaType.String, Description = description, MaxLength = maxLength };
        static OpenApiSchema Number(string description, double limit) =>
            new() { Type = JsonSchemaType.Number, Format = "double", Minimum = (-limit).ToString(CultureInfo.InvariantCulture),
                Maximum = limit.ToString(CultureInfo.InvariantCulture), Description = description };
        var schema = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "api_key", "service_code", "lat", "long", "description", "attribute[kind]" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["api_key"] = Text("The client's key (POST /api/open311/keys)."),
                ["jurisdiction_id"] = Text("A region code (GET /api/regions): the region the request is about."),
                ["service_code"] = Text("A service code of GET /open311/v2/services."),
                ["lat"] = Number("WGS84 latitude.", 90),
                ["long"] = Number("WGS84 longitude.", 180),
                ["address_string"] = Text("The exact address: kept for the department, never shown publicly.", TicketLimits.MaxAddress),
                ["description"] = Text("Plain text; its first line is the ticket's title.", TicketLimits.MaxBody),
                ["attribute[kind]"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. TicketKinds.All.Order().Select(k => (System.Text.Json.Nodes.JsonNode)k)] },
                ["attribute[region]"] = Text("A region code, when jurisdiction_id does not name one; by default the client's region."),
                ["attribute[public]"] = new OpenApiSchema { Type = JsonSchemaType.Boolean, Description = "Whether the request is listed publicly (default true)." },
                ["first_name"] = Text("The reporter's name: kept private.", Open311Form.MaxNamePart),
                ["last_name"] = Text("The reporter's name: kept private.", Open311Form.MaxNamePart),
                ["phone"] = Text("The reporter's phone: kept private.", 20),
                ["email"] = Text("Accepted and not kept."),
            },
        };
        return new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/x-www-form-urlencoded"] = new() { Schema = schema } },
        };
    }
}

/// <summary>A GeoReport document in the route's format, with its content type (and <c>Location</c> for a 201).</summary>
public sealed class Open311Result<T>(Open311Format format, int statusCode, string root, T body, string? location = null)
    : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public int? StatusCode => statusCode;

    public string ContentType => format.ContentType();

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var bytes = Open311Writer.Write(format, root, body);
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = ContentType;
        httpContext.Response.ContentLength = bytes.Length;
        if (location is not null) httpContext.Response.Headers.Location = location;
        await httpContext.Response.Body.WriteAsync(bytes, httpContext.RequestAborted);
    }
}
