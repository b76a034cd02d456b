using Akka.Actor;
using Community.Contracts.Common;
using Community.Contracts.HelpTickets;
using Microsoft.Extensions.Logging;

namespace Community.Cluster.HelpTickets;

/// <summary>The <c>Community:HelpTickets</c> configuration section: the SLA's due times (in working days: Monday to
/// Friday in China, minus <see cref="Holidays"/>) and the sweep.</summary>
public sealed class HelpTicketOptions
{
    public const string Section = "Community:HelpTickets";

    /// <summary>From filing to the moderator's review.</summary>
    public double AcceptWorkingDays { get; set; } = 1;

    /// <summary>From assignment to the department's first reply, per kind.</summary>
    public Dictionary<string, double> FirstReplyWorkingDays { get; set; } = new()
    {
        [TicketKinds.Help] = 2, [TicketKinds.Complaint] = 5, [TicketKinds.Suggestion] = 5,
    };

    /// <summary>From the first reply to the resolution, per kind.</summary>
    public Dictionary<string, double> ResolutionWorkingDays { get; set; } = new()
    {
        [TicketKinds.Help] = 5, [TicketKinds.Complaint] = 10, [TicketKinds.Suggestion] = 15,
    };

    /// <summary>Calendar days after the resolution without the citizen's feedback before the ticket closes by itself.</summary>
    public double FeedbackQuietDays { get; set; } = 7;

    /// <summary>Public holidays (dates in China) that are not working days.</summary>
    public List<DateOnly> Holidays { get; set; } = [];

    /// <summary>How often the sweep looks for tickets with something due.</summary>
    public TimeSpan SweepEvery { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Ticket and reply writes one user may send per minute (a flood guard).</summary>
    public int WritesPerUserPerMinute { get; set; } = 60;

    /// <summary>New tickets one citizen may have accepted per minute (refused ones give their permit back).</summary>
    public int TicketsPerUserPerMinute { get; set; } = 5;
}

/// <summary>Due times of the SLA stages, counted in working days in China (UTC+8): a working day is a whole weekday
/// that is not a holiday, so a ticket filed on Friday afternoon with one working day is due on Monday afternoon.</summary>
public sealed class TicketSla(HelpTicketOptions options)
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private readonly HashSet<DateOnly> _holidays = [.. options.Holidays];

    public HelpTicketOptions Options => options;

    public DateTimeOffset AcceptDue(DateTimeOffset at) => AddWorkingDays(at, options.AcceptWorkingDays);

    public DateTimeOffset FirstReplyDue(string kind, DateTimeOffset at) =>
        AddWorkingDays(at, options.FirstReplyWorkingDays.GetValueOrDefault(kind, 5));

    public DateTimeOffset ResolutionDue(string kind, DateTimeOffset at) =>
        AddWorkingDays(at, options.ResolutionWorkingDays.GetValueOrDefault(kind, 10));

    public DateTimeOffset FeedbackDue(DateTimeOffset at) => at + TimeSpan.FromDays(options.FeedbackQuietDays);

    public bool IsWorkingDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day);

    /// <summary><paramref name="days"/> working days after <paramref name="start"/>; time on days off does not count, so a
    /// start on a day off counts from the next working day's beginning.</summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset start, double days)
    {
        var local = start.ToOffset(China);
        var remaining = TimeSpan.FromDays(days);
        while (true)
        {
            var day = DateOnly.FromDateTime(local.DateTime);
            var dayEnd = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), China);
            if (!IsWorkingDay(day))
            {
                local = dayEnd;
                continue;
            }
            var left = dayEnd - local;
            if (remaining <= left) return (local + remaining).ToUniversalTime();
            remaining -= left;
            local = dayEnd;
        }
    }
}

/// <summary>
/// The SLA clock of the whole cluster (a singleton): every <see cref="HelpTicketOptions.SweepEvery"/> it pages through the
/// read model's tickets with something due at the clock's now and tells each to check its own clock, once per sweep: the
/// read model learns of an escalation a moment later, so a sweep that read again from the start would check the same
/// tickets over and over. The decision and the once-per-level guarantee are the entity's, from its journal, so a sweep
/// repeated, lost or run on another node after a failover escalates nothing twice and misses nothing.
/// </summary>
public sealed class TicketSlaWorker : ReceiveActor, IWithTimers
{
    public const int BatchSize = 500;
    private const int Parallelism = 32;

    private sealed record Sweep;
    public sealed record Swept(int Checked, Exception? Error);

    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeSpan _every;
    private bool _sweeping;

    public ITimerScheduler Timers { get; set; } = null!;

    public TicketSlaWorker(TicketReadModel tickets, Func<Task<IActorRef>> region, TimeProvider clock, TimeSpan every, ILogger logger)
    {
        _every = every;
        Receive<Sweep>(_ =>
        {
            if (_sweeping) return;
            _sweeping = true;
            SweepOnceAsync(tickets, region, clock.GetUtcNow(), _stopping.Token)
                .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : new Swept(0, t.Exception?.GetBaseException()), TaskScheduler.Default)
                .PipeTo(Self);
        });
        Receive<Swept>(swept =>
        {
            _sweeping = false;
            if (swept.Error is not null) logger.LogWarning(swept.Error, "Ticket SLA sweep failed; retrying next tick");
            else if (swept.Checked > 0) logger.LogInformation("Ticket SLA sweep: {Checked} tickets with something due checked", swept.Checked);
        });
    }

    /// <summary>One sweep at <paramref name="now"/>: every ticket due then is told once to check its clock, a page of
    /// <see cref="BatchSize"/> at a time; answers how many were.</summary>
    public static async Task<Swept> SweepOnceAsync(TicketReadModel tickets, Func<Task<IActorRef>> region, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var checkedCount = 0;
        (long, string)? after = null;
        while (true)
        {
            var due = await tickets.DueAsync(now, after, BatchSize, cancellationToken);
            if (due.Count == 0) break;
            var shards = await region();
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
                async (ticket, token) =>
                    await shards.Ask<object>(new CheckTicketSla(new TicketId(ticket.TicketId), now), TimeSpan.FromSeconds(10), token));
            checkedCount += due.Count;
            if (due.Count < BatchSize) break;
            after = (due[^1].NextCheckMs, due[^1].TicketId);
        }
        return new Swept(checkedCount, null);
    }

    protected override void PreStart() => Timers.StartPeriodicTimer("sweep", new Sweep(), _every);

    protected override void PostStop() => _stopping.Cancel();

    public static Props Props(TicketReadModel tickets, Func<Task<IActorRef>> region, TimeProvider clock, TimeSpan every, ILogger logger) =>
        Akka.Actor.Props.Create(() => new TicketSlaWorker(tickets, region, clock, every, logger));
}
