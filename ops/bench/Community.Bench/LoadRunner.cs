using System.Diagnostics;

namespace Community.Bench;

/// <summary>What a load phase measured: completed calls, wall time, latency percentiles.</summary>
public sealed record LoadResult(string Label, long Operations, long Failures, TimeSpan Elapsed, double P50Ms, double P99Ms, double MaxMs,
    long WriteSyscalls = -1, double CpuSeconds = 0)
{
    /// <summary>write/pwrite system calls of this process per completed call (Linux; -1 elsewhere).</summary>
    public double WritesPerOperation => WriteSyscalls < 0 || Operations == 0 ? -1 : WriteSyscalls / (double)Operations;

    /// <summary>Process CPU time per completed call, in microseconds.</summary>
    public double CpuMicrosPerOperation => Operations == 0 ? 0 : CpuSeconds * 1e6 / Operations;

    public double PerSecond => Operations / Elapsed.TotalSeconds;

    public override string ToString() =>
        $"{Label}: {Operations:N0} ok, {Failures:N0} failed in {Elapsed.TotalSeconds:F1} s = {PerSecond:N0}/s " +
        $"(latency p50 {P50Ms:F1} ms, p99 {P99Ms:F1} ms, max {MaxMs:F0} ms; CPU {CpuMicrosPerOperation:F0} us/call" +
        (WriteSyscalls >= 0 ? $", {WritesPerOperation:F1} write syscalls/call)" : ")");
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
        var writesBefore = WriteSyscalls();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
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
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var writesAfter = WriteSyscalls();
        await stop.CancelAsync().ConfigureAwait(false);
        try { await progress.ConfigureAwait(false); }
        catch (OperationCanceledException) { }

        var all = latencies.Where(l => l is not null).SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? 0 : Stopwatch.GetElapsedTime(0, all[Math.Min(all.Length - 1, (int)(p * all.Length))]).TotalMilliseconds;
        var result = new LoadResult(label, done, failed, elapsed, Percentile(0.50), Percentile(0.99), Percentile(1.0),
            writesBefore < 0 ? -1 : writesAfter - writesBefore, cpu);
        Console.WriteLine($"  {result}");
        return result;
    }

    /// <summary>The process's write system calls so far (<c>syscw</c> of /proc/self/io), or -1 when unavailable.</summary>
    private static long WriteSyscalls()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/io"))
                if (line.StartsWith("syscw:", StringComparison.Ordinal)) return long.Parse(line[6..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return -1;
    }
}
