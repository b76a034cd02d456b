namespace Community.Bench;
public static class RecoveryBench { public static Task<int> RunAsync(BenchArguments a) => Task.FromResult(0); }
