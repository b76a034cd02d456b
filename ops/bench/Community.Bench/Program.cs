using Community.Bench;

// Benchmarks of the community cluster on this machine: see ops/bench/README.md.
var arguments = BenchArguments.Parse(args);
switch (arguments.Mode)
{
    case "throughput":
        return await ThroughputBench.RunAsync(arguments);
    case "hot-circle":
        return await HotCircleBench.RunAsync(arguments);
    case "memory":
        return await MemoryBench.RunAsync(arguments);
    case "recovery":
        return await RecoveryBench.RunAsync(arguments);
    case "serializer":
        return SerializerBench.Run(arguments);
    case "session-check":
        return SessionCheckBench.Run(arguments);
    case "channel-read":
        return await ChannelReadBench.RunAsync(arguments);
    case "behavior-ingest":
        return await BehaviorIngestBench.RunAsync(arguments);
    case "dashboard-read":
        return await DashboardReadBench.RunAsync(arguments);
    case "stats-pipeline":
        return await StatsPipelineBench.RunAsync(arguments);
    case "tickets":
        return await TicketsBench.RunAsync(arguments);
    default:
        Console.Error.WriteLine("""
            usage: dotnet run -c Release --project ops/bench/Community.Bench -- <mode> [options]
              throughput  acknowledged persisted commands/s through the shard regions vs a raw SQLite group-commit writer
                          --users 2000 --callers 128 --seconds 10 --warmup 3 --variants product[,akka-defaults,...] [--rounds 1] [--no-raw] [--with-query]
              hot-circle  acknowledged persisted posts/comments/likes per second on one circle
                          --callers 256 --members 1000 --seconds 10 --warmup 3 --path circle,user [--rounds 1]
              memory      bytes per idle active entity      --entities 20000 --callers 64
              recovery    recovery of one entity with and without a snapshot
                          --events 10000 --snapshot-every 200 --repeats 3
              serializer  BenchmarkDotNet ShortRun of CommunitySerializer ToBinary/FromBinary
              session-check  BenchmarkDotNet ShortRun: the per-request session check vs JWT validation, and the password hasher
              channel-read  creators read model on SQLite: channel pages (county, city, province; page 1 and 50), a reprint, a busy creator's works
                          --creators 3200 --works 100000 --readers 4 --iterations 4000
              behavior-ingest  durable behavior events/s: callers append batches to BehaviorLog and await the commit (SQLite; PostgreSQL too
                          when COMMUNITY_TEST_POSTGRES or --postgres is set); --http also posts them to a Kestrel node's POST /api/events
                          --callers 64 --batch 50 --seconds 10 --warmup 2 --storage sqlite,postgres --max-batch 2000 --window-ms 5 --queue 1024 [--http]
              dashboard-read  GET /api/creators/{id}/dashboard's reads: seeds accounts and works (read model + stats projections), tasks, and
                          --events views+shares (aggregated counters, --through-log of them via BehaviorLog + CreatorStatsFromBehavior), then
                          times DashboardAsync and the route's reads (titles, reprints) for random accounts and the busiest (SQLite; PostgreSQL too
                          when COMMUNITY_TEST_POSTGRES or --postgres is set)
                          --creators 3200 --works 100000 --events 10000000 --through-log 1000000 --readers 4 --iterations 2000 --storage sqlite,postgres
              stats-pipeline  behavior events to dashboard numbers: the consumer alone on a prefilled log, then callers AppendAsync views/shares
                          while CreatorStatsFromBehavior.RunOnceAsync loops as CreatorStatsWorker does; ingested/counted events/s, lag, drain;
                          checks the sums (exit 1 on MISMATCH)
                          --callers 64 --batch 50 --seconds 20 --creators 3200 --works 100000 --prefill 400000 --share-every 10 --storage sqlite,postgres
              tickets     the help tickets read model: fills --tickets through TicketReadModelProjection (--open of them assigned and
                          overdue), times the department queue (first and deep page, supervised), the figures (province, county,
                          183 days) and the SLA sweep's DueAsync batches over every overdue ticket (SQLite; PostgreSQL too when set)
                          --tickets 1000000 --open 100000 --readers 4 --iterations 2000 --storage sqlite,postgres
            common: --keep-data (leave the temporary data directories)
            """);
        return 2;
}
