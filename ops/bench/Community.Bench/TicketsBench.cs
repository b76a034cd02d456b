using System.Diagnostics;
using Akka.Persistence.Query;
using Community.Cluster.HelpTickets;
using Community.Cluster.Persistence;
using Community.Contracts.Common;
using Community.Contracts.HelpTickets;
using Community.Contracts.Regions;
using static Community.Cluster.Projections.ProjectionOffsets;

namespace Community.Bench;

/// <summary>
/// The help tickets read model at the size of a province's column over years: <c>--tickets</c> tickets written through
/// <see cref="TicketReadModelProjection.ApplyAsync"/> (the events a ticket's life journals, in batches as the projection
/// runner commits them), spread over every department of <see cref="DepartmentDirectory"/> and filed over 180 days; of
/// them <c>--open</c> assigned and overdue, the rest answered, resolved and closed. Then times the department queue
/// (<see cref="TicketReadModel.QueueAsync"/>: first page and a deep page, assigned and supervised), the figures
/// (<see cref="TicketReadModel.StatsAsync"/>: the province and one county over the default 183 days), and the SLA sweep's
/// read side over every overdue ticket: <see cref="TicketReadModel.DueAsync"/> page after page with its cursor, as one
/// sweep of <see cref="TicketSlaWorker"/> reads, each page's escalations applied to the read model as the entities' events
/// would be.
/// </summary>
public static class TicketsBench
{
    private const int Batch = 10_000;

    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var tickets = arguments.Int("tickets", 1_000_000);
        var open = Math.Min(tickets, arguments.Int("open", 100_000));
        var readers = arguments.Int("readers", 4);
        var iterations = arguments.Int("iterations", 2_000);
        var storages = BenchStorage.Storages(arguments);
        Console.WriteLine($"tickets: {tickets:N0} tickets ({open:N0} open and overdue) through TicketReadModelProjection, then " +
            $"{iterations:N0} calls per query from {readers} readers, then the SLA sweep's reads over the {open:N0} overdue; storages " +
            string.Join(",", storages));
        foreach (var storage in storages)
        {
            await using var store = await BenchStorage.CreateAsync(storage, "tickets", arguments);
            if (store is null) continue;
            await RunOneAsync(store, tickets, open, readers, iterations);
        }
        return 0;
    }

    private static async Task RunOneAsync(BenchStorage store, int tickets, int open, int readers, int iterations)
    {
        var now = DateTimeOffset.UtcNow;
        var departments = DepartmentDirectory.Departments;
        var clock = Stopwatch.StartNew();
        var events = await FillAsync(store, tickets, open, departments, now);
        var fillSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"  [{store.Label}] filled {tickets:N0} tickets ({events:N0} events) in {fillSeconds:F0} s = {events / fillSeconds:N0} events/s" +
            (store.IsPostgres ? "" : $"; files {store.FileMiB():F0} MiB"));

        var model = new TicketReadModel(store.Database);
        var none = CancellationToken.None;
        // The a county department and its city's (each ticket goes to its region's department of its category).
        var county = departments.First(d => d.Tier == Tiers.County);
        var city = departments.First(d => d.DepartmentId == county.SupervisorIds[0]);
        var deep = await model.QueueAsync(county.DepartmentId, null, false, null, 1_001, none);
        var deepCursor = deep.Count > 1_000 ? (deep[1_000].QueueKey, deep[1_000].TicketId) : ((long, string)?)null;
        var from = now.AddDays(-183);
        Console.WriteLine($"  [{store.Label}] {county.DepartmentId}: {await CountAsync(store, county.DepartmentId):N0} tickets; " +
            $"supervisor {city.DepartmentId}");

        var random = new Random(7);
        var queries = new (string Name, Func<Task<int>> Call)[]
        {
            ("queue, first page, a random department", () => Rows(model.QueueAsync(departments[random.Next(departments.Count)].DepartmentId, null, false, null, 21, none))),
            ("queue, first page, a county", () => Rows(model.QueueAsync(county.DepartmentId, null, false, null, 21, none))),
            ("queue, page after 1,000, a county", () => Rows(model.QueueAsync(county.DepartmentId, null, false, deepCursor, 21, none))),
            ("queue, status assigned, a county", () => Rows(model.QueueAsync(county.DepartmentId, TicketStatuses.Assigned, false, null, 21, none))),
            ("queue, supervised, its city", () => Rows(model.QueueAsync(city.DepartmentId, null, true, null, 21, none))),
            ("stats, province, 183 days", async () => (int)(await model.StatsAsync(null, from, now, now, none)).Total.Received),
            ("stats, one county, 183 days", async () => (int)(await model.StatsAsync(county.RegionCode, from, now, now, none)).Total.Received),
        };
        var rows = new List<(string Name, ChannelReadBench.Percentiles Stats, double PerSecond)>();
        foreach (var (name, call) in queries)
        {
            // The figures scan the window: fewer calls, so the run stays within minutes.
            var calls = name.StartsWith("stats", StringComparison.Ordinal) ? Math.Max(20, iterations / 20) : iterations;
            var (stats, perSecond) = await ChannelReadBench.MeasureAsync($"{store.Label}: {name}", readers, calls, call);
            rows.Add((name, stats, perSecond));
        }

        var (swept, reads, readSeconds, applySeconds) = await SweepAsync(store, model, now);

        Console.WriteLine();
        Console.WriteLine($"summary {store.Label} ({tickets:N0} tickets, {open:N0} open overdue; {readers} readers, {Environment.ProcessorCount} cores):");
        Console.WriteLine($"  {"query",-40} {"count",7} {"mean µs",9} {"p50 µs",9} {"p99 µs",9} {"max µs",9} {"calls/s",9}");
        foreach (var (name, s, perSecond) in rows)
            Console.WriteLine($"  {name,-40} {s.Count,7:N0} {s.Mean,9:N0} {s.P50,9:N0} {s.P99,9:N0} {s.Max,9:N0} {perSecond,9:N0}");
        Console.WriteLine($"  sweep: {swept:N0} overdue tickets in {reads:N0} DueAsync batches of {TicketSlaWorker.BatchSize}: reads {readSeconds:F1} s " +
            $"({readSeconds * 1000 / Math.Max(1, reads):F1} ms a batch), escalations applied to the read model {applySeconds:F1} s");
        if (swept != open) Console.WriteLine($"  MISMATCH: {swept:N0} swept, {open:N0} overdue");
    }

    private static async Task<int> Rows(Task<IReadOnlyList<TicketListing>> query) => Math.Max(1, (await query).Count);

    private static async Task<long> CountAsync(BenchStorage store, string departmentId)
    {
        await using var connection = store.Database.CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM help_tickets WHERE department_id = @d";
        AddParameter(command, "@d", departmentId);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    /// <summary>The events of each ticket's life, in journal order per ticket, in batches of <see cref="Batch"/> envelopes
    /// committed like the projection runner's, each ticket with a department drawn at random.</summary>
    private static async Task<long> FillAsync(BenchStorage store, int tickets, int open, IReadOnlyList<DepartmentDto> departments, DateTimeOffset now)
    {
        var projection = new TicketReadModelProjection();
        await using (var connection = store.Database.CreateConnection())
        {
            await connection.OpenAsync();
            await projection.EnsureSchemaAsync(connection, CancellationToken.None);
        }
        var random = new Random(2026);
        var citizen = new TicketActor(new UserId("u-citizen"), TicketActorRoles.Citizen);
        var moderator = new TicketActor(new UserId("u-mod"), TicketActorRoles.Moderator);
        var batch = new List<EventEnvelope>(Batch + 8);
        long offset = 0, events = 0;
        var clock = Stopwatch.StartNew();
        // Every ticket whose index is a multiple of the stride is open: spread over time and departments.
        var stride = open == 0 ? int.MaxValue : Math.Max(1, tickets / open);
        var opened = 0;
        for (var i = 0; i < tickets; i++)
        {
            var department = departments[random.Next(departments.Count)];
            var id = new TicketId($"tk-bench-{i:D8}");
            var staff = new TicketActor(new UserId("u-staff"), TicketActorRoles.Department, department.DepartmentId);
            var isOpen = i % stride == 0 && opened < open;
            // Open ones are recent (their clock ran out in the last ten days); closed ones over the half year.
            var filed = isOpen ? now.AddDays(-3 - random.NextDouble() * 7) : now.AddDays(-180 * random.NextDouble()).AddDays(-2);
            var kind = (i % 3) switch { 0 => TicketKinds.Help, 1 => TicketKinds.Complaint, _ => TicketKinds.Suggestion };
            var life = new List<ITicketEvent>
            {
                new TicketFiled(id, citizen.UserId, "市民", kind, "路灯不亮", "文三路的路灯坏了一周。", department.RegionCode, department.Category,
                    null, null, new TicketPrivacy(i % 4 != 3, false), null, filed.AddDays(1), filed),
                new TicketAccepted(id, moderator, "转办", filed.AddHours(2)),
                new TicketAssigned(id, department.DepartmentId, null, moderator, "转办", filed.AddDays(isOpen ? 1 : 2), filed.AddHours(2)),
            };
            if (isOpen) opened++;
            else
            {
                var replied = filed.AddHours(4 + random.Next(0, 40));
                var resolved = replied.AddHours(4 + random.Next(0, 60));
                life.Add(new TicketReplied(id, department.DepartmentId, staff, $"rp-{i}", "已派人处理。", true, true, replied.AddDays(5), replied));
                life.Add(new TicketResolved(id, department.DepartmentId, staff, "已修复。", resolved.AddDays(7), resolved));
                life.Add(new TicketClosed(id, citizen, true, 4 + random.Next(0, 2), null, resolved.AddHours(10)));
            }
            var seq = 0;
            foreach (var evt in life)
            {
                batch.Add(new EventEnvelope(new Sequence(++offset), $"ticket-{id.Value}", ++seq, evt, evt.At.ToUnixTimeMilliseconds(), [projection.Tag]));
                events++;
            }
            if (batch.Count >= Batch) await CommitAsync();
            if ((i + 1) % 100_000 == 0)
                Console.WriteLine($"  [{store.Label}] {i + 1:N0} of {tickets:N0} tickets ({events / clock.Elapsed.TotalSeconds:N0} events/s)");
        }
        if (batch.Count > 0) await CommitAsync();
        return events;

        async Task CommitAsync()
        {
            await using var connection = store.Database.CreateConnection();
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await projection.ApplyAsync(connection, transaction, batch, CancellationToken.None);
            await transaction.CommitAsync();
            batch.Clear();
        }
    }

    /// <summary>The sweep as <see cref="TicketSlaWorker.SweepOnceAsync"/> reads: a page of due tickets at a time after the
    /// last one's cursor; each page's tickets escalate (both levels are owed, their clocks ran out days ago), which the read
    /// model learns from their events. Answers how many were swept and the time of each side.</summary>
    private static async Task<(int Swept, int Reads, double ReadSeconds, double ApplySeconds)> SweepAsync(BenchStorage store, TicketReadModel model,
        DateTimeOffset now)
    {
        var projection = new TicketReadModelProjection();
        var read = new Stopwatch();
        var apply = new Stopwatch();
        int swept = 0, reads = 0;
        long offset = long.MaxValue / 2;
        (long, string)? after = null;
        while (true)
        {
            read.Start();
            var due = await model.DueAsync(now, after, TicketSlaWorker.BatchSize, CancellationToken.None);
            read.Stop();
            reads++;
            if (due.Count == 0) break;
            after = (due[^1].NextCheckMs, due[^1].TicketId);
            apply.Start();
            var batch = due.SelectMany(ticket => new[] { 1, 2 }.Select(level =>
            {
                var evt = new TicketEscalated(new TicketId(ticket.TicketId), level, TicketStages.FirstReply, null, now, now);
                return new EventEnvelope(new Sequence(++offset), $"ticket-{ticket.TicketId}", 3 + level, evt, now.ToUnixTimeMilliseconds(), [projection.Tag]);
            })).ToList();
            await using (var connection = store.Database.CreateConnection())
            {
                await connection.OpenAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await projection.ApplyAsync(connection, transaction, batch, CancellationToken.None);
                await transaction.CommitAsync();
            }
            apply.Stop();
            swept += due.Count;
            if (reads % 40 == 0) Console.WriteLine($"  [{store.Label}] swept {swept:N0}");
        }
        return (swept, reads, read.Elapsed.TotalSeconds, apply.Elapsed.TotalSeconds);
    }
}
