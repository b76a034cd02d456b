using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Community.Cluster.Entities;
using Community.Contracts.HelpTickets;

namespace Community.Cluster.HelpTickets;

/// <summary>One persistent actor per ask-the-government help ticket.</summary>
public sealed class HelpTicketEntity(string entityId, EntitySettings settings)
    : EventSourcedEntity<TicketState>(Kind, entityId, settings)
{
    public const string Kind = "ticket";

    public static Props Props(string entityId, EntitySettings settings) =>
        Akka.Actor.Props.Create(() => new HelpTicketEntity(entityId, settings));

    public static string? EntityIdOf(object message) => (message as IWithTicketId)?.TicketId.Value;
}

/// <summary>Registry key of the help ticket shard region.</summary>
public sealed class HelpTicketRegion;

public static class HelpTicketEntityHosting
{
    public static AkkaConfigurationBuilder AddHelpTicketEntity(this AkkaConfigurationBuilder builder, EntitySettings settings,
        ShardOptions shardOptions, int numberOfShards) =>
        builder.WithShardRegion<HelpTicketRegion>(HelpTicketEntity.Kind, id => HelpTicketEntity.Props(id, settings).WithMailbox(EntityMailbox.Id),
            new EntityMessageExtractor(numberOfShards, HelpTicketEntity.EntityIdOf), shardOptions);
}
