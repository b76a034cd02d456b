using System.Text.Json;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Community.Cluster.Entities;
using Community.Cluster.Telemetry;
using Community.Contracts.Common;
using Microsoft.AspNetCore.SignalR;

namespace Community.Web.Live;

/// <summary>
/// Runs on every web node: receives what entities publish on the cluster (DistributedPubSub is the backplane) and
/// sends it to this node's SignalR group of the stream. It also joins connections to resumable streams (circles)
/// without a gap or a duplicate: see <see cref="JoinStream"/>.
/// </summary>
public sealed class LiveBridge : ReceiveActor, IWithTimers
{
    private readonly IHubContext<LiveHub, ILiveClient> _hub;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // Joins waiting for their backlog, by group: live events of the group are buffered for them meanwhile.
    private readonly Dictionary<string, List<PendingJoin>> _pending = [];

    public LiveBridge(IHubContext<LiveHub, ILiveClient> hub)
    {
        _hub = hub;
        Receive<SubscribeAck>(_ => _log.Info("Live bridge subscribed to {0}", EntitySettings.LiveTopic));
        // Sends are awaited one at a time so a stream's events reach each connection in sequence order.
        ReceiveAsync<LiveEvent>(OnLive);
        Receive<JoinStream>(OnJoin);
        ReceiveAsync<BacklogLoaded>(OnBacklog);
        Receive<BacklogFailed>(OnBacklogFailed);
        ReceiveAsync<CatchUpOver>(OnCatchUpOver);
        ReceiveAsync<LeaveStream>(OnLeave);
    }

