using System.Diagnostics;

namespace Community.Bench;

/// <summary>What a load phase measured: completed calls, wall time, latency percentiles.</summary>
public sealed record LoadResult(string Label, long Operations, long Failures, TimeSpan Elapsed, double P50Ms, double P99Ms, double MaxMs)
{
    public double PerSecond => Operations / Elapsed.TotalSeconds;

    public override string ToString() =>
        $"{Label}: {Operations:N0} ok, {Failures:N0} failed in {Elapsed.TotalSeconds:F1} s = {PerSecond:N0}/s " +
        $"(latency p50 {P50Ms:F1} ms, p99 {P99Ms:F1} ms, max {MaxMs:F0} ms)";
}

/// <summary>Runs concurrent callers, each awaiting its own call before the next, and prints progress every two
/// seconds. A call returns false (or throws) when it was not acknowledged.</summary>
public static class LoadRunner
{
    public delegate Task<bool> Call(int caller, long iteration);

    /// <summary>Callers keep calling until <paramref name="duration"/> has passed.</summary>
    public static Task<LoadResult> ForDurationAsync(string label, int callers, TimeSpan duration, Call call) =>
        RunAsync(label, callers, duration, long.MaxValue, call);

    /// <summary>Exactly <paramref name="total"/> calls; caller c makes iterations c, c + callers, ...</summary>
    public static Task<LoadResult> ForCountAsync(string label, int callers, long total, Call call) =>
        RunAsync(label, callers, TimeSpan.MaxValue, total, call);

    private static async Task<LoadResult> RunAsync(string label, int callers, TimeSpan duration, long total, Call call)
    {
        long done = 0, failed = 0;
        var latencies = new List<long>[callers];
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var progress = Task.Run(async () =>
        {
            long last = 0;
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false) is true)
            {
                var now = Interlocked.Read(ref done);
                Console.WriteLine($"  [{label}] {clock.Elapsed.TotalSeconds,5:F1} s  {now,10:N0} ok  {(now - last) / 2.0,9:N0}/s" +
                    (Interlocked.Read(ref failed) is var f and > 0 ? $"  {f:N0} failed" : ""));
                last = now;
            }
        });

        var workers = Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = new List<long>(1024);
            for (long i = c; i < total && clock.Elapsed < duration; i += callers)
            {
                var started = Stopwatch.GetTimestamp();
                bool ok;
                try { ok = await call(c, i).ConfigureAwait(false); }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    ok = false;
                    if (Interlocked.Increment(ref failed) <= 3) Console.WriteLine($"  [{label}] call failed: {e.GetType().Name}: {e.Message}");
                    continue;
                }
                if (!ok) { Interlocked.Increment(ref failed); continue; }
                mine.Add(Stopwatch.GetTimestamp() - started);
                Interlocked.Increment(ref done);
            }
        })).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        await stop.CancelAsync().ConfigureAwait(false);
        try { await progress.ConfigureAwait(false); }
        catch (OperationCanceledException) { }

        var all = latencies.Where(l => l is not null).SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? 0 : Stopwatch.GetElapsedTime(0, all[Math.Min(all.Length - 1, (int)(p * all.Length))]).TotalMilliseconds;
        var result = new LoadResult(label, done, failed, elapsed, Percentile(0.50), Percentile(0.99), Percentile(1.0));
        Console.WriteLine($"  {result}");
        return result;
    }
}
