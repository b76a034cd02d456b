using Akka.Actor;
using Community.Cluster.HelpTickets;
using Community.Cluster.Tests.Support;
using Community.Contracts.Common;
using Community.Contracts.HelpTickets;
using Community.Contracts.Users;

namespace Community.Cluster.Tests.HelpTickets;

public sealed class HelpTicketEntitySpecs : EntitySpec
{
    private readonly IActorRef _ticket;

    public HelpTicketEntitySpecs() => _ticket = Sys.ActorOf(HelpTicketEntity.Props("t-1", Settings));

    [Fact]
    public void Filing_a_ticket_is_accepted_and_it_reads_back_submitted_with_everything_the_citizen_wrote()
    {
        Assert.Equal(new CommandAccepted(1), Send<CommandAccepted>(_ticket, Samples.Ticket("t-1", TicketKinds.Complaint)));

        var view = Send<TicketView>(_ticket, new GetTicket(new TicketId("t-1")));
        Assert.Equal((new UserId("u-citizen"), "市民小王", TicketKinds.Complaint, "路灯不亮", "文三路 the street lights have been out for a week",
            "330106", "roads"), (view.CitizenId, view.CitizenName, view.Kind, view.Title, view.Body, view.RegionCode, view.Category));
        Assert.Equal((new GeoLocation(30.2741, 120.1551, "文三路 12号"), new TicketContact("13800000000"), new TicketPrivacy(true, false)),
            (view.Location, view.Contact, view.Privacy));
        Assert.Equal((TicketStatuses.Submitted, 1L, Samples.At), (view.Status, view.Seq, view.FiledAt));
        Assert.Equal(new SlaClock(TicketStages.Acceptance, Samples.At, Samples.At.AddDays(1), 0), view.Clock);
        // Its own stream, and the moderators, who review it.
        var own = ExpectLive();
        Assert.Equal(("ticket:t-1", "filed", 1L), (own.Group, own.Kind, own.Seq));
        Assert.Equal(("moderators", "filed"), (ExpectLive().Group, "filed"));
        Assert.DoesNotContain("13800000000", own.DataJson);
    }

    [Fact]
    public void An_unknown_kind_is_rejected_as_invalid_and_no_ticket_exists_afterwards()
    {
        Rejected(_ticket, Samples.Ticket("t-1", "praise"), RejectionReason.Invalid);

        Rejected(_ticket, new GetTicket(new TicketId("t-1")), RejectionReason.NotFound);
    }

    [Fact]
    public void Filing_the_same_ticket_twice_is_rejected_as_already_existing()
    {
        Send<CommandAccepted>(_ticket, Samples.Ticket("t-1"));

        Rejected(_ticket, Samples.Ticket("t-1", TicketKinds.Suggestion), RejectionReason.AlreadyExists);

        Assert.Equal(TicketKinds.Help, Send<TicketView>(_ticket, new GetTicket(new TicketId("t-1"))).Kind);
    }

    [Fact]
    public void A_ticket_that_was_never_filed_is_not_found() =>
        Rejected(_ticket, new GetTicket(new TicketId("t-1")), RejectionReason.NotFound);

    [Fact]
    public void A_message_meant_for_another_entity_kind_is_rejected_as_invalid()
    {
        Send<CommandAccepted>(_ticket, Samples.Ticket("t-1"));

        Rejected(_ticket, new GetUser(new UserId("u-1")), RejectionReason.Invalid);
    }
}
