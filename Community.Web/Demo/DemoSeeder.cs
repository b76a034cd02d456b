using Community.Cluster.Hosting;
using Community.Web.Hosting;

namespace Community.Web.Demo;

/// <summary>Seeds the areas' demo data on start when <c>Community:Demo:Enabled</c>, in the order the areas were added
/// (users before the circles they own).</summary>
public sealed class DemoSeeder(IEnumerable<IDemoData> areas, EntityGateway entities, CommunityWebOptions options, TimeProvider clock,
    ILogger<DemoSeeder> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Demo.Enabled) return;
        var seeds = areas.ToList();
        var steps = seeds.Sum(a => a.Steps);
        logger.LogInformation("Seeding demo data: {Steps} steps", steps);
        var seeding = new DemoSeeding(entities, options.Demo, clock, logger, steps);
        foreach (var area in seeds) await area.SeedAsync(seeding, stoppingToken);
        logger.LogInformation("Demo data ready: {Steps} steps", steps);
    }
}
