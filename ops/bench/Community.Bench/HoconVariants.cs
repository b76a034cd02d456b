namespace Community.Bench;

/// <summary>Persistence settings laid over the product's own (<c>product</c> adds nothing), so a run can compare
/// the shipped configuration with alternatives on the same machine at the same time.</summary>
public static class HoconVariants
{
    private const string Journal = "akka.persistence.journal.sql";
    private const string Snapshots = "akka.persistence.snapshot-store.sql";
    private const string Query = "akka.persistence.query.journal.sql";

    private static readonly Dictionary<string, string> Overrides = new(StringComparer.OrdinalIgnoreCase)
    {
        ["product"] = "",
        // The plugin's own defaults for everything the product might tune.
        ["akka-defaults"] = $$"""
            {{Journal}} { parallelism = 3, batch-size = 100, buffer-size = 5000, max-row-by-row-size = 100,
              read-isolation-level = unspecified, write-isolation-level = unspecified, tagtable-asqueryable-insert-mode = off }
            {{Snapshots}}.read-isolation-level = unspecified
            {{Query}}.read-isolation-level = unspecified
            """,
        ["p1"] = $"{Journal}.parallelism = 1",
        ["ru"] = $"""
            {Journal}.read-isolation-level = read-uncommitted
            {Snapshots}.read-isolation-level = read-uncommitted
            {Query}.read-isolation-level = read-uncommitted
            """,
        ["p1-ru"] = $"""
            {Journal}.parallelism = 1
            {Journal}.read-isolation-level = read-uncommitted
            {Snapshots}.read-isolation-level = read-uncommitted
            {Query}.read-isolation-level = read-uncommitted
            """,
        ["batch400"] = $"{Journal} {{ batch-size = 400, db-round-trip-max-batch-size = 1000 }}",
        ["inline"] = $"{Journal}.tagtable-asqueryable-insert-mode = inline",
        ["parameterized"] = $"{Journal}.tagtable-asqueryable-insert-mode = parameterized",
        ["p1-inline"] = $"{Journal} {{ parallelism = 1, tagtable-asqueryable-insert-mode = inline }}",
        ["p1-ru-inline-b400"] = $$"""
            {{Journal}} { parallelism = 1, batch-size = 400, tagtable-asqueryable-insert-mode = inline, read-isolation-level = read-uncommitted }
            {{Snapshots}}.read-isolation-level = read-uncommitted
            {{Query}}.read-isolation-level = read-uncommitted
            """,
        // What the product used before it kept tags in the journal row: a tags table, each row inserted with an
        // identity read-back so the tag row can reference its ordering.
        ["tag-table"] = $$"""
            {{Journal}}.tag-write-mode = TagTable
            {{Query}}.tag-read-mode = TagTable
            """,
        ["p1-inline-b400"] = $"{Journal} {{ parallelism = 1, batch-size = 400, tagtable-asqueryable-insert-mode = inline }}",
    };

    public static IEnumerable<string> Names => Overrides.Keys;

    public static string HoconOf(string name) =>
        Overrides.TryGetValue(name, out var hocon)
            ? hocon
            : throw new ArgumentException($"Unknown variant '{name}'; known: {string.Join(", ", Names)}.");
}
