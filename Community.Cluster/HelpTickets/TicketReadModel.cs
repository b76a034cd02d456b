using System.Collections.Immutable;
using System.Data.Common;
using System.Globalization;
using Community.Cluster.Persistence;
using Community.Cluster.Projections;
using Community.Cluster.Regions;
using Community.Contracts.HelpTickets;
using static Community.Cluster.Projections.ProjectionOffsets;

namespace Community.Cluster.HelpTickets;

/// <summary>A ticket as the queues list it.</summary>
/// <param name="QueueKey">The cursor of the queues: the running clock's due time, or <see cref="TicketReadModelProjection.NoDue"/>.</param>
public sealed record TicketListing(
    string TicketId, string CitizenId, string Kind, string Title, string RegionCode, string Category, string Status, string? DepartmentId,
    DateTimeOffset FiledAt, string? Stage, DateTimeOffset? DueAt, int EscalationLevel, bool Public, long LastSeq, long QueueKey);

/// <summary>A ticket of the public column: never the citizen's id, contact or address; the name only when allowed.</summary>
public sealed record PublicTicketListing(
    string TicketId, string Kind, string Title, string Body, string RegionCode, string Category, string Status, string? DepartmentId,
    string? CitizenName, DateTimeOffset FiledAt, DateTimeOffset? AnsweredAt, string? Answer, string? Resolution, long PublicMs);

/// <summary>The figures of a set of tickets (all received in the window, in the region).</summary>
/// <param name="CompletionRate">Closed (with the citizen's feedback or after the quiet period) over received; 0 when none was received.</param>
/// <param name="Overdue">Of those, how many are open with their running clock past due at the time of the query.</param>
public sealed record TicketFigures(
    long Received, long Closed, double CompletionRate, double? MedianHoursToFirstReply, long Overdue, long Rated, long Satisfied,
    double? AverageRating);

public sealed record DepartmentFigures(string DepartmentId, TicketFigures Figures);

public sealed record DailyTicketFigures(DateOnly Date, long Received, long Closed);

public sealed record TicketStats(TicketFigures Total, ImmutableArray<DepartmentFigures> ByDepartment, ImmutableArray<DailyTicketFigures> Daily);

/// <summary>A ticket with something due on its clock, and when (the SLA sweep's cursor).</summary>
public sealed record DueTicket(string TicketId, long NextCheckMs);

/// <summary>An open ticket whose text is like the one given (a duplicate hint): no personal data.</summary>
/// <param name="Score">How alike, in [<see cref="TicketSimilarity.Threshold"/>, 1] (<see cref="TicketSimilarity"/>).</param>
public sealed record SimilarTicket(string TicketId, string Title, string Status, DateTimeOffset FiledAt, double Score);

/// <summary>Whose private tickets a reader may see besides the public ones, as the privacy rules have it: the
/// moderators all; anyone else those they filed, and a department's staff those it handles or was flagged about.</summary>
public sealed record TicketReader(bool Moderator, string? CitizenId, string? DepartmentId)
{
    public static TicketReader Moderators { get; } = new(true, null, null);

    public static TicketReader Of(string citizenId, string? departmentId = null) => new(false, citizenId, departmentId);
}

/// <summary>Queries of the tickets read model (<see cref="TicketReadModelProjection"/>).</summary>
public sealed class TicketReadModel(JournalDatabase database)
{
    /// <summary>Days of the figures are days in China.</summary>
    public static readonly TimeSpan DayOffset = TimeSpan.FromHours(8);

    private const string ListingColumns = """
        ticket_id, citizen_id, kind, title, region_code, category, status, department_id, filed_ms, stage, due_ms, escalation_level,
        is_public, last_seq, queue_key
        """;

