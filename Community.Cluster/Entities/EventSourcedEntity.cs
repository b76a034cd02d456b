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
public sealed record EntitySettings(int SnapshotEvery, IActorRef? LiveTarget = null);

/// <summary>The persistent actor behind every entity kind: validates through the state, persists, replies, publishes
/// live events after persisting, snapshots every N events.</summary>
/// <remarks>An untyped persistent actor with switches rather than a ReceivePersistentActor: the typed handlers are
/// built per actor instance (delegates, match builders), about a kilobyte of every idle entity.</remarks>
public abstract class EventSourcedEntity<TState> : UntypedPersistentActor where TState : class, IEntityState<TState>
{
    private readonly EntitySettings _settings;
    private readonly string _kind;
    private IActorRef _live = ActorRefs.Nobody;
    private TState _state;
    private IActorRef _awaitingPersist = ActorRefs.Nobody;

    // Pipelined writes: _pending is _state plus the events still in flight, and decisions are made against it.
    private TState _pending;
    private bool _writing;
    private IReadOnlyList<QueuedCommand> _writingBatch = [];
    private readonly List<QueuedCommand> _queued = [];

    protected EventSourcedEntity(string kind, string entityId, EntitySettings settings)
    {
        _kind = kind;
        _settings = settings;
        _state = _pending = TState.Empty(entityId);
        PersistenceId = $"{kind}-{entityId}";
    }

    protected override void OnRecover(object message)
    {
        switch (message)
        {
            case SnapshotOffer offer:
                _state = _pending = offer.Snapshot is ISnapshotUpgrade<TState> older ? older.Upgrade() : (TState)offer.Snapshot;
                break;
            case ICommunityEvent evt:
                _state = _pending = _state.Apply(evt);
                break;
        }
    }