    /// <summary>How long a joined connection waits for the live stream to pass its backlog before entering the group:
    /// far longer than a publication takes to arrive.</summary>
    public static readonly TimeSpan LiveSettleTime = TimeSpan.FromSeconds(2);

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IHubContext<LiveHub, ILiveClient> hub) => Akka.Actor.Props.Create(() => new LiveBridge(hub));

    protected override void PreStart() =>
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(EntitySettings.LiveTopic, Self));

    private async Task OnLive(LiveEvent live)
    {
        try
        {
            await Send(_hub.Clients.Group(live.Group), live);
            CommunityMetrics.LiveDelivered(live.Channel.ToString());
        }
        catch (Exception e)
        {
            _log.Warning(e, "Live send of {0} #{1} to {2} failed", live.Kind, live.Seq, live.Group);
        }
        if (!_pending.TryGetValue(live.Group, out var joins)) return;
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

    // Registered before the backlog is read: everything published from now on is buffered for this connection, and
    // the backlog covers everything the entity had confirmed when it was asked, which is after this point.
    private void OnJoin(JoinStream join)
    {
        var pending = new PendingJoin(join);
        if (!_pending.TryGetValue(join.Group, out var joins)) _pending[join.Group] = joins = [];
        joins.Add(pending);
        join.ReadBacklog().PipeTo(Self,
            success: backlog => new BacklogLoaded(pending, backlog),
            failure: error => new BacklogFailed(pending, error));
    }

    // Backlog in order, then what arrived live meanwhile (newer than the backlog). The join answers then; the
    // connection enters the group only once the live stream has passed the backlog: the publication of an event the
    // backlog already sent may still be on its way here (the entity answers the seq and publishes on different
    // paths), and the group would deliver it twice. Until then, live events reach the connection one by one.
    private async Task OnBacklog(BacklogLoaded loaded)
    {
        var join = loaded.Join;
        if (!IsPending(join))
        {
            // The connection left the stream while its backlog was read.
            join.Request.Done.TrySetCanceled();
            return;
        }
        try
        {
            join.BacklogSent = true;
            join.BacklogLast = loaded.Backlog.Count == 0 ? 0 : loaded.Backlog.Max(e => e.Seq);
            join.LastSent = join.Request.AfterSeq;
            foreach (var live in loaded.Backlog.Concat(join.Buffered)) await SendCatchingUp(join, live);
            join.Buffered.Clear();
            join.Request.Done.TrySetResult(join.LastSent);
            if (join.LiveHighWater >= join.BacklogLast) await JoinGroup(join);
            else Timers.StartSingleTimer(join, new CatchUpOver(join), LiveSettleTime);
        }
        catch (Exception e)
        {
            Forget(join);
            join.Request.Done.TrySetException(e);
        }
    }

    // The live stream did not reach the backlog's last seq in time: its events were published before this join was
    // registered, long delivered, and will not come again.
    private async Task OnCatchUpOver(CatchUpOver over)
    {
        if (IsPending(over.Join)) await JoinGroup(over.Join);
    }

    private bool IsPending(PendingJoin join) => _pending.TryGetValue(join.Request.Group, out var joins) && joins.Contains(join);

    private async Task SendCatchingUp(PendingJoin join, LiveEvent live)
    {
        if (live.Seq <= join.LastSent) return;
        await Send(_hub.Clients.Client(join.Request.ConnectionId), live);
        join.LastSent = live.Seq;
    }

    private async Task JoinGroup(PendingJoin join)
    {
        Forget(join);
        try
        {
            await _hub.Groups.AddToGroupAsync(join.Request.ConnectionId, join.Request.Group);
        }
        catch (Exception e)
        {
            _log.Warning(e, "Connection {0} could not join {1}", join.Request.ConnectionId, join.Request.Group);
        }
    }

    // Through the bridge, not straight to the group: a join still catching up would otherwise add the connection to
    // the group after it left.
    private async Task OnLeave(LeaveStream leave)
    {
        var sender = Sender;
        if (_pending.TryGetValue(leave.Group, out var joins))
            foreach (var join in joins.Where(j => j.Request.ConnectionId == leave.ConnectionId).ToList()) Forget(join);
        await _hub.Groups.RemoveFromGroupAsync(leave.ConnectionId, leave.Group);
        sender.Tell(Akka.Done.Instance);
    }

    private void OnBacklogFailed(BacklogFailed failed)
    {
        Forget(failed.Join);
        failed.Join.Request.Done.TrySetException(failed.Error);
    }

    private void Forget(PendingJoin join)
    {
        Timers.Cancel(join);
        var group = join.Request.Group;
        if (!_pending.TryGetValue(group, out var joins)) return;
        joins.Remove(join);
        if (joins.Count == 0) _pending.Remove(group);
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

    private sealed class PendingJoin(JoinStream request)
    {
        public JoinStream Request { get; } = request;

        /// <summary>Live events that arrived while the backlog was read.</summary>
        public List<LiveEvent> Buffered { get; } = [];

        /// <summary>False while the backlog is read; then the connection is catching up to the live stream.</summary>
        public bool BacklogSent { get; set; }

        public long BacklogLast { get; set; }

        /// <summary>The highest seq this node received live since the join was registered.</summary>
        public long LiveHighWater { get; set; }

        public long LastSent { get; set; }
    }

    private sealed record CatchUpOver(PendingJoin Join);

    private sealed record BacklogLoaded(PendingJoin Join, IReadOnlyList<LiveEvent> Backlog);

    private sealed record BacklogFailed(PendingJoin Join, Exception Error);
}

/// <summary>
/// Joins a connection to a stream's group after sending it the events after <paramref name="AfterSeq"/>.
/// <paramref name="ReadBacklog"/> must first learn the seq the entity has confirmed and then answer the live events up
/// to it; <paramref name="Done"/> completes with the last seq sent.
/// </summary>
public sealed record JoinStream(
    string ConnectionId, string Group, long AfterSeq, Func<Task<IReadOnlyList<LiveEvent>>> ReadBacklog, TaskCompletionSource<long> Done);

/// <summary>The connection stops following the stream, including a join of it still under way; answered with
/// <see cref="Akka.Done"/>.</summary>
public sealed record LeaveStream(string ConnectionId, string Group);
