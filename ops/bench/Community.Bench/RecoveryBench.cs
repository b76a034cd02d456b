using System.Diagnostics;
using Akka.Actor;
using Community.Contracts.Common;
using Community.Contracts.Users;

namespace Community.Bench;

/// <summary>Time from the first message to the reply for one entity with many events, after the actor system
/// restarted: once replaying the whole journal (no snapshots), once from the latest snapshot.</summary>
public static class RecoveryBench
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var events = arguments.Int("events", 10_000);
        var snapshotEvery = arguments.Int("snapshot-every", 200);
        var repeats = arguments.Int("repeats", 3);
        var variant = arguments.Text("variant", "product");
        Console.WriteLine($"recovery: one user with {events:N0} events; without snapshots and with a snapshot every {snapshotEvery}; " +
            $"{repeats} restarts each; variant {variant}");

        var rows = new List<(string Case, List<double> EntityMs, List<double> EmptyMs)>();
        foreach (var (label, every) in new[] { ("no snapshot", 0), ($"snapshot every {snapshotEvery}", snapshotEvery) })
        {
            Console.WriteLine($"- {label}");
            var dir = BenchNode.NewDataDir("rec");
            await using (var node = await BenchNode.StartAsync(dir, variant, every))
            {
                var id = new UserId("rec");
                if (await node.Users.Ask<object>(new RegisterUser(id, "rec", "hash", "Recovery", "350100", At), TimeSpan.FromSeconds(60)) is not CommandAccepted)
                    throw new InvalidOperationException("Registration was not accepted.");
                // Several callers keep the entity's mailbox full; the entity still persists one command at a time.
                await LoadRunner.ForCountAsync("write events", 16, events - 1, async (_, i) =>
                    await node.Users.Ask<object>(new UpdateProfile(id, $"name {i}", null, At), TimeSpan.FromSeconds(60)) is CommandAccepted);
            }

            var entityMs = new List<double>();
            var emptyMs = new List<double>();
            for (var r = 1; r <= repeats; r++)
            {
                await using var node = await BenchNode.StartAsync(dir, variant, every);
                // A fresh entity with no events first: shard allocation and the journal's first queries.
                emptyMs.Add(await TimeAsync(node, new GetUser(new UserId($"empty-{r}")), reply => reply is CommandRejected));
                var ms = await TimeAsync(node, new GetUser(new UserId("rec")), reply => reply is UserView { Seq: var seq } && seq == events);
                entityMs.Add(ms);
                Console.WriteLine($"  restart {r}: entity with {events:N0} events answered in {ms:F0} ms (empty entity {emptyMs[^1]:F0} ms)");
            }
            rows.Add((label, entityMs, emptyMs));
            BenchNode.Cleanup(dir, arguments);
        }

        Console.WriteLine();
        Console.WriteLine($"summary ({events:N0} events, {repeats} restarts, {Environment.ProcessorCount} cores):");
        Console.WriteLine($"  {"case",-22} {"median ms",10} {"min ms",8} {"max ms",8} {"empty entity ms",16}");
        foreach (var (name, entity, empty) in rows)
            Console.WriteLine($"  {name,-22} {Median(entity),10:F0} {entity.Min(),8:F0} {entity.Max(),8:F0} {Median(empty),16:F0}");
        return 0;
    }

    private static async Task<double> TimeAsync(BenchNode node, object message, Func<object, bool> expected)
    {
        var started = Stopwatch.GetTimestamp();
        var reply = await node.Users.Ask<object>(message, TimeSpan.FromSeconds(120));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return expected(reply) ? elapsed : throw new InvalidOperationException($"Unexpected reply {reply}.");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
