using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Community.LoadGen;

/// <summary>Everything one run measured; printed as a table and as one JSON line.</summary>
/// <param name="ProductError">Why the product phase did not run (then <paramref name="Product"/> is null).</param>
/// <param name="ClosedConnections">Reader connections that closed during the run: their deliveries show as lost.</param>
public sealed record RunReport(
    MachineInfo Machine, LoadGenArguments Arguments, string CircleId, PhaseResult? Product, string? ProductError, PhaseResult Raw,
    int ClosedConnections)
{
    /// <summary>Product deliveries/s over raw deliveries/s: 1 means the product adds nothing to the fan-out's rate.</summary>
    public double? DeliveriesPerSecondRatio => Product is null || Raw.DeliveriesPerSecond == 0
        ? null
        : Product.DeliveriesPerSecond / Raw.DeliveriesPerSecond;
}

public static class Report
{
    public static void Print(TextWriter output, RunReport report)
    {
        var a = report.Arguments;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"run: {a.Readers} readers ({(a.ReadersInChild ? "in a child process" : "in the product's process")}) on circle {report.CircleId}, {a.Rate} posts/s from {a.Writers} writers, "
            + $"{a.Seconds} s measured after {a.Warmup} s warm-up per phase; reader connections closed during the run: {report.ClosedConnections}");
        text.AppendLine();
        text.AppendLine("phase      posts  failed    expected    received      lost   dup   p50 ms   p99 ms   max ms  deliveries/s  payload B  accept p50/p99 ms");
        text.AppendLine(report.Product is null ? $"product    not run: {report.ProductError}" : Row(report.Product));
        text.AppendLine(Row(report.Raw));
        foreach (var phase in new[] { report.Product, report.Raw })
        {
            if (phase?.FirstFailure is { } failure) text.AppendLine($"{phase.Phase} first failure: {failure}");
        }
        if (report.Product is { } product)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"product/raw: deliveries/s {report.DeliveriesPerSecondRatio:0.00}x; p99 {product.P99Ms:0.0} ms (product) vs {report.Raw.P99Ms:0.0} ms (raw)");
        }
        output.WriteLine(text.ToString());
        output.WriteLine(JsonSerializer.Serialize(report, JsonSerializerOptions.Web));
    }

    private static string Row(PhaseResult p) => string.Create(CultureInfo.InvariantCulture,
        $"{p.Phase,-8} {p.Posts,7} {p.FailedPosts,7} {p.ExpectedDeliveries,11:N0} {p.ReceivedDeliveries,11:N0} {p.Lost,9:N0} {p.Duplicates,5} "
        + $"{p.P50Ms,8:0.0} {p.P99Ms,8:0.0} {p.MaxMs,8:0.0} {p.DeliveriesPerSecond,13:N0} {p.PayloadBytes,10} {p.AcceptP50Ms,9:0.0} / {p.AcceptP99Ms:0.0}");
}
