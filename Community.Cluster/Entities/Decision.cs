using Community.Contracts.Common;

namespace Community.Cluster.Entities;

/// <summary>What a state decides about a message: answer at once (queries, rejections, no-ops), or persist events
/// and then answer <see cref="CommandAccepted"/>.</summary>
public sealed record Decision
{
    private Decision(object? answer, IReadOnlyList<ICommunityEvent> events, ICommunityMessage? forward = null)
    {
        Answer = answer;
        Events = events;
        Forward = forward;
    }

    /// <summary>The reply when nothing is persisted; null when <see cref="Events"/> are to be persisted first.</summary>
    public object? Answer { get; }

    public IReadOnlyList<ICommunityEvent> Events { get; }

    /// <summary>A message the entity hands on to another entity, which answers the original sender.</summary>
    public ICommunityMessage? Forward { get; }

    public static Decision Persist(params ICommunityEvent[] events) =>
        events.Length == 0 ? throw new ArgumentException("Persist needs at least one event.", nameof(events)) : new(null, events);

    public static Decision ForwardTo(ICommunityMessage message) => new(null, [], message);

    public static Decision Reply(object answer) => new(answer, []);

    public static Decision Reject(RejectionReason reason, string detail) => new(new CommandRejected(reason, detail), []);

    /// <summary>An idempotent repeat: accepted, nothing new persisted.</summary>
    public static Decision Unchanged(long seq) => new(new CommandAccepted(seq), []);
}
