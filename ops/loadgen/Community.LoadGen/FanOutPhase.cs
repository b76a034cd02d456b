using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Community.LoadGen;

/// <summary>
/// One phase (product or raw): its posts, numbered 0.. (warm-up first), when each was sent, and every reader's receipt
/// of each. A post is recognised on receipt by the marker at the start of its text, "loadgen &lt;phase&gt; #&lt;number&gt; ".
/// </summary>
public sealed class FanOutPhase
{
    private readonly string _markerPrefix;
    private readonly long[] _sentAt;               // Stopwatch timestamp per post number, 0 until sent
    private readonly bool[] _seen;                 // [reader * TotalPosts + number]: receipts, to tell duplicates
    private readonly long[] _latencies;            // Stopwatch ticks of measured deliveries, the first _measured filled
    private readonly long[] _lastReceiptByReader;  // written only by that reader's handler: no contention
    private readonly long[] _acceptLatencies;      // Stopwatch ticks from send to acceptance, per measured post
    private int _delivered;
    private int _measured;
    private int _duplicates;
    private int _postedMeasured;
    private int _failed;
    private string? _firstFailure;
    private int _payloadBytes;

    public FanOutPhase(string name, int readers, int warmupPosts, int measuredPosts)
    {
        Name = name;
        Readers = readers;
        WarmupPosts = warmupPosts;
        MeasuredPosts = measuredPosts;
        _markerPrefix = $"{MarkerStart}{name} #";
        _sentAt = new long[TotalPosts];
        _seen = new bool[readers * TotalPosts];
        _latencies = new long[readers * measuredPosts];
        _lastReceiptByReader = new long[readers];
        _acceptLatencies = new long[measuredPosts];
    }

    public string Name { get; }

    public int Readers { get; }

    public int WarmupPosts { get; }

    public int MeasuredPosts { get; }

    public int TotalPosts => WarmupPosts + MeasuredPosts;

    /// <summary>Every delivery so far, warm-up included.</summary>
    public int Delivered => Volatile.Read(ref _delivered);

    public int MeasuredDelivered => Volatile.Read(ref _measured);

    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Deliveries the accepted measured posts should make: one per reader.</summary>
    public long ExpectedDeliveries => (long)Volatile.Read(ref _postedMeasured) * Readers;

    /// <summary>The post's text: the marker, then filler to a typical short post's length.</summary>
    public string Text(int number) => $"{_markerPrefix}{number} " + Filler;

    private const string Filler = "Morning run along the West Lake, anyone joining on Saturday? Meet at the Broken Bridge at 6:30.";

    public void MarkSent(int number) => Volatile.Write(ref _sentAt[number], Stopwatch.GetTimestamp());

    /// <summary>The product answered 201 (raw: the group send completed).</summary>
    public void MarkAccepted(int number)
    {
        if (number < WarmupPosts) return;
        _acceptLatencies[number - WarmupPosts] = Stopwatch.GetTimestamp() - Volatile.Read(ref _sentAt[number]);
        Interlocked.Increment(ref _postedMeasured);
    }

    public void MarkFailed(string reason)
    {
        Interlocked.Increment(ref _failed);
        Interlocked.CompareExchange(ref _firstFailure, reason, null);
    }

    /// <summary>A postCreated event reached <paramref name="reader"/>. Called by one reader's handler at a time (the
    /// client runs a connection's handlers in order), so the reader's own slots need no lock.</summary>
    public void OnDelivery(int reader, JsonElement data, long receivedAt)
    {
        if (!data.TryGetProperty("text", out var textProperty) || textProperty.GetString() is not { } text
            || !text.StartsWith(_markerPrefix, StringComparison.Ordinal)
            || Number(text.AsSpan(_markerPrefix.Length)) is not { } number)
            return;
        OnDelivery(reader, number, receivedAt, PayloadSizeNeeded ? PayloadSize(data) : 0);
    }

    /// <summary>Until one delivery told it, the payload's size is wanted (measured once, not per delivery).</summary>
    public bool PayloadSizeNeeded => Volatile.Read(ref _payloadBytes) == 0;

    public static int PayloadSize(JsonElement data) => Encoding.UTF8.GetByteCount(data.GetRawText());

