using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Community.Web.Tests.Infrastructure;

namespace Community.Web.Tests.Contract;

/// <summary>The OpenAPI document as the clients consume it: lint-clean, equal to the committed snapshot their clients
/// are generated from, and every operation naming the problems it can answer.</summary>
[Collection(SharedAppCollection.Name)]
public sealed partial class OpenApiDocumentSpecs(SharedApp shared)
{
    public const string UpdateVariable = "COMMUNITY_UPDATE_OPENAPI";
    public const string RedoclyVariable = "COMMUNITY_REDOCLY";

    private readonly CommunityApp _app = shared.App;

    [Fact]
    public async Task The_served_document_passes_the_Redocly_recommended_rules_without_errors_or_warnings()
    {
        var redocly = Redocly();
        var file = Path.Combine(Directory.CreateTempSubdirectory("community-openapi-").FullName, "openapi.v1.json");
        await File.WriteAllTextAsync(file, await ServedDocumentAsync());
        try
        {
            var (exitCode, stdout, stderr) = await RunAsync(redocly,
                ["lint", file, "--config", Path.Combine(Metadata("CommunityOpenApiLintDir"), "redocly.yaml"), "--format=json"]);
            var report = TryParse(stdout);
            var totals = report?["totals"];
            var message = $"{redocly} lint exited with {exitCode}.\n{Describe(report)}\nstderr:\n{stderr}\nstdout:\n{stdout}";
            Assert.True(exitCode == 0 && totals is not null, message);
            Assert.True(totals!["errors"]!.GetValue<int>() == 0 && totals["warnings"]!.GetValue<int>() == 0, message);
        }
        finally
        {
            CommunityApp.TryDelete(Path.GetDirectoryName(file)!);
        }
    }

    [Fact]
    public async Task The_served_document_equals_the_committed_snapshot_the_clients_are_generated_from()
    {
        var snapshotPath = Metadata("CommunityOpenApiSnapshot");
        var served = await ServedDocumentAsync();
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(snapshotPath, Indented(JsonNode.Parse(served)!) + "\n");
            return;
        }

