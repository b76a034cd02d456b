using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Community.LoadGen;

/// <summary>The wire shape of the hub's <c>circleEvent</c> (camelCase JSON).</summary>
public sealed record CircleEventEnvelope(string CircleId, long Seq, string Kind, JsonElement Data);

/// <summary>Readers as the phase runner sees them: where their deliveries are counted, and how many dropped.</summary>
public interface IReaders
{
    FanOutPhase? Phase { get; set; }

    int ClosedUnexpectedly { get; }
}

/// <summary>N SignalR connections following one circle. Each hands the postCreated events it receives to the phase
/// being measured (or, in a reader process, to the callback it opened the pool with), with the time of receipt.</summary>
public sealed class ReaderPool : IReaders, IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];
    private readonly int _concurrency;
    private FanOutPhase? _phase;
    private int _closedUnexpectedly;
    private volatile bool _disposing;

    private ReaderPool(int concurrency) => _concurrency = concurrency;

    /// <summary>Connections that closed while the run still needed them (server timeout, transport error).</summary>
    public int ClosedUnexpectedly => Volatile.Read(ref _closedUnexpectedly);

    // Instead of a phase: every postCreated event, for a reader process to pass on.
    private Action<int, JsonElement, long>? _onPostCreated;

    /// <summary>Where deliveries are counted; events of no phase (joins, probes, a previous phase) are ignored.</summary>
    public FanOutPhase? Phase
    {
        get => Volatile.Read(ref _phase);
        set => Volatile.Write(ref _phase, value);
    }

    /// <summary>Opens <paramref name="count"/> connections, <paramref name="concurrency"/> at a time, each joining the
    /// circle's live feed from seq 0; shows the connected count on stderr every second.</summary>
    public static async Task<ReaderPool> OpenAsync(Uri hubUrl, string token, string circleId, int count, int concurrency,
        Action<int, JsonElement, long>? onPostCreated = null)
    {
        var pool = new ReaderPool(concurrency) { _onPostCreated = onPostCreated };
        var connections = new HubConnection?[count];
        var connected = 0;
        await using var progress = Progress.Every(TimeSpan.FromSeconds(1),
            elapsed => $"[connect] {elapsed:0}s connected {Volatile.Read(ref connected)}/{count}");
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
                async (reader, cancellationToken) =>
                {
                    var connection = connections[reader] = pool.Build(hubUrl, token, reader);
                    await connection.StartAsync(cancellationToken);
                    await connection.InvokeAsync<long>("JoinCircle", circleId, 0L, cancellationToken);
                    Interlocked.Increment(ref connected);
                });
        }
        catch
        {
            pool._connections.AddRange(connections.OfType<HubConnection>());
            await pool.DisposeAsync();
            throw;
        }
        pool._connections.AddRange(connections.Select(c => c!));
        await progress.StopAsync($"[connect] {count} connections joined circle {circleId}");
        return pool;
    }

    private HubConnection Build(Uri hubUrl, string token, int reader)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hubUrl, HttpTransportType.WebSockets, options =>
            {
                // WebSockets only: negotiation would only pick it after an extra request per connection.
                options.SkipNegotiation = true;
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        connection.On<CircleEventEnvelope>("circleEvent", message =>
        {
            var receivedAt = Stopwatch.GetTimestamp();
            if (message.Kind != "postCreated") return;
            if (_onPostCreated is { } pass) pass(reader, message.Data, receivedAt);
            else Phase?.OnDelivery(reader, message.Data, receivedAt);
        });
        connection.Closed += _ =>
        {
            if (!_disposing) Interlocked.Increment(ref _closedUnexpectedly);
            return Task.CompletedTask;
        };
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        _disposing = true;
        await Parallel.ForEachAsync(_connections, new ParallelOptions { MaxDegreeOfParallelism = _concurrency },
            async (connection, _) => await connection.DisposeAsync());
    }
}
