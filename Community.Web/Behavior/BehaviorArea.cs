using Akka.Actor;
using Community.Cluster.Persistence;
using Community.Contracts.Behavior;
using Community.Recommender.Behavior;
using Community.Web.Hosting;
using Community.Web.Http;
using Microsoft.Extensions.Options;

namespace Community.Web.Behavior;

/// <summary>The behavior area of the web host: <c>POST /api/events</c> into the node's behavior log
/// (<see cref="BehaviorLog"/>, in Community.Recommender), which the recommender reads.</summary>
public static class BehaviorArea
{
    public static CommunityWebBuilder AddBehaviorArea(this CommunityWebBuilder web)
    {
        web.Services.AddOptions<BehaviorOptions>().BindConfiguration(BehaviorOptions.Section);
        web.Services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<BehaviorOptions>>().Value;
            // On SQLite a file of its own: tens of thousands of events a second must not hold the journal file's single
            // write lock. On PostgreSQL the journal's database.
            var database = provider.GetRequiredService<JournalDatabase>().SqliteSibling("behavior.db");
            return new BehaviorLog(database.IsPostgres, database.ConnectionString, provider.GetRequiredService<ActorSystem>(),
                provider.GetRequiredService<ILoggerFactory>().CreateLogger<BehaviorLog>(), options.Log());
        });
        // Registered after the cluster node's own hosted service, so stopped before it: what is queued is committed
        // while the actor system (the log's stream) still runs.
        web.Services.AddHostedService<BehaviorLogLifetime>();
        return web
            .AddRateLimitPolicy(BehaviorApi.RateLimit, http =>
            {
                var permits = http.RequestServices.GetRequiredService<IOptions<BehaviorOptions>>().Value.RequestsPerMinute;
                // Signed-in readers per account (a county's readers may share one NAT address); others per address.
                return http.User.Identity?.IsAuthenticated == true
                    ? RateLimits.PerUserPerMinute(http, permits)
                    : RateLimits.PerAddressPerMinute(http, permits);
            })
            .MapRoutes(app => app.MapBehaviorApi());
    }
}

/// <summary>The <c>Community:Behavior</c> configuration section.</summary>
public sealed class BehaviorOptions
{
    public const string Section = "Community:Behavior";

    /// <summary>Requests to <c>POST /api/events</c> per minute: per signed-in user, else per client address.</summary>
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>Most events in one transaction of the behavior log (at least one request's 500).</summary>
    public int MaxBatchEvents { get; set; } = 2000;

    /// <summary>How long requests are gathered into one transaction when fewer than <see cref="MaxBatchEvents"/> arrive.</summary>
    public TimeSpan BatchWindow { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Requests waiting for a transaction; beyond it the route answers 503 with <c>Retry-After</c>.</summary>
    public int QueueBound { get; set; } = 1024;

    /// <summary>The <c>Retry-After</c> of a 503 (log busy or a failed write).</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>The log's options; a transaction holds at least one whole request.</summary>
    public BehaviorLogOptions Log() => new()
    {
        MaxBatchEvents = Math.Max(MaxBatchEvents, BehaviorLimits.MaxEventsPerRequest), BatchWindow = BatchWindow, QueueBound = QueueBound,
    };
}

/// <summary>Creates the log (and its table) when the node starts, and drains it when the node stops.</summary>
internal sealed class BehaviorLogLifetime(IServiceProvider services, ILogger<BehaviorLogLifetime> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await services.GetRequiredService<BehaviorLog>().EnsureSchemaAsync(cancellationToken);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            // The first write tries again; the readiness probe reports the database.
            logger.LogWarning(e, "The behavior log's table could not be created at start");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) =>
        await services.GetRequiredService<BehaviorLog>().DisposeAsync().AsTask().WaitAsync(cancellationToken);
}
