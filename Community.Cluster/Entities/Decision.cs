using Community.Contracts.Common;

namespace Community.Cluster.Entities;

/// <summary>What a state decides about a message: answer at once (queries, rejections, no-ops), or persist events
/// and then answer <see cref="CommandAccepted"/>.</summary>
public sealed record Decision
{
    private Decision(object? answer, IReadOnlyList<ICommunityEvent> events, ICommunityMessage? forward = null, object? afterPersist = null)
    {
        Answer = answer;
        Events = events;
        Forward = forward;
        AfterPersist = afterPersist;
    }

    /// <summary>The reply when nothing is persisted; null when <see cref="Events"/> are to be persisted first.</summary>
    public object? Answer { get; }

    public IReadOnlyList<ICommunityEvent> Events { get; }

    /// <summary>A message the entity hands on to another entity, which answers the original sender.</summary>
    public ICommunityMessage? Forward { get; }

    /// <summary>The reply once <see cref="Events"/> are in the journal; null means <see cref="CommandAccepted"/>.</summary>
    public object? AfterPersist { get; }

    public static Decision Persist(params ICommunityEvent[] events) =>
        events.Length == 0 ? throw new ArgumentException("Persist needs at least one event.", nameof(events)) : new(null, events);

    /// <summary>Persists <paramref name="events"/>, then answers <paramref name="answer"/> instead of
    /// <see cref="CommandAccepted"/>: a refusal whose consequence must be stored (a reused refresh token ends its session).</summary>
    public static Decision PersistThenReply(object answer, params ICommunityEvent[] events) =>
        events.Length == 0 ? throw new ArgumentException("Persist needs at least one event.", nameof(events)) : new(null, events, afterPersist: answer);

    public static Decision ForwardTo(ICommunityMessage message) => new(null, [], message);

    public static Decision Reply(object answer) => new(answer, []);

    public static Decision Reject(RejectionReason reason, string detail) => new(new CommandRejected(reason, detail), []);

    /// <summary>An idempotent repeat: accepted, nothing new persisted.</summary>
    public static Decision Unchanged(long seq) => new(new CommandAccepted(seq), []);
}
