using Akka.Actor;
using Akka.Cluster;
using Community.Cluster.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Community.Web.Health;

/// <summary>Ready when this node is Up in the cluster.</summary>
public sealed class ClusterUpCheck(ActorSystem system) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var self = Akka.Cluster.Cluster.Get(system).SelfMember;
        return Task.FromResult(self.Status == MemberStatus.Up
            ? HealthCheckResult.Healthy($"{self.Address} is Up")
            : HealthCheckResult.Unhealthy($"{self.Address} is {self.Status}"));
    }
}

/// <summary>Ready when the journal's database answers.</summary>
public sealed class JournalCheck(JournalDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await database.PingAsync(cancellationToken)
            ? HealthCheckResult.Healthy($"{database.ProviderName} answers")
            : HealthCheckResult.Unhealthy($"{database.ProviderName} does not answer");
}

public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IHealthChecksBuilder AddCommunityHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck<ClusterUpCheck>("cluster", tags: [ReadyTag])
            .AddCheck<JournalCheck>("journal", tags: [ReadyTag]);

    public static IEndpointRouteBuilder MapCommunityHealth(this IEndpointRouteBuilder app)
    {
        // Live: the process answers. Ready: it can take writes.
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains(ReadyTag) }).AllowAnonymous();
        return app;
    }
}
