using System.Data.Common;
using Community.Cluster.Projections;
using Npgsql;

namespace Community.Cluster.HelpTickets;

/// <summary>
/// The figures' counters: <c>help_ticket_daily</c> holds, per day in China, region and department (<c>''</c> before
/// assignment), what the tickets received that day count now (received, closed, rated, satisfied, the ratings' sum and a
/// histogram of whole minutes to the first reply) and how many tickets closed that day. A window of figures is then a sum
/// over days × departments rows, however many tickets it holds. The projection keeps them equal to what
/// <c>help_tickets</c> says, by taking a ticket's share out before an event and putting it back after
/// (<see cref="Changes"/>), so an event applied again, or out of order in a replay, leaves them right.
/// </summary>
public static class TicketDailyFigures
{
    public const long DayMs = 86_400_000;

    /// <summary>Days of the figures are days in China (UTC+8).</summary>
    public static readonly long DayOffsetMs = (long)TicketReadModel.DayOffset.TotalMilliseconds;

    public static long DayOf(long ms) => (ms + DayOffsetMs) / DayMs;

    public static long StartOf(long day) => day * DayMs - DayOffsetMs;

    /// <summary>The first day that starts at or after <paramref name="ms"/>.</summary>
    public static long FirstDayFrom(long ms) => StartOf(DayOf(ms)) == ms ? DayOf(ms) : DayOf(ms) + 1;

