using Akka.Actor;
using Community.Cluster.Creators;
using Community.Cluster.Tests.Support;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Contracts.Creators;

namespace Community.Cluster.Tests.Creators;

public sealed class CreatorEntitySpecs : EntitySpec
{
    private readonly IActorRef _creator;

    public CreatorEntitySpecs() => _creator = Sys.ActorOf(CreatorEntity.Props("cr-anji", Settings));

    [Fact]
    public void Registering_a_creator_is_accepted_and_it_reads_back_pending()
    {
        Assert.Equal(new CommandAccepted(1), Send<CommandAccepted>(_creator, Samples.Creator("cr-anji", OrgTypes.Institution)));

        var view = Send<CreatorView>(_creator, new GetCreator(new CreatorId("cr-anji")));
        Assert.Equal(("安吉发布", OrgTypes.Institution, "330523", CreatorStatuses.Pending, 1L),
            (view.Name, view.OrgType, view.RegionCode, view.Status, view.Seq));
        AssertNothingPublished();
    }

    [Fact]
    public void An_unknown_organisation_type_is_rejected_as_invalid_and_the_creator_stays_unregistered()
    {
        Rejected(_creator, Samples.Creator("cr-anji", "company"), RejectionReason.Invalid);

        Rejected(_creator, new GetCreator(new CreatorId("cr-anji")), RejectionReason.NotFound);
    }

    [Fact]
    public void Registering_twice_is_rejected_as_already_existing()
    {
        Send<CommandAccepted>(_creator, Samples.Creator("cr-anji"));

        Rejected(_creator, Samples.Creator("cr-anji", OrgTypes.Individual), RejectionReason.AlreadyExists);

        Assert.Equal(OrgTypes.CountyMediaCenter, Send<CreatorView>(_creator, new GetCreator(new CreatorId("cr-anji"))).OrgType);
    }

    [Fact]
    public void A_creator_that_never_registered_is_not_found() =>
        Rejected(_creator, new GetCreator(new CreatorId("cr-anji")), RejectionReason.NotFound);

    [Fact]
    public void A_message_meant_for_another_entity_kind_is_rejected_as_invalid()
    {
        Send<CommandAccepted>(_creator, Samples.Creator("cr-anji"));

        Rejected(_creator, new GetCircle(new CircleId("c-1")), RejectionReason.Invalid);
    }
}
