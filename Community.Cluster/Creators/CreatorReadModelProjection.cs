using System.Collections.Immutable;
using System.Data.Common;
using System.Text.Json;
using Akka.Persistence.Query;
using Community.Cluster.Persistence;
using Community.Cluster.Projections;
using Community.Contracts.Creators;
using static Community.Cluster.Projections.ProjectionOffsets;

namespace Community.Cluster.Creators;

/// <summary>
/// The creators read model, written from the creators' journal in the projection's transaction (rows and offset
/// together): <c>creator_directory</c> (accounts with counts and the last seq applied), <c>creator_staff</c>,
/// <c>creator_works</c> (originals with their content; a reprint is a row of the reprinter that names its original, whose
/// content it shows), <c>creator_work_corrections</c>, <c>creator_reprints</c> and <c>creator_channel_works</c> (what each
/// region's channel shows, routed by <see cref="ChannelRouting"/>). Every statement inserts with ON CONFLICT DO NOTHING,
/// sets absolute values or recomputes a count, so a batch applied again changes nothing.
/// <c>creator_followers</c> belongs to <see cref="CreatorFollowersProjection"/>; both create every table.
/// </summary>
public sealed class CreatorReadModelProjection : IProjection
{
    public string Name => "creators";

    public string Tag => AreaTagger.TagOf<ICreatorEvent>();

