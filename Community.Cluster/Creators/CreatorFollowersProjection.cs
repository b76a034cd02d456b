using System.Data.Common;
using Akka.Persistence.Query;
using Community.Cluster.Persistence;
using Community.Cluster.Projections;
using Community.Contracts.Users;

namespace Community.Cluster.Creators;

/// <summary>
/// Who follows which creator account, from the readers' own journal (a follow is a user's event):
/// <c>creator_followers</c>, and <c>creator_directory.follower_count</c> recomputed from it. A follow may be projected
/// before the account's directory row exists; that row counts the followers when it is inserted.
/// </summary>
public sealed class CreatorFollowersProjection : IProjection
{
    public string Name => "creator-followers";

    public string Tag => AreaTagger.TagOf<IUserEvent>();

    public Task EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken) =>
        CreatorReadModelProjection.EnsureTablesAsync(connection, cancellationToken);

    public async Task ApplyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EventEnvelope> batch,
        CancellationToken cancellationToken)
    {
        var counts = new HashSet<string>(StringComparer.Ordinal);
        await using var statements = new PreparedStatements(connection, transaction);
        foreach (var envelope in batch)
        {
            switch (envelope.Event)
            {
                case CreatorFollowed e:
                    await statements.ExecuteAsync("""
                        INSERT INTO creator_followers (creator_id, user_id, since) VALUES (@creator, @user, @since)
                        ON CONFLICT DO NOTHING
                        """, [("@creator", e.CreatorId.Value), ("@user", e.UserId.Value), ("@since", CreatorReadModelProjection.Time(e.At))],
                        cancellationToken);
                    counts.Add(e.CreatorId.Value);
                    break;
                case CreatorUnfollowed e:
                    await statements.ExecuteAsync("DELETE FROM creator_followers WHERE creator_id = @creator AND user_id = @user",
                        [("@creator", e.CreatorId.Value), ("@user", e.UserId.Value)], cancellationToken);
                    counts.Add(e.CreatorId.Value);
                    break;
            }
        }
        foreach (var creatorId in counts)
            await statements.ExecuteAsync("""
                UPDATE creator_directory SET follower_count = (SELECT COUNT(*) FROM creator_followers WHERE creator_id = @creator)
                WHERE creator_id = @creator
                """, [("@creator", creatorId)], cancellationToken);
    }
}
