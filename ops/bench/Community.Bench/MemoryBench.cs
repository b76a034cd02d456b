using Akka.Actor;
using Akka.Cluster.Sharding;
using Community.Contracts.Common;

namespace Community.Bench;

/// <summary>Managed memory per idle active entity: start N user entities with one event each (no passivation), then
/// compare the heap after full collections with the heap before.</summary>
public static class MemoryBench
{
    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var entities = arguments.Int("entities", 20_000);
        var callers = arguments.Int("callers", 64);
        var variant = arguments.Text("variant", "product");
        Console.WriteLine($"memory: {entities:N0} idle user entities with one event each, {callers} callers, variant {variant}");
        var dir = BenchNode.NewDataDir("mem");
        await using (var node = await BenchNode.StartAsync(dir, variant))
        {
            // Warm every shard and code path first, so the baseline holds the fixed costs.
            const int warm = 500;
            await LoadRunner.ForCountAsync("warm-up", callers, warm, async (_, i) =>
                await node.Users.Ask<object>(ThroughputBench.Register(1_000_000 + i), TimeSpan.FromSeconds(60)) is CommandAccepted);
            await Task.Delay(TimeSpan.FromSeconds(2));
            var (beforeLive, beforeHeap) = Measure();
            Console.WriteLine($"  before: live {beforeLive / 1048576.0:F1} MiB, heap {beforeHeap / 1048576.0:F1} MiB, {await CountAsync(node)} entities");

            var started = await LoadRunner.ForCountAsync("start entities", callers, entities, async (_, i) =>
                await node.Users.Ask<object>(ThroughputBench.Register(i), TimeSpan.FromSeconds(60)) is CommandAccepted);
            // Let the journal's batches, asks and temporary actors drain before measuring.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var (afterLive, afterHeap) = Measure();
            var alive = await CountAsync(node) - warm;
            Console.WriteLine($"  after:  live {afterLive / 1048576.0:F1} MiB, heap {afterHeap / 1048576.0:F1} MiB, {alive + warm} entities");

            Console.WriteLine();
            Console.WriteLine($"summary ({Environment.ProcessorCount} cores):");
            Console.WriteLine($"  entities started          {started.Operations:N0} ({started.PerSecond:N0}/s)");
            Console.WriteLine($"  entities alive (counted)  {alive:N0}");
            Console.WriteLine($"  GC.GetTotalMemory(true)   {(afterLive - beforeLive) / (double)alive:N0} bytes per idle entity");
            Console.WriteLine($"  GC heap size after GC     {(afterHeap - beforeHeap) / (double)alive:N0} bytes per idle entity");
            if (alive != entities) Console.WriteLine($"  WARNING: {entities - alive:N0} entities were not alive at the end");
        }
        BenchNode.Cleanup(dir, arguments);
        return 0;
    }

    private static (long Live, long Heap) Measure()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        var live = GC.GetTotalMemory(forceFullCollection: true);
        return (live, GC.GetGCMemoryInfo(GCKind.FullBlocking).HeapSizeBytes);
    }

    private static async Task<int> CountAsync(BenchNode node)
    {
        var state = await node.Users.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(30));
        return state.Shards.Sum(s => s.EntityIds.Count);
    }
}
