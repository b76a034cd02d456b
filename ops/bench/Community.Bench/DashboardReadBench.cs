using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Persistence.Query;
using Community.Cluster.Creators;
using Community.Cluster.Persistence;
using Community.Cluster.Projections;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Recommender.Behavior;
using Microsoft.Extensions.Logging.Abstractions;
using static Community.Cluster.Projections.ProjectionOffsets;

namespace Community.Bench;

/// <summary>
/// <c>GET /api/creators/{id}/dashboard</c>'s reads on a seeded database: accounts and works through
/// <see cref="CreatorReadModelProjection"/> and <see cref="CreatorStatsFromWorks"/> (the same envelopes, as
/// <see cref="ChannelReadBench"/> seeds), three open tasks through <see cref="CreatorTasksProjection"/>, then counted views
/// and shares: most written as the counters they add up to (hourly rows over 180 days, per-work counters, totals), a slice
/// appended to the real <see cref="BehaviorLog"/> and counted by <see cref="CreatorStatsFromBehavior.RunOnceAsync"/>. Then
/// times <see cref="CreatorStatsReadModel.DashboardAsync"/>, and the route's reads around it, from concurrent readers.
/// </summary>
public static class DashboardReadBench
{
    private const int Days = 180;
    private const int ActiveHours = 16; // 07:00-23:00 in China

    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var creators = arguments.Int("creators", 3_200);
        var works = arguments.Int("works", 100_000);
        var events = arguments.Int("events", 10_000_000);
        var slice = Math.Min(events, arguments.Int("through-log", 1_000_000));
        var readers = arguments.Int("readers", 4);
        var iterations = arguments.Int("iterations", 2_000);
        var storages = BenchStorage.Storages(arguments);
        Console.WriteLine($"dashboard-read: {creators:N0} accounts, {works:N0} published works, {events:N0} counted views+shares " +
            $"({events - slice:N0} written as aggregated counters, {slice:N0} through BehaviorLog + CreatorStatsFromBehavior.RunOnceAsync), " +
            $"then {iterations:N0} calls per query from {readers} readers; storages {string.Join(",", storages)}");
        using var system = ActorSystem.Create("dashboard-bench", "akka.loglevel = WARNING");
        var failed = false;
        foreach (var storage in storages)
        {
            await using var store = await BenchStorage.CreateAsync(storage, "dashboard", arguments);
            if (store is null) continue;
            failed |= !await RunOneAsync(store, system, creators, works, events, slice, readers, iterations);
        }
        await system.Terminate();
        return failed ? 1 : 0;
    }

    private static async Task<bool> RunOneAsync(BenchStorage store, ActorSystem system, int creators, int works, long events, int slice,
        int readers, int iterations)
    {
        var database = store.Database;
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"  [{store.Label}] seeding accounts and works (CreatorReadModelProjection + CreatorStatsFromWorks)");
        var seeded = await ChannelReadBench.SeedAsync(database, creators, works, new CreatorStatsFromWorks());
        var now = DateTimeOffset.UtcNow;
        await TasksAsync(database, now);
        var worksSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var owners = await OwnersAsync(database);
        var aggregated = await AggregatesAsync(database, owners, events - slice, now, store.Label);
        var aggregateSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var (appendSeconds, countSeconds) = await ThroughLogAsync(database, system, owners, slice, now, store.Label);
        var (totals, perWork, hourly) = await StatsPipelineBench.SumsAsync(database);
        var ok = totals == events && perWork == events && hourly == events;
        Console.WriteLine($"  [{store.Label}] seed: works {worksSeconds:F0} s; {aggregated.Rows:N0} hourly rows for {events - slice:N0} events in " +
            $"{aggregateSeconds:F0} s; {slice:N0} events appended in {appendSeconds:F1} s and counted in {countSeconds:F1} s " +
            $"({slice / Math.Max(countSeconds, 1e-3):N0} rows/s); views+shares: totals {totals:N0}, works {perWork:N0}, hourly {hourly:N0} of " +
            $"{events:N0}: {(ok ? "OK" : "MISMATCH")}; {(store.IsPostgres ? "" : $"files {store.FileMiB():F0} MiB")}");

        var stats = new CreatorStatsReadModel(database);
        var model = new CreatorReadModel(database);
        var none = CancellationToken.None;
        var accounts = await AccountsAsync(database);
        var busiest = accounts.MaxBy(a => a.Views)!;
        Console.WriteLine($"  [{store.Label}] busiest account {busiest.Id}: {busiest.Views:N0} views; {await HourlyRowsOfAsync(database, busiest.Id):N0} hourly rows");

        async Task<int> Dashboard(Account a) => (await stats.DashboardAsync(a.Id, a.Region, DateTimeOffset.UtcNow, none)).TopWorks.Length;

        // As StatsApi.Dashboard: the account, its numbers, the works' titles (in one query; with perWork, one query per work
        // as the route did before, kept to compare the two in one run), the reprints of its latest works.
        async Task<int> Route(Account a, bool perWork)
        {
            var creator = await model.FindCreatorAsync(a.Id, none) ?? throw new InvalidOperationException($"No creator {a.Id}.");
            var numbers = await stats.DashboardAsync(a.Id, creator.RegionCode, DateTimeOffset.UtcNow, none);
            var titles = 0;
            var named = numbers.TopWorks.Select(w => w.WorkId).Concat(numbers.Boosts.Select(b => b.WorkId)).Distinct().ToList();
            if (perWork)
            {
                foreach (var workId in named)
                    if (await model.FindWorkAsync(workId, none) is not null) titles++;
            }
            else
            {
                titles += (await model.FindWorksAsync(named, none)).Count;
            }
            foreach (var work in (await model.WorksOfAsync(a.Id, includeUnpublished: false, before: null, limit: 50, none))
                     .Where(w => w.ReprintCount > 0 && w.ReprintOfWorkId is null))
                titles += (await model.ReprintsAsync(work.WorkId, null, 20, none)).Count;
            return Math.Max(1, titles);
        }

        var queries = new (string Name, Func<Task<int>> Call)[]
        {
            ("DashboardAsync, random account", () => Dashboard(accounts[Random.Shared.Next(accounts.Count)])),
            ("DashboardAsync, busiest account", () => Dashboard(busiest)),
            ("route's reads, random account", () => Route(accounts[Random.Shared.Next(accounts.Count)], perWork: false)),
            ("route's reads, busiest account", () => Route(busiest, perWork: false)),
            ("route's reads, random account, a query per title (before)", () => Route(accounts[Random.Shared.Next(accounts.Count)], perWork: true)),
            ("route's reads, busiest account, a query per title (before)", () => Route(busiest, perWork: true)),
        };
        var rows = new List<(string Name, ChannelReadBench.Percentiles Stats, double PerSecond)>();
        foreach (var (name, call) in queries)
        {
            var (s, perSecond) = await ChannelReadBench.MeasureAsync($"{store.Label}: {name}", readers, iterations, call);
            rows.Add((name, s, perSecond));
        }
        Console.WriteLine();
        Console.WriteLine($"summary {store.Label} ({creators:N0} accounts, {works:N0} works, {events:N0} views+shares; {readers} readers, " +
            $"{Environment.ProcessorCount} cores):");
        Console.WriteLine($"  {"query",-34} {"count",7} {"mean µs",9} {"p50 µs",9} {"p99 µs",9} {"max µs",9} {"calls/s",9}");
        foreach (var (name, s, perSecond) in rows)
            Console.WriteLine($"  {name,-34} {s.Count,7:N0} {s.Mean,9:N0} {s.P50,9:N0} {s.P99,9:N0} {s.Max,9:N0} {perSecond,9:N0}");
        Console.WriteLine($"  counted: {(ok ? "OK" : "MISMATCH")} (busy creator of the works seed: {seeded.BusyCreator})");
        return ok;
    }

    private sealed record Account(string Id, string Region, long Views);

    /// <summary>Three open tasks for every account (views, shares, works in windows that started 20 days ago): the
    /// dashboard counts their progress from the hourly rows at read time.</summary>
    private static async Task TasksAsync(JournalDatabase database, DateTimeOffset now)
    {
        var projection = new CreatorTasksProjection();
        var batch = new[] { TaskMetrics.Views, TaskMetrics.Shares, TaskMetrics.Works }.Select((metric, i) =>
        {
            var id = $"task-bench-{metric}";
            var terms = new TaskTerms(id, $"本月{metric}", metric, 1_000, now.AddDays(-20), now.AddDays(10), new TaskReward(100, null),
                new TaskAudience([], []));
            return new EventEnvelope(new Sequence(i + 1), $"task-{id}", 1, new TaskDefined(id, terms, new UserId("u-op"), now.AddDays(-20)), 0,
                [projection.Tag]);
        }).ToArray();
        await using var connection = database.CreateConnection();
        await connection.OpenAsync();
        await projection.EnsureSchemaAsync(connection, CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync();
        await projection.ApplyAsync(connection, transaction, batch, CancellationToken.None);
        await transaction.CommitAsync();
    }

    private static async Task<Dictionary<string, List<string>>> OwnersAsync(JournalDatabase database)
    {
        var owners = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using var connection = database.CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT creator_id, work_id FROM creator_work_stats WHERE status = 'published' ORDER BY creator_id, work_id";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var creator = reader.GetString(0);
            if (!owners.TryGetValue(creator, out var list)) owners[creator] = list = [];
            list.Add(reader.GetString(1));
        }
        return owners;
    }

    /// <summary>
    /// <paramref name="events"/> views and shares (one in ten a share) written as the counters they add up to: each account
    /// gets a share by its number of works; spread over its active hours of the last 180 days (07-23 in China; about ten
    /// events an hourly row, at most every active hour); over its works by a 1/rank law (a few works get most); added to
    /// its totals. Sums are exact: hourly rows, works and totals each add up to <paramref name="events"/>.
    /// </summary>
    private static async Task<(long Rows, long Events)> AggregatesAsync(JournalDatabase database, Dictionary<string, List<string>> owners,
        long events, DateTimeOffset now, string label)
    {
        if (events <= 0) return (0, 0);
        var random = new Random(5);
        var totalWorks = owners.Values.Sum(w => (long)w.Count);
        var accounts = owners.OrderBy(o => o.Key, StringComparer.Ordinal).ToArray();
        var shares = new long[accounts.Length];
        long assigned = 0;
        for (var i = 0; i < accounts.Length; i++) assigned += shares[i] = events * accounts[i].Value.Count / totalWorks;
        shares[Array.FindIndex(accounts, a => a.Value.Count == accounts.Max(x => x.Value.Count))] += events - assigned;

        // Active hours (UTC starts) of the last 180 days, oldest first.
        var today = CreatorStatsTables.HourOf(now);
        var slots = new List<long>();
        for (var h = today - (long)Days * 24 * CreatorStatsTables.HourMs; h <= today; h += CreatorStatsTables.HourMs)
        {
            var chinaHour = (int)(h / CreatorStatsTables.HourMs % 24 + 8) % 24;
            if (chinaHour >= 7 && chinaHour < 7 + ActiveHours) slots.Add(h);
        }

        await using var connection = database.CreateConnection();
        await connection.OpenAsync();
        long rows = 0, done = 0;
        var clock = Stopwatch.StartNew();
        var transaction = await connection.BeginTransactionAsync();
        var statements = new PreparedStatements(connection, transaction);
        for (var a = 0; a < accounts.Length; a++)
        {
            var (creatorId, workIds) = accounts[a];
            var total = shares[a];
            if (total == 0) continue;
            var sharesOf = total / 10;
            var viewsOf = total - sharesOf;
            var hours = (int)Math.Clamp(total / 10, 1, slots.Count);
            var viewsLeft = viewsOf;
            var sharesLeft = sharesOf;
            for (var k = 0; k < hours; k++)
            {
                // Even steps over the slots, the newest last; the last row takes what is left.
                var slot = slots[(int)((long)(k + 1) * slots.Count / hours) - 1];
                var v = k == hours - 1 ? viewsLeft : viewsOf / hours + (random.Next(2) == 0 ? 0 : Math.Min(viewsLeft, 1));
                var s = k == hours - 1 ? sharesLeft : Math.Min(sharesLeft, sharesOf / hours);
                v = Math.Min(v, viewsLeft);
                viewsLeft -= v;
                sharesLeft -= s;
                await statements.ExecuteAsync("""
                    INSERT INTO creator_stats_hourly (creator_id, hour_ms, views, shares) VALUES (@creator, @hour, @views, @shares)
                    ON CONFLICT (creator_id, hour_ms) DO UPDATE SET views = creator_stats_hourly.views + excluded.views,
                      shares = creator_stats_hourly.shares + excluded.shares
                    """, [("@creator", creatorId), ("@hour", slot), ("@views", v), ("@shares", s)], CancellationToken.None);
                rows++;
            }
            // Over the works by 1/rank, rank by a shuffled order; the remainders to the first.
            var order = workIds.OrderBy(_ => random.Next()).ToArray();
            var weights = order.Select((_, r) => 1.0 / (r + 1)).ToArray();
            var sum = weights.Sum();
            var workViews = weights.Select(w => (long)(viewsOf * w / sum)).ToArray();
            var workShares = weights.Select(w => (long)(sharesOf * w / sum)).ToArray();
            workViews[0] += viewsOf - workViews.Sum();
            workShares[0] += sharesOf - workShares.Sum();
            for (var w = 0; w < order.Length; w++)
                if (workViews[w] + workShares[w] > 0)
                    await statements.ExecuteAsync("UPDATE creator_work_stats SET views = views + @views, shares = shares + @shares WHERE work_id = @work",
                        [("@views", workViews[w]), ("@shares", workShares[w]), ("@work", order[w])], CancellationToken.None);
            await statements.ExecuteAsync("""
                UPDATE creator_stats_totals SET views = views + @views, shares = shares + @shares, revision = revision + 1 WHERE creator_id = @creator
                """, [("@views", viewsOf), ("@shares", sharesOf), ("@creator", creatorId)], CancellationToken.None);
            done += total;
            if (a % 200 == 199 || a == accounts.Length - 1)
            {
                await statements.DisposeAsync();
                await transaction.CommitAsync();
                await transaction.DisposeAsync();
                Console.WriteLine($"  [{label} aggregates] {a + 1,5:N0}/{accounts.Length:N0} accounts  {done,12:N0} events  {rows,9:N0} hourly rows  " +
                    $"{clock.Elapsed.TotalSeconds,6:F1} s  {rows / clock.Elapsed.TotalSeconds,8:N0} rows/s");
                transaction = await connection.BeginTransactionAsync();
                statements = new PreparedStatements(connection, transaction);
            }
        }
        await statements.DisposeAsync();
        await transaction.CommitAsync();
        await transaction.DisposeAsync();
        return (rows, done);
    }

    /// <summary>The real path for a slice: views and shares of the last 30 days appended to <see cref="BehaviorLog"/> by 16
    /// callers in batches of its largest size, then counted by <see cref="CreatorStatsFromBehavior.RunOnceAsync"/> until
    /// the log is drained.</summary>
    private static async Task<(double AppendSeconds, double CountSeconds)> ThroughLogAsync(JournalDatabase database, ActorSystem system,
        Dictionary<string, List<string>> owners, int slice, DateTimeOffset now, string label)
    {
        if (slice <= 0) return (0, 0);
        var behaviorDb = CreatorStatsFromBehavior.BehaviorLogOf(database);
        var options = new BehaviorLogOptions();
        await using var log = new BehaviorLog(behaviorDb.IsPostgres, behaviorDb.ConnectionString, system, NullLogger.Instance, options);
        await log.EnsureSchemaAsync(CancellationToken.None);
        var workIds = owners.Values.SelectMany(w => w).Order(StringComparer.Ordinal).ToArray();
        var random = new Random(9);
        var nowMs = now.ToUnixTimeMilliseconds();
        var size = options.MaxBatchEvents;
        var batches = Enumerable.Range(0, 64).Select(_ => (IReadOnlyList<BehaviorRecord>)[.. Enumerable.Range(0, size).Select(_ =>
        {
            var u = random.NextDouble();
            var at = nowMs - (long)(random.NextDouble() * 30 * 86_400_000L);
            return new BehaviorRecord(at, at, $"u-{random.Next(200_000)}", random.Next(10) == 0 ? "share" : "view", "work",
                workIds[(int)(u * u * workIds.Length)], null);
        })]).ToArray();
        var clock = Stopwatch.StartNew();
        var full = slice / size;
        await LoadRunner.ForCountAsync($"{label} append", 16, full, async (c, i) =>
        {
            await log.AppendAsync(batches[(c + i * 16) % batches.Length], CancellationToken.None);
            return true;
        });
        if (slice % size > 0) await log.AppendAsync([.. batches[0].Take(slice % size)], CancellationToken.None);
        var appendSeconds = clock.Elapsed.TotalSeconds;
        if (log.CommittedEvents != slice) throw new InvalidOperationException($"{log.CommittedEvents:N0} appended, not {slice:N0}.");

        clock.Restart();
        var consumer = new CreatorStatsFromBehavior(database, behaviorDb, NullLogger.Instance);
        long counted = 0;
        for (int rows; (rows = await consumer.RunOnceAsync(CancellationToken.None)) > 0;)
        {
            counted += rows;
            if (counted % 200_000 < rows)
                Console.WriteLine($"  [{label} count] {counted,10:N0}/{slice:N0} log rows  {clock.Elapsed.TotalSeconds,6:F1} s  " +
                    $"{counted / clock.Elapsed.TotalSeconds,8:N0} rows/s");
        }
        return (appendSeconds, clock.Elapsed.TotalSeconds);
    }

    private static async Task<List<Account>> AccountsAsync(JournalDatabase database)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT d.creator_id, d.region_code, COALESCE(t.views, 0) FROM creator_directory d
            LEFT JOIN creator_stats_totals t ON t.creator_id = d.creator_id WHERE d.status = 'verified' ORDER BY d.creator_id
            """;
        return [.. await command.ReadAllAsync(r => new Account(r.GetString(0), r.GetString(1), r.GetInt64(2)), CancellationToken.None)];
    }

    private static async Task<long> HourlyRowsOfAsync(JournalDatabase database, string creatorId)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM creator_stats_hourly WHERE creator_id = @creator";
        AddParameter(command, "@creator", creatorId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