    /// <summary>The phase and post number of a delivered post, from the marker its text starts with.</summary>
    public static (string Phase, int Number)? Marker(JsonElement data)
    {
        if (!data.TryGetProperty("text", out var textProperty) || textProperty.GetString() is not { } text
            || !text.StartsWith(MarkerStart, StringComparison.Ordinal))
            return null;
        var rest = text.AsSpan(MarkerStart.Length);
        var hash = rest.IndexOf(" #", StringComparison.Ordinal);
        return hash > 0 && Number(rest[(hash + 2)..]) is { } number ? (rest[..hash].ToString(), number) : null;
    }

    // The post number that starts the text after the marker.
    private static int? Number(ReadOnlySpan<char> digits)
    {
        var end = digits.IndexOf(' ');
        if (end >= 0) digits = digits[..end];
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    private const string MarkerStart = "loadgen ";

    /// <summary>Post <paramref name="number"/> of this phase reached <paramref name="reader"/> (see above);
    /// <paramref name="payloadBytes"/> 0 when not measured.</summary>
    public void OnDelivery(int reader, int number, long receivedAt, int payloadBytes)
    {
        if (number < 0 || number >= TotalPosts || reader < 0 || reader >= Readers) return;

        ref var seen = ref _seen[reader * TotalPosts + number];
        if (seen)
        {
            Interlocked.Increment(ref _duplicates);
            return;
        }
        seen = true;
        Interlocked.Increment(ref _delivered);
        if (number < WarmupPosts) return;

        _latencies[Interlocked.Increment(ref _measured) - 1] = receivedAt - Volatile.Read(ref _sentAt[number]);
        _lastReceiptByReader[reader] = receivedAt;
        if (payloadBytes > 0 && PayloadSizeNeeded) Volatile.Write(ref _payloadBytes, payloadBytes);
    }

    /// <summary>The figures, once the phase is over (no more sends, deliveries drained or given up on).</summary>
    public PhaseResult Result()
    {
        var measured = MeasuredDelivered;
        var latencies = _latencies.AsSpan(0, measured).ToArray();
        Array.Sort(latencies);
        var firstSent = _sentAt[WarmupPosts];
        var lastReceipt = _lastReceiptByReader.Max();
        var span = measured > 0 ? Stopwatch.GetElapsedTime(firstSent, lastReceipt).TotalSeconds : 0;
        var expected = ExpectedDeliveries;
        var accepts = _acceptLatencies.Where(ticks => ticks > 0).Order().ToArray();
        return new PhaseResult(
            Name, Readers, Volatile.Read(ref _postedMeasured), Failed, _firstFailure, expected, measured,
            Math.Max(0, expected - measured), Volatile.Read(ref _duplicates),
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), latencies.Length > 0 ? Milliseconds(latencies[^1]) : 0,
            span > 0 ? measured / span : 0, span, Volatile.Read(ref _payloadBytes),
            Percentile(accepts, 0.50), Percentile(accepts, 0.99));
    }

    private static double Percentile(long[] sorted, double fraction) =>
        sorted.Length == 0 ? 0 : Milliseconds(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(fraction * sorted.Length) - 1)]);

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}

/// <param name="Posts">Measured posts the product accepted (raw: sends that completed).</param>
/// <param name="DeliveriesPerSecond">Measured deliveries over <paramref name="SpanSeconds"/>: from the first measured
/// send's start to the last measured receipt.</param>
/// <param name="PayloadBytes">UTF-8 size of one delivered event's data, to check both phases carry the same.</param>
/// <param name="AcceptP50Ms">From a measured post's send to its acceptance (the 201; raw: the group send completing):
/// latency spent before the fan-out, against delivery latency.</param>
public sealed record PhaseResult(
    string Phase, int Readers, int Posts, int FailedPosts, string? FirstFailure, long ExpectedDeliveries, long ReceivedDeliveries,
    long Lost, long Duplicates, double P50Ms, double P99Ms, double MaxMs, double DeliveriesPerSecond, double SpanSeconds,
    int PayloadBytes, double AcceptP50Ms, double AcceptP99Ms);
