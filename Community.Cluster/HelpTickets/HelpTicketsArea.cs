using Akka.Cluster.Hosting;
using Akka.Hosting;
using Community.Cluster.Entities;
using Community.Cluster.Hosting;
using Community.Cluster.Projections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Community.Cluster.HelpTickets;

/// <summary>The help tickets area of a node (ask the government): one entity per ticket, the tickets read model (queues,
/// public column, figures), the SLA sweep (a cluster singleton) and the relay that shows a post's ticket on the post.</summary>
public static class HelpTicketsArea
{
    public const string Name = "help-tickets";

    public static CommunityClusterBuilder AddHelpTicketsArea(this CommunityClusterBuilder cluster)
    {
        cluster.Services.AddSingleton<TicketReadModel>();
        cluster.Services.AddSingleton(provider => new TicketSla(provider.GetService<IOptions<HelpTicketOptions>>()?.Value ?? new HelpTicketOptions()));
        return cluster.AddArea(Name, (akka, area) =>
        {
            var clock = area.Services.GetService<TimeProvider>() ?? TimeProvider.System;
            var sla = area.Services.GetRequiredService<TicketSla>();
            akka.WithShardRegion<HelpTicketRegion>(HelpTicketEntity.Kind,
                    id => HelpTicketEntity.Props(id, area.EntitySettings).WithMailbox(EntityMailbox.Id),
                    area.Extractor(HelpTicketEntity.EntityIdOf), area.ShardOptions)
                .WithProjection(new TicketReadModelProjection(), area.Database)
                .WithProjection(new TicketPostRelay(area.Services), TicketPostRelay.DatabaseFor(area.Database))
                .WithSingleton<TicketSlaWorker>("ticket-sla",
                    TicketSlaWorker.Props(area.Services.GetRequiredService<TicketReadModel>(),
                        () => area.Services.GetRequiredService<ActorRegistry>().GetAsync<HelpTicketRegion>(), clock, sla.Options.SweepEvery,
                        area.Services.GetRequiredService<ILoggerFactory>().CreateLogger<TicketSlaWorker>()),
                    new ClusterSingletonOptions(), createProxyToo: false);
        });
    }
}
