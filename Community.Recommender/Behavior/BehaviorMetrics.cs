using System.Diagnostics.Metrics;

namespace Community.Recommender.Behavior;

/// <summary>The behavior log's instruments, on the product's meter (<c>OneNetwork.Community</c>, which the web host
/// already exports): events committed, refused and failed, and the time to write one batch.</summary>
internal static class BehaviorMetrics
{
    public const string MeterName = "OneNetwork.Community";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Events =
        Meter.CreateCounter<long>("community.behavior.events", description: "Behavior events by outcome: committed, failed (write failed), refused (queue full)");

    private static readonly Counter<long> Batches =
        Meter.CreateCounter<long>("community.behavior.batches", description: "Behavior log transactions by outcome");

    private static readonly Histogram<double> CommitDuration =
        Meter.CreateHistogram<double>("community.behavior.commit.duration", unit: "ms", description: "Time to write and commit one batch");

    private static readonly KeyValuePair<string, object?> CommittedTag = new("outcome", "committed");
    private static readonly KeyValuePair<string, object?> FailedTag = new("outcome", "failed");
    private static readonly KeyValuePair<string, object?> RefusedTag = new("outcome", "refused");

    public static void Committed(int events, TimeSpan elapsed)
    {
        Events.Add(events, CommittedTag);
        Batches.Add(1, CommittedTag);
        CommitDuration.Record(elapsed.TotalMilliseconds);
    }

    public static void Failed(int events)
    {
        Events.Add(events, FailedTag);
        Batches.Add(1, FailedTag);
    }

    public static void Refused(int events) => Events.Add(events, RefusedTag);
}
