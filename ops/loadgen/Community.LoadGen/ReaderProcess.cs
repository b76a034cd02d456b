using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;

namespace Community.LoadGen;

/// <summary>
/// Readers in a process of their own (<c>--readers-in child</c>). In one process, the readers' receiving shares the
/// server's thread pool and heap, so a POST's continuations queue behind 5,000 clients' work, which real readers on
/// their own devices never cause; the cores are still shared. The child opens the connections and writes one line per
/// delivery to stdout (<c>phase number reader receivedAt payloadBytes</c>, the size from reader 0 only); the parent counts them on its phases.
/// Receipt times are <see cref="Stopwatch"/> timestamps: one monotonic clock for every process of the machine.
/// </summary>
public sealed class ReaderProcess : IReaders, IAsyncDisposable
{
    public const string ChildCommand = "reader-child";

    private readonly Process _process;
    private readonly Task _pump;
    private int _closed;
    private FanOutPhase? _phase;

    private ReaderProcess(Process process, TaskCompletionSource ready)
    {
        _process = process;
        _pump = Task.Run(() => PumpAsync(ready));
    }

    public FanOutPhase? Phase
    {
        get => Volatile.Read(ref _phase);
        set => Volatile.Write(ref _phase, value);
    }

    public int ClosedUnexpectedly => Volatile.Read(ref _closed);

    /// <summary>Starts the child and waits until its connections joined the circle.</summary>
    public static async Task<ReaderProcess> StartAsync(Uri hubUrl, string token, string circleId, int count, int concurrency)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        // Under `dotnet Community.LoadGen.dll` the process is dotnet itself: name the assembly first.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(ReaderProcess).Assembly.Location);
        foreach (var argument in new[] { ChildCommand, hubUrl.ToString(), token, circleId, Str(count), Str(concurrency) })
            start.ArgumentList.Add(argument);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var child = new ReaderProcess(Process.Start(start) ?? throw new InvalidOperationException("The reader process did not start."), ready);
        await ready.Task.WaitAsync(TimeSpan.FromMinutes(5));
        return child;
    }

    private async Task PumpAsync(TaskCompletionSource ready)
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line == "ready") ready.TrySetResult();
                else if (line == "closed") Interlocked.Increment(ref _closed);
                else if (Phase is { } phase && Parse(line, phase.Name) is var (number, reader, receivedAt, bytes))
                    phase.OnDelivery(reader, number, receivedAt, bytes);
            }
            ready.TrySetException(new InvalidOperationException($"The reader process ended (exit code {_process.ExitCode})."));
        }
        catch (Exception e)
        {
            ready.TrySetException(e);
        }
    }

    private static (int Number, int Reader, long ReceivedAt, int Bytes)? Parse(string line, string phase)
    {
        var fields = line.Split(' ');
        return fields.Length == 5 && fields[0] == phase
            && int.TryParse(fields[1], CultureInfo.InvariantCulture, out var number)
            && int.TryParse(fields[2], CultureInfo.InvariantCulture, out var reader)
            && long.TryParse(fields[3], CultureInfo.InvariantCulture, out var receivedAt)
            && int.TryParse(fields[4], CultureInfo.InvariantCulture, out var bytes)
            ? (number, reader, receivedAt, bytes)
            : null;
    }

    public async ValueTask DisposeAsync()
    {
        // Closing its stdin tells the child to close its connections and end.
        _process.StandardInput.Close();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(60))) _process.Kill(entireProcessTree: true);
        await _pump;
        _process.Dispose();
    }

    /// <summary>The child's side: <c>reader-child hubUrl token circleId count concurrency</c>.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var output = Console.Out;
        Console.SetOut(Console.Error);
        var lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        var writer = Task.Run(async () =>
        {
            // One writer, flushed whenever the queue runs dry: a line per delivery without a write per line.
            var reader = lines.Reader;
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var line)) await output.WriteLineAsync(line);
                await output.FlushAsync();
            }
        });

        await using (var pool = await ReaderPool.OpenAsync(new Uri(args[1]), args[2], args[3], int.Parse(args[4], CultureInfo.InvariantCulture),
            int.Parse(args[5], CultureInfo.InvariantCulture), (reader, data, receivedAt) =>
            {
                // The payload's size from the first reader only: it is the same for every reader.
                if (FanOutPhase.Marker(data) is var (phase, number))
                    lines.Writer.TryWrite(string.Create(CultureInfo.InvariantCulture,
                        $"{phase} {number} {reader} {receivedAt} {(reader == 0 ? FanOutPhase.PayloadSize(data) : 0)}"));
            }))
        {
            lines.Writer.TryWrite("ready");
            var closed = 0;
            _ = Task.Run(async () =>
            {
                // Dropped connections, told as they happen.
                while (true)
                {
                    await Task.Delay(500);
                    for (; closed < pool.ClosedUnexpectedly; closed++) lines.Writer.TryWrite("closed");
                }
            });
            while (await Console.In.ReadLineAsync() is not null)
            {
            }
        }
        lines.Writer.TryComplete();
        await writer;
        return 0;
    }

    private static string Str(int value) => value.ToString(CultureInfo.InvariantCulture);
}
