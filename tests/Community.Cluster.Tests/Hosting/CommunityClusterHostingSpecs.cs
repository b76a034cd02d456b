using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Community.Cluster.Circles;
using Community.Cluster.Creators;
using Community.Cluster.HelpTickets;
using Community.Cluster.Serialization;
using Community.Cluster.Tests.Support;
using Community.Cluster.Users;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Contracts.HelpTickets;
using Community.Contracts.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Community.Cluster.Tests.Hosting;

/// <summary>The node as every host runs it: self-joined cluster, sharded entities behind the gateway, our serializer,
/// passivation of idle entities. One node is shared by the class: starting a cluster is the slow part.</summary>
public sealed class CommunityClusterHostingSpecs(HostedNode node) : IClassFixture<HostedNode>
{
    [Fact]
    public void A_node_without_seeds_joins_itself_and_is_a_cluster_of_one_Up_member()
    {
        var cluster = Akka.Cluster.Cluster.Get(node.System);

        Assert.Equal(MemberStatus.Up, cluster.SelfMember.Status);
        var member = Assert.Single(cluster.State.Members);
        Assert.Equal(cluster.SelfAddress, member.Address);
        // Port 0 was configured: the node joined the address it really bound, not port 0.
        Assert.NotEqual(0, cluster.SelfAddress.Port);
    }

    [Fact]
    public async Task The_four_shard_regions_answer_through_the_gateway()
    {
        var gateway = node.Gateway;
        var userId = Samples.NewId("u");
        var circleId = Samples.NewId("c");
        var creatorId = Samples.NewId("cr");
        var ticketId = Samples.NewId("t");

        Assert.Equal(new CommandAccepted(1), await gateway.SendAsync<UserRegion>(Samples.Register(userId)));
        Assert.Equal(new CommandAccepted(1), await gateway.SendAsync<CircleRegion>(Samples.Circle(circleId)));
        Assert.Equal(new CommandAccepted(1), await gateway.SendAsync<CreatorRegion>(Samples.Creator(creatorId)));
        Assert.Equal(new CommandAccepted(1), await gateway.SendAsync<HelpTicketRegion>(Samples.Ticket(ticketId)));

        Assert.Equal("xiaoming", Assert.IsType<UserView>((await gateway.AskAsync<UserRegion, UserView>(new GetUser(new UserId(userId)))).View).UserName);
        Assert.Equal("好摄之友", Assert.IsType<CircleView>((await gateway.AskAsync<CircleRegion, CircleView>(new GetCircle(new CircleId(circleId)))).View).Name);
        Assert.Equal("安吉发布", Assert.IsType<CreatorView>((await gateway.AskAsync<CreatorRegion, CreatorView>(new GetCreator(new CreatorId(creatorId)))).View).Name);
        Assert.Equal("路灯不亮", Assert.IsType<TicketView>((await gateway.AskAsync<HelpTicketRegion, TicketView>(new GetTicket(new TicketId(ticketId)))).View).Title);

        var rejected = Assert.IsType<CommandRejected>(await gateway.SendAsync<UserRegion>(Samples.Register(userId)));
        Assert.Equal(RejectionReason.AlreadyExists, rejected.Reason);
    }

    [Fact]
    public async Task Sharded_entities_run_on_the_compact_entity_mailbox()
    {
        var userId = Samples.NewId("u");
        Assert.Equal(new CommandAccepted(1), await node.Gateway.SendAsync<UserRegion>(Samples.Register(userId)));

        var entity = await node.System.ActorSelection($"/system/sharding/{UserEntity.Kind}/*/{userId}").ResolveOne(TimeSpan.FromSeconds(5));
        var cell = Assert.IsType<LocalActorRef>(entity, exactMatch: false).Cell;
        Assert.IsType<Community.Cluster.Entities.EntityMessageQueue>(cell.Mailbox?.MessageQueue);
    }

