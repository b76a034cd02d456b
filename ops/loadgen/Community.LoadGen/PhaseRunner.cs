using System.Diagnostics;

namespace Community.LoadGen;

/// <summary>Runs one phase: sends at a fixed rate (warm-up first, then the measured posts), then waits for the
/// deliveries to drain, with a progress line every second.</summary>
public static class PhaseRunner
{
    /// <summary>A phase is over when every expected delivery arrived, or none arrived for this long.</summary>
    private static readonly TimeSpan DrainIdle = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(60);

    /// <param name="send">Sends post <c>number</c> and marks it accepted or failed on the phase; never throws.</param>
    public static async Task<PhaseResult> RunAsync(FanOutPhase phase, IReaders readers, double rate, Func<int, Task> send)
    {
        readers.Phase = phase;
        var issued = 0;
        var deliveredBefore = 0;
        await using var progress = Progress.Every(TimeSpan.FromSeconds(1), elapsed =>
        {
            var delivered = phase.Delivered;
            var perSecond = delivered - deliveredBefore;
            deliveredBefore = delivered;
            return $"[{phase.Name}] {elapsed:0}s sent {Volatile.Read(ref issued)}/{phase.TotalPosts} (failed {phase.Failed}), "
                + $"deliveries {delivered:N0} (+{perSecond:N0}/s), measured {phase.MeasuredDelivered:N0}/{phase.ExpectedDeliveries:N0}, "
                + $"closed connections {readers.ClosedUnexpectedly}";
        });

        // Open loop: each post goes out on its schedule whether or not earlier ones were answered, so a slow product
        // shows as latency rather than as a lower rate.
        var sends = new Task[phase.TotalPosts];
        var ticksPerPost = Stopwatch.Frequency / rate;
        var started = Stopwatch.GetTimestamp();
        for (var number = 0; number < phase.TotalPosts; number++)
        {
            var ahead = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), started + (long)(number * ticksPerPost));
            if (ahead > TimeSpan.Zero) await Task.Delay(ahead);
            phase.MarkSent(number);
            sends[number] = send(number);
            Interlocked.Increment(ref issued);
        }
        await Task.WhenAll(sends);
        await DrainAsync(phase);
        readers.Phase = null;

        await progress.StopAsync($"[{phase.Name}] done: measured {phase.MeasuredDelivered:N0}/{phase.ExpectedDeliveries:N0} deliveries");
        return phase.Result();
    }

    private static async Task DrainAsync(FanOutPhase phase)
    {
        var started = Stopwatch.GetTimestamp();
        var lastChange = started;
        var lastCount = phase.MeasuredDelivered;
        while (phase.MeasuredDelivered < phase.ExpectedDeliveries && Stopwatch.GetElapsedTime(started) < DrainLimit)
        {
            await Task.Delay(50);
            var count = phase.MeasuredDelivered;
            if (count != lastCount)
            {
                lastCount = count;
                lastChange = Stopwatch.GetTimestamp();
            }
            else if (Stopwatch.GetElapsedTime(lastChange) > DrainIdle)
            {
                break;
            }
        }
    }
}
