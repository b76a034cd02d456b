using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using Community.Cluster.Persistence;
using Community.Contracts.Creators;
using Community.Cluster.Projections;
using static Community.Cluster.Projections.ProjectionOffsets;

namespace Community.Cluster.Creators;

/// <summary>One row of the creator directory.</summary>
/// <param name="LastSeq">The account's last seq the read model has applied.</param>
public sealed record CreatorListing(string CreatorId, string Name, string OrgType, string RegionCode, string Status, string? VerificationReason,
    string OwnerId, long Followers, long Works, DateTimeOffset RegisteredAt, long LastSeq);

/// <summary>A correction of a published work: the version it made and the note shown to readers.</summary>
public sealed record WorkCorrection(int Version, string Note, DateTimeOffset At);

/// <summary>A work as readers see it. For a reprint: Kind/Version/Content/TargetTiers/Corrections are the original's;
/// Status is withdrawn when either is.</summary>
/// <param name="Position">The journal ordering the list it came from is sorted by (a channel row's, or the work's
/// creation): the cursor to pass back as <c>before</c>.</param>
public sealed record WorkListing(string WorkId, string CreatorId, string CreatorName, string CreatorRegionCode, string Kind, string Status, int Version,
    WorkContent Content, ImmutableArray<string> TargetTiers, ImmutableArray<WorkCorrection> Corrections, DateTimeOffset CreatedAt,
    DateTimeOffset? PublishedAt, DateTimeOffset UpdatedAt, string? ReprintOfWorkId, string? ReprintOfCreatorId, string? ReprintOfCreatorName,
    long ReprintCount, long Position);

/// <summary>One reprint of a work: the reprinter's account and region.</summary>
public sealed record ReprintListing(string ReprintId, string CreatorId, string CreatorName, string RegionCode, DateTimeOffset At);

/// <summary>Queries of the creators read model (<see cref="CreatorReadModelProjection"/>,
/// <see cref="CreatorFollowersProjection"/>). The web nodes' GET routes read here, never an entity's memory.</summary>
public sealed class CreatorReadModel(JournalDatabase database)
{
    private volatile bool _schemaReady;

