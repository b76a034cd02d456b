using System.Diagnostics.Metrics;

namespace Community.Cluster.Telemetry;

/// <summary>Our own meter: commands handled by entities, persist latency, live deliveries, projection progress.</summary>
public static class CommunityMetrics
{
    public const string MeterName = "OneNetwork.Community";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Commands =
        Meter.CreateCounter<long>("community.entity.commands", description: "Messages handled by entities, by kind and outcome");

    private static readonly Histogram<double> PersistDuration =
        Meter.CreateHistogram<double>("community.entity.persist.duration", unit: "ms", description: "Time from a command to its events being in the journal");

    private static readonly Counter<long> LiveDeliveries =
        Meter.CreateCounter<long>("community.live.deliveries", description: "Live events handed to SignalR groups, by channel");

    private static readonly Counter<long> LiveReceptions =
        Meter.CreateCounter<long>("community.live.received", description: "Live events this node received from the cluster, by channel");

    private static readonly Counter<long> ProjectedEvents =
        Meter.CreateCounter<long>("community.projection.events", description: "Events written to read models, by projection");

    private static readonly Histogram<double> ProjectionCommitDuration =
        Meter.CreateHistogram<double>("community.projection.commit.duration", unit: "ms", description: "Time to write one batch and its offset");

    public static void Projected(string projection, int events, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("projection", projection);
        ProjectedEvents.Add(events, tag);
        ProjectionCommitDuration.Record(elapsed.TotalMilliseconds, tag);
    }

    public static void CommandHandled(string kind, string outcome) =>
        Commands.Add(1, new KeyValuePair<string, object?>("entity", kind), new KeyValuePair<string, object?>("outcome", outcome));

    public static void Persisted(string kind, TimeSpan elapsed) =>
        PersistDuration.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("entity", kind));

    public static void LiveReceived(string channel) =>
        LiveReceptions.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public static void LiveDelivered(string channel) =>
        LiveDeliveries.Add(1, new KeyValuePair<string, object?>("channel", channel));
}
