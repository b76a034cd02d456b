using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Hosting;
using Community.Cluster.Circles;
using Community.Cluster.Entities;
using Community.Cluster.Hosting;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Community.Web.Live;

/// <summary>The live hub. A connection joins its private streams (its user, its department, moderators) on connect,
/// chosen from its token's claims, never from what the client asks; public circle feeds it follows on request.</summary>
[Authorize]
public sealed partial class LiveHub(ActorRegistry registry, EntityGateway entities, ActorSystem system) : Hub<ILiveClient>
{
    public const string Path = "/hubs/live";

    /// <summary>Circles one connection may follow at once: a reader's app shows a few, not thousands.</summary>
    public const int MaxCirclesPerConnection = 50;

    /// <summary>Events one join replays at most; a client further behind reloads the feed from the read model.</summary>
    public const int MaxBacklog = 5000;

    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Follows a circle's live feed: first the events after <paramref name="afterSeq"/> in order, then live ones, with
    /// no gap and no duplicate. Answers the last seq sent during the join (<paramref name="afterSeq"/> when none).
    /// </summary>
    public async Task<long> JoinCircle(string circleId, long afterSeq)
    {
        if (circleId is null || !CircleIdPattern().IsMatch(circleId)) throw new HubException("Unknown circle.");
        if (afterSeq < 0) throw new HubException("afterSeq must be 0 or more.");
        var joined = JoinedCircles();
        if (!joined.Contains(circleId) && joined.Count >= MaxCirclesPerConnection)
            throw new HubException($"A connection follows at most {MaxCirclesPerConnection} circles; leave one first.");

        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        registry.Get<LiveBridge>().Tell(new JoinStream(Context.ConnectionId, Group(LiveChannel.Circle, circleId), afterSeq,
            () => ReadCircleBacklogAsync(circleId, afterSeq), done));
        var last = await done.Task.WaitAsync(JoinTimeout);
        joined.Add(circleId);
        return last;
    }

    /// <summary>Stops following a circle: once it answers, no more of its events reach this connection.</summary>
    public async Task LeaveCircle(string circleId)
    {
        if (circleId is null || !JoinedCircles().Remove(circleId)) return;
        await registry.Get<LiveBridge>().Ask<Akka.Done>(new LeaveStream(Context.ConnectionId, Group(LiveChannel.Circle, circleId)), JoinTimeout);
    }

    private async Task<IReadOnlyList<LiveEvent>> ReadCircleBacklogAsync(string circleId, long afterSeq)
    {
        // The circle's confirmed seq, asked after the bridge started buffering: the backlog reaches at least this far.
        if (await entities.AskAsync<CircleRegion>(new GetCircle(new CircleId(circleId))) is not CircleView circle)
            throw new HubException("Unknown circle.");
        if (circle.Seq - afterSeq > MaxBacklog)
            throw new HubException($"More than {MaxBacklog} events were missed; reload the feed and join with its lastSeq.");
        return await LiveBacklog.ReadAsync(system, $"{CircleEntity.Kind}-{circleId}", afterSeq, circle.Seq, CircleLive.Of);
    }

    private HashSet<string> JoinedCircles()
    {
        if (Context.Items.TryGetValue(nameof(JoinedCircles), out var value) && value is HashSet<string> set) return set;
        set = [];
        Context.Items[nameof(JoinedCircles)] = set;
        return set;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex CircleIdPattern();

    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        await Groups.AddToGroupAsync(Context.ConnectionId, Group(LiveChannel.User, user.UserId()));
        if (user.IsInRole(Roles.Moderator) || user.IsInRole(Roles.Admin))
            await Groups.AddToGroupAsync(Context.ConnectionId, LiveEvent.ChannelPrefix(LiveChannel.Moderation));
        if (user.IsInRole(Roles.Department) && user.FindFirst(CommunityClaims.Department)?.Value is { } department)
            await Groups.AddToGroupAsync(Context.ConnectionId, $"dept:{department}");
        await base.OnConnectedAsync();
    }

    private static string Group(LiveChannel channel, string streamId) => $"{LiveEvent.ChannelPrefix(channel)}:{streamId}";
}

/// <summary>SignalR's user id is our token's subject.</summary>
public sealed class SubjectUserIdProvider : IUserIdProvider
{
    public string? GetUserId(HubConnectionContext connection) => connection.User?.FindFirst(CommunityClaims.Subject)?.Value;
}
