using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Community.Web.Http;

/// <summary>
/// What every operation of <c>GET /openapi/v1.json</c> shares: the info block and tags, the bearer scheme on every
/// operation that needs a token (the fallback policy requires one unless a route allows anonymous callers), the
/// standard descriptions and headers of the problem answers, and examples where a field's form is not obvious. Each
/// route describes itself (operation id, summary, answers) next to its <c>Map</c> call.
/// </summary>
public static class OpenApiDocumentSetup
{
    public const string DocumentName = "v1";
    public const string BearerScheme = "bearer";
    public const string ProblemContentType = "application/problem+json";

    private static readonly (string Name, string Description)[] Tags =
    [
        ("Accounts", "One registration, sign-in from every registered client, the signed-in user's profile."),
        ("Admin", "Operator actions: roles."),
        ("Regions", "Reference data: the province's regions and the registered clients."),
        ("Circles", "Interest circles: create, list and search, join and leave."),
        ("Circle posts", "Posts, comments and likes in a circle (members only)."),
        ("Circle topics", "Topic activities of a circle: opened by its owner or moderators, posted to by members."),
        ("Creators", "Creator accounts (Chaominghao): registration, verification, staff, followers, the dashboard."),
        ("Works", "Works of creator accounts: write, publish, correct, withdraw, reprint, like, and their numbers."),
        ("Channels", "What each region's client shows, and the alliance pool."),
        ("Tasks", "Operators' tasks for creator accounts: a metric's target in a window, rewarded with points and a boost."),
        ("Tickets", "Ask the government: citizens' requests for help, complaints and suggestions, their review, the departments' queues and answers, the public column and the figures."),
        ("Open311", "Open311 GeoReport v2 on the ask-the-government tickets (services, public requests, filing with a client's API key), in XML and JSON; errors in the GeoReport error list (docs/open311.md)."),
        ("Behavior", "What readers do (views, dwell, clicks, shares, hides), stored durably for the stats and the recommender."),
        ("Health", "Probes for load balancers and orchestrators."),
    ];

    /// <summary>Examples by JSON name, for parameters and schema properties whose form a name does not tell.</summary>
    private static readonly Dictionary<string, string> Examples = new(StringComparer.Ordinal)
    {
        ["regionCode"] = "330106",
        ["parentCode"] = "330100",
        ["code"] = "330106",
        ["clientId"] = "chao-news",
        ["userId"] = "u-3f5a9c2e7b1d4a6f8e0c2b4d",
        ["ownerId"] = "u-3f5a9c2e7b1d4a6f8e0c2b4d",
        ["authorId"] = "u-3f5a9c2e7b1d4a6f8e0c2b4d",
        ["circleId"] = "c-mk227372n4m44bekrhleszyreu",
        ["postId"] = "p-qg2xfiyxmd3qn2j7uuju5y4fgu",
        ["commentId"] = "m-kiqnn3kpiznhrsfbw2uww4dige",
        ["topicId"] = "t-rhzvi7yc5zopgdt2f5halofy3u",
        ["departmentId"] = "dept-housing",
        ["creatorId"] = "cr-xihu",
        ["taskId"] = "task-7n3qk5xw2lmb4ayzr6cvdh2e4u",
        ["Idempotency-Key"] = "3b8f2c1e-draft-17",
    };

    private static readonly Dictionary<string, string> ProblemDescriptions = new(StringComparer.Ordinal)
    {
        ["400"] = "Bad input: `errors` names each field at fault (`body` when the JSON itself is malformed).",
        ["401"] = "No token, or the token is invalid or expired; for sign-in: wrong user name or password.",
        ["403"] = "The caller may not do this (role, membership or a ban).",
        ["404"] = "No such thing (an unknown or malformed id).",
        ["409"] = "Conflict: the name or id is taken, or the thing is not in a state that allows this.",
        ["413"] = "The request body is over the size limit.",
        ["422"] = "The `Idempotency-Key` was already used by the caller on this route for a different request (another body): nothing was created; a new request needs a new key.",
        ["429"] = "Rate limited: `Retry-After` says after how many seconds to try again.",
        ["503"] = "The entity did not answer in time (the cluster is busy or a node is taking over): nothing was acknowledged; try again.",
    };

