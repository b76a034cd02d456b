using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Akka.Hosting;
using Community.Cluster.Hosting;
using Community.Cluster.Telemetry;
using Community.Web.Auth;
using Community.Web.Demo;
using Community.Web.Health;
using Community.Web.Http;
using Community.Web.Live;
using Community.Web.Regions;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace Community.Web.Hosting;

/// <summary>The web host's composition: services in <see cref="AddCommunityWeb"/>, pipeline and routes in
/// <see cref="UseCommunityWeb"/>.</summary>
public static class CommunityWebHosting
{
    /// <summary>The host's core (auth, problems, limits, the live hub, OpenAPI, health, telemetry, the cluster node);
    /// the areas are added to the answered builder, each with its own <c>AddXArea</c>.</summary>
    public static CommunityWebBuilder AddCommunityWeb(this WebApplicationBuilder builder)
    {
        // Options are bound here and read lazily from DI, so hosts and tests can override any of them.
        var services = builder.Services;
        services.AddOptions<CommunityClusterOptions>().BindConfiguration(CommunityClusterOptions.Section);
        services.AddOptions<CommunityWebOptions>().BindConfiguration(CommunityClusterOptions.Section);
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<CommunityWebOptions>>().Value);
        services.AddSingleton(provider => provider.GetRequiredService<CommunityWebOptions>().Auth);
        services.AddSingleton<ReservedNames>();
        services.AddSingleton(TimeProvider.System);

        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o => o.TimestampFormat = "O");
        services.AddOptions<KestrelServerOptions>().Configure<CommunityWebOptions>((kestrel, web) =>
            kestrel.Limits.MaxRequestBodySize = web.Limits.MaxRequestBodyBytes);

        var cluster = new CommunityClusterBuilder(services);
        services.AddCommunityCluster(cluster, (akka, provider) => akka.WithActors((system, _) =>
            system.ActorOf(AuthChangesListener.Props(provider.GetRequiredService<SessionCache>()), "auth-changes")));
        services.AddHostedService<DemoSeeder>();

        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
                problem.Type = problem is HttpValidationProblemDetails ? Problems.ValidationType : Problems.TypeFor(problem.Status ?? 500);
            // The router's own rejections (HttpHygiene.UseRoutingAnswers) come without a detail.
            problem.Detail ??= problem.Status switch
            {
                StatusCodes.Status405MethodNotAllowed => $"This path takes {context.HttpContext.Response.Headers.Allow}.",
                StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON, with Content-Type: application/json.",
                _ => null,
            };
        });
        services.AddExceptionHandler<ExceptionProblems>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));

        AddAuth(services);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
                new ValueTask(RateLimits.WriteRejectionAsync(context.HttpContext, RateLimits.RetryAfterSeconds(context.Lease)));
        });

        services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.Section);
        services.AddSingleton<LiveBridge>();
        services.AddSingleton<LiveStreams>();
        services.AddSingleton<LiveConnections>();
        services.AddHostedService<LiveConnectionSweeper>();
        services.AddSingleton<HubCallLimit>();
        // Logging first, so that it also logs the calls the limit refuses.
        services.AddSignalR(o =>
        {
            o.AddFilter<HubCallLogging>();
            o.AddFilter<HubCallLimit>();
        }).AddJsonProtocol(o => ConfigureJson(o.PayloadSerializerOptions));
        builder.Logging.AddFilter(HubCallLogging.DispatcherCategory, LogLevel.None);
        services.AddSingleton<IUserIdProvider, SubjectUserIdProvider>();
        services.AddOpenApi(OpenApiDocumentSetup.DocumentName, o => o.AddCommunityDocument());
        services.AddCommunityHealthChecks();
        AddTelemetry(builder);
        return new CommunityWebBuilder(builder, cluster);
    }

    public static WebApplication UseCommunityWeb(this WebApplication app)
    {
        // First of all, so that every response has them, whatever answers it (HttpHeaders).
        app.UseHttpHeaders();
        // Before anything reads the client's address, so that the per-address limits and the logs see the client behind a
        // trusted proxy. Only when proxies are named: with no known proxy the middleware would believe every sender's headers.
        // Secrets first: a node of a cluster without the shared ones stops here, with the setting named.
        app.Services.GetRequiredService<Microsoft.IdentityModel.Tokens.SymmetricSecurityKey>();
        var proxies = app.Services.GetRequiredService<CommunityWebOptions>().Proxies.Trusted;
        if (proxies.Count > 0) app.UseForwardedHeaders(ForwardedHeaders(proxies));
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseRoutingAnswers();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseNotFoundWithoutRoute();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/api-reference").AllowAnonymous();
        app.MapCommunityHealth();
        app.MapRegionsApi();
        var areaRoutes = app.MapGroup("").WithMetadata(new AreaRouteMetadata());
        foreach (var area in app.Services.GetServices<AreaRoutes>()) area.Map(areaRoutes);
        app.MapHub<LiveHub>(LiveHub.Path);

        // No catch-all routes: a catch-all matches every path with every verb and body type, and would hide the
        // router's 405 and 415 (UseRoutingAnswers answers unknown API paths and serves the pages instead).
        return app;
    }

    private static void ConfigureJson(JsonSerializerOptions json)
    {
        // An explicit null for a non-nullable field is a JSON error naming the field; a missing field is left to the
        // request's [Required] annotations, which name every missing field at once.
        json.RespectNullableAnnotations = true;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    }

    private static void AddAuth(IServiceCollection services)
    {
        services.AddSingleton<IPasswordHasher<string>, PasswordHasher<string>>();
        services.AddSingleton(provider => SigningKey.Resolve(provider.GetRequiredService<AuthOptions>(),
            provider.GetRequiredService<CommunityClusterOptions>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SigningKey))));
        services.AddSingleton<TokenService>();
        services.AddSingleton<SessionCache>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TokenService>((o, tokens) =>
            {
                o.MapInboundClaims = false;
                o.TokenValidationParameters = tokens.ValidationParameters();
                // Browsers cannot set headers on websockets: the hub takes the token from the query, and only the hub.
                o.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        if (context.Request.Path.StartsWithSegments(LiveHub.Path)
                            && context.Request.Query["access_token"] is { Count: > 0 } token)
                            context.Token = token;
                        return Task.CompletedTask;
                    },
                    OnTokenValidated = SessionCheck.OnTokenValidated,
                };
            });
        services.AddAuthorizationBuilder().AddCommunityPolicies();
    }

    private static void AddTelemetry(WebApplicationBuilder builder)
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("onenetwork-community"))
            .WithMetrics(m => m
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(CommunityMetrics.MeterName, "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections"))
            .WithTracing(t => t.AddAspNetCoreInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            otel.UseOtlpExporter();
    }

    private static ForwardedHeadersOptions ForwardedHeaders(IEnumerable<string> trusted)
    {
        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor
                | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
        };
        // Only what is configured: the defaults trust loopback.
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in trusted)
        {
            if (entry.Contains('/', StringComparison.Ordinal) && IPNetwork.TryParse(entry, out var network)) options.KnownIPNetworks.Add(network);
            else if (IPAddress.TryParse(entry, out var address)) options.KnownProxies.Add(address);
            else throw new InvalidOperationException($"Community:Proxies:Trusted holds '{entry}', which is neither an address nor a network.");
        }
        return options;
    }
}
