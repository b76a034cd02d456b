using Akka.Actor;
using Community.Contracts.Circles;
using Community.Contracts.Common;
using Community.Contracts.Users;

namespace Community.Bench;

/// <summary>Persisted interactions per second on one circle: posts, comments and likes from many members at once,
/// each acknowledged only after its event is in the journal. <c>--path circle</c> sends the acts straight to the
/// circle (the entity and journal alone); <c>--path user</c> sends them as the web host does, through each member's
/// user entity, which checks membership and forwards.</summary>
public static class HotCircleBench
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var callers = arguments.Int("callers", 256);
        var members = arguments.Int("members", 1000);
        var seconds = TimeSpan.FromSeconds(arguments.Int("seconds", 10));
        var warmup = TimeSpan.FromSeconds(arguments.Int("warmup", 3));
        var paths = arguments.List("path", "circle,user");
        var variants = arguments.List("variants", "product");
        // The circle's snapshot interval: the product's by default (Community:Circles:SnapshotEvery).
        var snapshotEvery = arguments.List("snapshot-every", new Community.Cluster.Circles.CircleEntityOptions().SnapshotEvery.ToString()).Select(int.Parse).ToList();
        var rounds = arguments.Int("rounds", 1);
        Console.WriteLine($"hot-circle: 1 circle, {members:N0} members, {callers} callers, {warmup.TotalSeconds} s warm-up + " +
            $"{seconds.TotalSeconds} s measured, paths {string.Join(", ", paths)}, rounds {rounds}, {Environment.ProcessorCount} cores");

        var results = new List<(string Name, int Round, LoadResult Result)>();
        for (var round = 1; round <= rounds; round++)
        foreach (var variant in variants)
        foreach (var snapshots in snapshotEvery)
        foreach (var path in paths)
        {
            Console.WriteLine($"- path {path}, variant {variant}, snapshot every {snapshots}, round {round}");
            var dir = BenchNode.NewDataDir("hot-" + path);
            await using (var node = await BenchNode.StartAsync(dir, variant, circleSnapshotEvery: snapshots))
            {
                var circle = new CircleId("c-hot");
                await node.Circles.Ask<object>(new CreateCircle(circle, new UserId("u000000"), "热圈", "one busy circle", "330100", At));
                await LoadRunner.ForCountAsync("members", Math.Min(callers, 64), members, async (_, i) =>
                {
                    var user = new UserId($"u{i:D6}");
                    await node.Users.Ask<object>(ThroughputBench.Register(i), TimeSpan.FromSeconds(60));
                    var joined = (CommandAccepted)await node.Users.Ask<object>(new JoinCircle(user, circle, At), TimeSpan.FromSeconds(60));
                    return await node.Circles.Ask<object>(new AdmitMember(circle, user, $"{user}@{joined.Seq}", At), TimeSpan.FromSeconds(60))
                        is CommandAccepted;
                });
                await node.Circles.Ask<object>(new CreatePost(new UserId("u000000"), circle, "p-first", "u0", "first", [], null, At));
                for (var p = 0; p < LikedPosts; p++)
                    await node.Circles.Ask<object>(new CreatePost(new UserId("u000000"), circle, $"p-liked-{p}", "u0", "like me", [], null, At));
                var target = path == "user" ? node.Users : node.Circles;
                // Each phase numbers its calls from 0: the warm-up's are offset so the measured ones are all new acts.
                LoadRunner.Call Acts(long offset) => async (c, i) =>
                    await target.Ask<object>(Act(circle, i + offset, members), TimeSpan.FromSeconds(60)) is CommandAccepted;
                await LoadRunner.ForDurationAsync("warm-up", callers, warmup, Acts(1L << 40));
                var act = Acts(0);
                var before = await SeqAsync(node, circle);
                var measured = await LoadRunner.ForDurationAsync("measured", callers, seconds, act);
                var persisted = (await SeqAsync(node, circle) - before) / measured.Elapsed.TotalSeconds;
                Console.WriteLine($"  persisted on the circle: {persisted:N0} events/s ({measured.PerSecond:N0} acknowledged/s)");
                var name = path + (variants.Count > 1 ? $"/{variant}" : "") + (snapshotEvery.Count > 1 ? $"/s{snapshots}" : "");
                results.Add((name, round, measured with { Label = $"{persisted:N0}" }));
            }
            BenchNode.Cleanup(dir, arguments);
        }

        Console.WriteLine();
        Console.WriteLine($"summary (1 circle, {callers} callers, {seconds.TotalSeconds} s per phase, {Environment.ProcessorCount} cores):");
        Console.WriteLine($"  {"path",-16} {"round",5} {"persisted/s",12} {"acked/s",10} {"p50 ms",8} {"p99 ms",8} {"CPU us",7} {"writes",7}");
        foreach (var (name, round, r) in results)
            Console.WriteLine($"  {name,-16} {round,5} {r.Label,12} {r.PerSecond,10:N0} {r.P50Ms,8:F1} {r.P99Ms,8:F1} {r.CpuMicrosPerOperation,7:F0} {r.WritesPerOperation,7:F1}" +
                (r.Failures > 0 ? $"  ({r.Failures:N0} failed)" : ""));
        return results.Any(r => r.Result.Failures > 0) ? 1 : 0;
    }

    private static async Task<long> SeqAsync(BenchNode node, CircleId circle) =>
        ((CircleView)await node.Circles.Ask<object>(new GetCircle(circle), TimeSpan.FromSeconds(60))).Seq;

    private const int LikedPosts = 50;

    // A third each of posts, comments on the first post, and likes: each member likes post 0, then post 1, ... and
    // after the last one unlikes them in the same order. A like that arrives out of turn (only near a pass's end) is
    // acknowledged without an event, which is why the persisted rate is read from the circle's seq.
    private static ICircleAct Act(CircleId circle, long iteration, int members)
    {
        var user = new UserId($"u{iteration % members:D6}");
        var like = iteration / 3;
        return (iteration % 3) switch
        {
            0 => new CreatePost(user, circle, $"p-{iteration}", "", $"post {iteration}", [], null, At),
            1 => new AddComment(user, circle, "p-first", $"m-{iteration}", "", $"comment {iteration}", At),
            _ => new SetLike(new UserId($"u{like % members:D6}"), circle, $"p-liked-{like / members % LikedPosts}",
                like / members / LikedPosts % 2 == 0, At.AddSeconds(iteration)),
        };
    }
}
