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

    // Pipelined writes: _pending is _state plus the events still in flight, and decisions are made against it.
    private TState _pending;
    private int _eventsInFlight;
    private readonly List<IActorRef> _awaitingPipelined = [];

    protected EventSourcedEntity(string kind, string entityId, EntitySettings settings)
    {
        _kind = kind;
        _settings = settings;
        _state = _pending = TState.Empty(entityId);
        PersistenceId = $"{kind}-{entityId}";

        Recover<SnapshotOffer>(offer => _state = _pending = (TState)offer.Snapshot);
        Recover<ICommunityEvent>(evt => _state = _pending = _state.Apply(evt));

        Command<StopEntity>(stop =>
        {
            // After the writes in flight: their callers are answered before the entity goes.
            if (_eventsInFlight > 0) DeferAsync(stop, _ => Context.Stop(Self));
            else Context.Stop(Self);
        });
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

    /// <summary>
    /// When true, a command is decided while earlier writes are still in flight (against the state they will make)
    /// and persisted with PersistAllAsync, so the journal can commit many commands in one write instead of one round
    /// trip each with the mailbox stashed. Replies still come only after the events are in the journal, in order;
    /// answers that persist nothing wait (DeferAsync) for the writes before them.
    /// </summary>
    protected virtual bool PipelinesWrites => false;

    /// <summary>The confirmed state: every event in it is in the journal.</summary>
    protected TState State => _state;

    /// <summary>Where a <see cref="Decision.ForwardTo"/> message goes; only entities that forward override it.</summary>
    protected virtual IActorRef ForwardTarget(ICommunityMessage message) =>
        throw new InvalidOperationException($"{GetType().Name} does not forward {message.GetType().Name}.");

    /// <summary>Called after each event is in the journal and applied, before it is published and answered.</summary>
    protected virtual void Persisted(ICommunityEvent evt)
    {
    }

    // The entity's own timers send without a sender: their answers go nowhere rather than back into the mailbox.
    private static void Reply(IActorRef sender, object answer)
    {
        if (!sender.IsNobody()) sender.Tell(answer);
    }

    protected override void PreStart()
    {
        _live = _settings.LiveTarget ?? DistributedPubSub.Get(Context.System).Mediator;
        base.PreStart();
    }

    private void Handle(ICommunityMessage message)
    {
        if (PipelinesWrites)
        {
            HandlePipelined(message);
            return;
        }

        var decision = _state.Decide(message);
        if (decision.Forward is { } forward)
        {
            CommunityMetrics.CommandHandled(_kind, "forwarded");
            ForwardTarget(forward).Forward(forward);
            return;
        }
        if (decision.Answer is { } answer)
        {
            CommunityMetrics.CommandHandled(_kind, answer is CommandRejected ? "rejected" : "answered");
            Reply(Sender, answer);
            return;
        }

        var sender = _awaitingPersist = Sender;
        var started = Stopwatch.GetTimestamp();
        var remaining = decision.Events.Count;
        PersistAll(decision.Events, evt =>
        {
            _state = _state.Apply(evt);
            Persisted(evt);
            if (_state.ToLive(evt, LastSequenceNr) is { } live)
                _live.Tell(new Publish(EntitySettings.LiveTopic, live));
            if (_settings.SnapshotEvery > 0 && LastSequenceNr % _settings.SnapshotEvery == 0)
                SaveSnapshot(_state);
            if (--remaining > 0) return;

            CommunityMetrics.Persisted(_kind, Stopwatch.GetElapsedTime(started));
            CommunityMetrics.CommandHandled(_kind, "accepted");
            _awaitingPersist = ActorRefs.Nobody;
            Reply(sender, new CommandAccepted(LastSequenceNr));
        });
    }

    private void HandlePipelined(ICommunityMessage message)
    {
        var sender = Sender;
        var decision = _pending.Decide(message);
        if (decision.Forward is { } forward)
        {
            CommunityMetrics.CommandHandled(_kind, "forwarded");
            // Decided on the state the writes in flight will make: handed on once they are in the journal.
            var target = ForwardTarget(forward);
            if (_eventsInFlight > 0) DeferAsync(forward, f => target.Tell(f, sender));
            else target.Tell(forward, sender);
            return;
        }
        if (decision.Answer is { } answer)
        {
            CommunityMetrics.CommandHandled(_kind, answer is CommandRejected ? "rejected" : "answered");
            // Decided on the state the writes in flight will make: answered once they are in the journal.
            if (_eventsInFlight > 0) DeferAsync(answer, a => Reply(sender, a));
            else Reply(sender, answer);
            return;
        }

        foreach (var evt in decision.Events) _pending = _pending.Apply(evt);
        _eventsInFlight += decision.Events.Count;
        _awaitingPipelined.Add(sender);
        var started = Stopwatch.GetTimestamp();
        var remaining = decision.Events.Count;
        PersistAllAsync(decision.Events, evt =>
        {
            _state = _state.Apply(evt);
            _eventsInFlight--;
            Persisted(evt);
            if (_state.ToLive(evt, LastSequenceNr) is { } live)
                _live.Tell(new Publish(EntitySettings.LiveTopic, live));
            if (_settings.SnapshotEvery > 0 && LastSequenceNr % _settings.SnapshotEvery == 0)
                SaveSnapshot(_state);
            if (--remaining > 0) return;

            CommunityMetrics.Persisted(_kind, Stopwatch.GetElapsedTime(started));
            CommunityMetrics.CommandHandled(_kind, "accepted");
            _awaitingPipelined.Remove(sender);
            Reply(sender, new CommandAccepted(LastSequenceNr));
        });
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        if (PipelinesWrites)
        {
            _log.Error(cause, "Journal rejected {0} of {1} at {2}; restarting from the journal", @event.GetType().Name, PersistenceId, sequenceNr);
            // Later commands were decided on top of the refused event: fail every caller in flight and recover the
            // state from the journal (a restart keeps the mailbox, so nothing queued is lost).
            foreach (var caller in _awaitingPipelined) caller.Tell(new Status.Failure(cause));
            _awaitingPipelined.Clear();
            CommunityMetrics.CommandHandled(_kind, "failed");
            throw new InvalidOperationException($"Journal rejected an event of {PersistenceId}; recovering.", cause);
        }

        _log.Error(cause, "Journal rejected {0} of {1} at {2}", @event.GetType().Name, PersistenceId, sequenceNr);
        // Nothing was stored: the caller gets a failure at once rather than waiting for its timeout.
        _awaitingPersist.Tell(new Status.Failure(cause));
        _awaitingPersist = ActorRefs.Nobody;
        CommunityMetrics.CommandHandled(_kind, "failed");
        base.OnPersistRejected(cause, @event, sequenceNr);
    }
}
