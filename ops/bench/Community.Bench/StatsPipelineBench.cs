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

namespace Community.Bench;

/// <summary>
/// Behavior events to dashboard numbers on one node: concurrent callers append batches of views and shares of known
/// works to a real <see cref="BehaviorLog"/> (awaiting each commit, as <c>POST /api/events</c> does) while
/// <see cref="CreatorStatsFromBehavior.RunOnceAsync"/> runs in a loop as <see cref="CreatorStatsWorker"/> runs it (every
/// 200 ms, at once again after a full batch). Reports ingested and counted events/s, the lag when the callers stop and
/// the time to drain it, then checks that the stats tables hold exactly the events appended.
/// </summary>
public static class StatsPipelineBench
{
    private static readonly DateTimeOffset Published = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var callers = arguments.Int("callers", 64);
        var batch = arguments.Int("batch", 50);
        var seconds = arguments.Int("seconds", 20);
        var creators = arguments.Int("creators", 3_200);
        var works = arguments.Int("works", 100_000);
        var shareEvery = arguments.Int("share-every", 10);
        var prefill = arguments.Int("prefill", 400_000);
        var consumers = arguments.List("consumer", "current");
        var storages = BenchStorage.Storages(arguments);
        Console.WriteLine($"stats-pipeline: {callers} callers x {batch} view/share events per AppendAsync (1 in {shareEvery} a share) for {seconds} s, " +
            $"on {works:N0} works of {creators:N0} accounts, while the consumer counts (up to {CreatorStatsFromBehavior.MaxBatch:N0} log rows " +
            $"per transaction, every {CreatorStatsWorker.CountEvery.TotalMilliseconds} ms or at once after a full batch); consumers {string.Join(",", consumers)}; " +
            $"storages {string.Join(",", storages)}");

        using var system = ActorSystem.Create("stats-pipeline-bench", "akka.loglevel = WARNING");
        var failed = false;
        var results = new List<Result>();
        foreach (var storage in storages)
            foreach (var consumer in consumers)
            {
                await using var store = await BenchStorage.CreateAsync(storage, "pipeline", arguments);
                if (store is null) continue;
                var result = await RunOneAsync(store, consumer, system, callers, batch, seconds, creators, works, shareEvery, prefill);
                results.Add(result);
                failed |= !result.Ok;
            }

