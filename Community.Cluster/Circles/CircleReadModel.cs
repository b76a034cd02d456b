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

/// <param name="Ticket">The help ticket the post was turned into, if any.</param>
public sealed record PostListing(string PostId, long Seq, string AuthorId, string AuthorName, string Text, ImmutableArray<string> ImageUrls,
    string? TopicId, DateTimeOffset CreatedAt, long LikeCount, long CommentCount, PostTicketListing? Ticket = null);

/// <param name="Resolution">The department's resolution, when the ticket is public and resolved.</param>
public sealed record PostTicketListing(string TicketId, string Status, string? DepartmentId, string? Resolution);

/// <param name="Department">Set when the comment is a department's public answer to the post's ticket.</param>
public sealed record CommentListing(string CommentId, long Seq, string PostId, string AuthorId, string AuthorName, string Text,
    DateTimeOffset CreatedAt, DepartmentReplyListing? Department = null);

public sealed record DepartmentReplyListing(string DepartmentId, string TicketId);

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
            SELECT {PostColumns} FROM {PostsJoined}
            WHERE p.circle_id = @circle AND p.removed = 0 AND p.seq > @after AND p.seq < @before
            {(topicId is null ? "" : "AND p.topic_id = @topic")}
            ORDER BY p.seq {(newestFirst ? "DESC" : "ASC")} LIMIT @limit
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
        command.CommandText = $"SELECT {PostColumns} FROM {PostsJoined} WHERE p.circle_id = @circle AND p.post_id = @post AND p.removed = 0";
        AddParameter(command, "@circle", circleId);
        AddParameter(command, "@post", postId);
        return (await command.ReadAllAsync(ReadPost, cancellationToken)).FirstOrDefault();
    }

    private const string PostColumns =
        "p.post_id, p.seq, p.author_id, p.author_name, p.text, p.image_urls, p.topic_id, p.created_at, p.like_count, p.comment_count, "
        + "t.ticket_id, t.status, t.department_id, t.resolution";

    private const string PostsJoined =
        "circle_posts p LEFT JOIN circle_post_tickets t ON t.circle_id = p.circle_id AND t.post_id = p.post_id";

    private static PostListing ReadPost(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
            JsonSerializer.Deserialize<ImmutableArray<string>>(reader.GetString(5)), NullableString(reader, 6),
            Time(reader.GetString(7)), reader.GetInt64(8), reader.GetInt64(9),
            reader.IsDBNull(10) ? null
                : new PostTicketListing(reader.GetString(10), reader.GetString(11), NullableString(reader, 12), NullableString(reader, 13)));

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

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
            SELECT c.comment_id, c.seq, c.post_id, c.author_id, c.author_name, c.text, c.created_at, d.department_id, d.ticket_id
            FROM circle_comments c
            LEFT JOIN circle_department_replies d ON d.circle_id = c.circle_id AND d.post_id = c.post_id AND d.seq = c.seq
            WHERE c.circle_id = @circle AND c.post_id = @post AND c.seq > @after ORDER BY c.seq LIMIT @limit
            """;
        AddParameter(command, "@circle", circleId);
        AddParameter(command, "@post", postId);
        AddParameter(command, "@after", afterSeq);
        AddParameter(command, "@limit", limit);
        return await command.ReadAllAsync(reader => new CommentListing(reader.GetString(0), reader.GetInt64(1), reader.GetString(2),
            reader.GetString(3), reader.GetString(4), reader.GetString(5), Time(reader.GetString(6)),
            reader.IsDBNull(7) ? null : new DepartmentReplyListing(reader.GetString(7), reader.GetString(8))), cancellationToken);
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
