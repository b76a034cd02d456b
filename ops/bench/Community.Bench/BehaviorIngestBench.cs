using System.Net;
using System.Net.Http.Json;
using Akka.Actor;
using Community.Recommender.Behavior;
using Community.Web.Behavior;
using Community.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Community.Bench;

/// <summary>
/// Durable behavior events per second: concurrent callers each append a batch of events to <see cref="BehaviorLog"/>
/// and wait for its commit before the next (as <c>POST /api/events</c> does before its 202), on SQLite (a file of its
/// own, WAL, synchronous FULL) and, when a server is given, PostgreSQL. With <c>--http</c> also through a real Kestrel
/// node's route (anonymous JSON posts over loopback).
/// </summary>
public static class BehaviorIngestBench
{
    public static async Task<int> RunAsync(BenchArguments arguments)
    {
        var callers = arguments.Int("callers", 64);
        var batch = arguments.Int("batch", 50);
        var seconds = arguments.Int("seconds", 10);
        var warmup = arguments.Int("warmup", 2);
        var options = new BehaviorLogOptions
        {
            MaxBatchEvents = arguments.Int("max-batch", 2000),
            BatchWindow = TimeSpan.FromMilliseconds(arguments.Int("window-ms", 5)),
            QueueBound = arguments.Int("queue", 1024),
        };
        var storages = arguments.List("storage", Environment.GetEnvironmentVariable("COMMUNITY_TEST_POSTGRES") is { Length: > 0 }
            ? "sqlite,postgres" : "sqlite");
        Console.WriteLine($"behavior-ingest: {callers} callers x {batch} events per call, {warmup} s warm-up + {seconds} s; " +
            $"max {options.MaxBatchEvents} events per transaction, window {options.BatchWindow.TotalMilliseconds} ms, queue {options.QueueBound}");

        using var system = ActorSystem.Create("behavior-bench", "akka.loglevel = WARNING");
        foreach (var storage in storages)
        {
            if (storage == "postgres")
            {
                var server = arguments.Text("postgres", Environment.GetEnvironmentVariable("COMMUNITY_TEST_POSTGRES") ?? "");
                if (server.Length == 0)
                {
                    Console.WriteLine("  postgres: no --postgres connection string and no COMMUNITY_TEST_POSTGRES: skipped");
                    continue;
                }
                var name = "behavior_bench_" + Guid.NewGuid().ToString("N")[..8];
                await AdminAsync(server, $"CREATE DATABASE \"{name}\"");
                try
                {
                    var connection = new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
                    await RunLogAsync("postgres", true, connection, system, options, callers, batch, warmup, seconds);
                }
                finally
                {
                    NpgsqlConnection.ClearAllPools();
                    await AdminAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                }
            }
            else
            {
                var dir = BenchNode.NewDataDir("behavior");
                var connection = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = Path.Combine(dir, "behavior.db") }.ToString();
                await RunLogAsync("sqlite", false, connection, system, options, callers, batch, warmup, seconds);
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                BenchNode.Cleanup(dir, arguments);
            }
        }

