using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence;
using Community.Cluster.Telemetry;
using Community.Contracts.Common;

namespace Community.Cluster.Entities;

/// <summary>Sent by the shard to stop an idle entity; handled in order, after any persist in flight.</summary>
public sealed class StopEntity
{
    public static readonly StopEntity Instance = new();

    private StopEntity()
    {
    }
}

/// <summary>Settings every entity actor shares.</summary>
/// <param name="LiveTarget">Where live events are published; null means this node's DistributedPubSub mediator.</param>
public sealed record EntitySettings(int SnapshotEvery, IActorRef? LiveTarget = null)
{
    public const string LiveTopic = "live";
}

/// <summary>The persistent actor behind every entity kind: validates through the state, persists, replies, publishes
/// live events after persisting, snapshots every N events.</summary>
public abstract class EventSourcedEntity<TState> : ReceivePersistentActor where TState : class, IEntityState<TState>
{
    private readonly EntitySettings _settings;
    private readonly string _kind;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef _live = ActorRefs.Nobody;
    private TState _state;
    private IActorRef _awaitingPersist = ActorRefs.Nobody;

    protected EventSourcedEntity(string kind, string entityId, EntitySettings settings)
    {
        _kind = kind;
        _settings = settings;
        _state = TState.Empty(entityId);
        PersistenceId = $"{kind}-{entityId}";

        Recover<SnapshotOffer>(offer => _state = (TState)offer.Snapshot);
        Recover<ICommunityEvent>(evt => _state = _state.Apply(evt));

        Command<StopEntity>(_ => Context.Stop(Self));
        Command<SaveSnapshotSuccess>(success =>
            DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(failure =>
            _log.Warning(failure.Cause, "Snapshot of {0} at {1} failed", PersistenceId, failure.Metadata.SequenceNr));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failure =>
            _log.Warning(failure.Cause, "Trimming old snapshots of {0} failed", PersistenceId));
        Command<ICommunityMessage>(Handle);
    }

    public override string PersistenceId { get; }

    protected override void PreStart()
    {
        _live = _settings.LiveTarget ?? DistributedPubSub.Get(Context.System).Mediator;
        base.PreStart();
    }

    private void Handle(ICommunityMessage message)
    {
        var decision = _state.Decide(message);
        if (decision.Answer is { } answer)
        {
            CommunityMetrics.CommandHandled(_kind, answer is CommandRejected ? "rejected" : "answered");
            Sender.Tell(answer);
            return;
        }

        var sender = _awaitingPersist = Sender;
        var started = Stopwatch.GetTimestamp();
        var remaining = decision.Events.Count;
        PersistAll(decision.Events, evt =>
        {
            _state = _state.Apply(evt);
            if (_state.ToLive(evt, LastSequenceNr) is { } live)
                _live.Tell(new Publish(EntitySettings.LiveTopic, live));
            if (_settings.SnapshotEvery > 0 && LastSequenceNr % _settings.SnapshotEvery == 0)
                SaveSnapshot(_state);
            if (--remaining > 0) return;

            CommunityMetrics.Persisted(_kind, Stopwatch.GetElapsedTime(started));
            CommunityMetrics.CommandHandled(_kind, "accepted");
            _awaitingPersist = ActorRefs.Nobody;
            sender.Tell(new CommandAccepted(LastSequenceNr));
        });
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "Journal rejected {0} of {1} at {2}", @event.GetType().Name, PersistenceId, sequenceNr);
        // Nothing was stored: the caller gets a failure at once rather than waiting for its timeout.
        _awaitingPersist.Tell(new Status.Failure(cause));
        _awaitingPersist = ActorRefs.Nobody;
        CommunityMetrics.CommandHandled(_kind, "failed");
        base.OnPersistRejected(cause, @event, sequenceNr);
    }
}
