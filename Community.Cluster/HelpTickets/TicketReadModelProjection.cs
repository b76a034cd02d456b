using System.Data.Common;
using Akka.Persistence.Query;
using Community.Cluster.Persistence;
using Community.Cluster.Projections;
using Community.Contracts.HelpTickets;

namespace Community.Cluster.HelpTickets;

/// <summary>
/// The tickets read model, written from the tickets' journal in the projection's transaction: <c>help_tickets</c>, one
/// row per ticket with what the queues, the public column, the figures, the SLA sweep and the duplicate hints need, and
/// <c>help_ticket_followers</c>, the reporters' leads. Times are Unix milliseconds, so they sort and compare as numbers on
/// both databases. Every statement inserts with ON CONFLICT DO NOTHING or sets absolute values, so a batch applied again
/// changes nothing.
/// </summary>
public sealed class TicketReadModelProjection : IProjection
{
    /// <summary>The queue key of a ticket with no running clock: after every ticket that has one.</summary>
    public const long NoDue = 9_000_000_000_000_000;

    public string Name => "help-tickets";

    public string Tag => AreaTagger.TagOf<ITicketEvent>();

    public async Task EnsureSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await EnsureTablesAsync(connection, cancellationToken);
        await TicketDailyFigures.BackfillAsync(connection, cancellationToken);
    }

    internal static async Task EnsureTablesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE TABLE IF NOT EXISTS help_tickets (
              ticket_id VARCHAR(64) NOT NULL PRIMARY KEY,
              citizen_id VARCHAR(64) NOT NULL,
              citizen_name VARCHAR(200) NOT NULL,
              kind VARCHAR(20) NOT NULL,
              category VARCHAR(40) NOT NULL,
              region_code VARCHAR(12) NOT NULL,
              title TEXT NOT NULL,
              body TEXT NOT NULL,
              is_public INTEGER NOT NULL,
              show_name INTEGER NOT NULL,
              status VARCHAR(20) NOT NULL,
              department_id VARCHAR(64),
              duplicate_of VARCHAR(64),
              filed_ms BIGINT NOT NULL,
              first_reply_ms BIGINT,
              resolved_ms BIGINT,
              closed_ms BIGINT,
              closed_by_feedback INTEGER,
              satisfied INTEGER,
              rating INTEGER,
              stage VARCHAR(20),
              clock_start_ms BIGINT,
              due_ms BIGINT,
              escalation_level INTEGER NOT NULL,
              clock_level INTEGER NOT NULL,
              supervisor_1 VARCHAR(64),
              supervisor_2 VARCHAR(64),
              next_check_ms BIGINT,
              queue_key BIGINT NOT NULL,
              answer TEXT,
              answered_ms BIGINT,
              resolution TEXT,
              public_ms BIGINT,
              source_circle_id VARCHAR(64),
              source_post_id VARCHAR(128),
              last_seq BIGINT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS help_tickets_queue ON help_tickets (department_id, queue_key, ticket_id);
            CREATE INDEX IF NOT EXISTS help_tickets_queue_status ON help_tickets (department_id, status, queue_key, ticket_id);
            CREATE INDEX IF NOT EXISTS help_tickets_supervisor_1 ON help_tickets (supervisor_1, queue_key, ticket_id);
            CREATE INDEX IF NOT EXISTS help_tickets_supervisor_2 ON help_tickets (supervisor_2, queue_key, ticket_id);
            CREATE INDEX IF NOT EXISTS help_tickets_status ON help_tickets (status, filed_ms, ticket_id);
            CREATE INDEX IF NOT EXISTS help_tickets_citizen ON help_tickets (citizen_id, filed_ms, ticket_id);
            CREATE INDEX IF NOT EXISTS help_tickets_public ON help_tickets (is_public, public_ms, ticket_id);
            -- The figures read only these indexes: the open tickets with a running clock past due, and the tickets received or
            -- closed in the parts of a day at a window's edges (its whole days are read from help_ticket_daily).
            CREATE INDEX IF NOT EXISTS help_tickets_overdue ON help_tickets (stage, due_ms, filed_ms, region_code, department_id);
            CREATE INDEX IF NOT EXISTS help_tickets_received ON help_tickets (filed_ms, region_code, department_id, first_reply_ms, closed_ms,
              satisfied, rating);
            CREATE INDEX IF NOT EXISTS help_tickets_closed ON help_tickets (closed_ms, region_code, department_id);
            DROP INDEX IF EXISTS help_tickets_figures;
            DROP INDEX IF EXISTS help_tickets_filed;
            CREATE INDEX IF NOT EXISTS help_tickets_due ON help_tickets (next_check_ms, ticket_id);
            DROP INDEX IF EXISTS help_tickets_next_check;
            CREATE INDEX IF NOT EXISTS help_tickets_source ON help_tickets (source_circle_id, source_post_id);
            CREATE INDEX IF NOT EXISTS help_tickets_region_category ON help_tickets (region_code, category, filed_ms, ticket_id);
            CREATE TABLE IF NOT EXISTS help_ticket_followers (
              user_id VARCHAR(64) NOT NULL,
              ticket_id VARCHAR(64) NOT NULL,
              followed_ms BIGINT NOT NULL,
              PRIMARY KEY (user_id, ticket_id)
            );
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
        await TicketDailyFigures.EnsureTableAsync(connection, cancellationToken);
    }

    public async Task ApplyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<EventEnvelope> batch,
        CancellationToken cancellationToken)
    {
        await using var statements = new PreparedStatements(connection, transaction);
        var figures = new TicketDailyFigures.Changes();
        foreach (var envelope in batch)
        {
            if (envelope.Event is not ITicketEvent evt) continue;
            var id = evt.TicketId.Value;
            var seq = envelope.SequenceNr;
            // The ticket's share of the figures, taken out before and put back after: the counters follow the row.
            var counted = evt is TicketFiled or TicketAssigned or TicketReopened or TicketReplied or TicketClosed;
            if (counted) figures.Remove(await TicketDailyFigures.FactsAsync(statements, id, cancellationToken));
            await ApplyAsync(statements, evt, id, seq, cancellationToken);
            if (counted) figures.Add(await TicketDailyFigures.FactsAsync(statements, id, cancellationToken));
        }
        await figures.WriteAsync(statements, cancellationToken);
    }

    private static async Task ApplyAsync(PreparedStatements statements, ITicketEvent evt, string id, long seq, CancellationToken cancellationToken)
    {
        switch (evt)
        {
            case TicketFiled e:
                await statements.ExecuteAsync("""
                    INSERT INTO help_tickets (ticket_id, citizen_id, citizen_name, kind, category, region_code, title, body, is_public,
                      show_name, status, filed_ms, stage, clock_start_ms, due_ms, escalation_level, clock_level, next_check_ms, queue_key,
                      source_circle_id, source_post_id, last_seq)
                    VALUES (@id, @citizen, @name, @kind, @category, @region, @title, @body, @public, @showName, @status, @at, @stage, @at,
                      @due, 0, 0, @due, @due, @circle, @post, @seq)
                    ON CONFLICT DO NOTHING
                    """, [("@id", id), ("@citizen", e.CitizenId.Value), ("@name", e.CitizenName), ("@kind", e.Kind), ("@category", e.Category),
                        ("@region", e.RegionCode), ("@title", e.Title), ("@body", e.Body), ("@public", e.Privacy.Public ? 1 : 0),
                        ("@showName", e.Privacy.ShowName ? 1 : 0), ("@status", TicketStatuses.Submitted), ("@at", Ms(e.At)),
                        ("@stage", TicketStages.Acceptance), ("@due", Ms(e.AcceptDueAt)), ("@circle", e.Source?.CircleId.Value),
                        ("@post", e.Source?.PostId), ("@seq", seq)], cancellationToken);
                return;
            case TicketAccepted:
                await StatusAsync(statements, id, TicketStatuses.Accepted, seq, clockCleared: true, cancellationToken);
                return;
            case TicketRejected:
                await StatusAsync(statements, id, TicketStatuses.Rejected, seq, clockCleared: true, cancellationToken);
                return;
            case TicketMarkedDuplicate e:
                await statements.ExecuteAsync("UPDATE help_tickets SET duplicate_of = @original WHERE ticket_id = @id",
                    [("@id", id), ("@original", e.DuplicateOf.Value)], cancellationToken);
                await StatusAsync(statements, id, TicketStatuses.Duplicate, seq, clockCleared: true, cancellationToken);
                return;
            case TicketAssigned e:
                await statements.ExecuteAsync("UPDATE help_tickets SET department_id = @department WHERE ticket_id = @id",
                    [("@id", id), ("@department", e.DepartmentId)], cancellationToken);
                await ClockAsync(statements, id, TicketStatuses.Assigned, TicketStages.FirstReply, e.At, e.ReplyDueAt, seq, cancellationToken);
                return;
            case TicketReopened e:
                await statements.ExecuteAsync("UPDATE help_tickets SET satisfied = 0, rating = @rating, resolved_ms = NULL WHERE ticket_id = @id",
                    [("@id", id), ("@rating", e.Rating)], cancellationToken);
                await ClockAsync(statements, id, TicketStatuses.Assigned, TicketStages.FirstReply, e.At, e.ReplyDueAt, seq, cancellationToken);
                return;
            case TicketReplied e:
                // First reply ever counts for the figures; a reply starts the resolution clock only when it is the
                // first of its assignment.
                await statements.ExecuteAsync("""
                    UPDATE help_tickets SET first_reply_ms = COALESCE(first_reply_ms, @at),
                      answer = CASE WHEN @public = 1 THEN @text ELSE answer END,
                      answered_ms = CASE WHEN @public = 1 THEN @at ELSE answered_ms END,
                      public_ms = CASE WHEN @public = 1 THEN @at ELSE public_ms END
                    WHERE ticket_id = @id
                    """, [("@id", id), ("@at", Ms(e.At)), ("@public", e.Public ? 1 : 0), ("@text", e.Text)], cancellationToken);
                if (e.First) await ClockAsync(statements, id, TicketStatuses.Answered, TicketStages.Resolution, e.At, e.ResolveDueAt, seq, cancellationToken);
                else await StatusAsync(statements, id, TicketStatuses.Answered, seq, clockCleared: false, cancellationToken);
                return;
            case TicketResolved e:
                await statements.ExecuteAsync("""
                    UPDATE help_tickets SET resolved_ms = @at, resolution = @text, public_ms = @at WHERE ticket_id = @id
                    """, [("@id", id), ("@at", Ms(e.At)), ("@text", e.Text)], cancellationToken);
                // The feedback clock closes the ticket by itself; it is no department's deadline, so it does not sort the queue.
                await statements.ExecuteAsync("""
                    UPDATE help_tickets SET status = @status, stage = @stage, clock_start_ms = @at, due_ms = @due, clock_level = 0,
                      next_check_ms = @due, queue_key = @noDue, last_seq = @seq
                    WHERE ticket_id = @id
                    """, [("@id", id), ("@status", TicketStatuses.Resolved), ("@stage", TicketStages.Feedback), ("@at", Ms(e.At)),
                        ("@due", Ms(e.FeedbackDueAt)), ("@noDue", NoDue), ("@seq", seq)], cancellationToken);
                return;
            case TicketClosed e:
                // Closed by itself after a reopening: the citizen's last feedback (not satisfied, its rating) still counts.
                await statements.ExecuteAsync("""
                    UPDATE help_tickets SET closed_ms = @at, closed_by_feedback = @byFeedback,
                      satisfied = COALESCE(@satisfied, satisfied), rating = COALESCE(@rating, rating)
                    WHERE ticket_id = @id
                    """, [("@id", id), ("@at", Ms(e.At)), ("@byFeedback", e.Rating is null ? 0 : 1),
                        ("@satisfied", e.Satisfied is { } s ? (s ? 1 : 0) : null), ("@rating", e.Rating)], cancellationToken);
                await StatusAsync(statements, id, TicketStatuses.Closed, seq, clockCleared: true, cancellationToken);
                return;
            case TicketEscalated e:
                await statements.ExecuteAsync($"""
                    UPDATE help_tickets SET escalation_level = CASE WHEN escalation_level > @level THEN escalation_level ELSE @level END,
                      clock_level = @level,
                      supervisor_{(e.Level == 1 ? 1 : 2)} = COALESCE(@supervisor, supervisor_{(e.Level == 1 ? 1 : 2)}),
                      next_check_ms = CASE WHEN @level >= 2 THEN NULL ELSE due_ms + (due_ms - clock_start_ms) END,
                      last_seq = @seq
                    WHERE ticket_id = @id
                    """, [("@id", id), ("@level", e.Level), ("@supervisor", e.SupervisorId), ("@seq", seq)], cancellationToken);
                return;
            case TicketFollowed e:
                await statements.ExecuteAsync("""
                    INSERT INTO help_ticket_followers (user_id, ticket_id, followed_ms) VALUES (@user, @id, @at) ON CONFLICT DO NOTHING
                    """, [("@user", e.ReporterId.Value), ("@id", id), ("@at", Ms(e.At))], cancellationToken);
                return;
            case TicketUnfollowed e:
                await statements.ExecuteAsync("DELETE FROM help_ticket_followers WHERE user_id = @user AND ticket_id = @id",
                    [("@user", e.ReporterId.Value), ("@id", id)], cancellationToken);
                return;
            case TicketPrivacyChanged e:
                await statements.ExecuteAsync("""
                    UPDATE help_tickets SET is_public = @public, show_name = @showName, last_seq = @seq WHERE ticket_id = @id
                    """, [("@id", id), ("@public", e.Privacy.Public ? 1 : 0), ("@showName", e.Privacy.ShowName ? 1 : 0), ("@seq", seq)],
                    cancellationToken);
                return;
        }
    }

    private static Task StatusAsync(PreparedStatements statements, string id, string status, long seq, bool clockCleared,
        CancellationToken cancellationToken) =>
        clockCleared
            ? statements.ExecuteAsync("""
                UPDATE help_tickets SET status = @status, stage = NULL, clock_start_ms = NULL, due_ms = NULL, clock_level = 0,
                  next_check_ms = NULL, queue_key = @noDue, last_seq = @seq
                WHERE ticket_id = @id
                """, [("@id", id), ("@status", status), ("@noDue", NoDue), ("@seq", seq)], cancellationToken)
            : statements.ExecuteAsync("UPDATE help_tickets SET status = @status, last_seq = @seq WHERE ticket_id = @id",
                [("@id", id), ("@status", status), ("@seq", seq)], cancellationToken);

    private static Task ClockAsync(PreparedStatements statements, string id, string status, string stage, DateTimeOffset start,
        DateTimeOffset due, long seq, CancellationToken cancellationToken) =>
        statements.ExecuteAsync("""
            UPDATE help_tickets SET status = @status, stage = @stage, clock_start_ms = @start, due_ms = @due, clock_level = 0,
              next_check_ms = @due, queue_key = @due, last_seq = @seq
            WHERE ticket_id = @id
            """, [("@id", id), ("@status", status), ("@stage", stage), ("@start", Ms(start)), ("@due", Ms(due)), ("@seq", seq)],
            cancellationToken);

    internal static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();
}
