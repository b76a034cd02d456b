using System.Data.Common;
using Akka.Persistence.Query;

namespace Community.Cluster.Projections;

/// <summary>
/// A read model fed from one area's events in journal order. The runner calls <see cref="ApplyAsync"/> with a batch
/// of envelopes inside a transaction and stores the batch's last offset in that same transaction, so after a crash or
/// a hand-over the projection resumes exactly after the last batch it committed: no event is lost or applied twice.
/// </summary>
public interface IProjection
{
    /// <summary>Unique, stable name: the key of the stored offset. Renaming it rebuilds the read model.</summary>
    string Name { get; }

    /// <summary>The area tag to read (see <c>AreaTagger</c>).</summary>
    string Tag { get; }

    /// <summary>Creates the projection's tables when missing; runs before the first batch on every start.</summary>
    Task EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Writes the batch's rows with <paramref name="transaction"/>; must not commit it.</summary>
    Task ApplyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EventEnvelope> batch,
        CancellationToken cancellationToken);
}
