using System.Data.Common;
using System.Text.Json;
using Akka.Persistence.Query;
using Community.Cluster.Persistence;
using Community.Cluster.Projections;
using Community.Contracts.Circles;
using Community.Contracts.HelpTickets;
using static Community.Cluster.Projections.ProjectionOffsets;

namespace Community.Cluster.Circles;

/// <summary>
/// The circles read model, written from the journal in the projection's transaction (rows and offset together):
/// <c>circle_directory</c> (circles with counts and the last seq applied), <c>circle_posts</c>, <c>circle_comments</c>,
/// <c>circle_topics</c>. Every statement sets absolute values carried by the events, so replaying a batch is harmless.
/// </summary>
public sealed class CircleReadModelProjection : IProjection
{
    public string Name => "circles";

    public string Tag => AreaTagger.TagOf<ICircleEvent>();

    public async Task EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE IF NOT EXISTS circle_directory (
              circle_id VARCHAR(64) NOT NULL PRIMARY KEY,
              name VARCHAR(200) NOT NULL,
              name_lower VARCHAR(200) NOT NULL,
              description VARCHAR(2000) NOT NULL,
              region_code VARCHAR(12) NOT NULL,
              owner_id VARCHAR(64) NOT NULL,
              member_count BIGINT NOT NULL,
              created_at VARCHAR(40) NOT NULL,
              last_seq BIGINT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS circle_directory_region ON circle_directory (region_code, circle_id);
            CREATE TABLE IF NOT EXISTS circle_posts (
              circle_id VARCHAR(64) NOT NULL,
              seq BIGINT NOT NULL,
              post_id VARCHAR(64) NOT NULL,
              author_id VARCHAR(64) NOT NULL,
              author_name VARCHAR(200) NOT NULL,
              text TEXT NOT NULL,
              image_urls TEXT NOT NULL,
              topic_id VARCHAR(64),
              created_at VARCHAR(40) NOT NULL,
              like_count BIGINT NOT NULL,
              comment_count BIGINT NOT NULL,
              removed INTEGER NOT NULL,
              PRIMARY KEY (circle_id, seq)
            );
            CREATE UNIQUE INDEX IF NOT EXISTS circle_posts_id ON circle_posts (circle_id, post_id);
            CREATE TABLE IF NOT EXISTS circle_comments (
              circle_id VARCHAR(64) NOT NULL,
              post_id VARCHAR(64) NOT NULL,
              seq BIGINT NOT NULL,
              comment_id VARCHAR(64) NOT NULL,
              author_id VARCHAR(64) NOT NULL,
              author_name VARCHAR(200) NOT NULL,
              text TEXT NOT NULL,
              created_at VARCHAR(40) NOT NULL,
              PRIMARY KEY (circle_id, post_id, seq)
            );
            CREATE TABLE IF NOT EXISTS circle_post_tickets (
              circle_id VARCHAR(64) NOT NULL,
              post_id VARCHAR(64) NOT NULL,
              ticket_id VARCHAR(64) NOT NULL,
              ticket_seq BIGINT NOT NULL,
              status VARCHAR(20) NOT NULL,
              department_id VARCHAR(64),
              resolution TEXT,
              PRIMARY KEY (circle_id, post_id)
            );
            CREATE TABLE IF NOT EXISTS circle_department_replies (
              circle_id VARCHAR(64) NOT NULL,
              post_id VARCHAR(64) NOT NULL,
              seq BIGINT NOT NULL,
              department_id VARCHAR(64) NOT NULL,
              ticket_id VARCHAR(64) NOT NULL,
              PRIMARY KEY (circle_id, post_id, seq)
            );
            CREATE TABLE IF NOT EXISTS circle_topics (
              circle_id VARCHAR(64) NOT NULL,
              topic_id VARCHAR(64) NOT NULL,
              seq BIGINT NOT NULL,
              title VARCHAR(200) NOT NULL,
              description VARCHAR(2000) NOT NULL,
              starts_at VARCHAR(40) NOT NULL,
              ends_at VARCHAR(40) NOT NULL,
              post_count BIGINT NOT NULL,
              participant_count BIGINT NOT NULL,
              PRIMARY KEY (circle_id, topic_id)
            );
            CREATE TABLE IF NOT EXISTS circle_topic_participants (
              circle_id VARCHAR(64) NOT NULL,
              topic_id VARCHAR(64) NOT NULL,
              user_id VARCHAR(64) NOT NULL,
              PRIMARY KEY (circle_id, topic_id, user_id)
            );
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ApplyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EventEnvelope> batch,
        CancellationToken cancellationToken)
    {
        // Counts carried by the events are absolute, so within a batch only the last one per row matters: a burst of
        // likes on one post is one UPDATE, and each circle's last seq is written once per batch.
        var lastSeqs = new Dictionary<string, long>();
        var likeCounts = new Dictionary<(string, string), long>();
        var commentCounts = new Dictionary<(string, string), long>();
        var memberCounts = new Dictionary<string, long>();
        var statements = new PreparedStatements(connection, transaction);
        foreach (var envelope in batch)
        {
            if (envelope.Event is not ICircleEvent evt) continue;
            var circleId = evt.CircleId.Value;
            lastSeqs[circleId] = envelope.SequenceNr;
            switch (evt)
            {
                case LikeChanged e:
                    likeCounts[(circleId, e.PostId)] = e.LikeCount;
                    continue;
                case CommentAdded e:
                    commentCounts[(circleId, e.PostId)] = e.CommentCount;
                    break;
                case DepartmentReplied e:
                    commentCounts[(circleId, e.PostId)] = e.CommentCount;
                    break;
                case MemberAdmitted e:
                    memberCounts[circleId] = e.MemberCount;
                    continue;
                case MemberReleased e:
                    memberCounts[circleId] = e.MemberCount;
                    continue;
            }
            foreach (var (sql, parameters) in Statements(evt, envelope.SequenceNr))
                await statements.ExecuteAsync(sql, parameters, cancellationToken);
        }

        foreach (var ((circleId, postId), count) in likeCounts)
            await statements.ExecuteAsync("UPDATE circle_posts SET like_count = @count WHERE circle_id = @circle AND post_id = @post",
                [("@circle", circleId), ("@post", postId), ("@count", count)], cancellationToken);
        foreach (var ((circleId, postId), count) in commentCounts)
            await statements.ExecuteAsync("UPDATE circle_posts SET comment_count = @count WHERE circle_id = @circle AND post_id = @post",
                [("@circle", circleId), ("@post", postId), ("@count", count)], cancellationToken);
        foreach (var (circleId, count) in memberCounts)
            await statements.ExecuteAsync("UPDATE circle_directory SET member_count = @count WHERE circle_id = @circle",
                [("@circle", circleId), ("@count", count)], cancellationToken);
        foreach (var (circleId, seq) in lastSeqs)
            await statements.ExecuteAsync("UPDATE circle_directory SET last_seq = @seq WHERE circle_id = @circle AND last_seq < @seq",
                [("@circle", circleId), ("@seq", seq)], cancellationToken);
        await statements.DisposeAsync();
    }

