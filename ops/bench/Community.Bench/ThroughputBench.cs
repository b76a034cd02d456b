using Akka.Actor;
using Community.Cluster.Serialization;
using Community.Contracts.Common;
using Community.Contracts.Users;
using Microsoft.Data.Sqlite;

namespace Community.Bench;

/// <summary>Acknowledged persisted commands per second through the user shard region, against the best raw
/// Microsoft.Data.Sqlite writer of the same rows under the same guarantee (acknowledged after commit).</summary>
public static class ThroughputBench
{
    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var users = arguments.Int("users", 2000);
        var callers = arguments.Int("callers", 128);
        var seconds = TimeSpan.FromSeconds(arguments.Int("seconds", 10));
        var warmup = TimeSpan.FromSeconds(arguments.Int("warmup", 3));
        var variants = arguments.List("variants", "product");
        var rounds = arguments.Int("rounds", 1);
        if (users < callers && !arguments.Flag("no-raw"))
        {
            Console.Error.WriteLine("With fewer users than callers (a hot entity), add --no-raw: the raw writer numbers each user's rows per caller.");
            return 2;
        }
        Console.WriteLine($"throughput: {users:N0} users, {callers} callers, {warmup.TotalSeconds} s warm-up + {seconds.TotalSeconds} s measured, " +
            $"variants {string.Join(", ", variants)}, raw {(arguments.Flag("no-raw") ? "off" : "on")}, rounds {rounds}, {Environment.ProcessorCount} cores");

        var results = new List<(string Name, int Round, LoadResult Result)>();
        string[]? schema = null;
        long synchronous = -1;
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var variant in variants)
            {
                Console.WriteLine($"- cluster, variant {variant}, round {round}");
                var dir = BenchNode.NewDataDir("tp-" + variant);
                await using (var node = await BenchNode.StartAsync(dir, variant))
                {
                    // Registration starts each entity (recovery reads) and persists its first event.
                    results.Add((variant + "/register", round, await LoadRunner.ForCountAsync("register", callers, users, async (_, i) =>
                        await node.Users.Ask<object>(Register(i), TimeSpan.FromSeconds(60)) is CommandAccepted)));
                    LoadRunner.Call update = async (c, i) =>
                        await node.Users.Ask<object>(Update(c, i, callers, users), TimeSpan.FromSeconds(60)) is CommandAccepted;
                    await LoadRunner.ForDurationAsync("warm-up", callers, warmup, update);
                    results.Add((variant, round, await LoadRunner.ForDurationAsync("measured", callers, seconds, update)));
                    if (arguments.Flag("with-query"))
                    {
                        // The same path without a journal write: what messaging alone costs.
                        results.Add((variant + "/query", round, await LoadRunner.ForDurationAsync("query", callers, seconds, async (c, i) =>
                            await node.Users.Ask<object>(new GetUser(Update(c, i, callers, users).UserId), TimeSpan.FromSeconds(60)) is UserView)));
                    }
                    (schema, synchronous) = ReadSchema(node.Database.ConnectionString);
                }
                BenchNode.Cleanup(dir, arguments);
            }

            if (arguments.Flag("no-raw") || schema is null) continue;
            Console.WriteLine($"- raw Microsoft.Data.Sqlite group-commit writer (synchronous={synchronous}), round {round}");
            var rawDir = BenchNode.NewDataDir("tp-raw");
            var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(rawDir, "raw.db") }.ToString();
            await using (var writer = RawSqliteWriter.Create(connectionString, schema, synchronous))
            {
                var seqs = new long[users];
                await LoadRunner.ForCountAsync("register", callers, users, async (_, i) =>
                {
                    var evt = Register(i);
                    await writer.AppendAsync(PersistenceId(evt.UserId), seqs[i] = 1, Serialize(ToEvent(evt)), Manifests.Of(typeof(UserRegistered)), "users");
                    return true;
                });
                LoadRunner.Call update = async (c, i) =>
                {
                    var command = Update(c, i, callers, users);
                    var user = UserIndex(c, i, callers, users);
                    var evt = new ProfileUpdated(command.UserId, command.DisplayName!, "350100", command.At);
                    await writer.AppendAsync(PersistenceId(command.UserId), ++seqs[user], Serialize(evt), Manifests.Of(typeof(ProfileUpdated)), "users");
                    return true;
                };
                await LoadRunner.ForDurationAsync("warm-up", callers, warmup, update);
                results.Add(("raw", round, await LoadRunner.ForDurationAsync("measured", callers, seconds, update)));
                Console.WriteLine($"  raw writer: {writer.Commits:N0} commits, {writer.Rows / (double)Math.Max(1, writer.Commits):F1} events per commit");
            }
            BenchNode.Cleanup(rawDir, arguments);
        }

        Console.WriteLine();
        Console.WriteLine($"summary ({users:N0} users, {callers} callers, {seconds.TotalSeconds} s per phase, {Environment.ProcessorCount} cores):");
        Console.WriteLine($"  {"variant",-16} {"round",5} {"acked/s",10} {"p50 ms",8} {"p99 ms",8} {"CPU us",7} {"writes",7} {"x raw",7}");
        foreach (var (name, round, result) in results)
        {
            var raw = results.FirstOrDefault(r => r.Name == "raw" && r.Round == round).Result;
            var ratio = raw is null || name == "raw" || name.Contains('/', StringComparison.Ordinal) ? "" : (result.PerSecond / raw.PerSecond).ToString("F3");
            Console.WriteLine($"  {name,-16} {round,5} {result.PerSecond,10:N0} {result.P50Ms,8:F1} {result.P99Ms,8:F1} {result.CpuMicrosPerOperation,7:F0} {result.WritesPerOperation,7:F1} {ratio,7}" +
                (result.Failures > 0 ? $"  ({result.Failures:N0} failed)" : ""));
        }
        return results.Any(r => r.Result.Failures > 0) ? 1 : 0;
    }

    private static readonly DateTimeOffset At = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    internal static RegisterUser Register(long i) =>
        new(new UserId($"u{i:D6}"), $"user{i:D6}", "AQAAAAIAAYagAAAAEJ8v5r0m8q5o1bench0hash0placeholder0000000000000000000==",
            $"User {i}", "350100", At);

    private static int UserIndex(int caller, long iteration, int callers, int users)
    {
        // Fewer users than callers: the callers share them, and with --users 1 all queue on one hot entity.
        if (users < callers) return (int)((caller + iteration) % users);
        // Caller c owns users c, c + callers, ... so no two callers queue behind the same entity.
        var owned = (users - caller + callers - 1) / callers;
        return caller + (int)(iteration / callers % owned) * callers;
    }

    private static UpdateProfile Update(int caller, long iteration, int callers, int users) =>
        new(new UserId($"u{UserIndex(caller, iteration, callers, users):D6}"), $"name {iteration}", null, At);

    private static UserRegistered ToEvent(RegisterUser r) => new(r.UserId, r.UserName, r.PasswordHash, r.DisplayName, r.RegionCode, r.At);

    private static string PersistenceId(UserId id) => $"user-{id.Value}";

    private static byte[] Serialize(object evt) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(evt, evt.GetType(), CommunitySerializer.Json);

    private static (string[] Schema, long Synchronous) ReadSchema(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE tbl_name IN ('journal', 'tags') AND sql IS NOT NULL ORDER BY type DESC";
        var schema = new List<string>();
        using (var reader = command.ExecuteReader())
            while (reader.Read()) schema.Add(reader.GetString(0));
        command.CommandText = "PRAGMA synchronous";
        return ([.. schema], (long)command.ExecuteScalar()!);
    }
}
