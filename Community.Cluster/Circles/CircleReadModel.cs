using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Community.Cluster.Persistence;
using Community.Cluster.Projections;
using static Community.Cluster.Projections.ProjectionOffsets;

namespace Community.Cluster.Circles;

/// <summary>One row of the circle directory.</summary>
/// <param name="LastSeq">The circle's last seq the read model has applied: a client that loaded the feed joins the live
/// hub after it.</param>
public sealed record CircleListing(string CircleId, string Name, string Description, string RegionCode, string OwnerId,
    long MemberCount, DateTimeOffset CreatedAt, long LastSeq);

public sealed record PostListing(string PostId, long Seq, string AuthorId, string AuthorName, string Text, ImmutableArray<string> ImageUrls,
    string? TopicId, DateTimeOffset CreatedAt, long LikeCount, long CommentCount);

public sealed record CommentListing(string CommentId, long Seq, string PostId, string AuthorId, string AuthorName, string Text,
    DateTimeOffset CreatedAt);

public sealed record TopicListing(string TopicId, long Seq, string Title, string Description, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    long PostCount, long ParticipantCount);

/// <summary>Queries of the circles read model (<see cref="CircleReadModelProjection"/>). The web nodes' GET routes read
/// here, never an entity's memory.</summary>
public sealed class CircleReadModel(JournalDatabase database)
{
    private volatile bool _schemaReady;

    // The projection creates the tables on its start; a query may come first on a new database.
    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        if (!_schemaReady)
        {
            await new CircleReadModelProjection().EnsureSchemaAsync(connection, cancellationToken);
            _schemaReady = true;
        }
        return connection;
    }

    private const string CircleColumns = "circle_id, name, description, region_code, owner_id, member_count, created_at, last_seq";

    /// <summary>Circles in id order after <paramref name="afterId"/>, optionally of one region and whose name contains
    /// <paramref name="nameContains"/> (case-insensitive).</summary>
    public async Task<IReadOnlyList<CircleListing>> ListAsync(string? regionCode, string? nameContains, string? afterId, int limit,
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
        if (!string.IsNullOrEmpty(nameContains))
        {
            where.Add("name_lower LIKE @pattern ESCAPE '\\'");
            AddParameter(command, "@pattern", "%" + EscapeLike(nameContains.ToLowerInvariant()) + "%");
        }
        if (afterId is not null)
        {
            where.Add("circle_id > @after");
            AddParameter(command, "@after", afterId);
        }
        command.CommandText = $"""
            SELECT {CircleColumns} FROM circle_directory
            {(where.Count > 0 ? "WHERE " + string.Join(" AND ", where) : "")}
            ORDER BY circle_id LIMIT @limit
            """;
        AddParameter(command, "@limit", limit);
        return await command.ReadAllAsync(ReadCircle, cancellationToken);
    }

    public async Task<CircleListing?> FindAsync(string circleId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {CircleColumns} FROM circle_directory WHERE circle_id = @id";
        AddParameter(command, "@id", circleId);
        return (await command.ReadAllAsync(ReadCircle, cancellationToken)).FirstOrDefault();
    }

    /// <summary>Posts of a circle that are not removed, optionally of one topic: in seq order after
    /// <paramref name="afterSeq"/>, or newest first before <paramref name="beforeSeq"/> when that is given.</summary>
    public async Task<IReadOnlyList<PostListing>> PostsAsync(string circleId, long? afterSeq, long? beforeSeq, int limit,
        CancellationToken cancellationToken, string? topicId = null)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var newestFirst = beforeSeq is not null && afterSeq is null;
        command.CommandText = $"""
            SELECT {PostColumns}
            FROM circle_posts WHERE circle_id = @circle AND removed = 0 AND seq > @after AND seq < @before
            {(topicId is null ? "" : "AND topic_id = @topic")}
            ORDER BY seq {(newestFirst ? "DESC" : "ASC")} LIMIT @limit
            """;
        AddParameter(command, "@circle", circleId);
        AddParameter(command, "@after", afterSeq ?? 0);
        AddParameter(command, "@before", beforeSeq ?? long.MaxValue);
        AddParameter(command, "@limit", limit);
        if (topicId is not null) AddParameter(command, "@topic", topicId);
        return await command.ReadAllAsync(ReadPost, cancellationToken);
    }

    /// <summary>One post of a circle, or null when the read model has no such post or it was removed.</summary>
    public async Task<PostListing?> FindPostAsync(string circleId, string postId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {PostColumns} FROM circle_posts WHERE circle_id = @circle AND post_id = @post AND removed = 0";
        AddParameter(command, "@circle", circleId);
        AddParameter(command, "@post", postId);
        return (await command.ReadAllAsync(ReadPost, cancellationToken)).FirstOrDefault();
    }

    private const string PostColumns =
        "post_id, seq, author_id, author_name, text, image_urls, topic_id, created_at, like_count, comment_count";

    private static PostListing ReadPost(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
            JsonSerializer.Deserialize<ImmutableArray<string>>(reader.GetString(5)), reader.IsDBNull(6) ? null : reader.GetString(6),
            Time(reader.GetString(7)), reader.GetInt64(8), reader.GetInt64(9));

    public async Task<bool> PostExistsAsync(string circleId, string postId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM circle_posts WHERE circle_id = @circle AND post_id = @post AND removed = 0";
        AddParameter(command, "@circle", circleId);
        AddParameter(command, "@post", postId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Comments of a post in seq order after <paramref name="afterSeq"/>.</summary>
    public async Task<IReadOnlyList<CommentListing>> CommentsAsync(string circleId, string postId, long afterSeq, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT comment_id, seq, post_id, author_id, author_name, text, created_at FROM circle_comments
            WHERE circle_id = @circle AND post_id = @post AND seq > @after ORDER BY seq LIMIT @limit
            """;
        AddParameter(command, "@circle", circleId);
        AddParameter(command, "@post", postId);
        AddParameter(command, "@after", afterSeq);
        AddParameter(command, "@limit", limit);
        return await command.ReadAllAsync(reader => new CommentListing(reader.GetString(0), reader.GetInt64(1), reader.GetString(2),
            reader.GetString(3), reader.GetString(4), reader.GetString(5), Time(reader.GetString(6))), cancellationToken);
    }

    /// <summary>Topic activities of a circle, newest first.</summary>
    public async Task<IReadOnlyList<TopicListing>> TopicsAsync(string circleId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT topic_id, seq, title, description, starts_at, ends_at, post_count, participant_count FROM circle_topics
            WHERE circle_id = @circle ORDER BY seq DESC
            """;
        AddParameter(command, "@circle", circleId);
        return await command.ReadAllAsync(reader => new TopicListing(reader.GetString(0), reader.GetInt64(1), reader.GetString(2),
            reader.GetString(3), Time(reader.GetString(4)), Time(reader.GetString(5)), reader.GetInt64(6), reader.GetInt64(7)),
            cancellationToken);
    }

    private static CircleListing ReadCircle(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt64(5),
            Time(reader.GetString(6)), reader.GetInt64(7));

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