    private volatile bool _schemaReady;

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        if (!_schemaReady)
        {
            await TicketReadModelProjection.EnsureTablesAsync(connection, cancellationToken);
            _schemaReady = true;
        }
        return connection;
    }

    /// <summary>A department's queue, most urgent first (the running clock's due time; tickets without one last):
    /// the tickets it handles, or with <paramref name="supervised"/> those flagged to it as a supervisor.</summary>
    public async Task<IReadOnlyList<TicketListing>> QueueAsync(string departmentId, string? status, bool supervised, (long Key, string Id)? after,
        int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var filters = new List<string>();
        AddParameter(command, "@department", departmentId);
        if (status is not null)
        {
            filters.Add("status = @status");
            AddParameter(command, "@status", status);
        }
        if (after is { } cursor)
        {
            filters.Add("(queue_key > @afterKey OR (queue_key = @afterKey AND ticket_id > @afterId))");
            AddParameter(command, "@afterKey", cursor.Key);
            AddParameter(command, "@afterId", cursor.Id);
        }
        AddParameter(command, "@limit", limit);
        string Page(string column) => $"""
            SELECT {ListingColumns} FROM help_tickets WHERE {string.Join(" AND ", [$"{column} = @department", .. filters])}
            ORDER BY queue_key, ticket_id LIMIT @limit
            """;
        // A city or the province supervises at one level of a ticket, never both: each level's page reads its own index in
        // order, and the two pages merge (an OR of the two would read every flagged ticket and sort them).
        command.CommandText = supervised
            ? $"""
                SELECT * FROM ({Page("supervisor_1")}) AS level_1
                UNION ALL
                SELECT * FROM ({Page("supervisor_2")}) AS level_2
                ORDER BY queue_key, ticket_id LIMIT @limit
                """
            : Page("department_id");
        return await command.ReadAllAsync(ReadListing, cancellationToken);
    }

    /// <summary>Tickets waiting for review, oldest first (cursor: filed time and id).</summary>
    public Task<IReadOnlyList<TicketListing>> ReviewQueueAsync((long Key, string Id)? after, int limit, CancellationToken cancellationToken) =>
        ListByAsync("status = @value", TicketStatuses.Submitted, after, limit, cancellationToken);

    /// <summary>A citizen's tickets, oldest first (cursor: filed time and id).</summary>
    public Task<IReadOnlyList<TicketListing>> FiledByAsync(string citizenId, (long Key, string Id)? after, int limit, CancellationToken cancellationToken) =>
        ListByAsync("citizen_id = @value", citizenId, after, limit, cancellationToken);

    /// <summary>A reporter's leads: the public tickets they follow, oldest first (cursor: filed time and id). A lead
    /// made private leaves the list while it is private.</summary>
    public Task<IReadOnlyList<TicketListing>> FollowedByAsync(string reporterId, (long Key, string Id)? after, int limit,
        CancellationToken cancellationToken) =>
        ListByAsync("ticket_id IN (SELECT ticket_id FROM help_ticket_followers WHERE user_id = @value) AND is_public = 1", reporterId, after,
            limit, cancellationToken);

    private async Task<IReadOnlyList<TicketListing>> ListByAsync(string filter, string value, (long Key, string Id)? after, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        AddParameter(command, "@value", value);
        var cursor = "";
        if (after is { } position)
        {
            cursor = "AND (filed_ms > @afterKey OR (filed_ms = @afterKey AND ticket_id > @afterId))";
            AddParameter(command, "@afterKey", position.Key);
            AddParameter(command, "@afterId", position.Id);
        }
        command.CommandText = $"SELECT {ListingColumns} FROM help_tickets WHERE {filter} {cursor} ORDER BY filed_ms, ticket_id LIMIT @limit";
        AddParameter(command, "@limit", limit);
        return await command.ReadAllAsync(ReadListing, cancellationToken);
    }

    /// <summary>The public column: public tickets a department answered or resolved, the latest public step first, in
    /// <paramref name="regionCode"/> and its children (cursor: that step's time and id, descending).</summary>
    public async Task<IReadOnlyList<PublicTicketListing>> PublicAsync(string? regionCode, (long Key, string Id)? after, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = new List<string> { "is_public = 1", "status IN ('answered', 'resolved', 'closed')", "public_ms IS NOT NULL" };
        if (regionCode is not null) where.Add(RegionFilter(command, regionCode));
        if (after is { } cursor)
        {
            where.Add("(public_ms < @afterKey OR (public_ms = @afterKey AND ticket_id < @afterId))");
            AddParameter(command, "@afterKey", cursor.Key);
            AddParameter(command, "@afterId", cursor.Id);
        }
        command.CommandText = $"""
            SELECT ticket_id, kind, title, body, region_code, category, status, department_id, CASE WHEN show_name = 1 THEN citizen_name END,
              filed_ms, answered_ms, answer, resolution, public_ms
            FROM help_tickets WHERE {string.Join(" AND ", where)}
            ORDER BY public_ms DESC, ticket_id DESC LIMIT @limit
            """;
        AddParameter(command, "@limit", limit);
        return await command.ReadAllAsync(r => new PublicTicketListing(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
            r.GetString(4), r.GetString(5), r.GetString(6), NullableString(r, 7), NullableString(r, 8), Time(r.GetInt64(9)),
            r.IsDBNull(10) ? null : Time(r.GetInt64(10)), NullableString(r, 11), NullableString(r, 12), r.GetInt64(13)), cancellationToken);
    }

    /// <summary>Open311's list: the ids of public tickets, newest filed first, one page (<paramref name="offset"/>,
    /// <paramref name="limit"/>) of those matching every filter given: ids, categories, statuses, filed in
    /// [<paramref name="from"/>, <paramref name="to"/>], in <paramref name="regionCode"/> and its children.</summary>
    public async Task<IReadOnlyList<string>> PublicIdsAsync(IReadOnlyCollection<string>? ids, IReadOnlyCollection<string>? categories,
        IReadOnlyCollection<string>? statuses, DateTimeOffset? from, DateTimeOffset? to, string? regionCode, int offset, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = new List<string> { "is_public = 1" };
        if (ids is not null) where.Add(InFilter(command, "ticket_id", "id", ids));
        if (categories is not null) where.Add(InFilter(command, "category", "category", categories));
        if (statuses is not null) where.Add(InFilter(command, "status", "status", statuses));
        if (from is { } start)
        {
            where.Add("filed_ms >= @from");
            AddParameter(command, "@from", TicketReadModelProjection.Ms(start));
        }
        if (to is { } end)
        {
            where.Add("filed_ms <= @to");
            AddParameter(command, "@to", TicketReadModelProjection.Ms(end));
        }
        if (regionCode is not null) where.Add(RegionFilter(command, regionCode));
        command.CommandText = $"""
            SELECT ticket_id FROM help_tickets WHERE {string.Join(" AND ", where)}
            ORDER BY filed_ms DESC, ticket_id DESC LIMIT @limit OFFSET @offset
            """;
        AddParameter(command, "@limit", limit);
        AddParameter(command, "@offset", offset);
        return await command.ReadAllAsync(r => r.GetString(0), cancellationToken);
    }

    private static string InFilter(DbCommand command, string column, string name, IReadOnlyCollection<string> values)
    {
        if (values.Count == 0) return "1 = 0";
        var names = values.Select((value, i) =>
        {
            AddParameter(command, $"@{name}{i}", value);
            return $"@{name}{i}";
        }).ToList();
        return $"{column} IN ({string.Join(", ", names)})";
    }

    /// <summary>Tickets whose clock has something due at <paramref name="now"/> (an escalation, or closing after the quiet
    /// period), soonest first, after <paramref name="after"/> (their next check's time and id): what the SLA sweep sends a
    /// check, a page at a time.</summary>
    public async Task<IReadOnlyList<DueTicket>> DueAsync(DateTimeOffset now, (long Key, string Id)? after, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var cursor = "";
        if (after is { } position)
        {
            cursor = "AND (next_check_ms > @afterKey OR (next_check_ms = @afterKey AND ticket_id > @afterId))";
            AddParameter(command, "@afterKey", position.Key);
            AddParameter(command, "@afterId", position.Id);
        }
        command.CommandText = $"""
            SELECT ticket_id, next_check_ms FROM help_tickets WHERE next_check_ms <= @now {cursor}
            ORDER BY next_check_ms, ticket_id LIMIT @limit
            """;
        AddParameter(command, "@now", TicketReadModelProjection.Ms(now));
        AddParameter(command, "@limit", limit);
        return await command.ReadAllAsync(r => new DueTicket(r.GetString(0), r.GetInt64(1)), cancellationToken);
    }

    /// <summary>How many open tickets of a region and category <see cref="SimilarOpenAsync"/> compares at most: the
    /// newest, so the cost of a hint stays bounded however long the region's history.</summary>
    public const int SimilarCandidates = 500;

    /// <summary>Duplicate hints: the open tickets (not closed, rejected or duplicate) of exactly <paramref name="regionCode"/>
    /// and <paramref name="category"/> that <paramref name="reader"/> may see, whose title and body score at least
    /// <see cref="TicketSimilarity.Threshold"/> against the text given; the most alike first (then the newest), at most
    /// <paramref name="limit"/>. Of the <see cref="SimilarCandidates"/> newest such tickets; never
    /// <paramref name="excludeTicketId"/> (the ticket the hints are for).</summary>
    public async Task<IReadOnlyList<SimilarTicket>> SimilarOpenAsync(string regionCode, string category, string title, string body,
        string? excludeTicketId, TicketReader reader, int limit, CancellationToken cancellationToken)
    {
        var query = TicketSimilarity.Profile(title, body);
        if (query.Norm == 0) return [];
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = new List<string> { "region_code = @region", "category = @category", "status NOT IN (@closed, @rejected, @duplicate)" };
        AddParameter(command, "@region", regionCode);
        AddParameter(command, "@category", category);
        AddParameter(command, "@closed", TicketStatuses.Closed);
        AddParameter(command, "@rejected", TicketStatuses.Rejected);
        AddParameter(command, "@duplicate", TicketStatuses.Duplicate);
        if (excludeTicketId is not null)
        {
            where.Add("ticket_id <> @exclude");
            AddParameter(command, "@exclude", excludeTicketId);
        }
        if (!reader.Moderator)
        {
            // Only the clauses with a value: an untyped NULL parameter is an error on PostgreSQL.
            var visible = new List<string> { "is_public = 1" };
            if (reader.CitizenId is not null)
            {
                visible.Add("citizen_id = @citizen");
                AddParameter(command, "@citizen", reader.CitizenId);
            }
            if (reader.DepartmentId is not null)
            {
                visible.Add("department_id = @department OR supervisor_1 = @department OR supervisor_2 = @department");
                AddParameter(command, "@department", reader.DepartmentId);
            }
            where.Add($"({string.Join(" OR ", visible)})");
        }
        command.CommandText = $"""
            SELECT ticket_id, title, SUBSTR(body, 1, @bodyChars), status, filed_ms FROM help_tickets
            WHERE {string.Join(" AND ", where)}
            ORDER BY filed_ms DESC, ticket_id DESC LIMIT @candidates
            """;
        AddParameter(command, "@bodyChars", TicketSimilarity.MaxBodyChars);
        AddParameter(command, "@candidates", SimilarCandidates);
        var candidates = await command.ReadAllAsync(r => (Id: r.GetString(0), Title: r.GetString(1), Body: r.GetString(2),
            Status: r.GetString(3), FiledMs: r.GetInt64(4)), cancellationToken);
        return [.. candidates
            .Select(c => (Candidate: c, Score: TicketSimilarity.Score(query, TicketSimilarity.Profile(c.Title, c.Body))))
            .Where(s => s.Score >= TicketSimilarity.Threshold)
            .OrderByDescending(s => s.Score).ThenByDescending(s => s.Candidate.FiledMs).ThenByDescending(s => s.Candidate.Id, StringComparer.Ordinal)
            .Take(limit)
            .Select(s => new SimilarTicket(s.Candidate.Id, s.Candidate.Title, s.Candidate.Status, Time(s.Candidate.FiledMs), s.Score))];
    }

    /// <summary>The ticket's last seq the read model has applied, or null when it has not seen the ticket.</summary>
    public async Task<long?> LastSeqAsync(string ticketId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT last_seq FROM help_tickets WHERE ticket_id = @id";
        AddParameter(command, "@id", ticketId);
        return await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;
    }

    /// <summary>The figures of the tickets received in [<paramref name="from"/>, <paramref name="to"/>) in
    /// <paramref name="regionCode"/> and its children (all regions when null), overall, by department and by day in China.
    /// The whole days of the window are read from their counters (<see cref="TicketDailyFigures"/>); only the parts of a
    /// day at its edges are counted from the tickets.</summary>
    public async Task<TicketStats> StatsAsync(string? regionCode, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        long fromMs = TicketReadModelProjection.Ms(from), toMs = TicketReadModelProjection.Ms(to);
        long firstDay = TicketDailyFigures.FirstDayFrom(fromMs), endDay = TicketDailyFigures.DayOf(toMs);
        var edges = new List<(long From, long To)>();
        if (firstDay >= endDay) edges.Add((fromMs, toMs));
        else
        {
            if (fromMs < TicketDailyFigures.StartOf(firstDay)) edges.Add((fromMs, TicketDailyFigures.StartOf(firstDay)));
            if (TicketDailyFigures.StartOf(endDay) < toMs) edges.Add((TicketDailyFigures.StartOf(endDay), toMs));
        }
        await using var connection = await OpenAsync(cancellationToken);
        var rows = new List<(long Day, string Department, TicketDailyFigures.Counters Counters)>();

        if (firstDay < endDay)
        {
            await using var command = connection.CreateCommand();
            var where = new List<string> { "day >= @first", "day < @end" };
            AddParameter(command, "@first", firstDay);
            AddParameter(command, "@end", endDay);
            if (regionCode is not null) where.Add(RegionFilter(command, regionCode));
            command.CommandText = $"""
                SELECT day, department_id, received, closed, rated, satisfied, rating_sum, closed_on, reply_minutes FROM help_ticket_daily
                WHERE {string.Join(" AND ", where)}
                """;
            rows.AddRange(await command.ReadAllAsync(r => (r.GetInt64(0), r.GetString(1), TicketDailyFigures.ReadCounters(r, 2)), cancellationToken));
        }
        foreach (var (edgeFrom, edgeTo) in edges)
        {
            await using var received = connection.CreateCommand();
            received.CommandText = $"SELECT {TicketDailyFigures.FactColumns} FROM help_tickets WHERE {Window(received, "filed_ms", edgeFrom, edgeTo, regionCode)}";
            foreach (var facts in await received.ReadAllAsync(TicketDailyFigures.TicketFacts.Read, cancellationToken))
            {
                var counters = new TicketDailyFigures.Counters();
                counters.AddReceived(facts);
                rows.Add((TicketDailyFigures.DayOf(facts.FiledMs), facts.DepartmentId ?? "", counters));
            }
            await using var closed = connection.CreateCommand();
            closed.CommandText = $"SELECT closed_ms, department_id FROM help_tickets WHERE {Window(closed, "closed_ms", edgeFrom, edgeTo, regionCode)}";
            rows.AddRange(await closed.ReadAllAsync(r => (TicketDailyFigures.DayOf(r.GetInt64(0)), NullableString(r, 1) ?? "",
                new TicketDailyFigures.Counters { ClosedOn = 1 }), cancellationToken));
        }

        // Overdue depends on the time asked, so it is counted from the open tickets (an index of running clocks).
        await using var overdueCommand = connection.CreateCommand();
        AddParameter(overdueCommand, "@acceptance", TicketStages.Acceptance);
        AddParameter(overdueCommand, "@firstReply", TicketStages.FirstReply);
        AddParameter(overdueCommand, "@resolution", TicketStages.Resolution);
        AddParameter(overdueCommand, "@now", TicketReadModelProjection.Ms(now));
        overdueCommand.CommandText = $"""
            SELECT department_id, COUNT(*) FROM help_tickets
            WHERE stage IN (@acceptance, @firstReply, @resolution) AND due_ms < @now AND {Window(overdueCommand, "filed_ms", fromMs, toMs, regionCode)}
            GROUP BY department_id
            """;
        var overdue = (await overdueCommand.ReadAllAsync(r => (Department: NullableString(r, 0) ?? "", Count: r.GetInt64(1)), cancellationToken))
            .ToDictionary(o => o.Department, o => o.Count, StringComparer.Ordinal);

        var byDepartment = rows.GroupBy(r => r.Department, StringComparer.Ordinal)
            .Select(g => (Department: g.Key, Figures: Figures(g.Select(r => r.Counters), overdue.GetValueOrDefault(g.Key))))
            .Where(d => d.Department != "" && d.Figures.Received > 0)
            .OrderBy(d => d.Department, StringComparer.Ordinal)
            .Select(d => new DepartmentFigures(d.Department, d.Figures));
        var total = Figures(rows.Select(r => r.Counters), overdue.Values.Sum());
        var days = rows.GroupBy(r => r.Day)
            .Select(g => (Day: g.Key, Received: g.Sum(r => r.Counters.Received), Closed: g.Sum(r => r.Counters.ClosedOn)))
            .Where(d => d.Received != 0 || d.Closed != 0)
            .OrderBy(d => d.Day)
            .Select(d => new DailyTicketFigures(DateOnly.FromDayNumber(UnixEpochDay + (int)d.Day), d.Received, d.Closed));
        return new TicketStats(total, [.. byDepartment], [.. days]);
    }

    /// <summary>The filter of <paramref name="column"/> in [<paramref name="from"/>, <paramref name="to"/>) and of the region.</summary>
    private static string Window(DbCommand command, string column, long from, long to, string? regionCode)
    {
        AddParameter(command, "@from", from);
        AddParameter(command, "@to", to);
        return $"{column} >= @from AND {column} < @to" + (regionCode is null ? "" : " AND " + RegionFilter(command, regionCode));
    }

    private static readonly int UnixEpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    /// <summary>The figures of some counters' rows; the median hours to the first reply from how many tickets had it
    /// after each number of whole minutes.</summary>
    private static TicketFigures Figures(IEnumerable<TicketDailyFigures.Counters> rows, long overdue)
    {
        var sum = new TicketDailyFigures.Counters();
        foreach (var row in rows) sum.Add(row);
        var histogram = sum.ReplyMinutes.Select(r => (Minutes: r.Key, Count: r.Value)).OrderBy(r => r.Minutes).ToList();
        return new TicketFigures(sum.Received, sum.Closed, sum.Received == 0 ? 0 : (double)sum.Closed / sum.Received, Median(histogram), overdue,
            sum.Rated, sum.Satisfied, sum.Rated == 0 ? null : (double)sum.RatingSum / sum.Rated);
    }

    /// <summary>The median of a histogram sorted by minutes, in hours: the middle value, or the mean of the two middle ones.</summary>
    private static double? Median(IReadOnlyList<(long Minutes, long Count)> histogram)
    {
        var n = histogram.Sum(h => h.Count);
        if (n == 0) return null;
        long At(long index)
        {
            foreach (var (minutes, count) in histogram)
            {
                if (index < count) return minutes;
                index -= count;
            }
            throw new InvalidOperationException("Index beyond the histogram.");
        }
        var middle = n % 2 == 1 ? At(n / 2) : (At(n / 2 - 1) + At(n / 2)) / 2d;
        return middle / 60d;
    }

    // The region and its children: a county has none, a city its counties, the province every region.
    private static string RegionFilter(DbCommand command, string regionCode)
    {
        if (regionCode == RegionCatalog.ProvinceCode) return "1 = 1";
        var codes = RegionCatalog.Regions.Where(r => r.Code == regionCode || r.ParentCode == regionCode).Select(r => r.Code).ToList();
        var names = new List<string>();
        for (var i = 0; i < codes.Count; i++)
        {
            names.Add($"@region{i}");
            AddParameter(command, $"@region{i}", codes[i]);
        }
        return $"region_code IN ({string.Join(", ", names)})";
    }

    private static TicketListing ReadListing(DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
            NullableString(r, 7), Time(r.GetInt64(8)), NullableString(r, 9), r.IsDBNull(10) ? null : Time(r.GetInt64(10)), r.GetInt32(11),
            r.GetInt32(12) == 1, r.GetInt64(13), r.GetInt64(14));

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}