    private static IEnumerable<(string Sql, (string, object?)[] Parameters)> Statements(ICircleEvent evt, long seq)
    {
        var circle = ("@circle", (object?)evt.CircleId.Value);
        switch (evt)
        {
            case CircleCreated e:
                yield return ("""
                    INSERT INTO circle_directory (circle_id, name, name_lower, description, region_code, owner_id, member_count, created_at, last_seq)
                    VALUES (@circle, @name, @lower, @description, @region, @owner, 0, @at, @seq)
                    ON CONFLICT (circle_id) DO NOTHING
                    """, [circle, ("@name", e.Name), ("@lower", e.Name.ToLowerInvariant()), ("@description", e.Description),
                    ("@region", e.RegionCode), ("@owner", e.OwnerId.Value), ("@at", Time(e.At)), ("@seq", seq)]);
                break;
            case PostCreated e:
                yield return ("""
                    INSERT INTO circle_posts (circle_id, seq, post_id, author_id, author_name, text, image_urls, topic_id, created_at,
                      like_count, comment_count, removed)
                    VALUES (@circle, @seq, @post, @author, @name, @text, @images, @topic, @at, 0, 0, 0)
                    ON CONFLICT DO NOTHING
                    """, [circle, ("@seq", seq), ("@post", e.PostId), ("@author", e.AuthorId.Value), ("@name", e.AuthorName),
                    ("@text", e.Text), ("@images", JsonSerializer.Serialize(e.ImageUrls)), ("@topic", e.TopicId), ("@at", Time(e.At))]);
                if (e.TopicId is { } topicId)
                {
                    var topic = ("@topic", (object?)topicId);
                    yield return ("""
                        INSERT INTO circle_topic_participants (circle_id, topic_id, user_id) VALUES (@circle, @topic, @user)
                        ON CONFLICT DO NOTHING
                        """, [circle, topic, ("@user", e.AuthorId.Value)]);
                    yield return ("""
                        UPDATE circle_topics SET
                          post_count = (SELECT COUNT(*) FROM circle_posts WHERE circle_id = @circle AND topic_id = @topic AND removed = 0),
                          participant_count = (SELECT COUNT(*) FROM circle_topic_participants WHERE circle_id = @circle AND topic_id = @topic)
                        WHERE circle_id = @circle AND topic_id = @topic
                        """, [circle, topic]);
                }
                break;
            case CommentAdded e:
                yield return (InsertCommentSql, [circle, ("@post", e.PostId), ("@seq", seq), ("@comment", e.CommentId), ("@author", e.AuthorId.Value),
                    ("@name", e.AuthorName), ("@text", e.Text), ("@at", Time(e.At))]);
                break;
            case DepartmentReplied e:
                yield return (InsertCommentSql, [circle, ("@post", e.PostId), ("@seq", seq), ("@comment", e.CommentId), ("@author", e.DepartmentId),
                    ("@name", e.DepartmentName), ("@text", e.Text), ("@at", Time(e.At))]);
                yield return ("""
                    INSERT INTO circle_department_replies (circle_id, post_id, seq, department_id, ticket_id)
                    VALUES (@circle, @post, @seq, @department, @ticket)
                    ON CONFLICT DO NOTHING
                    """, [circle, ("@post", e.PostId), ("@seq", seq), ("@department", e.DepartmentId), ("@ticket", e.TicketId.Value)]);
                yield return (UpsertPostTicketSql, [circle, ("@post", e.PostId), ("@ticket", e.TicketId.Value), ("@ticketSeq", e.TicketSeq),
                    ("@status", TicketStatuses.Answered), ("@department", e.DepartmentId), ("@resolution", null)]);
                break;
            case PostTicketChanged e:
                yield return (UpsertPostTicketSql, [circle, ("@post", e.PostId), ("@ticket", e.TicketId.Value), ("@ticketSeq", e.TicketSeq),
                    ("@status", e.Status), ("@department", e.DepartmentId), ("@resolution", e.Resolution)]);
                break;
            case PostRemoved e:
                yield return ("UPDATE circle_posts SET removed = 1 WHERE circle_id = @circle AND post_id = @post",
                    [circle, ("@post", e.PostId)]);
                break;
            case TopicCreated e:
                yield return ("""
                    INSERT INTO circle_topics (circle_id, topic_id, seq, title, description, starts_at, ends_at, post_count, participant_count)
                    VALUES (@circle, @topic, @seq, @title, @description, @starts, @ends, 0, 0)
                    ON CONFLICT DO NOTHING
                    """, [circle, ("@topic", e.TopicId), ("@seq", seq), ("@title", e.Title), ("@description", e.Description),
                    ("@starts", Time(e.StartsAt)), ("@ends", Time(e.EndsAt))]);
                break;
        }
    }

    private const string InsertCommentSql = """
        INSERT INTO circle_comments (circle_id, post_id, seq, comment_id, author_id, author_name, text, created_at)
        VALUES (@circle, @post, @seq, @comment, @author, @name, @text, @at)
        ON CONFLICT DO NOTHING
        """;

    // The resolution stays shown when the ticket closes (that step carries none); a reopened ticket has none until resolved again.
    private const string UpsertPostTicketSql = """
        INSERT INTO circle_post_tickets (circle_id, post_id, ticket_id, ticket_seq, status, department_id, resolution)
        VALUES (@circle, @post, @ticket, @ticketSeq, @status, @department, @resolution)
        ON CONFLICT (circle_id, post_id) DO UPDATE SET ticket_seq = excluded.ticket_seq, status = excluded.status,
          department_id = COALESCE(excluded.department_id, circle_post_tickets.department_id),
          resolution = CASE WHEN excluded.status = 'closed' THEN COALESCE(excluded.resolution, circle_post_tickets.resolution)
            ELSE excluded.resolution END
        WHERE circle_post_tickets.ticket_seq < excluded.ticket_seq
        """;

    // Sortable, offset-preserving text: the same on SQLite and PostgreSQL.
    internal static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("O");
}
