using Community.Cluster.Circles;
using Community.Cluster.Creators;
using Community.Cluster.Entities;
using Community.Cluster.HelpTickets;
using Community.Cluster.Tests.Support;
using Community.Cluster.Users;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Contracts.HelpTickets;
using Community.Contracts.Users;

namespace Community.Cluster.Tests.Entities;

/// <summary>Every node must send an entity's messages to the same shard, in every process and every release:
/// otherwise two copies of one entity would write to one journal stream.</summary>
public sealed class EntityMessageExtractorSpecs
{
    private static readonly EntityMessageExtractor Users = new(100, UserEntity.EntityIdOf);

    [Fact]
    public void Every_message_of_one_user_goes_to_the_same_shard_and_entity()
    {
        var messages = new object[] { Samples.Register("u-1"), Samples.Profile("u-1", "A"), Samples.Grant("u-1", Roles.Moderator), new GetUser(new UserId("u-1")) };

        Assert.All(messages, m => Assert.Equal("u-1", Users.EntityId(m)));
        Assert.Single(messages.Select(m => ShardOf(Users, m)).Distinct());
    }

    [Theory]
    // Pinned values: the hash is MurmurHash of the id, not string.GetHashCode (randomized per process). If these
    // change, a rolling upgrade would split entities between old and new nodes.
    [InlineData("u-1", "7")]
    [InlineData("admin", "30")]
    [InlineData("xiaoming", "54")]
    [InlineData("小明", "74")]
    public void The_shard_of_an_id_is_the_same_in_every_process(string id, string shard)
    {
        Assert.Equal(shard, ShardOf(Users, new GetUser(new UserId(id))));
        Assert.Equal(shard, ShardOf(new EntityMessageExtractor(100, UserEntity.EntityIdOf), new GetUser(new UserId(id))));
        Assert.Equal(shard, (Math.Abs(Akka.Util.MurmurHash.StringHash(id)) % 100).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Ids_spread_over_all_shards()
    {
        var shards = Enumerable.Range(0, 5000).Select(i => ShardOf(Users, new GetUser(new UserId($"u-{i}")))).ToList();

        Assert.All(shards, s => Assert.InRange(int.Parse(s), 0, 99));
        Assert.Equal(100, shards.Distinct().Count());
        // No shard carries more than twice its fair share (50): one hot shard would make one node hot.
        Assert.True(shards.GroupBy(s => s).Max(g => g.Count()) < 100, "ids are spread evenly");
    }

    [Fact]
    public void Each_entity_kind_reads_only_its_own_id()
    {
        Assert.Equal("c-1", CircleEntity.EntityIdOf(new GetCircle(new CircleId("c-1"))));
        Assert.Equal("cr-1", CreatorEntity.EntityIdOf(new GetCreator(new CreatorId("cr-1"))));
        Assert.Equal("t-1", HelpTicketEntity.EntityIdOf(new GetTicket(new TicketId("t-1"))));
        Assert.Null(UserEntity.EntityIdOf(new GetCircle(new CircleId("c-1"))));
        Assert.Null(CircleEntity.EntityIdOf(new GetUser(new UserId("u-1"))));
        Assert.Null(Users.EntityId("not a message"));
    }

    // As the shard region does it: the entity id first, then its shard.
    private static string ShardOf(EntityMessageExtractor extractor, object message) =>
        extractor.ShardId(extractor.EntityId(message) ?? throw new ArgumentException("No entity id.", nameof(message)), message);
}
