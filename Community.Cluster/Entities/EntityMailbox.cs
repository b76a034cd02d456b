using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Community.Cluster.Entities;

/// <summary>
/// The mailbox of every sharded entity. Akka's default deque mailbox keeps a <c>ConcurrentQueue</c> whose first
/// segment (32 slots, about 1 KB) is allocated for every actor, even one that is idle for hours; with millions of
/// users that is most of an idle entity's memory. This one holds a plain queue under a lock, grown only as messages
/// wait. An entity handles one message at a time, so the lock is uncontended but for senders enqueueing meanwhile.
/// </summary>
public sealed class EntityMailbox(Settings settings, Config config)
    : MailboxType(settings, config), IProducesMessageQueue<EntityMessageQueue>
{
    /// <summary>The mailbox's configuration path (see <see cref="Hocon"/>).</summary>
    public const string Id = "community.entity-mailbox";

    public static readonly Config Hocon = ConfigurationFactory.ParseString(
        $"{Id}.mailbox-type = \"{typeof(EntityMailbox).AssemblyQualifiedName}\"");

    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => new EntityMessageQueue();
}

/// <summary>FIFO with <see cref="EnqueueFirst"/> for the persistent actor's stash; see <see cref="EntityMailbox"/>.</summary>
public sealed class EntityMessageQueue : IMessageQueue, IUnboundedDequeBasedMessageQueueSemantics
{
    private readonly Lock _lock = new();
    private readonly Queue<Envelope> _queue = new();
    // Unstashed messages go before the queue; touched only by the actor while it runs.
    private Stack<Envelope>? _first;
    private volatile int _count;

    public bool HasMessages => _count > 0;

    public int Count => _count;

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (_lock)
        {
            _queue.Enqueue(envelope);
            _count++;
        }
    }

    public void EnqueueFirst(Envelope envelope)
    {
        (_first ??= new Stack<Envelope>()).Push(envelope);
        lock (_lock) _count++;
    }

    public bool TryDequeue(out Envelope envelope)
    {
        if (_first is { Count: > 0 } first)
        {
            envelope = first.Pop();
            lock (_lock) _count--;
            return true;
        }
        lock (_lock)
        {
            if (!_queue.TryDequeue(out envelope)) return false;
            _count--;
            // A long burst is over: give back what the queue grew to. Small queues stay, so a busy entity does not
            // reallocate on every drain.
            if (_queue.Count == 0 && _queue.EnsureCapacity(0) > 16) _queue.TrimExcess();
            return true;
        }
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope)) deadletters.Enqueue(owner, envelope);
    }
}