    public static OpenApiOptions AddCommunityDocument(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            Describe(document);
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (RequiresToken(metadata)) RequireBearer(operation, context.Document);
            else Anonymous(operation);
            if (metadata.OfType<AreaRouteMetadata>().Any())
            {
                operation.Responses ??= new OpenApiResponses();
                operation.Responses.TryAdd("503", Problem("503"));
            }
            DescribeProblems(operation);
            AddParameterExamples(operation);
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            NumbersAreNumbers(schema);
            if (context.JsonPropertyInfo?.Name is { } name && Examples.TryGetValue(name, out var example)
                && schema.Type?.HasFlag(JsonSchemaType.String) == true)
                schema.Example = example;
            return Task.CompletedTask;
        });
        return options;
    }

    private static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "OneNetwork.Community API",
            Version = "v1",
            Summary = "The community layer of the province-wide integrated-media network.",
            Description = "Interest circles with live feeds, creators, ask-the-government and moderation for the province, city "
                + "and county clients. JSON in camelCase; times ISO 8601 UTC; ids are opaque strings. Errors are "
                + "`application/problem+json` (RFC 9457). Every call but registration, sign-in, the reference data and the "
                + "health probes takes `Authorization: Bearer <accessToken>` from `POST /api/sessions`. The live hub "
                + "(`/hubs/live`, SignalR) is not described here.",
        };
        // Relative, so the document is the same on every node and behind any proxy: the host that serves it is the server.
        document.Servers = [new OpenApiServer { Url = "/", Description = "The host that serves this document" }];
        document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "The `accessToken` of `POST /api/sessions`.",
        };
        AddHealth(document);
    }

    /// <summary>Health checks are not route handlers, so the API explorer does not see them: described here.</summary>
    private static void AddHealth(OpenApiDocument document)
    {
        document.Paths ??= new OpenApiPaths();
        document.Paths["/health/live"] = Probe("getLiveness", "Whether the process answers", ready: false, document);
        document.Paths["/health/ready"] = Probe("getReadiness", "Whether the node is Up in the cluster and its journal answers",
            ready: true, document);
    }

    private static OpenApiPathItem Probe(string operationId, string summary, bool ready, OpenApiDocument document)
    {
        static OpenApiResponse Text(string description, string example) => new()
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String }, Example = example },
            },
        };

        var responses = new OpenApiResponses { ["200"] = Text("Healthy", "Healthy") };
        if (ready) responses["503"] = Text("Not ready: the node is not Up or the journal does not answer", "Unhealthy");
        return new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    OperationId = operationId,
                    Summary = summary,
                    Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
                    Security = [new OpenApiSecurityRequirement()],
                    Responses = responses,
                },
            },
        };
    }

    /// <summary>The fallback policy requires a signed-in user wherever a route does not allow anonymous callers.</summary>
    private static bool RequiresToken(IList<object> metadata) => !metadata.OfType<IAllowAnonymous>().Any();

    /// <summary>An empty requirement: callable without a token (a missing <c>security</c> would mean "not said").</summary>
    private static void Anonymous(OpenApiOperation operation) => operation.Security = [new OpenApiSecurityRequirement()];

    private static void RequireBearer(OpenApiOperation operation, OpenApiDocument? document)
    {
        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });
        operation.Responses ??= new OpenApiResponses();
        if (!operation.Responses.ContainsKey("401")) operation.Responses["401"] = Problem("401");
    }

    private static OpenApiResponse Problem(string status) => new()
    {
        Description = ProblemDescriptions[status],
        Content = new Dictionary<string, OpenApiMediaType>
        {
            [ProblemContentType] = new() { Schema = new OpenApiSchemaReference(nameof(Microsoft.AspNetCore.Mvc.ProblemDetails)) },
        },
    };

    /// <summary>Our descriptions for the problem answers, and the <c>Retry-After</c> header of a 429.</summary>
    private static void DescribeProblems(OpenApiOperation operation)
    {
        if (operation.Responses is null) return;
        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete || !ProblemDescriptions.TryGetValue(status, out var description)) continue;
            concrete.Description = description;
            if (status != "429") continue;
            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            concrete.Headers["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds to wait before trying again.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                Example = 60,
            };
        }
    }

    private static void AddParameterExamples(OpenApiOperation operation)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Name is { } name && Examples.TryGetValue(name, out var example)) parameter.Example = example;
            if (parameter.Name == IdempotencyKey.Header)
                parameter.Description = "Chosen by the client, one per draft: a retry with the same key and body answers what the "
                    + "first request created instead of creating it twice; the same key with another body is a 422. A key is the "
                    + "caller's on this route (this circle, this post): elsewhere it is another request.";
        }
    }

    /// <summary>
    /// The web JSON defaults also read numbers written as strings, so the generator describes them as "integer or
    /// string with a digit pattern". Clients should send and expect numbers: describe them as numbers.
    /// </summary>
    private static void NumbersAreNumbers(OpenApiSchema schema)
    {
        if (schema.Type is not { } type || !type.HasFlag(JsonSchemaType.String)) return;
        if (!type.HasFlag(JsonSchemaType.Integer) && !type.HasFlag(JsonSchemaType.Number)) return;
        schema.Type = type & ~JsonSchemaType.String;
        schema.Pattern = null;
    }
}

/// <summary>Route metadata shorthands for the problem answers a route can give.</summary>
public static class OpenApiRouteMetadata
{
    /// <summary>Each status as an <c>application/problem+json</c> answer (400 validation problems: use
    /// <c>ProducesValidationProblem</c>).</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses) builder.ProducesProblem(status);
        return builder;
    }
}

/// <summary>Marks the routes the areas map: each asks an entity, which may not answer in time (503).</summary>
public sealed class AreaRouteMetadata;
