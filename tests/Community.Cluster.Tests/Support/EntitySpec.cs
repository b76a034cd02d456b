using Akka.Actor;
using Akka.TestKit;
using Community.Cluster.Entities;
using Community.Cluster.Persistence;
using Community.Contracts.Common;

namespace Community.Cluster.Tests.Support;

/// <summary>An Akka TestKit spec whose actor system persists to its own SQLite journal file (the product's default
/// storage), with live events going to a probe.</summary>
public abstract class EntitySpec : Akka.TestKit.Xunit2.TestKit
{
    private readonly TempDirectory _dataDir;

    protected EntitySpec() : this(TempDirectory.Create())
    {
    }

    private EntitySpec(TempDirectory dataDir) : this(dataDir, TestHocon.Sqlite(dataDir.Path))
    {
    }

    private EntitySpec(TempDirectory dataDir, JournalDatabase database) : base(TestHocon.Local(database), "community")
    {
        _dataDir = dataDir;
        Journal = new JournalTables(database);
        Live = CreateTestProbe("live");
        Settings = new EntitySettings(SnapshotEvery: 0, LiveTarget: Live.Ref);
    }

    /// <summary>The rows of this spec's journal, read directly.</summary>
    protected JournalTables Journal { get; }

    /// <summary>Receives what the entities publish to the live hub.</summary>
    protected TestProbe Live { get; }

    protected EntitySettings Settings { get; }

    /// <summary>A user entity whose circle acts go to <paramref name="circles"/> (nowhere when null).</summary>
    protected Props UserProps(string userId, IActorRef? circles = null) =>
        Community.Cluster.Users.UserEntity.Props(userId, Settings, () => circles ?? ActorRefs.Nobody);

    /// <summary>Sends a message as the test actor and expects an answer of type <typeparamref name="T"/>.</summary>
    protected T Send<T>(IActorRef entity, ICommunityMessage message)
    {
        entity.Tell(message, TestActor);
        return ExpectMsg<T>();
    }

    protected CommandRejected Rejected(IActorRef entity, ICommunityMessage message, RejectionReason reason)
    {
        var rejected = Send<CommandRejected>(entity, message);
        Assert.Equal(reason, rejected.Reason);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Detail), "a rejection explains itself");
        return rejected;
    }

    /// <summary>The entity tells the live target before it answers its sender, so once the answer is here anything it
    /// published is already in the probe's queue: no waiting needed to prove that nothing was published.</summary>
    protected void AssertNothingPublished() =>
        Assert.False(Live.HasMessages, "nothing is published for a rejected, unchanged or unpublished command");

    protected LiveEvent ExpectLive(TimeSpan? timeout = null)
    {
        // Auth changes go to every node on their own topic (the session check); live events to their stream's.
        var publish = Live.FishForMessage<Akka.Cluster.Tools.PublishSubscribe.Publish>(p => p.Message is LiveEvent, timeout);
        var live = Assert.IsType<LiveEvent>(publish.Message);
        Assert.Equal(live.Group, publish.Topic);
        return live;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _dataDir.Dispose();
    }
}
