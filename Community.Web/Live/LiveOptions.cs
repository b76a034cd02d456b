namespace Community.Web.Live;

/// <summary>The live hub's part of the <c>Community:Live</c> configuration section.</summary>
public sealed class LiveOptions
{
    public const string Section = "Community:Live";

    /// <summary>Bridge workers per node. Streams are spread over them by name, so a slow connection or a big group
    /// holds up only the streams of its worker; each stream stays on one worker, in order.</summary>
    public int BridgeWorkers { get; set; } = Math.Max(2, Environment.ProcessorCount * 2);

    /// <summary>Streams one connection may follow at once: a reader's app shows a few, not thousands.</summary>
    public int MaxStreamsPerConnection { get; set; } = 50;

    /// <summary>Hub calls (<c>Follow</c>, <c>JoinCircle</c>, <c>Unfollow</c>, <c>LeaveCircle</c>) one user may make per
    /// minute over all its connections; beyond it a call is refused with a hub error saying when to retry
    /// (<see cref="HubCallLimit"/>). <c>RenewToken</c> is not counted.</summary>
    public int CallsPerUserPerMinute { get; set; } = 60;

    /// <summary>Events one follow replays at most; a client further behind reloads from the read model.</summary>
    public int MaxBacklog { get; set; } = 5000;

    /// <summary>How long a node's first follower of a stream waits, in a cluster of several nodes, before its backlog
    /// is read: the new pub-sub subscription must reach the other nodes (gossip) so that nothing published elsewhere
    /// after the backlog is missed. Three gossip rounds of <c>akka.cluster.pub-sub.gossip-interval</c>.</summary>
    public TimeSpan SubscriptionSettleTime { get; set; } = TimeSpan.FromMilliseconds(900);
}
