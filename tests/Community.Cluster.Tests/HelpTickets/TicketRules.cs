using System.Text.Json;
using Community.Cluster.HelpTickets;
using Community.Cluster.Tests.Support;
using Community.Contracts.Common;
using Community.Contracts.HelpTickets;

namespace Community.Cluster.Tests.HelpTickets;

/// <summary>The ticket's rules without an actor: decide a command on a <see cref="HelpTicketState"/>, apply what it
/// decided, as the entity does once the journal confirmed the write. <see cref="Samples.Ticket"/> is a roads ticket
/// filed in Xihu (a county of Hangzhou) on a Monday morning; every later time comes from the commands, never the clock.</summary>
internal static class TicketRules
{
    public const string Id = "t-1";

    public static readonly TicketId Ticket = new(Id);

    /// <summary>Xihu's roads department (a county's): supervised by Hangzhou's, then the province's.</summary>
    public const string Xihu = "d-330106-roads";

    public const string Gongshu = "d-330105-roads";

    public const string Hangzhou = "d-330100-roads";

    public const string Zhejiang = "d-330000-roads";

    public static readonly DateTimeOffset FiledAt = Samples.At;
    public static readonly DateTimeOffset AcceptDue = FiledAt.AddDays(1);
    public static readonly DateTimeOffset ReviewedAt = FiledAt.AddHours(2);
    public static readonly DateTimeOffset ReplyDue = ReviewedAt.AddDays(2);
    public static readonly DateTimeOffset RepliedAt = FiledAt.AddDays(1);
    public static readonly DateTimeOffset ResolveDue = RepliedAt.AddDays(5);
    public static readonly DateTimeOffset ResolvedAt = FiledAt.AddDays(2);
    public static readonly DateTimeOffset FeedbackDue = ResolvedAt.AddDays(7);
    public static readonly DateTimeOffset FeedbackAt = FiledAt.AddDays(3);
    public static readonly DateTimeOffset TransferredAt = FiledAt.AddHours(5);

    public const string AcceptReason = "诉求明确，转西湖区城市管理局办理";
    public const string RejectReason = "不属于政务咨询受理范围";
    public const string DuplicateReason = "与此前的路灯诉求重复";
    public const string TransferReason = "该路段属拱墅区管辖";
    public const string ReplyText = "已派人核查，三日内修复";
    public const string ResolutionText = "路灯已更换，恢复照明";

    public static readonly TicketActor Citizen = new(new UserId("u-citizen"), TicketActorRoles.Citizen);

    /// <summary>The staff member's id, which no timeline step may show.</summary>
    public static TicketActor Staff(string departmentId) => new(new UserId($"u-staff-{departmentId}"), TicketActorRoles.Department, departmentId);

    public static readonly TicketActor Moderator = new(new UserId("u-mod"), TicketActorRoles.Moderator);

