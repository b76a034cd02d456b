using Community.Cluster.HelpTickets;
using Community.Cluster.Tests.Support;
using Community.Contracts.Common;
using Community.Contracts.HelpTickets;
using Community.Contracts.Users;

namespace Community.Cluster.Tests.HelpTickets;

public sealed class HelpTicketStateSpecs
{
    private static readonly HelpTicketState Nothing = HelpTicketState.Empty("t-1");

    private static HelpTicketState Filed() => Nothing.Apply(Assert.Single(Nothing.Decide(Samples.Ticket("t-1")).Events));

    [Theory]
    [InlineData(TicketKinds.Help)]
    [InlineData(TicketKinds.Complaint)]
    [InlineData(TicketKinds.Suggestion)]
    public void Every_ticket_kind_can_be_filed(string kind)
    {
        var filed = Assert.IsType<TicketFiled>(Assert.Single(Nothing.Decide(Samples.Ticket("t-1", kind)).Events));

        Assert.Equal(new TicketFiled(new TicketId("t-1"), new UserId("u-citizen"), "市民小王", kind, "路灯不亮",
            "文三路 the street lights have been out for a week", "330106", "roads", new GeoLocation(30.2741, 120.1551, "文三路 12号"),
            new TicketContact("13800000000"), new TicketPrivacy(true, false), null, Samples.At.AddDays(1), Samples.At), filed);
    }

    [Theory]
    [InlineData("praise")]
    [InlineData("")]
    [InlineData("Help")]
    public void An_unknown_ticket_kind_is_rejected_as_invalid(string kind)
    {
        var decision = Nothing.Decide(Samples.Ticket("t-1", kind));

        Assert.Equal(RejectionReason.Invalid, Assert.IsType<CommandRejected>(decision.Answer).Reason);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void A_filed_ticket_is_submitted_with_its_location()
    {
        var view = Assert.IsType<TicketView>(Filed().Decide(new GetTicket(new TicketId("t-1"))).Answer);

        Assert.Equal(TicketStatuses.Submitted, view.Status);
        Assert.Equal(new GeoLocation(30.2741, 120.1551, "文三路 12号"), view.Location);
        Assert.Equal((1L, Samples.At, "roads"), (view.Seq, view.FiledAt, view.Category));
    }

    [Fact]
    public void A_ticket_without_a_location_is_accepted()
    {
        var command = Samples.Ticket("t-1") with { Location = null };

        var filed = Assert.IsType<TicketFiled>(Assert.Single(Nothing.Decide(command).Events));
        Assert.Null(Nothing.Apply(filed).Location);
    }

    [Fact]
    public void Filing_the_same_ticket_again_is_rejected_as_already_existing() =>
        Assert.Equal(RejectionReason.AlreadyExists,
            Assert.IsType<CommandRejected>(Filed().Decide(Samples.Ticket("t-1", TicketKinds.Complaint)).Answer).Reason);

    [Fact]
    public void A_ticket_that_was_never_filed_is_not_found() =>
        Assert.Equal(RejectionReason.NotFound,
            Assert.IsType<CommandRejected>(Nothing.Decide(new GetTicket(new TicketId("t-1"))).Answer).Reason);

    [Fact]
    public void A_message_for_another_kind_of_entity_is_rejected_as_invalid() =>
        Assert.Equal(RejectionReason.Invalid,
            Assert.IsType<CommandRejected>(Filed().Decide(new GetUser(new UserId("u-1"))).Answer).Reason);
}
