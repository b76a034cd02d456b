using Community.Cluster.Creators;
using Community.Cluster.Tests.Support;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Contracts.Users;

namespace Community.Cluster.Tests.Creators;

public sealed class CreatorStateSpecs
{
    private static readonly CreatorState Nothing = CreatorState.Empty("cr-anji");

    private static CreatorState Registered() => Nothing.Apply(Assert.Single(Nothing.Decide(Samples.Creator("cr-anji")).Events));

    [Theory]
    [InlineData(OrgTypes.CountyMediaCenter)]
    [InlineData(OrgTypes.Institution)]
    [InlineData(OrgTypes.Individual)]
    public void Every_organisation_type_can_register(string orgType)
    {
        var registered = Assert.IsType<CreatorRegistered>(Assert.Single(Nothing.Decide(Samples.Creator("cr-anji", orgType)).Events));

        Assert.Equal(new CreatorRegistered(new CreatorId("cr-anji"), new UserId("u-anji"), "安吉发布", orgType, "330523", Samples.At), registered);
    }

    [Theory]
    [InlineData("company")]
    [InlineData("")]
    [InlineData("CountyMediaCenter")]
    public void An_unknown_organisation_type_is_rejected_as_invalid(string orgType)
    {
        var decision = Nothing.Decide(Samples.Creator("cr-anji", orgType));

        Assert.Equal(RejectionReason.Invalid, Assert.IsType<CommandRejected>(decision.Answer).Reason);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void A_new_creator_is_pending_verification()
    {
        var view = Assert.IsType<CreatorView>(Registered().Decide(new GetCreator(new CreatorId("cr-anji"))).Answer);

        Assert.Equal(new CreatorView(new CreatorId("cr-anji"), new UserId("u-anji"), "安吉发布", OrgTypes.CountyMediaCenter, "330523",
            CreatorStatuses.Pending, 1, Samples.At, ["u-anji"], null, 0), view);
    }

    [Fact]
    public void Registering_an_existing_creator_is_rejected_as_already_existing_even_with_an_invalid_type() =>
        // Existence is checked first: the caller learns the real reason the id is unusable.
        Assert.Equal(RejectionReason.AlreadyExists,
            Assert.IsType<CommandRejected>(Registered().Decide(Samples.Creator("cr-anji", "company")).Answer).Reason);

    [Fact]
    public void A_creator_that_does_not_exist_is_not_found() =>
        Assert.Equal(RejectionReason.NotFound,
            Assert.IsType<CommandRejected>(Nothing.Decide(new GetCreator(new CreatorId("cr-anji"))).Answer).Reason);

    [Fact]
    public void A_message_for_another_kind_of_entity_is_rejected_as_invalid() =>
        Assert.Equal(RejectionReason.Invalid,
            Assert.IsType<CommandRejected>(Registered().Decide(new GetUser(new UserId("u-1"))).Answer).Reason);
}
