using Community.Cluster.Circles;
using Community.Cluster.Tests.Support;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Contracts.HelpTickets;
using static Community.Cluster.Tests.Circles.CircleRules;

namespace Community.Cluster.Tests.Circles;

/// <summary>The feed ↔ queue bridge on <see cref="CircleState"/>: the steps of the ticket made from a post, as the
/// ticket-post relay sends them (at least once, in the ticket's order).</summary>
public sealed class CircleStatePostTicketSpecs
{
    private static readonly TicketId Ticket = new("tk-lamp");

    private static UpdatePostTicket Step(long ticketSeq, string status, string? resolution = null) =>
        new(Circle, "p-1", Ticket, ticketSeq, status, "d-330106-roads", resolution, Samples.At);

    private static AddDepartmentReply Answer(long ticketSeq, string text = "已安排维修") =>
        new(Circle, "p-1", Ticket, ticketSeq, $"dr-rp-{ticketSeq}", "d-330106-roads", "西湖区城市管理局", text, Samples.At);

    private static CircleState Posted() => Created().Given(Samples.Post(Id, "u-reader", "p-1"));

    [Fact]
    public void The_post_links_to_its_ticket_and_shows_each_step_live()
    {
        var (linked, changed) = Posted().Accept<PostTicketChanged>(Step(1, TicketStatuses.Submitted));

        Assert.Equal(new PostTicketLink(Ticket, 1, TicketStatuses.Submitted), linked.Posts["p-1"].Ticket);
        var live = linked.Live(changed);
        Assert.Equal("ticketChanged", live.Kind);
        Assert.Equal(("p-1", "tk-lamp", "submitted"), (live.Data().GetProperty("postId").GetString(),
            live.Data().GetProperty("ticketId").GetString(), live.Data().GetProperty("status").GetString()));
    }

    [Fact]
    public void The_departments_public_answer_is_a_comment_under_the_post_by_the_department()
    {
        var commented = Posted().Given(Samples.Comment(Id, "u-2", "p-1", "m-1"), Step(1, TicketStatuses.Submitted));

        var (answered, reply) = commented.Accept<DepartmentReplied>(Answer(4));

        Assert.Equal(2, reply.CommentCount);
        Assert.Equal(2, answered.Posts["p-1"].CommentCount);
        Assert.Equal(TicketStatuses.Answered, answered.Posts["p-1"].Ticket!.Status);
        var live = answered.Live(reply);
        Assert.Equal("commentAdded", live.Kind);
        Assert.Equal("西湖区城市管理局", live.Data().GetProperty("authorName").GetString());
        Assert.Equal("d-330106-roads", live.Data().GetProperty("department").GetProperty("departmentId").GetString());
        Assert.Equal("tk-lamp", live.Data().GetProperty("department").GetProperty("ticketId").GetString());
    }

    [Fact]
    public void A_step_seen_before_or_older_than_the_last_changes_nothing()
    {
        var answered = Posted().Given(Step(1, TicketStatuses.Submitted), Step(3, TicketStatuses.Assigned), Answer(4));

        answered.Unchanged(Step(3, TicketStatuses.Assigned));
        answered.Unchanged(Answer(4));
        answered.Unchanged(Step(2, TicketStatuses.Accepted));
        Assert.Equal(1, answered.Posts["p-1"].CommentCount);
        Assert.Equal(new PostTicketLink(Ticket, 4, TicketStatuses.Answered), answered.Posts["p-1"].Ticket);
    }

    [Fact]
    public void A_post_is_one_tickets_a_removed_post_shows_no_more_steps_and_an_unknown_post_is_refused()
    {
        var linked = Posted().Given(Step(1, TicketStatuses.Submitted));

        linked.Rejects(Step(2, TicketStatuses.Accepted) with { TicketId = new TicketId("tk-other") }, RejectionReason.AlreadyExists);
        linked.Given(Remove("p-1", "u-reader")).Unchanged(Answer(4));
        linked.Rejects(Step(2, TicketStatuses.Accepted) with { PostId = "p-none" }, RejectionReason.NotFound);
    }
}
