using Community.Cluster.HelpTickets;
using Community.Contracts.HelpTickets;

namespace Community.Cluster.Tests.HelpTickets;

/// <summary>The SLA's working-day calendar: whole weekdays in China (UTC+8) that are not holidays; time on days off does
/// not count. 2026-11-23 is a Monday.</summary>
public sealed class TicketSlaSpecs
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static readonly TicketSla Sla = new(new HelpTicketOptions());

    private static DateTimeOffset InChina(int month, int day, int hour, int minute = 0, int year = 2026) =>
        new(year, month, day, hour, minute, 0, China);

    [Fact]
    public void One_working_day_after_a_monday_morning_is_the_same_time_on_tuesday() =>
        Assert.Equal(InChina(11, 24, 10), Sla.AddWorkingDays(InChina(11, 23, 10), 1));

    [Fact]
    public void One_working_day_after_a_friday_afternoon_is_the_same_time_on_monday() =>
        Assert.Equal(InChina(11, 30, 15), Sla.AddWorkingDays(InChina(11, 27, 15), 1));

    [Theory]
    [InlineData(28, 0, 0)]
    [InlineData(28, 11, 30)]
    [InlineData(29, 23, 59)]
    public void A_start_on_a_weekend_counts_from_monday_at_midnight(int day, int hour, int minute)
    {
        var start = InChina(11, day, hour, minute);

        Assert.Equal(InChina(12, 1, 0), Sla.AddWorkingDays(start, 1));
        Assert.Equal(InChina(11, 30, 12), Sla.AddWorkingDays(start, 0.5));
    }

    [Fact]
    public void The_calendar_is_chinas_so_a_friday_evening_in_utc_is_already_saturday()
    {
        // 23:00 UTC on Friday the 27th is 07:00 on Saturday in Hangzhou: nothing counts until Monday.
        var start = new DateTimeOffset(2026, 11, 27, 23, 0, 0, TimeSpan.Zero);

        Assert.Equal(InChina(12, 1, 0), Sla.AddWorkingDays(start, 1));
        // 15:00 UTC on Monday the 23rd is 23:00 in Hangzhou: one hour of Monday is left, two of the three go on Tuesday.
        Assert.Equal(InChina(11, 24, 2), Sla.AddWorkingDays(new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero), 0.125));
    }

    [Fact]
    public void A_due_time_is_answered_in_utc_for_the_same_instant() =>
        Assert.Equal(TimeSpan.Zero, Sla.AddWorkingDays(InChina(11, 23, 10), 1).Offset);

    [Fact]
    public void Holidays_from_the_options_are_skipped_like_weekends()
    {
        var nationalDay = Enumerable.Range(1, 7).Select(d => new DateOnly(2026, 10, d)).ToList();
        var sla = new TicketSla(new HelpTicketOptions { Holidays = nationalDay });

        // Wednesday 30 September 10:00: fourteen hours of Wednesday, then the week off, then Thursday 8 October.
        Assert.Equal(InChina(10, 8, 10), sla.AddWorkingDays(InChina(9, 30, 10), 1));
        Assert.Equal(InChina(10, 8, 12), sla.AddWorkingDays(InChina(10, 3, 9), 0.5));
        Assert.False(sla.IsWorkingDay(new DateOnly(2026, 10, 5)));
        Assert.True(sla.IsWorkingDay(new DateOnly(2026, 10, 8)));
        // Without the holidays the same start is due on Thursday 1 October.
        Assert.Equal(InChina(10, 1, 10), Sla.AddWorkingDays(InChina(9, 30, 10), 1));
    }

    [Fact]
    public void A_holiday_on_a_friday_makes_the_next_due_time_fall_after_the_weekend()
    {
        var sla = new TicketSla(new HelpTicketOptions { Holidays = [new DateOnly(2027, 1, 1)] });

        Assert.Equal(InChina(1, 4, 16, year: 2027), sla.AddWorkingDays(InChina(12, 31, 16), 1));
    }

    [Theory]
    [InlineData(0.5, 11, 23, 22)]
    [InlineData(0.25, 11, 23, 16)]
    [InlineData(1.5, 11, 24, 22)]
    [InlineData(5, 11, 30, 10)]
    [InlineData(7.5, 12, 2, 22)]
    public void Fractions_of_working_days_count_hours_of_working_days(double days, int month, int day, int hour) =>
        Assert.Equal(InChina(month, day, hour), Sla.AddWorkingDays(InChina(11, 23, 10), days));

    [Fact]
    public void A_fraction_that_does_not_fit_in_friday_goes_on_on_monday_morning()
    {
        // Friday 20:00 leaves four hours; a quarter day is six.
        Assert.Equal(InChina(11, 30, 2), Sla.AddWorkingDays(InChina(11, 27, 20), 0.25));
        // Exactly what is left of Friday ends at Friday's midnight.
        Assert.Equal(InChina(11, 28, 0), Sla.AddWorkingDays(InChina(11, 27, 18), 0.25));
    }

    [Fact]
    public void The_stage_due_times_come_from_the_options_per_kind()
    {
        var filed = InChina(11, 27, 15);

        Assert.Equal(InChina(11, 30, 15), Sla.AcceptDue(filed));
        Assert.Equal(InChina(12, 1, 15), Sla.FirstReplyDue(TicketKinds.Help, filed));
        Assert.Equal(InChina(12, 4, 15), Sla.FirstReplyDue(TicketKinds.Complaint, filed));
        Assert.Equal(InChina(12, 4, 15), Sla.ResolutionDue(TicketKinds.Help, filed));
        Assert.Equal(InChina(12, 11, 15), Sla.ResolutionDue(TicketKinds.Complaint, filed));
        Assert.Equal(InChina(12, 18, 15), Sla.ResolutionDue(TicketKinds.Suggestion, filed));
    }

    [Fact]
    public void The_feedback_quiet_period_is_counted_in_calendar_days()
    {
        var resolved = InChina(11, 27, 15);

        Assert.Equal(InChina(12, 4, 15), Sla.FeedbackDue(resolved));
        Assert.Equal(InChina(11, 29, 15), new TicketSla(new HelpTicketOptions { FeedbackQuietDays = 2 }).FeedbackDue(resolved));
    }
}