        Console.WriteLine();
        Console.WriteLine($"summary ({callers} callers x {batch} events, {seconds} s, {works:N0} works, {Environment.ProcessorCount} cores):");
        Console.WriteLine($"  {"storage/consumer",-22} {"alone rows/s",12} {"ingested/s",11} {"counted/s",10} {"lag at stop",12} {"drain s",8} {"appended",11} {"µs/row",7}  check");
        foreach (var r in results)
            Console.WriteLine($"  {r.Label,-22} {r.AloneRowsPerSecond,12:N0} {r.IngestedPerSecond,11:N0} {r.CountedPerSecond,10:N0} {r.LagAtStop,12:N0} " +
                $"{r.DrainSeconds,8:F1} {r.Appended,11:N0} {r.MicrosPerRow,7:F1}  {(r.Ok ? "OK" : "MISMATCH")}");
        await system.Terminate();
        return failed ? 1 : 0;
    }

    private sealed record Result(string Label, double IngestedPerSecond, double CountedPerSecond, long LagAtStop, double DrainSeconds,
        double AloneRowsPerSecond, long Appended, long Counted, double MicrosPerRow, bool Ok);

    private static async Task<Result> RunOneAsync(BenchStorage store, string consumerName, ActorSystem system, int callers, int batch,
        int seconds, int creators, int works, int shareEvery, int prefill)
    {
        var label = $"{store.Label}/{consumerName}";
        var readModel = store.Database;
        var workIds = await SeedWorksAsync(readModel, creators, works);
        var behaviorDb = CreatorStatsFromBehavior.BehaviorLogOf(readModel);
        var options = new BehaviorLogOptions();
        await using var log = new BehaviorLog(behaviorDb.IsPostgres, behaviorDb.ConnectionString, system, NullLogger.Instance, options);
        await log.EnsureSchemaAsync(CancellationToken.None);
        Func<CancellationToken, Task<int>> runOnce = consumerName switch
        {
            "current" => new CreatorStatsFromBehavior(readModel, behaviorDb, NullLogger.Instance).RunOnceAsync,
            _ => throw new ArgumentException($"--consumer takes current, not '{consumerName}'."),
        };

        // Pre-made calls (the callers' CPU is not what is measured): views and shares of works picked with a skew (a few
        // works get most of the views), stamped within the last two hours.
        var random = new Random(7);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var calls = Enumerable.Range(0, callers * 8).Select(c => (IReadOnlyList<BehaviorRecord>)[.. Enumerable.Range(0, batch).Select(i =>
        {
            var u = random.NextDouble();
            var work = workIds[(int)(u * u * workIds.Length)];
            var at = now - random.Next(0, 7_200_000);
            return new BehaviorRecord(at, now, $"u-{random.Next(100_000)}", random.Next(shareEvery) == 0 ? "share" : "view", "work", work, null);
        })]).ToArray();

        // Phase 1, the consumer alone: a prefilled log counted with nothing else running (its cost per row, undisturbed).
        await LoadRunner.ForCountAsync($"{label} prefill", callers, prefill / batch, async (c, i) =>
        {
            await log.AppendAsync(calls[(c + i * callers) % calls.Length], CancellationToken.None);
            return true;
        });
        var aloneClock = Stopwatch.StartNew();
        long counted = 0;
        for (int rows; (rows = await runOnce(CancellationToken.None)) > 0;) counted += rows;
        var alonePerSecond = counted / aloneClock.Elapsed.TotalSeconds;
        Console.WriteLine($"  [{label}] consumer alone: {counted:N0} log rows in {aloneClock.Elapsed.TotalSeconds:F2} s = {alonePerSecond:N0} rows/s " +
            $"({aloneClock.Elapsed.TotalMicroseconds / Math.Max(1, counted):F1} µs per row)");

        // Phase 2, the pipeline: callers and the consumer at once.
        var countedBefore = counted;
        var appendedBefore = log.CommittedEvents;
        long runs = 0, consumerTicks = 0;
        var producing = true;
        using var stop = new CancellationTokenSource();
        var consumer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                var rows = await runOnce(CancellationToken.None);
                Interlocked.Add(ref consumerTicks, Stopwatch.GetTimestamp() - started);
                Interlocked.Add(ref counted, rows);
                Interlocked.Increment(ref runs);
                if (rows < CreatorStatsFromBehavior.MaxBatch)
                {
                    var wait = CreatorStatsWorker.CountEvery - Stopwatch.GetElapsedTime(started);
                    if (wait > TimeSpan.Zero)
                        try { await Task.Delay(wait, stop.Token); }
                        catch (OperationCanceledException) { }
                }
            }
        });

        var clock = Stopwatch.StartNew();
        using var stopProgress = new CancellationTokenSource();
        var progress = Task.Run(async () =>
        {
            long lastIn = 0, lastCounted = 0;
            while (Volatile.Read(ref producing))
            {
                try { await Task.Delay(2000, stopProgress.Token); }
                catch (OperationCanceledException) { return; }
                var (inNow, countedNow) = (log.CommittedEvents, Interlocked.Read(ref counted));
                Console.WriteLine($"  [{label}] {clock.Elapsed.TotalSeconds,5:F0} s  ingested {inNow,11:N0} ({(inNow - lastIn) / 2.0,9:N0}/s)  " +
                    $"counted {countedNow,11:N0} ({(countedNow - lastCounted) / 2.0,9:N0}/s)  lag {inNow - countedNow,10:N0}");
                (lastIn, lastCounted) = (inNow, countedNow);
            }
        });
        var load = await LoadRunner.ForDurationAsync(label, callers, TimeSpan.FromSeconds(seconds), async (c, i) =>
        {
            await log.AppendAsync(calls[(c + i * callers) % calls.Length], CancellationToken.None);
            return true;
        });
        Volatile.Write(ref producing, false);
        var elapsed = clock.Elapsed.TotalSeconds;
        var appended = log.CommittedEvents;
        var countedAtStop = Interlocked.Read(ref counted);
        var (ingestedInPhase, countedInPhase) = (appended - appendedBefore, countedAtStop - countedBefore);
        var ticksAtStop = Interlocked.Read(ref consumerTicks);
        stopProgress.Cancel();
        await progress;

        // Drain: the callers have stopped; how long until the consumer has counted everything appended.
        var drainClock = Stopwatch.StartNew();
        while (Interlocked.Read(ref counted) < appended)
        {
            await Task.Delay(5);
            if (drainClock.Elapsed > TimeSpan.FromMinutes(10)) break;
        }
        var drain = drainClock.Elapsed.TotalSeconds;
        stop.Cancel();
        await consumer;
        var total = Interlocked.Read(ref counted);
        var drainRows = total - countedAtStop;
        var microsPerRow = Interlocked.Read(ref consumerTicks) * 1e6 / Stopwatch.Frequency / Math.Max(1, total - countedBefore);

        var (totals, perWork, hourly) = await SumsAsync(readModel);
        var ok = totals == appended && perWork == appended && hourly == appended && total == appended;
        Console.WriteLine($"  [{label}] callers stopped at {elapsed:F1} s: {appended:N0} events appended ({ingestedInPhase / elapsed:N0}/s, AppendAsync p50 " +
            $"{load.P50Ms:F1} ms p99 {load.P99Ms:F1} ms, {load.Failures} failed), {countedAtStop:N0} counted ({countedInPhase / elapsed:N0}/s), lag " +
            $"{appended - countedAtStop:N0}; consumer busy {ticksAtStop * 100.0 / Stopwatch.Frequency / elapsed:F0}% of the time; drained in {drain:F1} s ({drainRows / Math.Max(drain, 1e-3):N0} rows/s); {runs:N0} consumer runs, " +
            $"{microsPerRow:F1} µs of consumer time per row");
        Console.WriteLine($"  [{label}] views+shares: creator_stats_totals {totals:N0}, creator_work_stats {perWork:N0}, creator_stats_hourly {hourly:N0}, " +
            $"log rows counted {total:N0}, appended {appended:N0}: {(ok ? "OK" : "MISMATCH")}");
        return new Result(label, ingestedInPhase / elapsed, countedInPhase / elapsed, appended - countedAtStop, drain, alonePerSecond,
            appended, total, microsPerRow, ok);
    }

    /// <summary>Accounts' published works in the stats tables, through <see cref="CreatorStatsFromWorks"/> in 500-event
    /// transactions with its offset, as <see cref="ProjectionRunner"/> commits them.</summary>
    internal static async Task<string[]> SeedWorksAsync(JournalDatabase database, int creators, int works)
    {
        var projection = new CreatorStatsFromWorks();
        await using (var connection = database.CreateConnection())
        {
            await connection.OpenAsync();
            await ProjectionOffsets.EnsureTableAsync(connection, CancellationToken.None);
            await projection.EnsureSchemaAsync(connection, CancellationToken.None);
        }
        var random = new Random(11);
        var workIds = new string[works];
        var batch = new List<EventEnvelope>(ProjectionRunner.MaxBatch);
        long ordering = 0;
        for (var w = 0; w < works; w++)
        {
            var c = random.Next(5) == 0 ? random.Next(Math.Min(16, creators)) : random.Next(creators);
            var creator = new CreatorId($"cr-{c:D5}");
            workIds[w] = $"{creator.Value}-w{w.ToString("D7", CultureInfo.InvariantCulture)}";
            var evt = new WorkPublished(creator, workIds[w], new UserId($"u-owner-{c}"), [Tiers.County], "330106", Published.AddSeconds(w));
            batch.Add(new EventEnvelope(new Sequence(++ordering), $"creator-{creator.Value}", ordering, evt, 0, [projection.Tag]));
            if (batch.Count == ProjectionRunner.MaxBatch || w == works - 1)
            {
                await using var connection = database.CreateConnection();
                await connection.OpenAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await projection.ApplyAsync(connection, transaction, batch, CancellationToken.None);
                await ProjectionOffsets.SaveAsync(connection, transaction, projection.Name, ordering, CancellationToken.None);
                await transaction.CommitAsync();
                batch.Clear();
            }
        }
        return workIds;
    }

    /// <summary>Views + shares in the totals, the works' counters and the hourly rows.</summary>
    internal static async Task<(long Totals, long Works, long Hourly)> SumsAsync(JournalDatabase database)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync();
        async Task<long> SumAsync(string table)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT COALESCE(SUM(views), 0) + COALESCE(SUM(shares), 0) FROM {table}";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        return (await SumAsync("creator_stats_totals"), await SumAsync("creator_work_stats"), await SumAsync("creator_stats_hourly"));
    }
}
