namespace Community.Bench;
public static class SerializerBench { public static int Run(BenchArguments a) => 0; }
