using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Community.Contracts.Common;

namespace Community.Cluster.Entities;

/// <summary>
/// The live events an entity published in the past, rebuilt from its journal: the same fold of <c>Apply</c> and
/// <c>ToLive</c> the entity ran when it persisted them, so a client that was away receives exactly what it missed.
/// </summary>
public static class LiveBacklog
{
    /// <summary>Live events with <paramref name="afterSeq"/> &lt; seq &lt;= <paramref name="throughSeq"/>, in order.</summary>
    public static async Task<IReadOnlyList<LiveEvent>> ReadAsync<TState>(ActorSystem system, string kind, string entityId,
        long afterSeq, long throughSeq, CancellationToken cancellationToken = default)
        where TState : class, IEntityState<TState>
    {
        var missed = new List<LiveEvent>();
        if (throughSeq <= afterSeq) return missed;

        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var state = TState.Empty(entityId);
        await journal.CurrentEventsByPersistenceId($"{kind}-{entityId}", 0, throughSeq)
            .RunForeach(envelope =>
            {
                var evt = (ICommunityEvent)envelope.Event;
                state = state.Apply(evt);
                if (envelope.SequenceNr > afterSeq && state.ToLive(evt, envelope.SequenceNr) is { } live) missed.Add(live);
            }, system.Materializer())
            .WaitAsync(cancellationToken);
        return missed;
    }
}
