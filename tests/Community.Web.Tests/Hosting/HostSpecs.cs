using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;

namespace Community.Web.Tests.Hosting;

[Collection(SharedAppCollection.Name)]
public sealed class HostSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    [Fact]
    public async Task Health_endpoints_report_a_live_and_ready_node()
    {
        using var client = _app.Client();
        await Expect.Status(await client.GetAsync("/health/live"), HttpStatusCode.OK);
        var ready = await client.GetAsync("/health/ready");
        await Expect.Status(ready, HttpStatusCode.OK);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_every_route_of_the_contract()
    {
        using var client = _app.Client();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();

        Assert.Superset(new HashSet<string>
        {
            "/api/accounts", "/api/sessions", "/api/me", "/api/admin/users/{userId}/roles", "/api/regions", "/api/clients",
            "/api/departments",
        }, paths);
        await Expect.Status(await client.GetAsync("/api-reference"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Demo_data_seeds_the_roles_and_circles_of_the_network()
    {
        foreach (var (userName, role) in new[] { ("moderator", "moderator"), ("dept-housing", "department"), ("creator-xihu", "creator") })
        {
            var session = await _app.SignInAsync(userName, CommunityApp.DemoPassword);
            Assert.Contains(role, session.Roles);
        }
    }

    [Fact]
    public async Task Pages_are_served_with_a_strict_content_security_policy()
    {
        using var client = _app.Client();
        foreach (var path in new[] { "/", "/signin", "/circles" })
        {
            var page = await client.GetAsync(path);
            await Expect.Status(page, HttpStatusCode.OK);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        }
        var signalr = await client.GetAsync("/lib/signalr/signalr.min.js");
        await Expect.Status(signalr, HttpStatusCode.OK);
    }
}