    [Fact]
    public async Task A_members_post_goes_through_its_user_region_to_the_circle_region_and_a_strangers_does_not()
    {
        var member = Samples.NewId("u");
        var stranger = Samples.NewId("u");
        var circleId = Samples.NewId("c");
        await node.Gateway.SendAsync<UserRegion>(Samples.Register(member, member));
        await node.Gateway.SendAsync<UserRegion>(Samples.Register(stranger, stranger));
        await node.Gateway.SendAsync<CircleRegion>(Samples.Circle(circleId));
        Assert.IsType<CommandAccepted>(await node.Gateway.SendAsync<UserRegion>(new JoinCircle(new UserId(member), new CircleId(circleId), Samples.At)));

        // Sent to the user region: the member's entity forwards it, the circle answers with its seq.
        Assert.Equal(new CommandAccepted(2), await node.Gateway.SendAsync<UserRegion>(Samples.Post(circleId, member, "p-1")));
        var refused = Assert.IsType<CommandRejected>(await node.Gateway.SendAsync<UserRegion>(Samples.Post(circleId, stranger, "p-2")));
        Assert.Equal(RejectionReason.Forbidden, refused.Reason);
        Assert.Equal(2, Assert.IsType<CircleView>((await node.Gateway.AskAsync<CircleRegion, CircleView>(new GetCircle(new CircleId(circleId)))).View).Seq);
    }

    [Fact]
    public async Task Circles_snapshot_at_their_own_interval_and_users_at_theirs()
    {
        var userId = Samples.NewId("u");
        var circleId = Samples.NewId("c");
        await node.Gateway.SendAsync<UserRegion>(Samples.Register(userId, userId));
        await node.Gateway.SendAsync<CircleRegion>(Samples.Circle(circleId));
        for (var i = 1; i < HostedNode.CircleSnapshotEvery; i++)
        {
            await node.Gateway.SendAsync<UserRegion>(Samples.Profile(userId, $"名字 {i}"));
            await node.Gateway.SendAsync<CircleRegion>(Samples.Post(circleId, userId, $"p-{i}"));
        }

        var tables = new JournalTables(node.Services.GetRequiredService<Community.Cluster.Persistence.JournalDatabase>());
        await Eventually.TrueAsync(async () => (await tables.SnapshotsAsync($"circle-{circleId}")).Count == 1, "the circle's snapshot is saved");
        Assert.Equal(HostedNode.CircleSnapshotEvery, Assert.Single(await tables.SnapshotsAsync($"circle-{circleId}")).SequenceNr);
        Assert.Empty(await tables.SnapshotsAsync($"user-{userId}"));
    }

    [Fact]
    public void The_hosting_extension_binds_every_contract_type_to_the_community_serializer()
    {
        // Messages cross nodes and enter the journal through this binding; the default would write .NET type names.
        Assert.All(Manifests.All.Values, type =>
            Assert.Equal(CommunitySerializer.Id, node.System.Serialization.FindSerializerForType(type).Identifier));
    }

    [Fact]
    public async Task An_idle_entity_is_passivated_and_recovers_its_state_on_the_next_message()
    {
        var userId = Samples.NewId("u");
        await node.Gateway.SendAsync<UserRegion>(Samples.Register(userId));
        await node.Gateway.SendAsync<UserRegion>(Samples.Grant(userId, Roles.Moderator));
        var before = Assert.IsType<UserView>((await node.Gateway.AskAsync<UserRegion, UserView>(new GetUser(new UserId(userId)))).View);
        Assert.True(await IsRunningAsync(userId), "the entity runs after its messages");

        await Eventually.TrueAsync(async () => !await IsRunningAsync(userId), $"the user is passivated after {HostedNode.PassivateAfter} idle");

        var after = Assert.IsType<UserView>((await node.Gateway.AskAsync<UserRegion, UserView>(new GetUser(new UserId(userId)))).View);
        Same.Assert(before, after);
        Assert.True(await IsRunningAsync(userId), "the next message started the entity again");
    }

    private async Task<bool> IsRunningAsync(string userId)
    {
        var region = node.Services.GetService(typeof(ActorRegistry)) is ActorRegistry registry
            ? registry.Get<UserRegion>()
            : throw new InvalidOperationException("No actor registry.");
        var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
        return state.Shards.Any(shard => shard.EntityIds.Contains(userId));
    }
}
