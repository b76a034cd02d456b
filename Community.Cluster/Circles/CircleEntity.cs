using Akka.Actor;
using Community.Cluster.Entities;
using Community.Contracts.Circles;
using Community.Contracts.Common;

namespace Community.Cluster.Circles;

/// <summary>One persistent actor per interest circle.</summary>
public sealed class CircleEntity(string entityId, EntitySettings settings)
    : EventSourcedEntity<CircleState>(Kind, entityId, settings), IWithTimers
{
    public const string Kind = "circle";

    private const string CountTimer = "counts";

    public ITimerScheduler Timers { get; set; } = null!;

    // A busy circle takes thousands of posts, comments and likes a second: they are decided while earlier ones are
    // still being written, so one journal write carries many of them.
    protected override bool PipelinesWrites => true;

    public static Props Props(string entityId, EntitySettings settings) =>
        Akka.Actor.Props.Create(() => new CircleEntity(entityId, settings));

    public static string? EntityIdOf(object message) => (message as IWithCircleId)?.CircleId.Value;

    protected override void Persisted(ICommunityEvent evt)
    {
        if (evt is LikeChanged { Published: false } or MemberAdmitted { Published: false } or MemberReleased { Published: false })
            ScheduleCounts();
        // A banned user stops reading the circle's live feed at once, not only on their next follow. Told to the
        // bridges alone: no client learns who was banned.
        if (evt is BanChanged { Banned: true } ban)
            PublishOn(LiveStream, new LiveFollowRevoked(LiveStream, ban.Target, "You are banned from this circle."));
    }

    private string LiveStream => $"{LiveEvent.ChannelPrefix(LiveChannel.Circle)}:{State.CircleId}";

    protected override void OnReplaySuccess()
    {
        base.OnReplaySuccess();
        // Counts held back before a restart are still owed to live clients.
        if (State.CountsPending) ScheduleCounts();
    }

    private void ScheduleCounts()
    {
        if (Timers.IsTimerActive(CountTimer)) return;
        Timers.StartSingleTimer(CountTimer, new PublishCounts(State.CircleId, DateTimeOffset.UtcNow + CircleState.CountWindow),
            CircleState.CountWindow);
    }
}

/// <summary>Registry key of the circle shard region.</summary>
public sealed class CircleRegion;
