using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Community.Contracts.Common;

namespace Community.Cluster.Entities;

/// <summary>
/// The live events an entity published in the past, read from its journal by (persistence id, seq) — the journal's
/// own index, never behind — and mapped by the same function the entity used when it published them.
/// </summary>
public static class LiveBacklog
{
    /// <summary>Live events with <paramref name="afterSeq"/> &lt; seq &lt;= <paramref name="throughSeq"/>, in order.</summary>
    public static async Task<IReadOnlyList<LiveEvent>> ReadAsync(ActorSystem system, string persistenceId, long afterSeq,
        long throughSeq, Func<ICommunityEvent, long, LiveEvent?> toLive, CancellationToken cancellationToken = default)
    {
        var missed = new List<LiveEvent>();
        if (throughSeq <= afterSeq) return missed;

        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        await journal.CurrentEventsByPersistenceId(persistenceId, afterSeq + 1, throughSeq)
            .RunForeach(envelope =>
            {
                if (toLive((ICommunityEvent)envelope.Event, envelope.SequenceNr) is { } live) missed.Add(live);
            }, system.Materializer())
            .WaitAsync(cancellationToken);
        return missed;
    }
}
