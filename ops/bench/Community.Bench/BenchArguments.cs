using System.Globalization;

namespace Community.Bench;

/// <summary>The mode and <c>--name value</c> options of one run; flags without a value read as "true".</summary>
public sealed class BenchArguments
{
    private readonly Dictionary<string, string> _options;

    private BenchArguments(string mode, Dictionary<string, string> options)
    {
        Mode = mode;
        _options = options;
    }

    public string Mode { get; }

    public IReadOnlyDictionary<string, string> All => _options;

    public static BenchArguments Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            var name = args[i][2..];
            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            options[name] = hasValue ? args[++i] : "true";
        }
        return new BenchArguments(args.Length > 0 ? args[0] : "", options);
    }

    public int Int(string name, int fallback) =>
        _options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public string Text(string name, string fallback) => _options.GetValueOrDefault(name, fallback);

    public bool Flag(string name) => _options.TryGetValue(name, out var value) && value != "false";

    public IReadOnlyList<string> List(string name, string fallback) =>
        Text(name, fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
