using System.Text.Json;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Community.Cluster.Telemetry;
using Community.Contracts.Common;
using Microsoft.AspNetCore.SignalR;

namespace Community.Web.Live;

/// <summary>
/// One of a node's bridge workers (see <see cref="LiveBridge"/>). For the streams it owns it subscribes the stream's
/// pub-sub topic while a connection of this node follows it, sends what arrives to the stream's SignalR group, and
/// joins connections to the stream after its backlog without a gap or a duplicate (see <see cref="OnFollow"/>).
/// </summary>
public sealed class LiveStreamWorker : ReceiveActor, IWithTimers
{
    /// <summary>How long a joined connection waits for the live stream to pass its backlog before entering the group:
    /// far longer than a publication takes to arrive.</summary>
    public static readonly TimeSpan LiveSettleTime = TimeSpan.FromSeconds(2);

    private readonly IHubContext<LiveHub, ILiveClient> _hub;
    private readonly Func<bool> _clustered;
    private readonly TimeSpan _subscriptionSettleTime;
    private readonly Action _received;
    private readonly IActorRef _mediator;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // The connections of this node following each stream (in its group or joining it), with their users; the topic is
    // subscribed while there is one.
    private readonly Dictionary<string, Dictionary<string, string>> _followers = [];
    // Until when a new subscription may not yet be known to the other nodes.
    private readonly Dictionary<string, DateTime> _settling = [];
    // Joins waiting for their backlog, by stream: live events of the stream are buffered for them meanwhile.
    private readonly Dictionary<string, List<PendingJoin>> _pending = [];

    public LiveStreamWorker(IHubContext<LiveHub, ILiveClient> hub, Func<bool> clustered, TimeSpan subscriptionSettleTime, Action received)
    {
        _received = received;
        _hub = hub;
        _clustered = clustered;
        _subscriptionSettleTime = subscriptionSettleTime;
        _mediator = DistributedPubSub.Get(Context.System).Mediator;
        Receive<SubscribeAck>(_ => { });
        Receive<UnsubscribeAck>(_ => { });
        // Sends are awaited one at a time so a stream's events reach each connection in sequence order.
        ReceiveAsync<LiveEvent>(OnLive);
        ReceiveAsync<FollowStream>(OnFollow);
        Receive<ReadBacklog>(OnReadBacklog);
        ReceiveAsync<BacklogLoaded>(OnBacklog);
        Receive<BacklogFailed>(OnBacklogFailed);
        ReceiveAsync<CatchUpOver>(OnCatchUpOver);
        ReceiveAsync<UnfollowStream>(OnUnfollow);
        ReceiveAsync<LiveFollowRevoked>(OnRevoked);
        Receive<ConnectionClosed>(OnConnectionClosed);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IHubContext<LiveHub, ILiveClient> hub, Func<bool> clustered, TimeSpan subscriptionSettleTime,
        Action received) =>
        Akka.Actor.Props.Create(() => new LiveStreamWorker(hub, clustered, subscriptionSettleTime, received));

    private async Task OnLive(LiveEvent live)
    {
        var stream = live.Group;
        CommunityMetrics.LiveReceived(live.Channel.ToString());
        _received();
        try
        {
            await Send(_hub.Clients.Group(stream), live);
            CommunityMetrics.LiveDelivered(live.Channel.ToString());
        }
        catch (Exception e)
        {
            _log.Warning(e, "Live send of {0} #{1} to {2} failed", live.Kind, live.Seq, stream);
        }
        if (!_pending.TryGetValue(stream, out var joins)) return;
        foreach (var join in joins.ToList())
        {
            join.LiveHighWater = Math.Max(join.LiveHighWater, live.Seq);
            if (!join.BacklogSent)
            {
                join.Buffered.Add(live);
                continue;
            }
            if (live.Seq > join.LastSent) await SendCatchingUp(join, live);
            if (join.LiveHighWater >= join.BacklogLast) await JoinGroup(join);
        }
    }

    // A follow again of a stream the connection follows restarts it: out of the group, then joined after the backlog.
    private async Task OnFollow(FollowStream follow)
    {
        var stream = follow.Stream;
        if (_followers.TryGetValue(stream, out var connections) && connections.ContainsKey(follow.ConnectionId))
        {
            ForgetJoinsOf(follow.ConnectionId, stream);
            await _hub.Groups.RemoveFromGroupAsync(follow.ConnectionId, stream);
        }
        Subscribe(stream, follow.ConnectionId, follow.UserId);

        if (follow.AfterSeq is null)
        {
            // From now on, without a backlog (role streams joined on connect).
            await _hub.Groups.AddToGroupAsync(follow.ConnectionId, stream);
            follow.Done.TrySetResult(0);
            return;
        }

        // Registered before the backlog is read: everything published from now on is buffered for this connection, and
        // the backlog covers everything the entity had confirmed when it was asked, which is after this point.
        var pending = new PendingJoin(follow);
        if (!_pending.TryGetValue(stream, out var joins)) _pending[stream] = joins = [];
        joins.Add(pending);
        var wait = _settling.TryGetValue(stream, out var until) ? until - DateTime.UtcNow : TimeSpan.Zero;
        if (wait > TimeSpan.Zero) Timers.StartSingleTimer(pending, new ReadBacklog(pending), wait);
        else OnReadBacklog(new ReadBacklog(pending));
    }

