using Akka.Actor;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Community.Cluster.Serialization;
using Community.Contracts.Common;
using Community.Contracts.Users;

namespace Community.Bench;

/// <summary>BenchmarkDotNet ShortRun of <see cref="CommunitySerializer"/> on typical user events, in process (no
/// separate build of a benchmark project), with allocations.</summary>
public static class SerializerBench
{
    public static int Run(BenchArguments arguments) => ShortRun.Of<SerializerBenchmarks>();
}

/// <summary>How the BenchmarkDotNet modes run: ShortRun in process (no separate build of a benchmark project), with
/// allocations; exit code 1 when a benchmark failed.</summary>
public static class ShortRun
{
    public static int Of<TBenchmarks>()
    {
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "community-bench", "BenchmarkDotNet.Artifacts"));
        var summary = BenchmarkRunner.Run<TBenchmarks>(config);
        return summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success) ? 1 : 0;
    }
}

[MemoryDiagnoser]
public class SerializerBenchmarks
{
    private static readonly DateTimeOffset At = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private ActorSystem _system = null!;
    private CommunitySerializer _serializer = null!;
    private object _event = null!;
    private byte[] _bytes = [];
    private string _manifest = "";

    [Params("user-registered", "profile-updated")]
    public string Event { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("serializer-bench");
        _serializer = new CommunitySerializer((ExtendedActorSystem)_system);
        _event = Event == "user-registered"
            ? new UserRegistered(new UserId("u000042"), "reader42", "AQAAAAIAAYagAAAAEJ8v5r0m8q5o1bench0hash0placeholder0000000000000000000==",
                "读者 42", "350100", At)
            : new ProfileUpdated(new UserId("u000042"), "新名字 42", "350100", At);
        _bytes = _serializer.ToBinary(_event);
        _manifest = _serializer.Manifest(_event);
        Console.WriteLine($"// {Event}: {_bytes.Length} bytes, manifest {_manifest}");
    }

    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    [Benchmark]
    public byte[] ToBinary() => _serializer.ToBinary(_event);

    [Benchmark]
    public object FromBinary() => _serializer.FromBinary(_bytes, _manifest);
}