    public Task EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken) =>
        EnsureTablesAsync(connection, cancellationToken);

    /// <summary>All tables of the creators read model (both projections and the queries use them).</summary>
    internal static async Task EnsureTablesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS creator_directory (
              creator_id VARCHAR(64) NOT NULL PRIMARY KEY,
              name VARCHAR(200) NOT NULL,
              org_type VARCHAR(40) NOT NULL,
              region_code VARCHAR(12) NOT NULL,
              owner_id VARCHAR(64) NOT NULL,
              status VARCHAR(20) NOT NULL,
              verification_reason TEXT,
              follower_count BIGINT NOT NULL,
              work_count BIGINT NOT NULL,
              registered_at VARCHAR(40) NOT NULL,
              last_seq BIGINT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS creator_directory_region ON creator_directory (region_code, creator_id);
            CREATE TABLE IF NOT EXISTS creator_staff (
              creator_id VARCHAR(64) NOT NULL,
              user_id VARCHAR(64) NOT NULL,
              PRIMARY KEY (creator_id, user_id)
            );
            CREATE INDEX IF NOT EXISTS creator_staff_user ON creator_staff (user_id, creator_id);
            CREATE TABLE IF NOT EXISTS creator_followers (
              creator_id VARCHAR(64) NOT NULL,
              user_id VARCHAR(64) NOT NULL,
              since VARCHAR(40) NOT NULL,
              PRIMARY KEY (creator_id, user_id)
            );
            CREATE TABLE IF NOT EXISTS creator_works (
              work_id VARCHAR(128) NOT NULL PRIMARY KEY,
              creator_id VARCHAR(64) NOT NULL,
              kind VARCHAR(20) NOT NULL,
              status VARCHAR(20) NOT NULL,
              version INTEGER NOT NULL,
              title TEXT NOT NULL,
              body TEXT NOT NULL,
              video_url TEXT,
              poster_url TEXT,
              images_json TEXT NOT NULL,
              target_tiers_json TEXT NOT NULL,
              created_at VARCHAR(40) NOT NULL,
              published_at VARCHAR(40),
              updated_at VARCHAR(40) NOT NULL,
              reprint_of_work_id VARCHAR(128),
              reprint_of_creator_id VARCHAR(64),
              reprint_count BIGINT NOT NULL,
              position BIGINT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS creator_works_creator ON creator_works (creator_id, position);
            CREATE INDEX IF NOT EXISTS creator_works_position ON creator_works (position);
            CREATE INDEX IF NOT EXISTS creator_works_reprint_of ON creator_works (reprint_of_work_id);
            CREATE TABLE IF NOT EXISTS creator_work_corrections (
              work_id VARCHAR(128) NOT NULL,
              version INTEGER NOT NULL,
              note TEXT NOT NULL,
              at VARCHAR(40) NOT NULL,
              PRIMARY KEY (work_id, version)
            );
            CREATE TABLE IF NOT EXISTS creator_reprints (
              work_id VARCHAR(128) NOT NULL,
              reprint_id VARCHAR(128) NOT NULL,
              reprinter_id VARCHAR(64) NOT NULL,
              reprinter_name VARCHAR(200) NOT NULL,
              reprinter_region_code VARCHAR(12) NOT NULL,
              at VARCHAR(40) NOT NULL,
              PRIMARY KEY (work_id, reprinter_id)
            );
            CREATE TABLE IF NOT EXISTS creator_channel_works (
              region_code VARCHAR(12) NOT NULL,
              position BIGINT NOT NULL,
              work_id VARCHAR(128) NOT NULL,
              PRIMARY KEY (region_code, work_id)
            );
            CREATE INDEX IF NOT EXISTS creator_channel_works_position ON creator_channel_works (region_code, position);
            CREATE INDEX IF NOT EXISTS creator_channel_works_work ON creator_channel_works (work_id);
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ApplyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EventEnvelope> batch,
        CancellationToken cancellationToken)
    {
        // Counts are recomputed once per batch for each account whose published works changed.
        var lastSeqs = new Dictionary<string, long>();
        var workCounts = new HashSet<string>(StringComparer.Ordinal);
        await using var statements = new PreparedStatements(connection, transaction);
        foreach (var envelope in batch)
        {
            if (envelope.Event is not ICreatorEvent evt) continue;
            var creatorId = evt.CreatorId.Value;
            lastSeqs[creatorId] = Math.Max(lastSeqs.GetValueOrDefault(creatorId), envelope.SequenceNr);
            var position = ((Sequence)envelope.Offset).Value;
            var creator = ("@creator", (object?)creatorId);
            switch (evt)
            {
                case CreatorRegistered e:
                    // Follows may have been projected before the account's row: its counts start from the rows there are.
                    await statements.ExecuteAsync("""
                        INSERT INTO creator_directory (creator_id, name, org_type, region_code, owner_id, status, verification_reason,
                          follower_count, work_count, registered_at, last_seq)
                        VALUES (@creator, @name, @org, @region, @owner, 'pending', NULL,
                          (SELECT COUNT(*) FROM creator_followers WHERE creator_id = @creator),
                          (SELECT COUNT(*) FROM creator_works WHERE creator_id = @creator AND status = 'published'), @at, @seq)
                        ON CONFLICT (creator_id) DO NOTHING
                        """, [creator, ("@name", e.Name), ("@org", e.OrgType), ("@region", e.RegionCode), ("@owner", e.OwnerId.Value),
                        ("@at", Time(e.At)), ("@seq", envelope.SequenceNr)], cancellationToken);
                    await statements.ExecuteAsync(
                        "INSERT INTO creator_staff (creator_id, user_id) VALUES (@creator, @user) ON CONFLICT DO NOTHING",
                        [creator, ("@user", e.OwnerId.Value)], cancellationToken);
                    break;
                case CreatorVerificationDecided e:
                    await statements.ExecuteAsync(
                        "UPDATE creator_directory SET status = @status, verification_reason = @reason WHERE creator_id = @creator",
                        [creator, ("@status", e.Approved ? CreatorStatuses.Verified : CreatorStatuses.Rejected), ("@reason", e.Reason)],
                        cancellationToken);
                    break;
                case StaffAdded e:
                    await statements.ExecuteAsync(
                        "INSERT INTO creator_staff (creator_id, user_id) VALUES (@creator, @user) ON CONFLICT DO NOTHING",
                        [creator, ("@user", e.Member.Value)], cancellationToken);
                    break;
                case StaffRemoved e:
                    await statements.ExecuteAsync("DELETE FROM creator_staff WHERE creator_id = @creator AND user_id = @user",
                        [creator, ("@user", e.Member.Value)], cancellationToken);
                    break;
                case WorkCreated e:
                    await statements.ExecuteAsync("""
                        INSERT INTO creator_works (work_id, creator_id, kind, status, version, title, body, video_url, poster_url,
                          images_json, target_tiers_json, created_at, published_at, updated_at, reprint_of_work_id, reprint_of_creator_id,
                          reprint_count, position)
                        VALUES (@work, @creator, @kind, 'draft', 1, @title, @body, @video, @poster, @images, @tiers, @at, NULL, @at, NULL, NULL,
                          0, @position)
                        ON CONFLICT (work_id) DO NOTHING
                        """, [("@work", e.WorkId), creator, ("@kind", e.Kind), ("@title", e.Content.Title), ("@body", e.Content.Body),
                        ("@video", e.Content.VideoUrl), ("@poster", e.Content.PosterUrl), ("@images", ImagesJson(e.Content.Images)),
                        ("@tiers", TiersJson(e.TargetTiers)), ("@at", Time(e.At)), ("@position", position)], cancellationToken);
                    break;
                case WorkPublished e:
                    await statements.ExecuteAsync("""
                        UPDATE creator_works SET status = 'published', published_at = @at, updated_at = @at, target_tiers_json = @tiers
                        WHERE work_id = @work
                        """, [("@work", e.WorkId), ("@at", Time(e.At)), ("@tiers", TiersJson(e.TargetTiers))], cancellationToken);
                    await InsertChannelRowsAsync(statements, e.WorkId, ChannelRouting.ChannelsOf(e.RegionCode, OrEmpty(e.TargetTiers)), position,
                        cancellationToken);
                    workCounts.Add(creatorId);
                    break;
                case WorkRevised e:
                    await statements.ExecuteAsync("""
                        UPDATE creator_works SET version = @version, title = @title, body = @body, video_url = @video, poster_url = @poster,
                          images_json = @images, updated_at = @at
                        WHERE work_id = @work
                        """, [("@work", e.WorkId), ("@version", e.Version), ("@title", e.Content.Title), ("@body", e.Content.Body),
                        ("@video", e.Content.VideoUrl), ("@poster", e.Content.PosterUrl), ("@images", ImagesJson(e.Content.Images)),
                        ("@at", Time(e.At))], cancellationToken);
                    if (e.Correction)
                        await statements.ExecuteAsync("""
                            INSERT INTO creator_work_corrections (work_id, version, note, at) VALUES (@work, @version, @note, @at)
                            ON CONFLICT DO NOTHING
                            """, [("@work", e.WorkId), ("@version", e.Version), ("@note", e.Note ?? ""), ("@at", Time(e.At))],
                            cancellationToken);
                    break;
                case WorkWithdrawn e:
                {
                    var work = ("@work", (object?)e.WorkId);
                    // The work and every reprint of it leave all channels.
                    workCounts.UnionWith(await statements.QueryAsync(
                        "SELECT DISTINCT creator_id FROM creator_works WHERE reprint_of_work_id = @work", [work],
                        reader => reader.GetString(0), cancellationToken));
                    await statements.ExecuteAsync("""
                        DELETE FROM creator_channel_works
                        WHERE work_id = @work OR work_id IN (SELECT work_id FROM creator_works WHERE reprint_of_work_id = @work)
                        """, [work], cancellationToken);
                    await statements.ExecuteAsync(
                        "UPDATE creator_works SET status = 'withdrawn', updated_at = @at WHERE work_id = @work OR reprint_of_work_id = @work",
                        [work, ("@at", Time(e.At))], cancellationToken);
                    workCounts.Add(creatorId);
                    break;
                }
                case WorkReprinted e:
                {
                    var work = ("@work", (object?)e.WorkId);
                    await statements.ExecuteAsync("""
                        INSERT INTO creator_reprints (work_id, reprint_id, reprinter_id, reprinter_name, reprinter_region_code, at)
                        VALUES (@work, @reprint, @reprinter, @name, @region, @at)
                        ON CONFLICT DO NOTHING
                        """, [work, ("@reprint", e.ReprintId), ("@reprinter", e.ReprinterId.Value), ("@name", e.ReprinterName),
                        ("@region", e.ReprinterRegionCode), ("@at", Time(e.At))], cancellationToken);
                    // The reprint's row holds no content of its own: queries read the original's, so corrections reach it.
                    await statements.ExecuteAsync("""
                        INSERT INTO creator_works (work_id, creator_id, kind, status, version, title, body, video_url, poster_url,
                          images_json, target_tiers_json, created_at, published_at, updated_at, reprint_of_work_id, reprint_of_creator_id,
                          reprint_count, position)
                        SELECT @reprint, @reprinter, kind, CASE WHEN status = 'withdrawn' THEN 'withdrawn' ELSE 'published' END, version,
                          '', '', NULL, NULL, '[]', target_tiers_json, @at, @at, @at, work_id, creator_id, 0, @position
                        FROM creator_works WHERE work_id = @work
                        ON CONFLICT (work_id) DO NOTHING
                        """, [work, ("@reprint", e.ReprintId), ("@reprinter", e.ReprinterId.Value), ("@at", Time(e.At)),
                        ("@position", position)], cancellationToken);
                    await statements.ExecuteAsync("""
                        UPDATE creator_works SET reprint_count = (SELECT COUNT(*) FROM creator_reprints WHERE work_id = @work)
                        WHERE work_id = @work
                        """, [work], cancellationToken);
                    var original = await statements.QueryAsync(
                        "SELECT status, target_tiers_json FROM creator_works WHERE work_id = @work", [work],
                        reader => (Status: reader.GetString(0), Tiers: reader.GetString(1)), cancellationToken);
                    if (original is [{ Status: WorkStatuses.Published } published])
                        await InsertChannelRowsAsync(statements, e.ReprintId,
                            ChannelRouting.ChannelsOf(e.ReprinterRegionCode, ParseTiers(published.Tiers)), position, cancellationToken);
                    workCounts.Add(e.ReprinterId.Value);
                    break;
                }
            }
        }

        foreach (var creatorId in workCounts)
            await statements.ExecuteAsync("""
                UPDATE creator_directory
                SET work_count = (SELECT COUNT(*) FROM creator_works WHERE creator_id = @creator AND status = 'published')
                WHERE creator_id = @creator
                """, [("@creator", creatorId)], cancellationToken);
        foreach (var (creatorId, seq) in lastSeqs)
            await statements.ExecuteAsync("UPDATE creator_directory SET last_seq = @seq WHERE creator_id = @creator AND last_seq < @seq",
                [("@creator", creatorId), ("@seq", seq)], cancellationToken);
    }

    private static async Task InsertChannelRowsAsync(PreparedStatements statements, string workId, IReadOnlyList<string> channels,
        long position, CancellationToken cancellationToken)
    {
        foreach (var region in channels)
            await statements.ExecuteAsync("""
                INSERT INTO creator_channel_works (region_code, position, work_id) VALUES (@region, @position, @work)
                ON CONFLICT DO NOTHING
                """, [("@region", region), ("@position", position), ("@work", workId)], cancellationToken);
    }

    private static ImmutableArray<string> OrEmpty(ImmutableArray<string> tiers) => tiers.IsDefault ? [] : tiers;

    internal static string TiersJson(ImmutableArray<string> tiers) => JsonSerializer.Serialize(OrEmpty(tiers));

    internal static ImmutableArray<string> ParseTiers(string json) => JsonSerializer.Deserialize<ImmutableArray<string>>(json);

    internal static string ImagesJson(ImmutableArray<GalleryImage> images) => JsonSerializer.Serialize(images.IsDefault ? [] : images);

    internal static ImmutableArray<GalleryImage> ParseImages(string json) => JsonSerializer.Deserialize<ImmutableArray<GalleryImage>>(json);

    // Sortable, offset-preserving text: the same on SQLite and PostgreSQL.
    internal static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("O");
}
