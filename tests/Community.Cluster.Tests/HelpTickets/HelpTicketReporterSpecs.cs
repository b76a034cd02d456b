using Community.Cluster.HelpTickets;
using Community.Contracts.Common;
using Community.Contracts.HelpTickets;
using static Community.Cluster.Tests.HelpTickets.TicketRules;

namespace Community.Cluster.Tests.HelpTickets;

/// <summary>The reporter-help side on <see cref="HelpTicketState"/>: reporters follow public tickets as story leads and
/// attach public reports, which join the ticket's public timeline and its live stream.</summary>
public sealed class HelpTicketReporterSpecs
{
    private static readonly UserId Reporter = new("u-reporter");

    private static FollowTicket Follow(bool following = true, UserId? reporter = null) =>
        new(Ticket, reporter ?? Reporter, following, ReviewedAt);

    private static AttachTicketReport Report(string reportId = "rr-1", string title = "路灯一周不亮，城管：三日内修复",
        string summary = "记者走访文三路，路灯已有一周未亮。") =>
        new(Ticket, Reporter, "记者小林", reportId, title, "https://news.example.cn/a/1", summary, RepliedAt);

    [Fact]
    public void A_reporter_follows_a_public_ticket_once_and_stops_following_it()
    {
        var (following, followed) = Assigned().Persists<TicketFollowed>(Follow());

        Assert.Equal(Reporter, followed.ReporterId);
        Assert.Equal(["u-reporter"], following.View().Followers!);
        following.Unchanged(Follow());
        var (stopped, _) = following.Persists<TicketUnfollowed>(Follow(false));
        Assert.Empty(stopped.View().Followers!);
        stopped.Unchanged(Follow(false));
    }

    [Fact]
    public void A_private_ticket_is_no_lead_and_takes_no_report()
    {
        var hidden = Assigned().Given(Privacy(false, false));

        hidden.Refuses(Follow(), RejectionReason.Forbidden);
        hidden.Refuses(Report(), RejectionReason.Forbidden);
    }

    [Fact]
    public void A_report_joins_the_public_timeline_and_the_live_stream_with_its_byline()
    {
        var (reported, attached) = Answered().Persists<TicketReportAttached>(Report());

        var view = reported.View();
        var report = Assert.Single(view.Reports!);
        Assert.Equal(("rr-1", "记者小林", "https://news.example.cn/a/1"), (report.ReportId, report.ReporterName, report.Url));
        Assert.Equal(new TimelineStep(RepliedAt, TicketStatuses.Reported, TicketActorRoles.Reporter, "路灯一周不亮，城管：三日内修复", true),
            view.Timeline[^1]);
        // A report does not move the ticket: its status and its clock stay.
        Assert.Equal((Answered().View().Status, Answered().View().Clock), (view.Status, view.Clock));
        var live = reported.Live(attached);
        Assert.Equal("reported", live.Kind);
        Assert.Equal("记者小林", live.Data().GetProperty("reporterName").GetString());
        Assert.Equal("路灯一周不亮，城管：三日内修复", live.Data().GetProperty("title").GetString());
    }

    [Fact]
    public void A_retried_report_is_recorded_once_and_its_id_with_other_content_is_refused()
    {
        var reported = Answered().Given(Report());

        reported.Unchanged(Report());
        reported.Refuses(Report(summary: "另一篇稿子"), RejectionReason.IdempotencyKeyReused);
        Assert.Single(reported.View().Reports!);
    }

    [Theory]
    [InlineData("", "summary")]
    [InlineData("title", "")]
    public void A_report_needs_a_title_and_a_summary(string title, string summary) =>
        Answered().Refuses(Report(title: title, summary: summary), RejectionReason.Invalid);

    [Fact]
    public void A_ticket_holds_a_bounded_number_of_reports()
    {
        var full = Answered().Given([.. Enumerable.Range(0, TicketLimits.MaxReports).Select(i => Report($"rr-{i}"))]);

        full.Refuses(Report("rr-one-more"), RejectionReason.InvalidState);
    }
}
