using Akka.Actor;
using Akka.TestKit.TestActors;
using Community.Cluster.Circles;
using Community.Cluster.Creators;
using Community.Cluster.Entities;
using Community.Cluster.HelpTickets;
using Community.Cluster.Persistence;
using Community.Cluster.Users;
using Community.Contracts.Common;

namespace Community.Cluster.Tests.Support;

/// <summary>One actor system with the entity actors on a real SQL journal, without cluster or sharding, so a test can
/// stop it and start another one on the same database: that is a process restart as far as the journal knows.</summary>
public sealed class EntityNode : IAsyncDisposable
{
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(20);

    private readonly EntitySettings _settings;
    private readonly Dictionary<string, IActorRef> _entities = [];

    private EntityNode(JournalDatabase database, int snapshotEvery)
    {
        System = ActorSystem.Create("community", TestHocon.Local(database));
        // Live events are not under test here; a sink keeps them out of dead letters.
        _settings = new EntitySettings(snapshotEvery, System.ActorOf(BlackHoleActor.Props, "live"));
    }

    public ActorSystem System { get; }

    public static EntityNode Start(JournalDatabase database, int snapshotEvery = 0) => new(database, snapshotEvery);

    // Without shard regions there is nowhere to forward circle acts; specs of acts run on the hosted node.
    public IActorRef User(string id) => Entity(UserEntity.Kind, id, (userId, settings) => UserEntity.Props(userId, settings, () => ActorRefs.Nobody));

    public IActorRef Circle(string id) => Entity(CircleEntity.Kind, id, CircleEntity.Props);

    public IActorRef Creator(string id) => Entity(CreatorEntity.Kind, id, CreatorEntity.Props);

    public IActorRef Ticket(string id) => Entity(HelpTicketEntity.Kind, id, HelpTicketEntity.Props);

    public async Task<T> AskAsync<T>(IActorRef entity, ICommunityMessage message) where T : class
    {
        var answer = await entity.Ask<object>(message, AskTimeout);
        return answer as T ?? throw new Xunit.Sdk.XunitException(
            $"{message.GetType().Name} was answered with {answer}, expected a {typeof(T).Name}.");
    }

    public async ValueTask DisposeAsync() => await System.Terminate();

    private IActorRef Entity(string kind, string id, Func<string, EntitySettings, Props> props)
    {
        var name = $"{kind}-{id}";
        if (!_entities.TryGetValue(name, out var entity))
            _entities[name] = entity = System.ActorOf(props(id, _settings), name);
        return entity;
    }
}
