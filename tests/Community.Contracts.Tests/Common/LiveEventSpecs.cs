using Community.Contracts.Common;

namespace Community.Contracts.Tests.Common;

public sealed class LiveEventSpecs
{
    [Theory]
    [InlineData(LiveChannel.User, "u-1", "user:u-1")]
    [InlineData(LiveChannel.Circle, "c-foodie", "circle:c-foodie")]
    [InlineData(LiveChannel.Creator, "cr-xihu", "creator:cr-xihu")]
    [InlineData(LiveChannel.Ticket, "t-9", "ticket:t-9")]
    [InlineData(LiveChannel.Moderation, "anything", "moderators")]
    public void Should_name_the_SignalR_group_of_its_stream(LiveChannel channel, string streamId, string group) =>
        Assert.Equal(group, new LiveEvent(channel, streamId, 1, "kind", "{}").Group);

    [Fact]
    public void Should_know_every_role_and_grant_only_staff_roles()
    {
        Assert.Equal(["admin", "creator", "department", "moderator", "reader", "reporter"], Roles.All.Order());
        Assert.Equal(["admin", "department", "moderator", "reporter"], Roles.Grantable.Order());
    }
}
