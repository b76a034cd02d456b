using System.Collections.Immutable;
using System.Text.Json;
using Community.Cluster.Entities;
using Community.Cluster.Regions;
using Community.Contracts.Common;
using Community.Contracts.HelpTickets;

namespace Community.Cluster.HelpTickets;

/// <summary>
/// One ask-the-government ticket: submitted → accepted → assigned → answered → resolved → closed, or rejected /
/// duplicate; "not satisfied" reopens it to assigned, a transfer moves it to another department. Who may do what is
/// decided here from the <see cref="TicketActor"/> the web host established, so a wrong role is refused the same way
/// through every door. The SLA clock is part of the state (its due time came with the command that started it), so an
/// escalation is decided from the journal alone and happens once per level, across restarts and passivation.
/// </summary>
/// <param name="Departments">Every department that handled the ticket or was flagged about it (they may read it).</param>
/// <param name="ReplyIds">The replies recorded, so a retried reply is not recorded twice.</param>
/// <param name="Followers">Reporters following the ticket as a story lead (null in snapshots taken before reporters).</param>
/// <param name="Reports">Reporters' public reports on the ticket (null likewise).</param>
[Manifest("ticket-state.v2")]
public sealed record HelpTicketState(
    TicketId TicketId,
    bool Exists,
    UserId CitizenId,
    string CitizenName,
    string Kind,
    string Title,
    string Body,
    string RegionCode,
    string Category,
    GeoLocation? Location,
    TicketContact? Contact,
    TicketPrivacy Privacy,
    TicketSource? Source,
    string Status,
    string? DepartmentId,
    TicketId? DuplicateOf,
    SlaClock? Clock,
    ImmutableArray<TicketEscalation> Escalations,
    ImmutableArray<TimelineStep> Timeline,
    ImmutableSortedSet<string> Departments,
    ImmutableHashSet<string> ReplyIds,
    TicketFeedback? Feedback,
    DateTimeOffset? FirstReplyAt,
    long Seq,
    DateTimeOffset FiledAt,
    ImmutableSortedSet<string>? Followers = null,
    ImmutableList<TicketReport>? Reports = null) : IEntityState<HelpTicketState>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static HelpTicketState Empty(string entityId) =>
        new(new TicketId(entityId), false, new UserId(""), "", "", "", "", "", "", null, null, new TicketPrivacy(false, false),
            null, "", null, null, null, [], [], ImmutableSortedSet.Create<string>(StringComparer.Ordinal), [], null, null, 0, default);

    public Decision Decide(ICommunityMessage message) => message switch
    {
        FileTicket file when Exists => SameFiling(file)
            ? Decision.Unchanged(1)
            : Decision.Reject(RejectionReason.AlreadyExists, $"Ticket {TicketId} already exists."),
        FileTicket file => InvalidFiling(file) is { } invalid
            ? Decision.Reject(RejectionReason.Invalid, invalid)
            : Decision.Persist(new TicketFiled(TicketId, file.CitizenId, file.CitizenName, file.Kind, file.Title, file.Body,
                file.RegionCode, file.Category, file.Location, file.Contact, file.Privacy, file.Source, file.AcceptDueAt, file.At)),
        _ when !Exists => Decision.Reject(RejectionReason.NotFound, $"Ticket {TicketId} does not exist."),
        GetTicket => Decision.Reply(ToView()),
        ReviewTicket review => DecideReview(review),
        ReplyToTicket reply => DecideReply(reply),
        ResolveTicket resolve => DecideResolve(resolve),
        TransferTicket transfer => DecideTransfer(transfer),
        GiveTicketFeedback feedback => DecideFeedback(feedback),
        SetTicketPrivacy privacy => privacy.By.Role != TicketActorRoles.Citizen || privacy.By.UserId != CitizenId
            ? Forbidden("Only the citizen who filed the ticket decides who sees it.")
            : privacy.Privacy == Privacy ? Decision.Unchanged(Seq)
            : Decision.Persist(new TicketPrivacyChanged(TicketId, privacy.Privacy, privacy.At)),
        CheckTicketSla check => DecideSla(check.Now),
        FollowTicket follow => DecideFollow(follow),
        AttachTicketReport report => DecideReport(report),
        _ => Decision.Reject(RejectionReason.Invalid, $"A ticket does not handle {message.GetType().Name}."),
    };

    /// <summary>Whether <paramref name="departmentId"/> handles the ticket now.</summary>
    public bool IsHandledBy(string? departmentId) => departmentId is not null && departmentId == DepartmentId;

    public TicketView ToView() =>
        new(TicketId, CitizenId, CitizenName, Kind, Title, Body, RegionCode, Category, Location, Contact, Privacy, Source, Status,
            DepartmentId, DuplicateOf, Clock, Escalations, Timeline, Feedback, FirstReplyAt, Seq, FiledAt, AllReports, AllFollowers);

    private ImmutableSortedSet<string> AllFollowers => Followers ?? ImmutableSortedSet.Create<string>(StringComparer.Ordinal);

    private ImmutableList<TicketReport> AllReports => Reports ?? [];

    // A lead is a public ticket: a private one is the citizen's and its handlers' only (the web host answers 404 first).
    private Decision DecideFollow(FollowTicket follow) =>
        follow.Following && !Privacy.Public ? Forbidden("Only a public ticket is followed as a lead.")
        : AllFollowers.Contains(follow.ReporterId.Value) == follow.Following ? Decision.Unchanged(Seq)
        : follow.Following ? Decision.Persist(new TicketFollowed(TicketId, follow.ReporterId, follow.At))
        : Decision.Persist(new TicketUnfollowed(TicketId, follow.ReporterId, follow.At));

    private Decision DecideReport(AttachTicketReport report)
    {
        if (AllReports.Find(r => r.ReportId == report.ReportId) is { } earlier)
            return (earlier.ReporterId, earlier.Title, earlier.Url, earlier.Summary) == (report.ReporterId, report.Title, report.Url, report.Summary)
                ? Decision.Unchanged(Seq)
                : Decision.Reject(RejectionReason.IdempotencyKeyReused, $"Report {report.ReportId} was attached with other content.");
        if (!Privacy.Public) return Forbidden("Reports are attached to public tickets.");
        if (AllReports.Count >= TicketLimits.MaxReports) return WrongState($"Ticket {TicketId} has {TicketLimits.MaxReports} reports already.");
        if (string.IsNullOrWhiteSpace(report.Title) || report.Title.Length > TicketLimits.MaxTitle) return Invalid("The title is 1 to 100 characters.");
        if (string.IsNullOrWhiteSpace(report.Summary) || report.Summary.Length > TicketLimits.MaxReportSummary)
            return Invalid($"The summary is 1 to {TicketLimits.MaxReportSummary} characters.");
        return Decision.Persist(new TicketReportAttached(TicketId, report.ReporterId, report.ReporterName, report.ReportId, report.Title,
            report.Url, report.Summary, report.At));
    }

    private Decision DecideReview(ReviewTicket review)
    {
        if (review.By.Role != TicketActorRoles.Moderator) return Forbidden("Moderators review tickets.");
        if (Status != TicketStatuses.Submitted) return WrongState($"Ticket {TicketId} was already reviewed; it is {Status}.");
        switch (review.Decision)
        {
            case ReviewDecisions.Accept:
                if (DepartmentDirectory.Find(review.DepartmentId) is null) return Invalid($"Unknown department '{review.DepartmentId}'.");
                if (review.ReplyDueAt is not { } due) return Invalid("An accepted ticket has a reply due time.");
                return Decision.Persist(
                    new TicketAccepted(TicketId, review.By, review.Reason, review.At),
                    new TicketAssigned(TicketId, review.DepartmentId!, null, review.By, review.Reason, due, review.At));
            case ReviewDecisions.Reject:
                return Decision.Persist(new TicketRejected(TicketId, review.By, review.Reason, review.At));
            case ReviewDecisions.Duplicate:
                if (review.DuplicateOf is not { } original || string.IsNullOrEmpty(original.Value)) return Invalid("A duplicate names the ticket it duplicates.");
                if (original == TicketId) return Invalid("A ticket does not duplicate itself.");
                return Decision.Persist(new TicketMarkedDuplicate(TicketId, original, review.By, review.Reason, review.At));
            default:
                return Invalid($"Unknown decision '{review.Decision}'.");
        }
    }

    private Decision DecideReply(ReplyToTicket reply)
    {
        if (ReplyIds.Contains(reply.ReplyId)) return Decision.Unchanged(Seq);
        if (!IsDepartmentStaff(reply.By)) return Forbidden("Only the staff of the department handling the ticket reply.");
        if (!TicketStatuses.IsWithDepartment(Status)) return WrongState($"Ticket {TicketId} is {Status}: there is nothing to reply to.");
        return Decision.Persist(new TicketReplied(TicketId, DepartmentId!, reply.By, reply.ReplyId, reply.Text, reply.Public,
            First: Status == TicketStatuses.Assigned, reply.ResolveDueAt, reply.At));
    }

    private Decision DecideResolve(ResolveTicket resolve)
    {
        if (!IsDepartmentStaff(resolve.By)) return Forbidden("Only the staff of the department handling the ticket resolve it.");
        if (!TicketStatuses.IsWithDepartment(Status)) return WrongState($"Ticket {TicketId} is {Status}: it cannot be resolved now.");
        return Decision.Persist(new TicketResolved(TicketId, DepartmentId!, resolve.By, resolve.Text, resolve.FeedbackDueAt, resolve.At));
    }

    private Decision DecideTransfer(TransferTicket transfer)
    {
        if (transfer.By.Role != TicketActorRoles.Moderator && !IsDepartmentStaff(transfer.By))
            return Forbidden("The department handling the ticket or a moderator transfers it.");
        if (Status is not (TicketStatuses.Accepted or TicketStatuses.Assigned or TicketStatuses.Answered))
            return WrongState($"Ticket {TicketId} is {Status}: it cannot be transferred now.");
        if (DepartmentDirectory.Find(transfer.DepartmentId) is null) return Invalid($"Unknown department '{transfer.DepartmentId}'.");
        if (transfer.DepartmentId == DepartmentId) return Invalid("The ticket is already with that department.");
        return Decision.Persist(new TicketAssigned(TicketId, transfer.DepartmentId, DepartmentId, transfer.By, transfer.Reason,
            transfer.ReplyDueAt, transfer.At));
    }

    private Decision DecideFeedback(GiveTicketFeedback feedback)
    {
        if (feedback.By.Role != TicketActorRoles.Citizen || feedback.By.UserId != CitizenId)
            return Forbidden("Only the citizen who filed the ticket gives feedback.");
        if (Status != TicketStatuses.Resolved) return WrongState($"Ticket {TicketId} is {Status}: feedback follows a resolution.");
        if (feedback.Rating is < 1 or > 5) return Invalid("The rating is 1 to 5.");
        return feedback.Satisfied
            ? Decision.Persist(new TicketClosed(TicketId, feedback.By, true, feedback.Rating, feedback.Comment, feedback.At))
            : Decision.Persist(new TicketReopened(TicketId, DepartmentId!, feedback.By, feedback.Rating, feedback.Comment,
                feedback.ReplyDueAt, feedback.At));
    }

    private Decision DecideSla(DateTimeOffset now)
    {
        if (Clock is not { } clock || TicketStatuses.IsFinal(Status)) return Decision.Unchanged(Seq);
        if (clock.Stage == TicketStages.Feedback)
            return now >= clock.DueAt
                ? Decision.Persist(new TicketClosed(TicketId, TicketActor.System, null, null, null, now))
                : Decision.Unchanged(Seq);
        var events = new List<ICommunityEvent>();
        // One pass may owe both levels (the sweep was down): each level is recorded once, in order.
        for (var level = clock.Level; clock with { Level = level } is { NextEscalationAt: { } at } && now >= at; level++)
            events.Add(new TicketEscalated(TicketId, level + 1, clock.Stage,
                clock.Stage == TicketStages.Acceptance ? null : DepartmentDirectory.SupervisorAt(DepartmentId, level + 1), clock.DueAt, now));
        return events.Count == 0 ? Decision.Unchanged(Seq) : Decision.Persist([.. events]);
    }

    private bool IsDepartmentStaff(TicketActor actor) => actor.Role == TicketActorRoles.Department && IsHandledBy(actor.DepartmentId);

    private bool SameFiling(FileTicket file) =>
        (file.CitizenId, file.Kind, file.Title, file.Body, file.RegionCode, file.Category) == (CitizenId, Kind, Title, Body, RegionCode, Category);

    /// <summary>Why <paramref name="file"/> is not a ticket, or null (checked by the web host too, naming the field).</summary>
    public static string? InvalidFiling(FileTicket file)
    {
        if (!TicketKinds.All.Contains(file.Kind)) return $"Unknown ticket kind '{file.Kind}'.";
        if (!DepartmentDirectory.IsCategory(file.Category)) return $"Unknown category '{file.Category}'.";
        if (RegionCatalog.Find(file.RegionCode) is null) return $"Unknown region '{file.RegionCode}'.";
        if (string.IsNullOrWhiteSpace(file.Title) || file.Title.Length > TicketLimits.MaxTitle) return "The title is 1 to 100 characters.";
        if (string.IsNullOrWhiteSpace(file.Body) || file.Body.Length > TicketLimits.MaxBody) return "The body is 1 to 4000 characters.";
        if (file.Location is { } at && (at.Lat is < -90 or > 90 || at.Lon is < -180 or > 180)) return "The location is outside the globe.";
        return null;
    }

    private static Decision Forbidden(string detail) => Decision.Reject(RejectionReason.Forbidden, detail);

    private static Decision Invalid(string detail) => Decision.Reject(RejectionReason.Invalid, detail);

    private static Decision WrongState(string detail) => Decision.Reject(RejectionReason.InvalidState, detail);

    public HelpTicketState Apply(ICommunityEvent evt) => (evt switch
    {
        TicketFiled e => this with
        {
            Exists = true, CitizenId = e.CitizenId, CitizenName = e.CitizenName, Kind = e.Kind, Title = e.Title, Body = e.Body,
            RegionCode = e.RegionCode, Category = e.Category, Location = e.Location, Contact = e.Contact, Privacy = e.Privacy,
            Source = e.Source, Status = TicketStatuses.Submitted, FiledAt = e.At,
            Clock = new SlaClock(TicketStages.Acceptance, e.At, e.AcceptDueAt, 0),
            Timeline = Timeline.Add(new TimelineStep(e.At, TicketStatuses.Submitted, TicketActorRoles.Citizen, null, true)),
        },
        TicketAccepted e => this with
        {
            Status = TicketStatuses.Accepted, Clock = null,
            Timeline = Timeline.Add(new TimelineStep(e.At, TicketStatuses.Accepted, e.By.Shown, e.Reason, true)),
        },
        TicketAssigned e => this with
        {
            Status = TicketStatuses.Assigned, DepartmentId = e.DepartmentId, Departments = Departments.Add(e.DepartmentId),
            Clock = new SlaClock(TicketStages.FirstReply, e.At, e.ReplyDueAt, 0),
            Timeline = Timeline.Add(new TimelineStep(e.At, e.FromDepartmentId is null ? TicketStatuses.Assigned : TicketStatuses.Transferred,
                e.DepartmentId, e.FromDepartmentId is null ? null : e.Reason, true)),
        },
        TicketRejected e => this with
        {
            Status = TicketStatuses.Rejected, Clock = null,
            Timeline = Timeline.Add(new TimelineStep(e.At, TicketStatuses.Rejected, e.By.Shown, e.Reason, true)),
        },
        TicketMarkedDuplicate e => this with
        {
            Status = TicketStatuses.Duplicate, DuplicateOf = e.DuplicateOf, Clock = null,
            Timeline = Timeline.Add(new TimelineStep(e.At, TicketStatuses.Duplicate, e.By.Shown, e.Reason, true)),
        },
        TicketReplied e => this with
        {
            Status = TicketStatuses.Answered, ReplyIds = ReplyIds.Add(e.ReplyId), FirstReplyAt = FirstReplyAt ?? e.At,
            Clock = e.First ? new SlaClock(TicketStages.Resolution, e.At, e.ResolveDueAt, 0) : Clock,
            Timeline = Timeline.Add(new TimelineStep(e.At, TicketStatuses.Answered, e.DepartmentId, e.Text, e.Public)),
        },
        TicketResolved e => this with
        {
            Status = TicketStatuses.Resolved, Clock = new SlaClock(TicketStages.Feedback, e.At, e.FeedbackDueAt, 0),
            Timeline = Timeline.Add(new TimelineStep(e.At, TicketStatuses.Resolved, e.DepartmentId, e.Text, true)),
        },
        TicketClosed e => this with
        {
            Status = TicketStatuses.Closed, Clock = null, Feedback = new TicketFeedback(e.Satisfied, e.Rating, e.Comment, e.At),
            Timeline = Timeline.Add(new TimelineStep(e.At, TicketStatuses.Closed, e.By.Shown, e.Comment, true)),
        },
        TicketReopened e => this with
        {
            Status = TicketStatuses.Assigned, Feedback = new TicketFeedback(false, e.Rating, e.Comment, e.At),
            Clock = new SlaClock(TicketStages.FirstReply, e.At, e.ReplyDueAt, 0),
            Timeline = Timeline.Add(new TimelineStep(e.At, TicketStatuses.Reopened, TicketActorRoles.Citizen, e.Comment, true)),
        },
        TicketEscalated e => this with
        {
            Clock = Clock is { } clock ? clock with { Level = e.Level } : null,
            Escalations = Escalations.Add(new TicketEscalation(e.Level, e.Stage, e.SupervisorId, e.At)),
            Departments = e.SupervisorId is { } supervisor ? Departments.Add(supervisor) : Departments,
            Timeline = Timeline.Add(new TimelineStep(e.At, TicketStatuses.Escalated, TicketActorRoles.System, e.SupervisorId, false)),
        },
        TicketPrivacyChanged e => this with { Privacy = e.Privacy },
        TicketFollowed e => this with { Followers = AllFollowers.Add(e.ReporterId.Value) },
        TicketUnfollowed e => this with { Followers = AllFollowers.Remove(e.ReporterId.Value) },
        TicketReportAttached e => this with
        {
            Reports = AllReports.Add(new TicketReport(e.ReportId, e.ReporterId, e.ReporterName, e.Title, e.Url, e.Summary, e.At)),
            Timeline = Timeline.Add(new TimelineStep(e.At, TicketStatuses.Reported, TicketActorRoles.Reporter, e.Title, true)),
        },
        _ => this,
    }) with { Seq = Seq + 1 };

    /// <summary>The <c>ticketEvent</c> of a step: what anyone who may follow the ticket may see, never the citizen's
    /// personal data; the text of a private reply stays out (its followers read it from the ticket).</summary>
    public LiveEvent? ToLive(ICommunityEvent evt, long seq) => evt switch
    {
        TicketFiled e => Live(seq, "filed", new { status = TicketStatuses.Submitted, e.Kind, e.Category, e.RegionCode, at = e.At }),
        TicketAccepted e => Live(seq, "accepted", new { status = TicketStatuses.Accepted, text = e.Reason, at = e.At }),
        TicketAssigned e => Live(seq, e.FromDepartmentId is null ? "assigned" : "transferred", new
        {
            status = TicketStatuses.Assigned, departmentId = e.DepartmentId, fromDepartmentId = e.FromDepartmentId,
            text = e.FromDepartmentId is null ? null : e.Reason, dueAt = e.ReplyDueAt, at = e.At,
        }),
        TicketRejected e => Live(seq, "rejected", new { status = TicketStatuses.Rejected, text = e.Reason, at = e.At }),
        TicketMarkedDuplicate e => Live(seq, "duplicate", new { status = TicketStatuses.Duplicate, duplicateOf = e.DuplicateOf.Value, text = e.Reason, at = e.At }),
        TicketReplied e => Live(seq, "replied", new
        {
            status = TicketStatuses.Answered, departmentId = e.DepartmentId, @public = e.Public, text = e.Public ? e.Text : null, at = e.At,
        }),
        TicketResolved e => Live(seq, "resolved", new { status = TicketStatuses.Resolved, departmentId = e.DepartmentId, text = e.Text, at = e.At }),
        TicketClosed e => Live(seq, "closed", new
        {
            status = TicketStatuses.Closed, satisfied = e.Satisfied, rating = e.Rating, automatic = e.Rating is null, at = e.At,
        }),
        TicketReopened e => Live(seq, "reopened", new { status = TicketStatuses.Assigned, departmentId = e.DepartmentId, dueAt = e.ReplyDueAt, at = e.At }),
        TicketEscalated e => Live(seq, "escalated", new { level = e.Level, stage = e.Stage, supervisorId = e.SupervisorId, dueAt = e.DueAt, at = e.At }),
        TicketPrivacyChanged e => Live(seq, "privacyChanged", new { @public = e.Privacy.Public, at = e.At }),
        TicketReportAttached e => Live(seq, "reported", new
        {
            reportId = e.ReportId, title = e.Title, url = e.Url, summary = e.Summary, reporterName = e.ReporterName, at = e.At,
        }),
        _ => null,
    };

    /// <summary>Besides the ticket's own stream, its events go to the departments concerned (<c>dept:{id}</c>) and the
    /// moderators: a new ticket to review, escalations, and what a handling department must see.</summary>
    public IEnumerable<string> AlsoLiveOn(ICommunityEvent evt) => evt switch
    {
        TicketFiled => ["moderators"],
        TicketAssigned e => e.FromDepartmentId is null ? [$"dept:{e.DepartmentId}"] : [$"dept:{e.DepartmentId}", $"dept:{e.FromDepartmentId}"],
        TicketEscalated e => e.SupervisorId is null
            ? ["moderators", .. DepartmentStream()]
            : ["moderators", $"dept:{e.SupervisorId}", .. DepartmentStream()],
        TicketReopened or TicketClosed or TicketPrivacyChanged or TicketReplied or TicketResolved => DepartmentStream(),
        _ => [],
    };

    private string[] DepartmentStream() => DepartmentId is null ? [] : [$"dept:{DepartmentId}"];

    private LiveEvent Live(long seq, string kind, object data) =>
        new(LiveChannel.Ticket, TicketId.Value, seq, kind, JsonSerializer.Serialize(data, Json));
}