    /// <summary>Everyone who might send a command, by a short name a theory can carry.</summary>
    public static TicketActor Who(string name) => name switch
    {
        "citizen" => Citizen,
        "another citizen" => new TicketActor(new UserId("u-neighbour"), TicketActorRoles.Citizen),
        "the citizen as a moderator" => Citizen with { Role = TicketActorRoles.Moderator },
        "the citizen as department staff" => Citizen with { Role = TicketActorRoles.Department, DepartmentId = Xihu },
        "moderator" => Moderator,
        "xihu" => Staff(Xihu),
        "gongshu" => Staff(Gongshu),
        "hangzhou" => Staff(Hangzhou),
        "staff of no department" => new TicketActor(new UserId("u-staff"), TicketActorRoles.Department),
        "a moderator naming a department" => Moderator with { DepartmentId = Xihu },
        "system" => TicketActor.System,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    public static ReviewTicket AcceptTo(string? departmentId = Xihu, TicketActor? by = null, DateTimeOffset? replyDue = null, bool noDue = false) =>
        new(Ticket, by ?? Moderator, ReviewDecisions.Accept, departmentId, null, AcceptReason, noDue ? null : replyDue ?? ReplyDue, ReviewedAt);

    public static ReviewTicket RejectIt(TicketActor? by = null) =>
        new(Ticket, by ?? Moderator, ReviewDecisions.Reject, null, null, RejectReason, null, ReviewedAt);

    public static ReviewTicket DuplicateOf(TicketId? original, TicketActor? by = null) =>
        new(Ticket, by ?? Moderator, ReviewDecisions.Duplicate, null, original, DuplicateReason, null, ReviewedAt);

    public static ReviewTicket Review(string decision, TicketActor? by = null) => decision switch
    {
        ReviewDecisions.Accept => AcceptTo(by: by),
        ReviewDecisions.Reject => RejectIt(by),
        ReviewDecisions.Duplicate => DuplicateOf(new TicketId("t-0"), by),
        _ => new ReviewTicket(Ticket, by ?? Moderator, decision, Xihu, null, AcceptReason, ReplyDue, ReviewedAt),
    };

    /// <summary>A reply at <paramref name="at"/> (the first one's time by default); its resolution is due five days later.</summary>
    public static ReplyToTicket Reply(TicketActor? by = null, string replyId = "rp-1", bool isPublic = true, DateTimeOffset? at = null,
        string text = ReplyText) =>
        new(Ticket, by ?? Staff(Xihu), replyId, text, isPublic, (at ?? RepliedAt).AddDays(5), at ?? RepliedAt);

    public static ResolveTicket Resolve(TicketActor? by = null, DateTimeOffset? at = null) =>
        new(Ticket, by ?? Staff(Xihu), ResolutionText, (at ?? ResolvedAt).AddDays(7), at ?? ResolvedAt);

    /// <summary>A transfer at <paramref name="at"/>; the new department's first reply is due two days later.</summary>
    public static TransferTicket Transfer(string to, TicketActor? by = null, DateTimeOffset? at = null) =>
        new(Ticket, by ?? Staff(Xihu), to, TransferReason, (at ?? TransferredAt).AddDays(2), at ?? TransferredAt);

    /// <summary>Feedback at <paramref name="at"/>; when not satisfied the department's new reply is due two days later.</summary>
    public static GiveTicketFeedback Feedback(bool satisfied, int rating = 5, TicketActor? by = null, DateTimeOffset? at = null) =>
        new(Ticket, by ?? Citizen, satisfied, rating, satisfied ? "修得很快，谢谢" : "晚上还是不亮", (at ?? FeedbackAt).AddDays(2), at ?? FeedbackAt);

    public static SetTicketPrivacy Privacy(bool isPublic, bool showName, TicketActor? by = null) =>
        new(Ticket, by ?? Citizen, new TicketPrivacy(isPublic, showName), FiledAt.AddHours(1));

    public static CheckTicketSla Check(DateTimeOffset now) => new(Ticket, now);

    public static readonly HelpTicketState Nothing = HelpTicketState.Empty(Id);

    /// <summary>Submitted, public without the name, due for review a day after filing.</summary>
    public static HelpTicketState Filed() => Nothing.Given(Samples.Ticket(Id));

    /// <summary>With Xihu's roads department, its first reply due <see cref="ReplyDue"/>.</summary>
    public static HelpTicketState Assigned() => Filed().Given(AcceptTo());

    /// <summary>Answered by Xihu publicly; the resolution due <see cref="ResolveDue"/>.</summary>
    public static HelpTicketState Answered() => Assigned().Given(Reply());

    /// <summary>Resolved by Xihu; closes by itself at <see cref="FeedbackDue"/>.</summary>
    public static HelpTicketState Resolved() => Answered().Given(Resolve());

    public static HelpTicketState Closed() => Resolved().Given(Feedback(true));

    public static HelpTicketState Rejected() => Filed().Given(RejectIt());

    public static HelpTicketState Duplicated() => Filed().Given(DuplicateOf(new TicketId("t-0")));

    /// <summary>A ticket in a named status, for theories.</summary>
    public static HelpTicketState In(string status) => status switch
    {
        TicketStatuses.Submitted => Filed(),
        TicketStatuses.Assigned => Assigned(),
        TicketStatuses.Answered => Answered(),
        TicketStatuses.Resolved => Resolved(),
        TicketStatuses.Closed => Closed(),
        TicketStatuses.Rejected => Rejected(),
        TicketStatuses.Duplicate => Duplicated(),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>Each command in turn is accepted with events, which are applied.</summary>
    public static HelpTicketState Given(this HelpTicketState state, params ICommunityMessage[] commands)
    {
        foreach (var command in commands)
            state = state.Persists(command).After;
        return state;
    }

    /// <summary>The command is accepted with events (none answered at once); the state after applying them.</summary>
    public static (HelpTicketState After, IReadOnlyList<ICommunityEvent> Events) Persists(this HelpTicketState state, ICommunityMessage command)
    {
        var decision = state.Decide(command);
        Assert.True(decision.Answer is null && decision.Forward is null,
            $"{command.GetType().Name} was answered at once with {decision.Answer} instead of persisting events");
        Assert.NotEmpty(decision.Events);
        return (decision.Events.Aggregate(state, (s, e) => s.Apply(e)), decision.Events);
    }

    /// <summary>The command is accepted with exactly one event of type <typeparamref name="T"/>.</summary>
    public static (HelpTicketState After, T Event) Persists<T>(this HelpTicketState state, ICommunityMessage command) where T : ICommunityEvent
    {
        var (after, events) = state.Persists(command);
        return (after, Assert.IsType<T>(Assert.Single(events)));
    }

    /// <summary>The command is refused for <paramref name="reason"/>, with an explanation and nothing to persist.</summary>
    public static CommandRejected Refuses(this HelpTicketState state, ICommunityMessage command, RejectionReason reason)
    {
        var decision = state.Decide(command);
        Assert.Empty(decision.Events);
        var rejected = Assert.IsType<CommandRejected>(decision.Answer);
        Assert.Equal(reason, rejected.Reason);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Detail), "a rejection explains itself");
        return rejected;
    }

    /// <summary>The command is accepted with nothing to persist (so nothing to publish); the seq it is answered with.</summary>
    public static long Unchanged(this HelpTicketState state, ICommunityMessage command)
    {
        var decision = state.Decide(command);
        Assert.Empty(decision.Events);
        return Assert.IsType<CommandAccepted>(decision.Answer).Seq;
    }

    public static TicketView View(this HelpTicketState state) => Assert.IsType<TicketView>(state.Decide(new GetTicket(Ticket)).Answer);

    /// <summary>What live clients of the ticket's own stream are told of <paramref name="evt"/>, the last event applied
    /// to <paramref name="after"/>.</summary>
    public static LiveEvent Live(this HelpTicketState after, ICommunityEvent evt)
    {
        var live = after.ToLive(evt, after.Seq);
        Assert.NotNull(live);
        Assert.Equal((LiveChannel.Ticket, Id, after.Seq, $"ticket:{Id}"), (live.Channel, live.StreamId, live.Seq, live.Group));
        return live;
    }

    public static JsonElement Data(this LiveEvent live)
    {
        using var document = JsonDocument.Parse(live.DataJson);
        return document.RootElement.Clone();
    }
}
