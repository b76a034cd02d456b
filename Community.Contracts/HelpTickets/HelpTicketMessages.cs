using System.Collections.Immutable;
using Community.Contracts.Common;

namespace Community.Contracts.HelpTickets;

/// <summary>Routes a message to the help ticket entity it names.</summary>
public interface IWithTicketId
{
    TicketId TicketId { get; }
}

public interface ITicketCommand : IWithTicketId, ICommunityMessage;

[JournalTag("help-tickets")]
public interface ITicketEvent : ICommunityEvent, IWithTicketId;

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

    /// <summary>A timeline step only: the citizen was not satisfied, and the ticket went back to <see cref="Assigned"/>.</summary>
    public const string Reopened = "reopened";

    /// <summary>A timeline step only: the ticket moved to another department.</summary>
    public const string Transferred = "transferred";

    /// <summary>A timeline step only: a stage's due time passed, and the ticket was flagged up the tiers.</summary>
    public const string Escalated = "escalated";

    /// <summary>A timeline step only: a reporter attached a public report on the ticket.</summary>
    public const string Reported = "reported";

    public static readonly IReadOnlySet<string> All = new HashSet<string>
    {
        Submitted, Accepted, Assigned, Answered, Resolved, Closed, Rejected, Duplicate,
    };

    /// <summary>Statuses a ticket leaves no more.</summary>
    public static bool IsFinal(string status) => status is Closed or Rejected or Duplicate;

    /// <summary>Statuses in which a department works the ticket.</summary>
    public static bool IsWithDepartment(string status) => status is Assigned or Answered;
}

/// <summary>The stages a ticket's SLA clock times.</summary>
public static class TicketStages
{
    /// <summary>From filing to the moderator's review.</summary>
    public const string Acceptance = "acceptance";

    /// <summary>From assignment (or a transfer, or a reopening) to the department's first reply.</summary>
    public const string FirstReply = "firstReply";

    /// <summary>From the first reply to the resolution.</summary>
    public const string Resolution = "resolution";

    /// <summary>From the resolution to the citizen's feedback; when it passes the ticket closes by itself.</summary>
    public const string Feedback = "feedback";
}

public static class ReviewDecisions
{
    public const string Accept = "accept";
    public const string Reject = "reject";
    public const string Duplicate = "duplicate";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Accept, Reject, Duplicate };
}

/// <summary>Who acts on a ticket, as the web host established it from the caller's claims.</summary>
public static class TicketActorRoles
{
    public const string Citizen = "citizen";
    public const string Moderator = "moderator";
    public const string Department = "department";

    /// <summary>A reporter, in the timeline of a report (the report itself carries the byline).</summary>
    public const string Reporter = "reporter";

    /// <summary>The SLA clock (escalations, closing after the quiet period).</summary>
    public const string System = "system";
}

/// <param name="DepartmentId">The department the actor works for, for <see cref="TicketActorRoles.Department"/>.</param>
public sealed record TicketActor(UserId UserId, string Role, string? DepartmentId = null)
{
    public static readonly TicketActor System = new(new UserId("system"), TicketActorRoles.System);

    /// <summary>What a timeline shows as the actor: the department, or the role; never a staff member's id.</summary>
    public string Shown => Role == TicketActorRoles.Department ? DepartmentId ?? Role : Role;
}

public sealed record GeoLocation(double Lat, double Lon, string? Address);

/// <summary>How to reach the citizen; shown to the citizen, the moderators and the handling department only.</summary>
public sealed record TicketContact(string? Phone);

/// <param name="Public">Whether the ticket is in the public column (its personal data never is).</param>
/// <param name="ShowName">Whether the citizen's display name is shown where the ticket is public.</param>
public sealed record TicketPrivacy(bool Public, bool ShowName);

/// <summary>The circle post a ticket was made from (the feed ↔ queue bridge).</summary>
public sealed record TicketSource(CircleId CircleId, string PostId);

public static class TicketLimits
{
    public const int MaxTitle = 100;
    public const int MaxBody = 4000;
    public const int MaxText = 4000;
    public const int MaxReason = 500;
    public const int MaxAddress = 200;
    public const int MaxComment = 1000;
    public const int MaxReportSummary = 1000;
    public const int MaxUrl = 2000;

    /// <summary>Reports one ticket holds: enough for every outlet that covers it.</summary>
    public const int MaxReports = 50;
}

[Manifest("file-ticket.v2")]
public sealed record FileTicket(
    TicketId TicketId, UserId CitizenId, string CitizenName, string Kind, string Title, string Body, string RegionCode,
    string Category, GeoLocation? Location, TicketContact? Contact, TicketPrivacy Privacy, TicketSource? Source,
    DateTimeOffset AcceptDueAt, DateTimeOffset At) : ITicketCommand;

