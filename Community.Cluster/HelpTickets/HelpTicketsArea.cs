using Akka.Cluster.Hosting;
using Akka.Hosting;
using Community.Cluster.Entities;
using Community.Cluster.Hosting;

namespace Community.Cluster.HelpTickets;

/// <summary>The help tickets area of a node (ask the government): one entity per ticket.</summary>
public static class HelpTicketsArea
{
    public const string Name = "help-tickets";

    public static CommunityClusterBuilder AddHelpTicketsArea(this CommunityClusterBuilder cluster) =>
        cluster.AddArea(Name, (akka, area) => akka.WithShardRegion<HelpTicketRegion>(HelpTicketEntity.Kind,
            id => HelpTicketEntity.Props(id, area.EntitySettings).WithMailbox(EntityMailbox.Id),
            area.Extractor(HelpTicketEntity.EntityIdOf), area.ShardOptions));
}
