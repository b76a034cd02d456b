using Akka.Actor;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Community.Web.Live;

/// <summary>
/// This node's end of the live path: the cluster is the backplane (DistributedPubSub, one topic per stream, subscribed
/// only while a connection of this node follows the stream), and a few <see cref="LiveStreamWorker"/>s send what
/// arrives to SignalR. A stream always goes to the same worker, so its events keep their order, while a slow
/// connection or a big group holds up only its worker's streams.
/// </summary>
public sealed class LiveBridge
{
    private readonly IActorRef[] _workers;
    private long _received;

    public LiveBridge(ActorSystem system, IHubContext<LiveHub, ILiveClient> hub, IOptions<LiveOptions> options)
    {
        var live = options.Value;
        var cluster = Akka.Cluster.Cluster.Get(system);
        _workers = [.. Enumerable.Range(0, Math.Max(1, live.BridgeWorkers)).Select(i => system.ActorOf(
            LiveStreamWorker.Props(hub, () => cluster.State.Members.Count > 1, live.SubscriptionSettleTime,
                () => Interlocked.Increment(ref _received)), $"live-bridge-{i}"))];
    }

    /// <summary>Live events this node received from the cluster since it started (all streams).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>The worker that owns <paramref name="stream"/>.</summary>
    public IActorRef WorkerOf(string stream) => _workers[(int)(StableHash(stream) % (uint)_workers.Length)];

    /// <summary>Follows the stream for the connection of <paramref name="userId"/> (whose follows a
    /// <see cref="Contracts.Common.LiveFollowRevoked"/> ends); completes with the last seq sent during the catch-up.</summary>
    public Task<long> FollowAsync(string connectionId, string userId, string stream, long? afterSeq,
        Func<Task<IReadOnlyList<Contracts.Common.LiveEvent>>> readBacklog)
    {
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        WorkerOf(stream).Tell(new FollowStream(connectionId, userId, stream, afterSeq, readBacklog, done));
        return done.Task;
    }

    /// <summary>Once it completes, no more of the stream's events reach the connection.</summary>
    public Task UnfollowAsync(string connectionId, string stream, TimeSpan timeout) =>
        WorkerOf(stream).Ask<Akka.Done>(new UnfollowStream(connectionId, stream), timeout);

    public void ConnectionClosed(string connectionId, IEnumerable<string> streams)
    {
        foreach (var byWorker in streams.GroupBy(WorkerOf))
            byWorker.Key.Tell(new ConnectionClosed(connectionId, byWorker.ToList()));
    }

    // FNV-1a: the same worker for a stream for the life of the process (string.GetHashCode would do too, but this one
    // is the same in every run, which makes a worker's load reproducible in benchmarks).
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text) hash = (hash ^ c) * 16777619u;
        return hash;
    }
}
