using Akka.Persistence.Journal;
using Community.Contracts.Circles;
using Community.Contracts.Creators;
using Community.Contracts.HelpTickets;
using Community.Contracts.Users;

namespace Community.Cluster.Persistence;

/// <summary>Tags every event with its area so projections can read one area's events in journal order.</summary>
public sealed class AreaTagger : IWriteEventAdapter
{
    public const string Users = "users";
    public const string Circles = "circles";
    public const string Creators = "creators";
    public const string Tickets = "tickets";

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => TagOf(evt) is { } tag ? new Tagged(evt, [tag]) : evt;

    public static string? TagOf(object evt) => evt switch
    {
        IUserEvent => Users,
        ICircleEvent => Circles,
        ICreatorEvent => Creators,
        ITicketEvent => Tickets,
        _ => null,
    };
}