    internal static async Task EnsureTableAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var bytes = connection is NpgsqlConnection ? "BYTEA" : "BLOB";
        command.CommandText = $"""
            CREATE TABLE IF NOT EXISTS help_ticket_daily (
              day BIGINT NOT NULL,
              region_code VARCHAR(12) NOT NULL,
              department_id VARCHAR(64) NOT NULL,
              received BIGINT NOT NULL,
              closed BIGINT NOT NULL,
              rated BIGINT NOT NULL,
              satisfied BIGINT NOT NULL,
              rating_sum BIGINT NOT NULL,
              closed_on BIGINT NOT NULL,
              reply_minutes {bytes} NOT NULL,
              PRIMARY KEY (day, region_code, department_id)
            );
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The columns of <c>help_tickets</c> a ticket's share of the figures depends on: only the filing, the
    /// department, the first reply and the closing (with its feedback) change them, so only those events are counted.</summary>
    internal const string FactColumns = "filed_ms, region_code, department_id, first_reply_ms, closed_ms, satisfied, rating";

    /// <summary>What one ticket adds to the counters; it is closed once it has a closing time (a closing is final).</summary>
    internal sealed record TicketFacts(long FiledMs, string RegionCode, string? DepartmentId, long? FirstReplyMs, long? ClosedMs, bool Satisfied,
        int? Rating)
    {
        public static TicketFacts Read(DbDataReader r) =>
            new(r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetInt64(3),
                r.IsDBNull(4) ? null : r.GetInt64(4), !r.IsDBNull(5) && r.GetInt32(5) == 1, r.IsDBNull(6) ? null : r.GetInt32(6));
    }

    internal static async Task<TicketFacts?> FactsAsync(PreparedStatements statements, string ticketId, CancellationToken cancellationToken)
    {
        var rows = await statements.QueryAsync($"SELECT {FactColumns} FROM help_tickets WHERE ticket_id = @id", [("@id", ticketId)],
            TicketFacts.Read, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>One row's counters (or a change to them).</summary>
    internal sealed class Counters
    {
        public long Received, Closed, Rated, Satisfied, RatingSum, ClosedOn;
        public readonly Dictionary<long, long> ReplyMinutes = [];

        public bool IsZero => Received == 0 && Closed == 0 && Rated == 0 && Satisfied == 0 && RatingSum == 0 && ClosedOn == 0 &&
            ReplyMinutes.Values.All(c => c == 0);

        /// <summary>Counts a ticket received in this row (or takes it out, with a <paramref name="sign"/> of -1).</summary>
        public void AddReceived(TicketFacts facts, int sign = 1)
        {
            Received += sign;
            if (facts.ClosedMs is not null) Closed += sign;
            if (facts.Rating is { } rating)
            {
                Rated += sign;
                RatingSum += sign * rating;
            }
            if (facts.Satisfied) Satisfied += sign;
            if (facts.FirstReplyMs is { } replied) AddReply(Math.Max(0, replied - facts.FiledMs) / 60_000, sign);
        }

        public void AddReply(long minutes, long count)
        {
            var total = ReplyMinutes.GetValueOrDefault(minutes) + count;
            if (total == 0) ReplyMinutes.Remove(minutes);
            else ReplyMinutes[minutes] = total;
        }

        public void Add(Counters other)
        {
            Received += other.Received;
            Closed += other.Closed;
            Rated += other.Rated;
            Satisfied += other.Satisfied;
            RatingSum += other.RatingSum;
            ClosedOn += other.ClosedOn;
            foreach (var (minutes, count) in other.ReplyMinutes) AddReply(minutes, count);
        }
    }

    internal readonly record struct RowKey(long Day, string RegionCode, string DepartmentId);

    /// <summary>The changes to the counters of one batch, written at its end (one write per row touched).</summary>
    internal sealed class Changes
    {
        private readonly Dictionary<RowKey, Counters> _rows = [];

        public void Add(TicketFacts? facts) => Apply(facts, 1);

        public void Remove(TicketFacts? facts) => Apply(facts, -1);

        private void Apply(TicketFacts? facts, int sign)
        {
            if (facts is null) return;
            var department = facts.DepartmentId ?? "";
            Row(new RowKey(DayOf(facts.FiledMs), facts.RegionCode, department)).AddReceived(facts, sign);
            if (facts.ClosedMs is { } closed) Row(new RowKey(DayOf(closed), facts.RegionCode, department)).ClosedOn += sign;
        }

        private Counters Row(RowKey key)
        {
            if (!_rows.TryGetValue(key, out var row)) _rows[key] = row = new Counters();
            return row;
        }

        public async Task WriteAsync(PreparedStatements statements, CancellationToken cancellationToken)
        {
            foreach (var (key, change) in _rows)
            {
                if (change.IsZero) continue;
                var parameters = new (string, object?)[] { ("@day", key.Day), ("@region", key.RegionCode), ("@department", key.DepartmentId) };
                var existing = await statements.QueryAsync("""
                    SELECT received, closed, rated, satisfied, rating_sum, closed_on, reply_minutes FROM help_ticket_daily
                    WHERE day = @day AND region_code = @region AND department_id = @department
                    """, parameters, r => ReadCounters(r), cancellationToken);
                var row = existing.Count == 0 ? new Counters() : existing[0];
                row.Add(change);
                await statements.ExecuteAsync("""
                    INSERT INTO help_ticket_daily (day, region_code, department_id, received, closed, rated, satisfied, rating_sum, closed_on,
                      reply_minutes)
                    VALUES (@day, @region, @department, @received, @closed, @rated, @satisfied, @ratingSum, @closedOn, @replyMinutes)
                    ON CONFLICT (day, region_code, department_id) DO UPDATE SET received = excluded.received, closed = excluded.closed,
                      rated = excluded.rated, satisfied = excluded.satisfied, rating_sum = excluded.rating_sum, closed_on = excluded.closed_on,
                      reply_minutes = excluded.reply_minutes
                    """, [.. parameters, ("@received", row.Received), ("@closed", row.Closed), ("@rated", row.Rated), ("@satisfied", row.Satisfied),
                        ("@ratingSum", row.RatingSum), ("@closedOn", row.ClosedOn), ("@replyMinutes", MinuteHistogram.Encode(row.ReplyMinutes))],
                    cancellationToken);
            }
            _rows.Clear();
        }
    }

    /// <summary>A row's counters from the columns received, closed, rated, satisfied, rating_sum, closed_on and
    /// reply_minutes, the first at <paramref name="first"/>.</summary>
    internal static Counters ReadCounters(DbDataReader r, int first = 0)
    {
        var counters = new Counters
        {
            Received = r.GetInt64(first), Closed = r.GetInt64(first + 1), Rated = r.GetInt64(first + 2), Satisfied = r.GetInt64(first + 3),
            RatingSum = r.GetInt64(first + 4), ClosedOn = r.GetInt64(first + 5),
        };
        foreach (var (minutes, count) in MinuteHistogram.Decode(r.GetFieldValue<byte[]>(first + 6))) counters.AddReply(minutes, count);
        return counters;
    }

    /// <summary>Fills the counters from <c>help_tickets</c> when they are missing (a database from before they existed):
    /// runs when the projection starts, before it applies anything.</summary>
    internal static async Task BackfillAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        async Task<bool> AnyAsync(string table)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT 1 FROM {table} LIMIT 1";
            return await command.ExecuteScalarAsync(cancellationToken) is not null;
        }

        if (await AnyAsync("help_ticket_daily") || !await AnyAsync("help_tickets")) return;
        // On PostgreSQL the projection's schema step already runs in a transaction; SQLite's needs one of its own.
        await using var transaction = connection is NpgsqlConnection ? null : await connection.BeginTransactionAsync(cancellationToken);
        await using var statements = new PreparedStatements(connection, transaction);
        var changes = new Changes();
        foreach (var facts in await statements.QueryAsync($"SELECT {FactColumns} FROM help_tickets", [], TicketFacts.Read, cancellationToken))
            changes.Add(facts);
        await changes.WriteAsync(statements, cancellationToken);
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>A histogram of whole minutes as bytes: (minutes since the previous entry, count) pairs of varints, in
/// ascending minutes; counts are positive.</summary>
public static class MinuteHistogram
{
    public static byte[] Encode(IReadOnlyDictionary<long, long> counts)
    {
        var buffer = new List<byte>(counts.Count * 3);
        var previous = 0L;
        foreach (var (minutes, count) in counts.Where(c => c.Key >= 0 && c.Value > 0).OrderBy(c => c.Key))
        {
            Write(buffer, (ulong)(minutes - previous));
            Write(buffer, (ulong)count);
            previous = minutes;
        }
        return [.. buffer];
    }

    public static IEnumerable<(long Minutes, long Count)> Decode(byte[] bytes)
    {
        var position = 0;
        var minutes = 0L;
        while (position < bytes.Length)
        {
            minutes += (long)Read(bytes, ref position);
            yield return (minutes, (long)Read(bytes, ref position));
        }
    }

    private static void Write(List<byte> buffer, ulong value)
    {
        while (value >= 0x80)
        {
            buffer.Add((byte)(value | 0x80));
            value >>= 7;
        }
        buffer.Add((byte)value);
    }

    private static ulong Read(byte[] bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
    }
}
