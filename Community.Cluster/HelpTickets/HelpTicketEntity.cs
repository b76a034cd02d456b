using Akka.Actor;
using Community.Cluster.Entities;
using Community.Contracts.HelpTickets;

namespace Community.Cluster.HelpTickets;

/// <summary>One persistent actor per ask-the-government help ticket.</summary>
public sealed class HelpTicketEntity(string entityId, EntitySettings settings)
    : EventSourcedEntity<HelpTicketState>(Kind, entityId, settings)
{
    public const string Kind = "ticket";

    public static Props Props(string entityId, EntitySettings settings) =>
        Akka.Actor.Props.Create(() => new HelpTicketEntity(entityId, settings));

    public static string? EntityIdOf(object message) => (message as IWithTicketId)?.TicketId.Value;
}

/// <summary>Registry key of the help ticket shard region.</summary>
public sealed class HelpTicketRegion;