    private void Subscribe(string stream, string connectionId, string userId)
    {
        if (!_followers.TryGetValue(stream, out var connections))
        {
            _followers[stream] = connections = [];
            _mediator.Tell(new Subscribe(stream, Self));
            // Alone, the subscription is in force once the local mediator has it; with other nodes, once gossip told them.
            if (_clustered()) _settling[stream] = DateTime.UtcNow + _subscriptionSettleTime;
        }
        connections[connectionId] = userId;
    }

    private void Unsubscribe(string stream, string connectionId)
    {
        if (!_followers.TryGetValue(stream, out var connections) || !connections.Remove(connectionId) || connections.Count > 0) return;
        _followers.Remove(stream);
        _settling.Remove(stream);
        _mediator.Tell(new Unsubscribe(stream, Self));
    }

    private void OnReadBacklog(ReadBacklog read)
    {
        var join = read.Join;
        if (!IsPending(join)) return;
        _settling.Remove(join.Request.Stream);
        join.Request.ReadBacklog().PipeTo(Self,
            success: backlog => new BacklogLoaded(join, backlog),
            failure: error => new BacklogFailed(join, error));
    }

    // Backlog in order, then what arrived live meanwhile (newer than the backlog). The follow answers then; the
    // connection enters the group only once the live stream has passed the backlog: the publication of an event the
    // backlog already sent may still be on its way here (the entity answers the seq and publishes on different
    // paths), and the group would deliver it twice. Until then, live events reach the connection one by one.
    private async Task OnBacklog(BacklogLoaded loaded)
    {
        var join = loaded.Join;
        if (!IsPending(join))
        {
            // The connection stopped following the stream while its backlog was read.
            join.Request.Done.TrySetCanceled();
            return;
        }
        try
        {
            join.BacklogSent = true;
            join.BacklogLast = loaded.Backlog.Count == 0 ? 0 : loaded.Backlog.Max(e => e.Seq);
            join.LastSent = join.Request.AfterSeq ?? 0;
            foreach (var live in loaded.Backlog.Concat(join.Buffered)) await SendCatchingUp(join, live);
            join.Buffered.Clear();
            join.Request.Done.TrySetResult(join.LastSent);
            if (join.LiveHighWater >= join.BacklogLast) await JoinGroup(join);
            else Timers.StartSingleTimer(join, new CatchUpOver(join), LiveSettleTime);
        }
        catch (Exception e)
        {
            ForgetJoin(join);
            Unsubscribe(join.Request.Stream, join.Request.ConnectionId);
            join.Request.Done.TrySetException(e);
        }
    }

    // The live stream did not reach the backlog's last seq in time: its events were published before this join was
    // registered, long delivered, and will not come again.
    private async Task OnCatchUpOver(CatchUpOver over)
    {
        if (IsPending(over.Join)) await JoinGroup(over.Join);
    }

    private bool IsPending(PendingJoin join) => _pending.TryGetValue(join.Request.Stream, out var joins) && joins.Contains(join);

    private async Task SendCatchingUp(PendingJoin join, LiveEvent live)
    {
        if (live.Seq <= join.LastSent) return;
        await Send(_hub.Clients.Client(join.Request.ConnectionId), live);
        join.LastSent = live.Seq;
    }

    private async Task JoinGroup(PendingJoin join)
    {
        ForgetJoin(join);
        try
        {
            await _hub.Groups.AddToGroupAsync(join.Request.ConnectionId, join.Request.Stream);
        }
        catch (Exception e)
        {
            _log.Warning(e, "Connection {0} could not join {1}", join.Request.ConnectionId, join.Request.Stream);
        }
    }

    // Through the worker, not straight to the group: a join still catching up would otherwise add the connection to
    // the group after it left.
    private async Task OnUnfollow(UnfollowStream unfollow)
    {
        var sender = Sender;
        ForgetJoinsOf(unfollow.ConnectionId, unfollow.Stream);
        Unsubscribe(unfollow.Stream, unfollow.ConnectionId);
        await _hub.Groups.RemoveFromGroupAsync(unfollow.ConnectionId, unfollow.Stream);
        sender.Tell(Akka.Done.Instance);
    }