        if (arguments.Flag("http")) await RunHttpAsync(arguments, callers, batch, warmup, seconds);
        await system.Terminate();
        return 0;
    }

    private static async Task RunLogAsync(string label, bool isPostgres, string connectionString, ActorSystem system,
        BehaviorLogOptions options, int callers, int batch, int warmup, int seconds)
    {
        await using var log = new BehaviorLog(isPostgres, connectionString, system, NullLogger.Instance, options);
        await log.EnsureSchemaAsync(CancellationToken.None);
        var calls = Enumerable.Range(0, callers).Select(c => Records(c, batch)).ToArray();
        if (warmup > 0)
            await LoadRunner.ForDurationAsync($"{label} warm-up", callers, TimeSpan.FromSeconds(warmup), async (c, _) =>
            {
                await log.AppendAsync(calls[c], CancellationToken.None);
                return true;
            });
        var (batches, events) = (log.CommittedBatches, log.CommittedEvents);
        var result = await LoadRunner.ForDurationAsync(label, callers, TimeSpan.FromSeconds(seconds), async (c, _) =>
        {
            await log.AppendAsync(calls[c], CancellationToken.None);
            return true;
        });
        var (committedBatches, committedEvents) = (log.CommittedBatches - batches, log.CommittedEvents - events);
        Console.WriteLine($"  {label}: {committedEvents / result.Elapsed.TotalSeconds:N0} durable events/s; AppendAsync p50 {result.P50Ms:F1} ms, " +
            $"p99 {result.P99Ms:F1} ms; {committedBatches:N0} transactions = {committedBatches / result.Elapsed.TotalSeconds:N0}/s of " +
            $"{(committedBatches == 0 ? 0 : committedEvents / (double)committedBatches):N0} events ({result.Operations:N0} calls, " +
            $"{(committedBatches == 0 ? 0 : result.Operations / (double)committedBatches):F1} calls per commit); {result.Failures:N0} calls refused or failed");
    }

    private static BehaviorRecord[] Records(int caller, int count)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return [.. Enumerable.Range(0, count).Select(i => (i % 4) switch
        {
            0 => new BehaviorRecord(now, now, $"u-bench-{caller}", "dwell", "work", $"cr-bench-w-{caller:D4}{i:D4}", 1000 + i),
            1 => new BehaviorRecord(now, now, $"u-bench-{caller}", "view", "work", $"cr-bench-w-{caller:D4}{i:D4}", null),
            2 => new BehaviorRecord(now, now, null, "click", "post", $"p-bench-{caller:D4}{i:D4}", null),
            _ => new BehaviorRecord(now, now, null, "view", "post", $"p-bench-{caller:D4}{i:D4}", null),
        })];
    }

    /// <summary>A web node of its own (SQLite, one-node cluster, only the behavior area) on a loopback port.</summary>
    private static async Task RunHttpAsync(BenchArguments arguments, int callers, int batch, int warmup, int seconds)
    {
        var dir = BenchNode.NewDataDir("behavior-http");
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Community:DataDir"] = dir,
            ["Community:Cluster:Port"] = "0",
            ["Community:Behavior:RequestsPerMinute"] = "100000000",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddCommunityWeb().AddBehaviorArea();
        await using var app = builder.Build();
        app.UseCommunityWeb();
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = callers }) { BaseAddress = address };
        var bodies = Enumerable.Range(0, callers).Select(c => Enumerable.Range(0, batch).Select(i => (i % 2) switch
        {
            0 => (object)new { kind = "dwell", itemKind = "work", itemId = $"cr-bench-w-{c:D4}{i:D4}", ms = 1000 + i },
            _ => new { kind = "view", itemKind = "post", itemId = $"p-bench-{c:D4}{i:D4}" },
        }).ToArray()).ToArray();
        LoadRunner.Call post = async (c, _) =>
        {
            using var response = await http.PostAsJsonAsync("/api/events", bodies[c]);
            return response.StatusCode == HttpStatusCode.Accepted;
        };
        var log = app.Services.GetRequiredService<BehaviorLog>();
        if (warmup > 0) await LoadRunner.ForDurationAsync("http warm-up", callers, TimeSpan.FromSeconds(warmup), post);
        var (batches, events) = (log.CommittedBatches, log.CommittedEvents);
        var result = await LoadRunner.ForDurationAsync("http (sqlite)", callers, TimeSpan.FromSeconds(seconds), post);
        var (committedBatches, committedEvents) = (log.CommittedBatches - batches, log.CommittedEvents - events);
        Console.WriteLine($"  http (sqlite): {committedEvents / result.Elapsed.TotalSeconds:N0} durable events/s; POST p50 {result.P50Ms:F1} ms, " +
            $"p99 {result.P99Ms:F1} ms; {committedBatches:N0} transactions of {(committedBatches == 0 ? 0 : committedEvents / (double)committedBatches):N0} events; " +
            $"{result.Failures:N0} requests not 202");
        await app.StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        BenchNode.Cleanup(dir, arguments);
    }

    private static async Task AdminAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
