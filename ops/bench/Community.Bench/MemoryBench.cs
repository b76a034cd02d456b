namespace Community.Bench;
public static class MemoryBench { public static Task<int> RunAsync(BenchArguments a) => Task.FromResult(0); }