/// <summary>Query: answered with <see cref="TicketView"/> or <see cref="CommandRejected"/> (NotFound).</summary>
[Manifest("get-ticket.v1")]
public sealed record GetTicket(TicketId TicketId) : ITicketCommand;

/// <param name="DepartmentId">Who handles an accepted ticket (the web host fills in the suggestion when none is given).</param>
/// <param name="ReplyDueAt">When the department's first reply is due, for an accepted ticket.</param>
[Manifest("review-ticket.v1")]
public sealed record ReviewTicket(
    TicketId TicketId, TicketActor By, string Decision, string? DepartmentId, TicketId? DuplicateOf, string Reason,
    DateTimeOffset? ReplyDueAt, DateTimeOffset At) : ITicketCommand;

/// <param name="ResolveDueAt">When the resolution is due, if this is the first reply.</param>
[Manifest("reply-to-ticket.v1")]
public sealed record ReplyToTicket(
    TicketId TicketId, TicketActor By, string ReplyId, string Text, bool Public, DateTimeOffset ResolveDueAt, DateTimeOffset At) : ITicketCommand;

/// <param name="FeedbackDueAt">When the ticket closes by itself if the citizen says nothing.</param>
[Manifest("resolve-ticket.v1")]
public sealed record ResolveTicket(TicketId TicketId, TicketActor By, string Text, DateTimeOffset FeedbackDueAt, DateTimeOffset At) : ITicketCommand;

[Manifest("transfer-ticket.v1")]
public sealed record TransferTicket(
    TicketId TicketId, TicketActor By, string DepartmentId, string Reason, DateTimeOffset ReplyDueAt, DateTimeOffset At) : ITicketCommand;

/// <param name="ReplyDueAt">The department's new due time when the citizen is not satisfied.</param>
[Manifest("give-ticket-feedback.v1")]
public sealed record GiveTicketFeedback(
    TicketId TicketId, TicketActor By, bool Satisfied, int Rating, string? Comment, DateTimeOffset ReplyDueAt, DateTimeOffset At) : ITicketCommand;

[Manifest("set-ticket-privacy.v1")]
public sealed record SetTicketPrivacy(TicketId TicketId, TicketActor By, TicketPrivacy Privacy, DateTimeOffset At) : ITicketCommand;

/// <summary>The SLA clock's tick for one ticket: escalates it, or closes it after the quiet period, when that is due at
/// <paramref name="Now"/>; accepted without an event when nothing is due.</summary>
[Manifest("check-ticket-sla.v1")]
public sealed record CheckTicketSla(TicketId TicketId, DateTimeOffset Now) : ITicketCommand;

/// <summary>A reporter follows (<paramref name="Following"/> true) a public ticket as a story lead, or stops; a repeat
/// changes nothing.</summary>
[Manifest("follow-ticket.v1")]
public sealed record FollowTicket(TicketId TicketId, UserId ReporterId, bool Following, DateTimeOffset At) : ITicketCommand;

/// <summary>A reporter attaches a public report (an article, a video) on a public ticket. <paramref name="ReportId"/>
/// comes from the request's Idempotency-Key, so a retried attach is recorded once.</summary>
[Manifest("attach-ticket-report.v1")]
public sealed record AttachTicketReport(
    TicketId TicketId, UserId ReporterId, string ReporterName, string ReportId, string Title, string? Url, string Summary,
    DateTimeOffset At) : ITicketCommand;

[Manifest("ticket-filed.v2")]
public sealed record TicketFiled(
    TicketId TicketId, UserId CitizenId, string CitizenName, string Kind, string Title, string Body, string RegionCode,
    string Category, GeoLocation? Location, TicketContact? Contact, TicketPrivacy Privacy, TicketSource? Source,
    DateTimeOffset AcceptDueAt, DateTimeOffset At) : ITicketEvent;

[Manifest("ticket-accepted.v1")]
public sealed record TicketAccepted(TicketId TicketId, TicketActor By, string Reason, DateTimeOffset At) : ITicketEvent;

/// <summary>The ticket is with <paramref name="DepartmentId"/>: after its acceptance, a transfer (<paramref name="FromDepartmentId"/>
/// set) or a reopening.</summary>
[Manifest("ticket-assigned.v1")]
public sealed record TicketAssigned(
    TicketId TicketId, string DepartmentId, string? FromDepartmentId, TicketActor By, string Reason, DateTimeOffset ReplyDueAt,
    DateTimeOffset At) : ITicketEvent;

[Manifest("ticket-rejected.v1")]
public sealed record TicketRejected(TicketId TicketId, TicketActor By, string Reason, DateTimeOffset At) : ITicketEvent;

[Manifest("ticket-marked-duplicate.v1")]
public sealed record TicketMarkedDuplicate(TicketId TicketId, TicketId DuplicateOf, TicketActor By, string Reason, DateTimeOffset At) : ITicketEvent;

