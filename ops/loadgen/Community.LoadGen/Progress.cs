using System.Diagnostics;

namespace Community.LoadGen;

/// <summary>A progress line on stderr every interval while something runs; stdout keeps only the results.</summary>
public sealed class Progress : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private bool _stopped;

    private Progress(TimeSpan interval, Func<double, string> line) => _loop = LoopAsync(interval, line);

    /// <summary>Starts printing <paramref name="line"/> of the seconds elapsed, every <paramref name="interval"/>.</summary>
    public static Progress Every(TimeSpan interval, Func<double, string> line) => new(interval, line);

    private async Task LoopAsync(TimeSpan interval, Func<double, string> line)
    {
        var started = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
                Console.Error.WriteLine(line(Stopwatch.GetElapsedTime(started).TotalSeconds));
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    public async Task StopAsync(string finalLine)
    {
        await DisposeAsync();
        Console.Error.WriteLine(finalLine);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
