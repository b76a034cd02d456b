using System.Net;
using Community.Web.Live;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace Community.LoadGen;

/// <summary>Live fan-out of one interest circle: see ops/loadgen/README.md. Not top-level statements: those would
/// declare a second <c>Program</c> beside the product's.</summary>
internal static class LoadGenMain
{
    /// <summary>Exit code when the product lacks the posting routes: the raw phase ran, the product phase did not.</summary>
    private const int ProductPhaseUnavailable = 3;

    private static async Task<int> Main(string[] args)
    {
        if (args is [ReaderProcess.ChildCommand, ..]) return await ReaderProcess.RunChildAsync(args);
        LoadGenArguments arguments;
        try
        {
            arguments = LoadGenArguments.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine(LoadGenArguments.Usage);
            return 2;
        }

        // Results alone on stdout: the product's console logs and Akka's stdout logger write to Console.Out, so that
        // becomes stderr, beside the progress lines.
        var results = Console.Out;
        Console.SetOut(Console.Error);

        var machine = MachineInfo.Current();
        results.WriteLine(machine.Describe());
        Console.Error.WriteLine("[host] starting the product on Kestrel");
        await using var host = new ProductHost();
        await host.WaitReadyAsync(TimeSpan.FromMinutes(2));
        Console.Error.WriteLine($"[host] ready at {host.BaseAddress} (data in {host.DataDir})");

        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(1) };
        var api = new CommunityApi(http);
        // Tells this run's accounts and circle apart in the logs.
        var run = Guid.NewGuid().ToString("N")[..6];
        var (writers, reader) = await RegisterAccountsAsync(api, run, arguments.Writers);
        var circleId = await api.CreateCircleAsync(reader, "Load " + run);
        var productUnavailable = await PrepareWritersAsync(api, writers, circleId);

        var hubUrl = new Uri(host.BaseAddress, LiveHub.Path);
        await using var readerHost = arguments.ReadersInChild
            ? (IAsyncDisposable)await ReaderProcess.StartAsync(hubUrl, reader.Token, circleId, arguments.Readers, arguments.ConnectConcurrency)
            : await ReaderPool.OpenAsync(hubUrl, reader.Token, circleId, arguments.Readers, arguments.ConnectConcurrency);
        var readers = (IReaders)readerHost;

        var warmupPosts = (int)Math.Round(arguments.Rate * arguments.Warmup);
        var measuredPosts = Math.Max(1, (int)Math.Round(arguments.Rate * arguments.Seconds));
        PhaseResult? product = null;
        if (productUnavailable is null)
        {
            var phase = new FanOutPhase("product", arguments.Readers, warmupPosts, measuredPosts);
            product = await PhaseRunner.RunAsync(phase, readers, arguments.Rate, new ProductSender(api, writers, circleId, phase).SendAsync);
        }
        var rawPhase = new FanOutPhase("raw", arguments.Readers, warmupPosts, measuredPosts);
        var hub = host.Services.GetRequiredService<IHubContext<LiveHub, ILiveClient>>();
        var raw = await PhaseRunner.RunAsync(rawPhase, readers, arguments.Rate, new RawSender(hub, writers, circleId, rawPhase).SendAsync);

        Report.Print(results, new RunReport(machine, arguments, circleId, product, productUnavailable, raw, readers.ClosedUnexpectedly));
        return productUnavailable is null ? 0 : ProductPhaseUnavailable;
    }

    // Password hashing is slow: a few writers and one reader, whose token all reader connections share.
    private static async Task<(Account[] Writers, Account Reader)> RegisterAccountsAsync(CommunityApi api, string run, int writers)
    {
        Console.Error.WriteLine($"[setup] registering {writers} writers and 1 reader");
        var accounts = await Task.WhenAll(Enumerable.Range(0, writers + 1).Select(i => i < writers
            ? api.RegisterAndSignInAsync($"lg-{run}-w{i}", $"Writer {i}")
            : api.RegisterAndSignInAsync($"lg-{run}-reader", "Reader")));
        return (accounts[..writers], accounts[writers]);
    }

    /// <summary>Writers join the circle and post once each, so that a missing route or a refusal shows before the
    /// readers connect. Answers why the product phase cannot run, or null when it can.</summary>
    private static async Task<string?> PrepareWritersAsync(CommunityApi api, Account[] writers, string circleId)
    {
        var reason = await TryJoinAndPostAsync(api, writers, circleId);
        Console.Error.WriteLine(reason is null
            ? $"[setup] {writers.Length} writers joined circle {circleId} and posted once"
            : $"[setup] PRODUCT PHASE SKIPPED: {reason}");
        return reason;
    }

    private static async Task<string?> TryJoinAndPostAsync(CommunityApi api, Account[] writers, string circleId)
    {
        try
        {
            foreach (var writer in writers) await api.JoinCircleAsync(writer, circleId);
            foreach (var writer in writers)
            {
                var status = await api.PostAsync(writer, circleId, "loadgen probe: the writer may post");
                if (status != HttpStatusCode.Created)
                    return $"A writer's first post answered {(int)status} {status}, not 201 Created: the product phase cannot run.";
            }
            return null;
        }
        catch (ProductRouteMissingException e)
        {
            return e.Message;
        }
    }
}
