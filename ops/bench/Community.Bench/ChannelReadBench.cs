using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Persistence.Query;
using Community.Cluster.Creators;
using Community.Cluster.Hosting;
using Community.Cluster.Persistence;
using Community.Cluster.Projections;
using Community.Cluster.Regions;
using Community.Contracts.Common;
using Community.Contracts.Creators;
using Community.Contracts.Regions;

namespace Community.Bench;

/// <summary>The creators read model's read paths on a real SQLite file: seeds accounts and published works through
/// <see cref="CreatorReadModelProjection.ApplyAsync"/> in batches committed as <see cref="ProjectionRunner"/> commits them
/// (rows and offset in one transaction, <see cref="ProjectionRunner.MaxBatch"/> envelopes each), then times the
/// <see cref="CreatorReadModel"/> queries the GET routes make from a few concurrent readers.</summary>
public static class ChannelReadBench
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private const string Base32 = "abcdefghijklmnopqrstuvwxyz234567";
    private const int PageSize = 20;
    private const int DeepPage = 50;
    private const string County = "330106"; // Xihu, Hangzhou
    private const string City = "330100"; // Hangzhou

    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var creators = arguments.Int("creators", 3_200);
        var works = arguments.Int("works", 100_000);
        var readers = arguments.Int("readers", 4);
        var iterations = arguments.Int("iterations", 4_000);
        Console.WriteLine($"channel-read: {creators:N0} creator accounts, {works:N0} published works (~5% reprinted, ~2% corrected, " +
            $"~1% withdrawn), then {iterations:N0} calls per query from {readers} readers; SQLite file");

        var dir = BenchNode.NewDataDir("chan");
        var database = new JournalDatabase(new CommunityClusterOptions { DataDir = dir });
        database.Prepare();
        var seeded = await SeedAsync(database, creators, works);

        var model = new CreatorReadModel(database);
        var none = CancellationToken.None;
        var province = RegionCatalog.ProvinceCode;
        var cursors = new Dictionary<string, long>();
        foreach (var region in new[] { County, City, province })
            cursors[region] = await CursorOfPageAsync(model, region, DeepPage);
        var sizes = await ChannelSizesAsync(database, [County, City, province]);
        Console.WriteLine($"  channel rows: county {County} {sizes[County]:N0}, city {City} {sizes[City]:N0}, province {province} {sizes[province]:N0}; " +
            $"busy creator {seeded.BusyCreator} has {seeded.BusyCreatorWorks:N0} works; file {FileMiB(database):F0} MiB");

        var queries = new (string Name, Func<Task<int>> Call)[]
        {
            ($"channel county {County}, page 1", async () => (await model.ChannelAsync(County, null, PageSize, none)).Count),
            ($"channel city {City}, page 1", async () => (await model.ChannelAsync(City, null, PageSize, none)).Count),
            ($"channel province {province}, page 1", async () => (await model.ChannelAsync(province, null, PageSize, none)).Count),
            ($"channel county, page {DeepPage}", async () => (await model.ChannelAsync(County, cursors[County], PageSize, none)).Count),
            ($"channel city, page {DeepPage}", async () => (await model.ChannelAsync(City, cursors[City], PageSize, none)).Count),
            ($"channel province, page {DeepPage}", async () => (await model.ChannelAsync(province, cursors[province], PageSize, none)).Count),
            ("FindWork of a reprint", async () => await model.FindWorkAsync(seeded.Reprint, none) is { ReprintOfWorkId: not null } ? 1 : 0),
            ("WorksOf a busy creator, page 1", async () => (await model.WorksOfAsync(seeded.BusyCreator, false, null, PageSize, none)).Count),
        };

        var rows = new List<(string Name, int Rows, Percentiles Stats, double PerSecond)>();
        foreach (var (name, call) in queries)
        {
            var rowCount = await call();
            if (rowCount == 0) throw new InvalidOperationException($"{name}: no rows; the seed is not what the bench expects.");
            var (stats, perSecond) = await MeasureAsync(name, readers, iterations, call);
            rows.Add((name, rowCount, stats, perSecond));
        }

        Console.WriteLine();
        Console.WriteLine($"summary ({creators:N0} creators, {works:N0} works, {seeded.Events:N0} events seeded at {seeded.EventsPerSecond:N0} events/s " +
            $"= {seeded.WorksPerSecond:N0} works/s; {readers} readers, {Environment.ProcessorCount} cores):");
        Console.WriteLine($"  {"query",-34} {"rows",5} {"count",7} {"mean µs",9} {"p50 µs",9} {"p99 µs",9} {"max µs",9} {"calls/s",9}");
        foreach (var (name, rowCount, s, perSecond) in rows)
            Console.WriteLine($"  {name,-34} {rowCount,5} {s.Count,7:N0} {s.Mean,9:N0} {s.P50,9:N0} {s.P99,9:N0} {s.Max,9:N0} {perSecond,9:N0}");
        foreach (var (name, _, s, _) in rows.Where(r => r.Stats.P99 > 20_000))
            Console.WriteLine($"  SLOW: {name} p99 {s.P99 / 1000:F1} ms (> 20 ms); see EXPLAIN QUERY PLAN (--keep-data keeps the file)");

        SqliteClear();
        BenchNode.Cleanup(dir, arguments);
        return 0;
    }

    internal sealed record Seeded(long Events, double EventsPerSecond, double WorksPerSecond, string BusyCreator, int BusyCreatorWorks, string Reprint);

    /// <summary>Accounts over every region of the catalogue (counties most), then works with varied target tiers,
    /// interleaved with reprints, corrections and withdrawals of earlier works; fixed seed, so every run seeds the same.</summary>
    /// <remarks><paramref name="also"/>: projections of the same tag fed the same envelopes, each in a transaction of its own
    /// with its own offset, as their own <see cref="ProjectionRunner"/>s commit them.</remarks>
    internal static async Task<Seeded> SeedAsync(JournalDatabase database, int creatorCount, int workCount, params IProjection[] also)
    {
        var random = new Random(42);
        var projection = new CreatorReadModelProjection();
        var regions = RegionCatalog.Regions;
        var counties = regions.Where(r => r.Tier == Tiers.County).ToArray();
        var cities = regions.Where(r => r.Tier == Tiers.City).ToArray();
        var creators = Enumerable.Range(0, creatorCount).Select(i => NewCreator(i, counties, cities)).ToArray();

        var seqs = new Dictionary<string, long>(StringComparer.Ordinal);
        var batch = new List<EventEnvelope>(ProjectionRunner.MaxBatch);
        long ordering = 0, batches = 0;
        var clock = Stopwatch.StartNew();

        await using (var connection = database.CreateConnection())
        {
            await connection.OpenAsync();
            await ProjectionOffsets.EnsureTableAsync(connection, CancellationToken.None);
            await projection.EnsureSchemaAsync(connection, CancellationToken.None);
            foreach (var other in also) await other.EnsureSchemaAsync(connection, CancellationToken.None);
        }

        async Task AddAsync(ICreatorEvent evt)
        {
            var persistenceId = $"creator-{evt.CreatorId.Value}";
            var seq = seqs[persistenceId] = seqs.GetValueOrDefault(persistenceId) + 1;
            batch.Add(new EventEnvelope(new Sequence(++ordering), persistenceId, seq, evt, 0, [projection.Tag]));
            if (batch.Count == ProjectionRunner.MaxBatch) await CommitAsync();
        }

        // As ProjectionRunner.CommitAsync: a connection from the pool, the batch's rows and its last offset in one transaction.
        async Task CommitAsync()
        {
            if (batch.Count == 0) return;
            await using var connection = database.CreateConnection();
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await projection.ApplyAsync(connection, transaction, batch, CancellationToken.None);
            await ProjectionOffsets.SaveAsync(connection, transaction, projection.Name, ((Sequence)batch[^1].Offset).Value, CancellationToken.None);
            await transaction.CommitAsync();
            foreach (var other in also)
            {
                await using var otherTransaction = await connection.BeginTransactionAsync();
                await other.ApplyAsync(connection, otherTransaction, batch, CancellationToken.None);
                await ProjectionOffsets.SaveAsync(connection, otherTransaction, other.Name, ((Sequence)batch[^1].Offset).Value, CancellationToken.None);
                await otherTransaction.CommitAsync();
            }
            batch.Clear();
            batches++;
        }

        DateTimeOffset Now() => At.AddSeconds(ordering);

        foreach (var c in creators)
        {
            await AddAsync(new CreatorRegistered(c.Id, new UserId($"u-owner-{c.Id.Value}"), c.Name, c.OrgType, c.Region.Code, Now()));
            await AddAsync(new CreatorVerificationDecided(c.Id, true, "资质齐全", new UserId("u-mod"), Now()));
        }

        var owner = new int[workCount];
        var workIds = new string[workCount];
        var versions = new int[workCount];
        var withdrawn = new bool[workCount];
        var reprinted = new HashSet<(int Work, int Reprinter)>();
        var worksOf = new int[creatorCount];
        string? lastReprint = null;
        int reprints = 0, corrections = 0, withdrawals = 0;

        // An earlier original still published, or -1 after a few misses.
        int EarlierPublished(int upTo)
        {
            for (var tries = 0; tries < 8; tries++)
            {
                var candidate = random.Next(0, upTo + 1);
                if (!withdrawn[candidate]) return candidate;
            }
            return -1;
        }

        for (var w = 0; w < workCount; w++)
        {
            // A fifth of the works from 16 busy accounts, the rest from anyone.
            var ci = random.Next(5) == 0 ? random.Next(Math.Min(16, creatorCount)) : random.Next(creatorCount);
            var creator = creators[ci];
            owner[w] = ci;
            worksOf[ci]++;
            var workId = workIds[w] = WorkIds.Of(creator.Id, Suffix('w', w));
            versions[w] = 1;
            var tiers = TiersOf(random.Next(1, 8));
            var (kind, content) = ContentOf(w, random);
            var editor = new UserId($"u-owner-{creator.Id.Value}");
            await AddAsync(new WorkCreated(creator.Id, workId, editor, kind, content, tiers, creator.Region.Code, Now()));
            await AddAsync(new WorkPublished(creator.Id, workId, editor, tiers, creator.Region.Code, Now()));

            if (w % 20 == 19 && EarlierPublished(w) is var original and >= 0)
            {
                var ri = random.Next(creatorCount);
                if (ri != owner[original] && reprinted.Add((original, ri)))
                {
                    var reprinter = creators[ri];
                    lastReprint = WorkIds.Of(reprinter.Id, Suffix('r', reprints));
                    await AddAsync(new WorkReprinted(creators[owner[original]].Id, workIds[original], lastReprint, reprinter.Id, reprinter.Name,
                        reprinter.Region.Code, new UserId($"u-owner-{reprinter.Id.Value}"), Now()));
                    worksOf[ri]++;
                    reprints++;
                }
            }
            if (w % 50 == 49 && EarlierPublished(w) is var corrected and >= 0)
            {
                var version = ++versions[corrected];
                var (_, revised) = ContentOf(corrected, random);
                await AddAsync(new WorkRevised(creators[owner[corrected]].Id, workIds[corrected], new UserId("u-editor"), version,
                    revised with { Title = revised.Title + "（更正）" }, $"更正第 {version} 版", true, Now()));
                corrections++;
            }
            if (w % 100 == 99 && EarlierPublished(w) is var gone and >= 0)
            {
                withdrawn[gone] = true;
                await AddAsync(new WorkWithdrawn(creators[owner[gone]].Id, workIds[gone], new UserId("u-editor"), "信息有误", Now()));
                worksOf[owner[gone]]--;
                withdrawals++;
            }
            if ((w + 1) % 10_000 == 0)
                Console.WriteLine($"  [seed] {w + 1,9:N0} works  {ordering,9:N0} events  {batches,6:N0} batches  {clock.Elapsed.TotalSeconds,6:F1} s  " +
                    $"{(w + 1) / clock.Elapsed.TotalSeconds,7:N0} works/s  {ordering / clock.Elapsed.TotalSeconds,7:N0} events/s");
        }
        await CommitAsync();
        var elapsed = clock.Elapsed.TotalSeconds;
        var busy = Array.IndexOf(worksOf, worksOf.Max());
        Console.WriteLine($"  seeded {ordering:N0} events ({workCount:N0} works, {reprints:N0} reprints, {corrections:N0} corrections, " +
            $"{withdrawals:N0} withdrawals) in {batches:N0} transactions of up to {ProjectionRunner.MaxBatch}: {elapsed:F1} s, " +
            $"{ordering / elapsed:N0} events/s, {workCount / elapsed:N0} works/s");
        return new Seeded(ordering, ordering / elapsed, workCount / elapsed, creators[busy].Id.Value, worksOf[busy],
            lastReprint ?? throw new InvalidOperationException("No reprint was seeded."));
    }

    private sealed record Creator(CreatorId Id, string Name, string OrgType, RegionDto Region);

    // One in 20 accounts is the province's, 5 in 20 a city's, the rest a county's: spread round the catalogue.
    private static Creator NewCreator(int i, RegionDto[] counties, RegionDto[] cities)
    {
        var slot = i % 20;
        var region = slot == 0 ? RegionCatalog.Find(RegionCatalog.ProvinceCode)!
            : slot <= 5 ? cities[i / 20 % cities.Length]
            : counties[(i / 20 * 14 + slot - 6) % counties.Length];
        var orgType = region.Tier == Tiers.County && i % 3 == 0 ? OrgTypes.CountyMediaCenter
            : i % 7 == 0 ? OrgTypes.Individual : OrgTypes.Institution;
        return new Creator(new CreatorId($"cr-{i:D5}"), $"{region.Name}媒体{i}", orgType, region);
    }

    private static ImmutableArray<string> TiersOf(int mask)
    {
        var tiers = ImmutableArray.CreateBuilder<string>();
        if ((mask & 1) != 0) tiers.Add(Tiers.County);
        if ((mask & 2) != 0) tiers.Add(Tiers.City);
        if ((mask & 4) != 0) tiers.Add(Tiers.Province);
        return tiers.ToImmutable();
    }

    private static (string Kind, WorkContent Content) ContentOf(int w, Random random)
    {
        var body = string.Join("\n\n", Enumerable.Range(0, 3 + random.Next(4)).Select(p => $"第{p + 1}段：西湖边的晨光与断桥残雪，作品 {w} 的正文。"));
        return (w % 10) switch
        {
            0 => (WorkKinds.Video, new WorkContent($"视频 {w}", body, $"https://v.example.cn/{w}.mp4", $"https://img.example.cn/{w}.jpg", [])),
            1 => (WorkKinds.Gallery, new WorkContent($"图集 {w}", body, null, null,
                [.. Enumerable.Range(0, 4).Select(i => new GalleryImage($"https://img.example.cn/{w}-{i}.jpg", $"图 {i + 1}"))])),
            _ => (WorkKinds.Article, new WorkContent($"文章 {w}", body, null, null, [])),
        };
    }

    // 26 characters of [a-z2-7], the kind letter first.
    private static string Suffix(char kind, long n)
    {
        var chars = new char[26];
        Array.Fill(chars, 'a');
        chars[0] = kind;
        for (var i = 25; i > 0 && n > 0; i--, n /= 32) chars[i] = Base32[(int)(n % 32)];
        return new string(chars);
    }

    /// <summary>The cursor (<c>before</c>) that asks for page <paramref name="page"/>: the last position of the page before it.</summary>
    private static async Task<long> CursorOfPageAsync(CreatorReadModel model, string region, int page)
    {
        long? before = null;
        for (var p = 1; p < page; p++)
        {
            var listings = await model.ChannelAsync(region, before, PageSize, CancellationToken.None);
            if (listings.Count < PageSize) throw new InvalidOperationException($"Channel {region} has fewer than {page} pages.");
            before = listings[^1].Position;
        }
        return before!.Value;
    }

    private static async Task<Dictionary<string, long>> ChannelSizesAsync(JournalDatabase database, string[] regions)
    {
        var sizes = new Dictionary<string, long>();
        await using var connection = database.CreateConnection();
        await connection.OpenAsync();
        foreach (var region in regions)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM creator_channel_works WHERE region_code = @region";
            ProjectionOffsets.AddParameter(command, "@region", region);
            sizes[region] = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }
        return sizes;
    }

    private static double FileMiB(JournalDatabase database)
    {
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        return new[] { file, file + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length) / 1048576.0;
    }

    private static void SqliteClear() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

    public sealed record Percentiles(int Count, double Mean, double P50, double P99, double Max);

    /// <summary><paramref name="iterations"/> calls shared by <paramref name="readers"/> concurrent readers, each awaiting its
    /// call before the next, after a short warm-up; latencies in microseconds.</summary>
    internal static async Task<(Percentiles Stats, double PerSecond)> MeasureAsync(string name, int readers, int iterations, Func<Task<int>> call)
    {
        for (var i = 0; i < Math.Min(100, iterations / 10); i++) await call();
        var perReader = Math.Max(1, iterations / readers);
        var latencies = new long[readers][];
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, readers).Select(r => Task.Run(async () =>
        {
            var mine = latencies[r] = new long[perReader];
            for (var i = 0; i < perReader; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await call().ConfigureAwait(false);
                mine[i] = Stopwatch.GetTimestamp() - started;
            }
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().Select(t => t * 1e6 / Stopwatch.Frequency).ToArray();
        double Percentile(double p) => all[Math.Min(all.Length - 1, (int)(p * all.Length))];
        var stats = new Percentiles(all.Length, all.Average(), Percentile(0.50), Percentile(0.99), all[^1]);
        Console.WriteLine($"  [{name}] {stats.Count:N0} calls in {elapsed:F1} s = {stats.Count / elapsed:N0}/s  mean {stats.Mean:N0} µs  " +
            $"p50 {stats.P50:N0} µs  p99 {stats.P99:N0} µs  max {stats.Max:N0} µs");
        return (stats, stats.Count / elapsed);
    }
}
