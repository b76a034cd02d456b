using Community.Contracts.Common;

namespace Community.Cluster.Entities;

/// <summary>An entity's state: immutable, with pure decision and evolution. The actor only persists, publishes,
/// snapshots and passivates.</summary>
public interface IEntityState<TSelf> : ICommunityMessage where TSelf : IEntityState<TSelf>
{
    /// <summary>The state before the first event.</summary>
    static abstract TSelf Empty(string entityId);

    /// <summary>Number of events applied; equals the persistent actor's sequence number.</summary>
    long Seq { get; }

    Decision Decide(ICommunityMessage message);

    TSelf Apply(ICommunityEvent evt);

    /// <summary>What a persisted event tells live clients, if anything.</summary>
    LiveEvent? ToLive(ICommunityEvent evt, long seq) => null;

    /// <summary>Other streams that receive the live event of <paramref name="evt"/> too (read on the state after it),
    /// e.g. the department a ticket is with. Those streams keep no backlog of it.</summary>
    IEnumerable<string> AlsoLiveOn(ICommunityEvent evt) => [];
}