    protected override void OnCommand(object message)
    {
        switch (message)
        {
            case ICommunityMessage command:
                Handle(command);
                break;
            case StopEntity:
                // After the writes in flight: their callers are answered before the entity goes.
                if (PipelinesWrites) Enqueue([], Self, () => Context.Stop(Self));
                else Context.Stop(Self);
                break;
            case SaveSnapshotSuccess success:
                DeleteSnapshots(new SnapshotSelectionCriteria(success.Metadata.SequenceNr - 1));
                break;
            case SaveSnapshotFailure failure:
                Log.Warning(failure.Cause, "Snapshot of {0} at {1} failed", PersistenceId, failure.Metadata.SequenceNr);
                break;
            case DeleteSnapshotsSuccess:
                break;
            case DeleteSnapshotsFailure failure:
                Log.Warning(failure.Cause, "Trimming old snapshots of {0} failed", PersistenceId);
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    public override string PersistenceId { get; }

    /// <summary>
    /// When true, a command is decided while earlier writes are still in flight (against the state they will make),
    /// and the commands decided during one write are persisted together as the next atomic write (PersistAllAsync),
    /// so the journal commits many commands per round trip instead of one each with the mailbox stashed. Replies still
    /// come only after the events are in the journal, in order; answers and forwards that persist nothing wait for
    /// the writes queued before them.
    /// </summary>
    protected virtual bool PipelinesWrites => false;

    /// <summary>The confirmed state: every event in it is in the journal.</summary>
    protected TState State => _state;

    /// <summary>Where a <see cref="Decision.ForwardTo"/> message goes; only entities that forward override it.</summary>
    protected virtual IActorRef ForwardTarget(ICommunityMessage message) =>
        throw new InvalidOperationException($"{GetType().Name} does not forward {message.GetType().Name}.");

    /// <summary>Publishes <paramref name="message"/> on the cluster's pub-sub <paramref name="topic"/> (or to the test's
    /// live target).</summary>
    protected void PublishOn(string topic, object message) => _live.Tell(new Publish(topic, message));

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
            OnEventStored(evt);
            if (--remaining > 0) return;

            CommunityMetrics.Persisted(_kind, Stopwatch.GetElapsedTime(started));
            CommunityMetrics.CommandHandled(_kind, "accepted");
            _awaitingPersist = ActorRefs.Nobody;
            Reply(sender, decision.AfterPersist ?? new CommandAccepted(LastSequenceNr));
        });
    }

    private void HandlePipelined(ICommunityMessage message)
    {
        var sender = Sender;
        var decision = _pending.Decide(message);
        if (decision.Forward is { } forward)
        {
            CommunityMetrics.CommandHandled(_kind, "forwarded");
            var target = ForwardTarget(forward);
            // Decided on the state the writes before it will make: handed on once they are in the journal.
            Enqueue([], sender, () => target.Tell(forward, sender));
            return;
        }
        if (decision.Answer is { } answer)
        {
            CommunityMetrics.CommandHandled(_kind, answer is CommandRejected ? "rejected" : "answered");
            Enqueue([], sender, () => Reply(sender, answer));
            return;
        }

        foreach (var evt in decision.Events) _pending = _pending.Apply(evt);
        var started = Stopwatch.GetTimestamp();
        Enqueue(decision.Events, sender, () =>
        {
            CommunityMetrics.Persisted(_kind, Stopwatch.GetElapsedTime(started));
            CommunityMetrics.CommandHandled(_kind, "accepted");
            Reply(sender, decision.AfterPersist ?? new CommandAccepted(LastSequenceNr));
        });
    }

    // Pipelined writes are group-committed: one write is in flight at a time, and everything decided meanwhile goes
    // into the next one as a single atomic write. The journal then stores many commands per round trip instead of one.
    private void Enqueue(IReadOnlyList<ICommunityEvent> events, IActorRef caller, Action done)
    {
        if (!_writing && _queued.Count == 0 && events.Count == 0)
        {
            done();
            return;
        }
        _queued.Add(new QueuedCommand(events, caller, done));
        if (!_writing) WriteQueued();
    }

    private void WriteQueued()
    {
        // What leads the queue without events only waited for the write before it, which has just finished.
        while (_queued.Count > 0 && _queued[0].Events.Count == 0)
        {
            var first = _queued[0];
            _queued.RemoveAt(0);
            first.Done();
        }
        if (_queued.Count == 0) return;

        var batch = _writingBatch = [.. _queued];
        _queued.Clear();
        _writing = true;
        var position = 0;
        var remaining = batch[0].Events.Count;
        PersistAllAsync(batch.SelectMany(c => c.Events), evt =>
        {
            OnEventStored(evt);
            if (--remaining > 0) return;

            // This command's last event: answer it, and what queued behind it without events of its own.
            batch[position++].Done();
            while (position < batch.Count && batch[position].Events.Count == 0) batch[position++].Done();
            if (position < batch.Count)
            {
                remaining = batch[position].Events.Count;
                return;
            }
            _writing = false;
            _writingBatch = [];
            WriteQueued();
            // Nothing in flight: the two states are equal, so keep one (an idle entity then holds a single state).
            if (!_writing) _pending = _state;
        });
    }

    // An event is in the journal: apply it, tell the subclass, publish it live, snapshot on the interval.
    private void OnEventStored(ICommunityEvent evt)
    {
        _state = _state.Apply(evt);
        Persisted(evt);
        // One topic per stream (its group name): only nodes with a follower of the stream subscribe it.
        if (_state.ToLive(evt, LastSequenceNr) is { } live)
        {
            _live.Tell(new Publish(live.Group, live));
            foreach (var audience in _state.AlsoLiveOn(evt))
                _live.Tell(new Publish(audience, live with { Audience = audience }));
        }
        if (_settings.SnapshotEvery > 0 && LastSequenceNr % _settings.SnapshotEvery == 0)
            SaveSnapshot(_state);
    }

    private sealed record QueuedCommand(IReadOnlyList<ICommunityEvent> Events, IActorRef Caller, Action Done);

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        if (PipelinesWrites)
        {
            Log.Error(cause, "Journal rejected {0} of {1} at {2}; restarting from the journal", @event.GetType().Name, PersistenceId, sequenceNr);
            // Later commands were decided on top of the refused event: fail every caller in flight and recover the
            // state from the journal (a restart keeps the mailbox, so nothing queued is lost).
            foreach (var command in _writingBatch.Concat(_queued)) command.Caller.Tell(new Status.Failure(cause));
            _writingBatch = [];
            _queued.Clear();
            CommunityMetrics.CommandHandled(_kind, "failed");
            throw new InvalidOperationException($"Journal rejected an event of {PersistenceId}; recovering.", cause);
        }

        Log.Error(cause, "Journal rejected {0} of {1} at {2}", @event.GetType().Name, PersistenceId, sequenceNr);
        // Nothing was stored: the caller gets a failure at once rather than waiting for its timeout.
        _awaitingPersist.Tell(new Status.Failure(cause));
        _awaitingPersist = ActorRefs.Nobody;
        CommunityMetrics.CommandHandled(_kind, "failed");
        base.OnPersistRejected(cause, @event, sequenceNr);
    }
}