/// <param name="First">Whether this is the department's first reply on the current assignment (it starts the
/// resolution clock).</param>
[Manifest("ticket-replied.v1")]
public sealed record TicketReplied(
    TicketId TicketId, string DepartmentId, TicketActor By, string ReplyId, string Text, bool Public, bool First,
    DateTimeOffset ResolveDueAt, DateTimeOffset At) : ITicketEvent;

[Manifest("ticket-resolved.v1")]
public sealed record TicketResolved(TicketId TicketId, string DepartmentId, TicketActor By, string Text, DateTimeOffset FeedbackDueAt, DateTimeOffset At) : ITicketEvent;

/// <param name="Satisfied">The citizen's answer; null when it closed by itself after the quiet period.</param>
/// <param name="Rating">1–5 with the citizen's feedback; null when it closed by itself.</param>
[Manifest("ticket-closed.v1")]
public sealed record TicketClosed(TicketId TicketId, TicketActor By, bool? Satisfied, int? Rating, string? Comment, DateTimeOffset At) : ITicketEvent;

/// <summary>The citizen was not satisfied: the ticket goes back to its department with a new reply clock.</summary>
[Manifest("ticket-reopened.v1")]
public sealed record TicketReopened(
    TicketId TicketId, string DepartmentId, TicketActor By, int Rating, string? Comment, DateTimeOffset ReplyDueAt, DateTimeOffset At) : ITicketEvent;

/// <summary>A stage's clock ran out: flagged at <paramref name="Level"/> (1 the tier above the handling department, 2 the
/// one above that) to <paramref name="SupervisorId"/>, or to the moderators only when there is no tier above.</summary>
[Manifest("ticket-escalated.v1")]
public sealed record TicketEscalated(
    TicketId TicketId, int Level, string Stage, string? SupervisorId, DateTimeOffset DueAt, DateTimeOffset At) : ITicketEvent;

[Manifest("ticket-privacy-changed.v1")]
public sealed record TicketPrivacyChanged(TicketId TicketId, TicketPrivacy Privacy, DateTimeOffset At) : ITicketEvent;

[Manifest("ticket-followed.v1")]
public sealed record TicketFollowed(TicketId TicketId, UserId ReporterId, DateTimeOffset At) : ITicketEvent;

[Manifest("ticket-unfollowed.v1")]
public sealed record TicketUnfollowed(TicketId TicketId, UserId ReporterId, DateTimeOffset At) : ITicketEvent;

/// <summary>A reporter's public report on the ticket; the reporter's name is its byline.</summary>
[Manifest("ticket-report-attached.v1")]
public sealed record TicketReportAttached(
    TicketId TicketId, UserId ReporterId, string ReporterName, string ReportId, string Title, string? Url, string Summary,
    DateTimeOffset At) : ITicketEvent;

/// <summary>A reporter's report on a ticket.</summary>
public sealed record TicketReport(string ReportId, UserId ReporterId, string ReporterName, string Title, string? Url, string Summary,
    DateTimeOffset At);

/// <summary>One step of a ticket's timeline.</summary>
/// <param name="By">The department id, or the role (citizen, moderator, system): never a staff member's id.</param>
/// <param name="Public">Whether the step may be shown where the ticket is public (a private reply is not).</param>
public sealed record TimelineStep(DateTimeOffset At, string Status, string By, string? Text, bool Public);

/// <summary>A stage's running clock.</summary>
/// <param name="Level">How many escalations this clock has made (0 to 2).</param>
public sealed record SlaClock(string Stage, DateTimeOffset StartedAt, DateTimeOffset DueAt, int Level)
{
    /// <summary>When the next escalation is due, or null when this clock made all it can.</summary>
    public DateTimeOffset? NextEscalationAt => Level switch
    {
        0 => DueAt,
        1 => DueAt + (DueAt - StartedAt),
        _ => null,
    };
}

public sealed record TicketEscalation(int Level, string Stage, string? SupervisorId, DateTimeOffset At);

public sealed record TicketFeedback(bool? Satisfied, int? Rating, string? Comment, DateTimeOffset At);

[Manifest("ticket-view.v2")]
public sealed record TicketView(
    TicketId TicketId, UserId CitizenId, string CitizenName, string Kind, string Title, string Body, string RegionCode,
    string Category, GeoLocation? Location, TicketContact? Contact, TicketPrivacy Privacy, TicketSource? Source, string Status,
    string? DepartmentId, TicketId? DuplicateOf, SlaClock? Clock, ImmutableArray<TicketEscalation> Escalations,
    ImmutableArray<TimelineStep> Timeline, TicketFeedback? Feedback, DateTimeOffset? FirstReplyAt, long Seq,
    DateTimeOffset FiledAt, ImmutableList<TicketReport>? Reports = null, ImmutableSortedSet<string>? Followers = null) : ICommunityMessage;
