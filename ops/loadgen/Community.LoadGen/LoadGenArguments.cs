using System.Globalization;

namespace Community.LoadGen;

/// <summary>The <c>--name value</c> options of one run, checked once.</summary>
public sealed class LoadGenArguments
{
    public const string Usage = """
        usage: dotnet run -c Release --project ops/loadgen/Community.LoadGen -- [options]
          live fan-out of one interest circle: posts through the product (HTTP -> circle entity -> live bridge -> SignalR)
          vs the same payload sent straight to the hub's group (raw), to N reader connections
          --readers 1000            SignalR connections following the circle (all signed in as one reader account)
          --rate 20                 posts (or raw sends) per second, all writers together
          --seconds 20              measured seconds per phase
          --warmup 3                seconds at the same rate before each phase, not measured
          --writers 4               writer accounts the posts rotate over
          --connect-concurrency 50  connections opened at once
          --readers-in self         self: readers in this process, beside the product; child: in a process of their own
        """;

    public int Readers { get; private init; } = 1000;

    public double Rate { get; private init; } = 20;

    public int Seconds { get; private init; } = 20;

    public int Warmup { get; private init; } = 3;

    public int Writers { get; private init; } = 4;

    public int ConnectConcurrency { get; private init; } = 50;

    /// <summary>True: the readers run in a child process (see <see cref="ReaderProcess"/>).</summary>
    public bool ReadersInChild { get; private init; }

    public static LoadGenArguments Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"Expected '--name value', got '{args[i]}'.");
            options[args[i][2..]] = args[++i];
        }

        var parsed = new LoadGenArguments
        {
            Readers = Positive(options, "readers", 1000),
            Rate = PositiveRate(options, "rate", 20),
            Seconds = Positive(options, "seconds", 20),
            Warmup = NotNegative(options, "warmup", 3),
            Writers = Positive(options, "writers", 4),
            ConnectConcurrency = Positive(options, "connect-concurrency", 50),
            ReadersInChild = Take(options, "readers-in", "self") switch
            {
                "self" => false,
                "child" => true,
                var other => throw new ArgumentException($"--readers-in must be self or child, got {other}."),
            },
        };
        if (options.Count > 0) throw new ArgumentException($"Unknown option --{options.Keys.First()}.");
        return parsed;
    }

    // Each reader removes its option, so what is left over is unknown.
    private static int Positive(Dictionary<string, string> options, string name, int fallback) =>
        Checked(name, Take(options, name, fallback), value => value > 0, "a whole number above 0");

    private static int NotNegative(Dictionary<string, string> options, string name, int fallback) =>
        Checked(name, Take(options, name, fallback), value => value >= 0, "a whole number, 0 or more");

    private static double PositiveRate(Dictionary<string, string> options, string name, double fallback)
    {
        if (!options.Remove(name, out var text)) return fallback;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"--{name} must be a number above 0, got '{text}'.");
    }

    private static int Take(Dictionary<string, string> options, string name, int fallback)
    {
        if (!options.Remove(name, out var text)) return fallback;
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"--{name} must be a whole number, got '{text}'.");
    }

    private static string Take(Dictionary<string, string> options, string name, string fallback) =>
        options.Remove(name, out var text) ? text : fallback;

    private static int Checked(string name, int value, Func<int, bool> valid, string expected) =>
        valid(value) ? value : throw new ArgumentException($"--{name} must be {expected}, got {value}.");
}
