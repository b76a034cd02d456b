using Community.Contracts.Common;

namespace Community.Contracts.HelpTickets;

/// <summary>Routes a message to the help ticket entity it names.</summary>
public interface IWithTicketId
{
    TicketId TicketId { get; }
}

public interface ITicketCommand : IWithTicketId, ICommunityMessage;

[JournalTag("help-tickets")]
public interface ITicketEvent : ICommunityEvent;

public static class TicketKinds
{
    public const string Help = "help";
    public const string Complaint = "complaint";
    public const string Suggestion = "suggestion";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Help, Complaint, Suggestion };
}

public static class TicketStatuses
{
    public const string Submitted = "submitted";
    public const string Accepted = "accepted";
    public const string Assigned = "assigned";
    public const string Answered = "answered";
    public const string Resolved = "resolved";
    public const string Closed = "closed";
    public const string Rejected = "rejected";
    public const string Duplicate = "duplicate";
}

public sealed record GeoLocation(double Lat, double Lon, string? Address);

[Manifest("file-ticket.v1")]
public sealed record FileTicket(
    TicketId TicketId, UserId CitizenId, string Kind, string Title, string Body, string RegionCode, string Category,
    GeoLocation? Location, DateTimeOffset At) : ITicketCommand;

/// <summary>Query: answered with <see cref="TicketView"/> or <see cref="CommandRejected"/> (NotFound).</summary>
[Manifest("get-ticket.v1")]
public sealed record GetTicket(TicketId TicketId) : ITicketCommand;

[Manifest("ticket-filed.v1")]
public sealed record TicketFiled(
    TicketId TicketId, UserId CitizenId, string Kind, string Title, string Body, string RegionCode, string Category,
    GeoLocation? Location, DateTimeOffset At) : ITicketEvent;

[Manifest("ticket-view.v1")]
public sealed record TicketView(
    TicketId TicketId, UserId CitizenId, string Kind, string Title, string Body, string RegionCode, string Category,
    GeoLocation? Location, string Status, long Seq, DateTimeOffset FiledAt) : ICommunityMessage;