    // The projections create the tables on their start; a query may come first on a new database.
    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        if (!_schemaReady)
        {
            await CreatorReadModelProjection.EnsureTablesAsync(connection, cancellationToken);
            _schemaReady = true;
        }
        return connection;
    }

    private const string CreatorColumns =
        "creator_id, name, org_type, region_code, status, verification_reason, owner_id, follower_count, work_count, registered_at, last_seq";

    public async Task<CreatorListing?> FindCreatorAsync(string creatorId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {CreatorColumns} FROM creator_directory WHERE creator_id = @id";
        AddParameter(command, "@id", creatorId);
        return (await command.ReadAllAsync(ReadCreator, cancellationToken)).FirstOrDefault();
    }

    /// <summary>Accounts in id order after <paramref name="afterId"/>, optionally of one region (exactly) and one status.</summary>
    public async Task<IReadOnlyList<CreatorListing>> ListCreatorsAsync(string? regionCode, string? status, string? afterId, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = new List<string>();
        if (regionCode is not null)
        {
            where.Add("region_code = @region");
            AddParameter(command, "@region", regionCode);
        }
        if (status is not null)
        {
            where.Add("status = @status");
            AddParameter(command, "@status", status);
        }
        if (afterId is not null)
        {
            where.Add("creator_id > @after");
            AddParameter(command, "@after", afterId);
        }
        command.CommandText = $"""
            SELECT {CreatorColumns} FROM creator_directory
            {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
            ORDER BY creator_id LIMIT @limit
            """;
        AddParameter(command, "@limit", limit);
        return await command.ReadAllAsync(ReadCreator, cancellationToken);
    }

    /// <summary>The accounts <paramref name="userId"/> staffs (owns or edits), by id.</summary>
    public async Task<IReadOnlyList<CreatorListing>> StaffedByAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {CreatorColumns} FROM creator_directory
            WHERE creator_id IN (SELECT creator_id FROM creator_staff WHERE user_id = @user)
            ORDER BY creator_id
            """;
        AddParameter(command, "@user", userId);
        return await command.ReadAllAsync(ReadCreator, cancellationToken);
    }

    /// <summary>The owner and editors of an account, by id.</summary>
    public async Task<IReadOnlyList<string>> StaffAsync(string creatorId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT user_id FROM creator_staff WHERE creator_id = @creator ORDER BY user_id";
        AddParameter(command, "@creator", creatorId);
        return await command.ReadAllAsync(reader => reader.GetString(0), cancellationToken);
    }

    public async Task<bool> IsFollowingAsync(string creatorId, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM creator_followers WHERE creator_id = @creator AND user_id = @user";
        AddParameter(command, "@creator", creatorId);
        AddParameter(command, "@user", userId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>A work or a reprint in any status, or null when the read model has none of that id.</summary>
    public async Task<WorkListing?> FindWorkAsync(string workId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"{WorkSelect("w.position")} WHERE w.work_id = @work";
        AddParameter(command, "@work", workId);
        return (await ReadWorksAsync(connection, command, cancellationToken)).FirstOrDefault();
    }

    /// <summary>The works and reprints of <paramref name="workIds"/> the read model has, in one query (a dashboard names up
    /// to a few dozen).</summary>
    public async Task<IReadOnlyList<WorkListing>> FindWorksAsync(IReadOnlyCollection<string> workIds, CancellationToken cancellationToken)
    {
        if (workIds.Count == 0) return [];
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var names = workIds.Select((id, i) => (Name: $"@w{i}", Id: id)).ToList();
        command.CommandText = $"{WorkSelect("w.position")} WHERE w.work_id IN ({string.Join(", ", names.Select(n => n.Name))})";
        foreach (var (name, id) in names) AddParameter(command, name, id);
        return await ReadWorksAsync(connection, command, cancellationToken);
    }

    /// <summary>An account's works and reprints, newest first (by position, below <paramref name="before"/> when given);
    /// drafts and withdrawn ones only when <paramref name="includeUnpublished"/>.</summary>
    public async Task<IReadOnlyList<WorkListing>> WorksOfAsync(string creatorId, bool includeUnpublished, long? before, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            {WorkSelect("w.position")}
            WHERE w.creator_id = @creator AND w.position < @before
            {(includeUnpublished ? "" : $"AND {Published}")}
            ORDER BY w.position DESC LIMIT @limit
            """;
        AddParameter(command, "@creator", creatorId);
        AddParameter(command, "@before", before ?? long.MaxValue);
        AddParameter(command, "@limit", limit);
        return await ReadWorksAsync(connection, command, cancellationToken);
    }

    /// <summary>What a region's client shows: the works routed to its channel, newest first by channel position (below
    /// <paramref name="before"/> when given). Each listing's position is the channel row's.</summary>
    public async Task<IReadOnlyList<WorkListing>> ChannelAsync(string regionCode, long? before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            {WorkSelect("ch.position", "creator_channel_works ch JOIN creator_works w ON w.work_id = ch.work_id")}
            WHERE ch.region_code = @region AND ch.position < @before AND {Published}
            ORDER BY ch.position DESC LIMIT @limit
            """;
        AddParameter(command, "@region", regionCode);
        AddParameter(command, "@before", before ?? long.MaxValue);
        AddParameter(command, "@limit", limit);
        return await ReadWorksAsync(connection, command, cancellationToken);
    }

    /// <summary>Reprints of a work, oldest first (by time, then reprint id), after the reprint <paramref name="afterId"/>.</summary>
    public async Task<IReadOnlyList<ReprintListing>> ReprintsAsync(string workId, string? afterId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var after = afterId is null
            ? ""
            : """
              AND (at > (SELECT at FROM creator_reprints WHERE work_id = @work AND reprint_id = @after)
                OR (at = (SELECT at FROM creator_reprints WHERE work_id = @work AND reprint_id = @after) AND reprint_id > @after))
              """;
        command.CommandText = $"""
            SELECT reprint_id, reprinter_id, reprinter_name, reprinter_region_code, at FROM creator_reprints
            WHERE work_id = @work {after}
            ORDER BY at, reprint_id LIMIT @limit
            """;
        AddParameter(command, "@work", workId);
        if (afterId is not null) AddParameter(command, "@after", afterId);
        AddParameter(command, "@limit", limit);
        return await command.ReadAllAsync(reader => new ReprintListing(reader.GetString(0), reader.GetString(1), reader.GetString(2),
            reader.GetString(3), Time(reader.GetString(4))), cancellationToken);
    }

    /// <summary>The alliance pool: published originals (not reprints) of verified accounts other than
    /// <paramref name="exceptCreatorId"/>, newest first (by position, below <paramref name="before"/> when given).</summary>
    public async Task<IReadOnlyList<WorkListing>> PoolAsync(string? exceptCreatorId, long? before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            {WorkSelect("w.position")}
            WHERE w.reprint_of_work_id IS NULL AND w.status = 'published' AND d.status = 'verified' AND w.position < @before
            {(exceptCreatorId is null ? "" : "AND w.creator_id <> @except")}
            ORDER BY w.position DESC LIMIT @limit
            """;
        if (exceptCreatorId is not null) AddParameter(command, "@except", exceptCreatorId);
        AddParameter(command, "@before", before ?? long.MaxValue);
        AddParameter(command, "@limit", limit);
        return await ReadWorksAsync(connection, command, cancellationToken);
    }

    // A work or reprint (w) that is published and, for a reprint, whose original (o) is not withdrawn.
    private const string Published = "w.status = 'published' AND (o.status IS NULL OR o.status <> 'withdrawn')";

    // A reprint's content, version and tiers are its original's (o); a work's are its own.
    private static string WorkSelect(string position, string from = "creator_works w") => $"""
        SELECT w.work_id, w.creator_id, COALESCE(d.name, ''), COALESCE(d.region_code, ''), COALESCE(o.kind, w.kind),
          CASE WHEN w.status = 'withdrawn' OR o.status = 'withdrawn' THEN 'withdrawn' ELSE w.status END,
          COALESCE(o.version, w.version), COALESCE(o.title, w.title), COALESCE(o.body, w.body),
          CASE WHEN o.work_id IS NULL THEN w.video_url ELSE o.video_url END,
          CASE WHEN o.work_id IS NULL THEN w.poster_url ELSE o.poster_url END,
          COALESCE(o.images_json, w.images_json), COALESCE(o.target_tiers_json, w.target_tiers_json),
          w.created_at, w.published_at, CASE WHEN o.updated_at > w.updated_at THEN o.updated_at ELSE w.updated_at END,
          w.reprint_of_work_id, w.reprint_of_creator_id, od.name, w.reprint_count, {position}
        FROM {from}
        LEFT JOIN creator_works o ON o.work_id = w.reprint_of_work_id
        LEFT JOIN creator_directory d ON d.creator_id = w.creator_id
        LEFT JOIN creator_directory od ON od.creator_id = w.reprint_of_creator_id
        """;

    private static WorkListing ReadWork(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
            reader.GetInt32(6),
            new WorkContent(reader.GetString(7), reader.GetString(8), NullableString(reader, 9), NullableString(reader, 10),
                CreatorReadModelProjection.ParseImages(reader.GetString(11))),
            CreatorReadModelProjection.ParseTiers(reader.GetString(12)), [], Time(reader.GetString(13)),
            reader.IsDBNull(14) ? null : Time(reader.GetString(14)), Time(reader.GetString(15)), NullableString(reader, 16),
            NullableString(reader, 17), NullableString(reader, 18), reader.GetInt64(19), reader.GetInt64(20));

    /// <summary>The works of <paramref name="command"/> with their corrections (a reprint's are its original's).</summary>
    private static async Task<IReadOnlyList<WorkListing>> ReadWorksAsync(DbConnection connection, DbCommand command,
        CancellationToken cancellationToken)
    {
        var works = await command.ReadAllAsync(ReadWork, cancellationToken);
        if (works.Count == 0) return works;
        var contentIds = works.Select(ContentIdOf).Distinct(StringComparer.Ordinal).ToList();
        await using var corrections = connection.CreateCommand();
        var names = contentIds.Select((id, i) => $"@w{i.ToString(CultureInfo.InvariantCulture)}").ToList();
        corrections.CommandText = $"""
            SELECT work_id, version, note, at FROM creator_work_corrections WHERE work_id IN ({string.Join(", ", names)})
            ORDER BY work_id, version
            """;
        for (var i = 0; i < contentIds.Count; i++) AddParameter(corrections, names[i], contentIds[i]);
        var byWork = (await corrections.ReadAllAsync(reader => (WorkId: reader.GetString(0),
                Correction: new WorkCorrection(reader.GetInt32(1), reader.GetString(2), Time(reader.GetString(3)))), cancellationToken))
            .GroupBy(row => row.WorkId, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(row => row.Correction).ToImmutableArray(), StringComparer.Ordinal);
        return works.Select(work => byWork.TryGetValue(ContentIdOf(work), out var list) ? work with { Corrections = list } : work).ToList();
    }

    private static string ContentIdOf(WorkListing work) => work.ReprintOfWorkId ?? work.WorkId;

    private static CreatorListing ReadCreator(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), NullableString(reader, 5),
            reader.GetString(6), reader.GetInt64(7), reader.GetInt64(8), Time(reader.GetString(9)), reader.GetInt64(10));

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