        Assert.True(File.Exists(snapshotPath), $"No snapshot at {snapshotPath}. {HowToRefresh}");
        var expected = Normalised(JsonNode.Parse(await File.ReadAllTextAsync(snapshotPath))!);
        var actual = Normalised(JsonNode.Parse(served)!);
        if (expected == actual) return;
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        var first = Enumerable.Range(0, Math.Min(expectedLines.Length, actualLines.Length)).FirstOrDefault(i => expectedLines[i] != actualLines[i],
            Math.Min(expectedLines.Length, actualLines.Length));
        string At(string[] lines) => string.Join('\n', lines.Skip(Math.Max(0, first - 3)).Take(7));
        Assert.Fail($"The served OpenAPI document differs from {snapshotPath} (normalised, from line {first + 1}).\n"
            + $"snapshot:\n{At(expectedLines)}\nserved:\n{At(actualLines)}\n{HowToRefresh}");
    }

    [Fact]
    public async Task Every_operation_names_itself_and_the_problems_it_can_answer()
    {
        var document = JsonNode.Parse(await ServedDocumentAsync())!;
        var ids = new List<string>();
        var faults = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        foreach (var (method, node) in item!.AsObject())
        {
            var operation = node!.AsObject();
            var where = $"{method.ToUpperInvariant()} {path}";
            var id = operation["operationId"]?.GetValue<string>();
            if (id is null || !CamelCase().IsMatch(id)) faults.Add($"{where}: operationId '{id}' is not camelCase");
            else ids.Add(id);
            if (string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>())) faults.Add($"{where}: no summary");
            if (operation["tags"] is not JsonArray { Count: > 0 }) faults.Add($"{where}: no tag");

            // Open311 GeoReport v2 (paths under /open311/) is another standard's contract: its 4xx answers are that spec's
            // error list (text/xml or application/json) and its POST body is a form, as the spec has them.
            var open311 = path.StartsWith("/open311/", StringComparison.Ordinal);
            var responses = operation["responses"]!.AsObject();
            var problems = responses.Where(r => r.Key.StartsWith('4')).ToList();
            foreach (var (status, response) in problems)
                if (response!["content"]?["application/problem+json"] is null
                    && !(open311 && (response["content"]?["text/xml"] ?? response["content"]?["application/json"]) is not null))
                    faults.Add($"{where}: {status} is not application/problem+json");

            var security = operation["security"] as JsonArray;
            var needsToken = security?.Any(r => r is JsonObject o && o.ContainsKey("bearer")) == true;
            var anonymous = security is [JsonObject { Count: 0 }];
            if (!needsToken && !anonymous) faults.Add($"{where}: security neither bearer nor explicitly anonymous");
            if (needsToken && !responses.ContainsKey("401")) faults.Add($"{where}: takes a token but documents no 401");
            if (operation["requestBody"] is not null)
            {
                if (!responses.ContainsKey("400")) faults.Add($"{where}: takes a body but documents no 400");
                if (!responses.ContainsKey("413")) faults.Add($"{where}: takes a body but documents no 413");
                if (operation["requestBody"]!["content"]?[open311 ? "application/x-www-form-urlencoded" : "application/json"]?["schema"] is null)
                    faults.Add($"{where}: the request body has no {(open311 ? "form" : "JSON")} schema");
            }
            // Redocly's operation-4xx-response is off for these alone (ops/openapi/redocly.yaml): no input, no token.
            if (problems.Count == 0 && (needsToken || operation["requestBody"] is not null || operation["parameters"] is JsonArray { Count: > 0 }))
                faults.Add($"{where}: takes input or a token but documents no 4XX answer");
            if (!responses.Any(r => r.Key.StartsWith('2'))) faults.Add($"{where}: no success answer");
        }

        foreach (var duplicate in ids.GroupBy(i => i).Where(g => g.Count() > 1)) faults.Add($"operationId '{duplicate.Key}' is used twice");
        Assert.True(faults.Count == 0, string.Join('\n', faults));
        Assert.Contains("bearer", document["components"]!["securitySchemes"]!.AsObject().Select(s => s.Key));
    }

    private static string HowToRefresh =>
        $"If the change is intended, refresh the snapshot: {UpdateVariable}=1 ops/test.sh --filter \"FullyQualifiedName~Contract\", "
        + "then rebuild (the generated client follows the snapshot) and commit tests/Community.Web.Tests/Contract/openapi.v1.json.";

    private async Task<string> ServedDocumentAsync()
    {
        using var client = _app.Client();
        var response = await client.GetAsync("/openapi/v1.json");
        await Expect.Status(response, System.Net.HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Sorted keys, indented: equal documents compare equal whatever the generator's property order.</summary>
    private static string Normalised(JsonNode node) => Indented(Sorted(node));

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    private static string Indented(JsonNode? node) =>
        node?.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
        ?? "null";

    private static string Metadata(string key) =>
        typeof(OpenApiDocumentSpecs).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>The pinned CLI: COMMUNITY_REDOCLY (ops/test.sh exports it), else the copy ops/test.sh installs.</summary>
    private static string Redocly()
    {
        var configured = Environment.GetEnvironmentVariable(RedoclyVariable);
        var installed = Path.Combine(Metadata("CommunityOpenApiLintDir"), "node_modules", ".bin", "redocly");
        var path = string.IsNullOrEmpty(configured) ? installed : configured;
        Assert.True(File.Exists(path),
            $"Redocly CLI not found at {path}: run the tests through ops/test.sh, which installs the pinned @redocly/cli (npm ci in "
            + $"ops/openapi) and exports {RedoclyVariable}, or set {RedoclyVariable} to its executable.");
        return path;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // Nothing leaves the machine: no usage telemetry, no update check.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} did not finish in 2 minutes.");
        }
        return (process.ExitCode, await stdout, await stderr);
    }

    private static JsonNode? TryParse(string json)
    {
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Describe(JsonNode? report)
    {
        if (report?["problems"] is not JsonArray problems) return "(no JSON report)";
        var text = new StringBuilder();
        foreach (var problem in problems)
            text.AppendLine($"{problem?["severity"]} {problem?["ruleId"]} at {problem?["location"]?[0]?["pointer"]}: {problem?["message"]}");
        return text.ToString();
    }

    [GeneratedRegex("^[a-z][a-zA-Z0-9]*$")]
    private static partial Regex CamelCase();
}