    // The stream's entity says the user may no longer follow it (a circle banned them): their connections of this node
    // leave it as on an unfollow, and a follow of theirs still reading its backlog fails with the reason; one already
    // answered never enters the group. Nothing is sent to any client.
    private async Task OnRevoked(LiveFollowRevoked revoked)
    {
        if (!_followers.TryGetValue(revoked.Stream, out var connections)) return;
        var userId = revoked.UserId.Value;
        foreach (var connectionId in connections.Where(c => c.Value == userId).Select(c => c.Key).ToList())
        {
            if (_pending.TryGetValue(revoked.Stream, out var joins))
                foreach (var join in joins.Where(j => j.Request.ConnectionId == connectionId && !j.BacklogSent))
                    join.Request.Done.TrySetException(new HubException(revoked.Reason));
            ForgetJoinsOf(connectionId, revoked.Stream);
            Unsubscribe(revoked.Stream, connectionId);
            try
            {
                await _hub.Groups.RemoveFromGroupAsync(connectionId, revoked.Stream);
            }
            catch (Exception e)
            {
                _log.Warning(e, "Connection {0} could not leave {1}", connectionId, revoked.Stream);
            }
        }
    }

    // SignalR took the connection out of its groups; what is left is this node's interest in the streams.
    private void OnConnectionClosed(ConnectionClosed closed)
    {
        foreach (var stream in closed.Streams)
        {
            ForgetJoinsOf(closed.ConnectionId, stream);
            Unsubscribe(stream, closed.ConnectionId);
        }
    }

    private void OnBacklogFailed(BacklogFailed failed)
    {
        ForgetJoin(failed.Join);
        Unsubscribe(failed.Join.Request.Stream, failed.Join.Request.ConnectionId);
        failed.Join.Request.Done.TrySetException(failed.Error);
    }

    private void ForgetJoinsOf(string connectionId, string stream)
    {
        if (_pending.TryGetValue(stream, out var joins))
            foreach (var join in joins.Where(j => j.Request.ConnectionId == connectionId).ToList()) ForgetJoin(join);
    }

    private void ForgetJoin(PendingJoin join)
    {
        Timers.Cancel(join);
        var stream = join.Request.Stream;
        if (!_pending.TryGetValue(stream, out var joins)) return;
        joins.Remove(join);
        if (joins.Count == 0) _pending.Remove(stream);
    }

    private static Task Send(ILiveClient target, LiveEvent live)
    {
        using var document = JsonDocument.Parse(live.DataJson);
        var data = document.RootElement.Clone();
        return live.Channel switch
        {
            LiveChannel.User => target.userEvent(new UserEventMessage(live.Seq, live.Kind, data)),
            LiveChannel.Circle => target.circleEvent(new CircleEventMessage(live.StreamId, live.Seq, live.Kind, data)),
            LiveChannel.Creator => target.creatorEvent(new CreatorEventMessage(live.StreamId, live.Seq, live.Kind, data)),
            LiveChannel.Ticket => target.ticketEvent(new TicketEventMessage(live.StreamId, live.Seq, live.Kind, data)),
            LiveChannel.Moderation => target.moderationEvent(new ModerationEventMessage(live.Kind, data)),
            _ => Task.CompletedTask,
        };
    }

    private sealed class PendingJoin(FollowStream request)
    {
        public FollowStream Request { get; } = request;

        /// <summary>Live events that arrived while the backlog was read.</summary>
        public List<LiveEvent> Buffered { get; } = [];

        /// <summary>False while the backlog is read; then the connection is catching up to the live stream.</summary>
        public bool BacklogSent { get; set; }

        public long BacklogLast { get; set; }

        /// <summary>The highest seq this node received live since the join was registered.</summary>
        public long LiveHighWater { get; set; }

        public long LastSent { get; set; }
    }

    private sealed record ReadBacklog(PendingJoin Join);

    private sealed record CatchUpOver(PendingJoin Join);

    private sealed record BacklogLoaded(PendingJoin Join, IReadOnlyList<LiveEvent> Backlog);

    private sealed record BacklogFailed(PendingJoin Join, Exception Error);
}

/// <summary>
/// Follows a stream for a connection of <paramref name="UserId"/>: sends it the events after <paramref name="AfterSeq"/>, then puts it in the
/// stream's group; with a null <paramref name="AfterSeq"/>, only what is published from now on.
/// <paramref name="ReadBacklog"/> must first learn the seq the entity has confirmed and then answer the live events up
/// to it; <paramref name="Done"/> completes with the last seq sent.
/// </summary>
public sealed record FollowStream(
    string ConnectionId, string UserId, string Stream, long? AfterSeq, Func<Task<IReadOnlyList<LiveEvent>>> ReadBacklog, TaskCompletionSource<long> Done);

/// <summary>The connection stops following the stream, including a follow of it still under way; answered with
/// <see cref="Akka.Done"/>.</summary>
public sealed record UnfollowStream(string ConnectionId, string Stream);

/// <summary>The connection is gone: its streams lose a follower on this node.</summary>
public sealed record ConnectionClosed(string ConnectionId, IReadOnlyCollection<string> Streams);
