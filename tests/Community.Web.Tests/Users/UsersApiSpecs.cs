using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Community.Web.Tests.Users;

[Collection(SharedAppCollection.Name)]
public sealed class UsersApiSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    [Fact]
    public async Task One_account_signs_in_from_a_province_and_a_county_client()
    {
        var name = "zhang" + Guid.NewGuid().ToString("N")[..8];
        var fromProvince = await _app.RegisterAndSignInAsync(name, clientId: "chao-news");
        var fromCounty = await _app.SignInAsync(name, "Secret#123", "county-330521");

        Assert.Equal(fromProvince.UserId, fromCounty.UserId);
        var provinceToken = new JsonWebToken(fromProvince.Token);
        var countyToken = new JsonWebToken(fromCounty.Token);
        Assert.Equal(("chao-news", "province"), (provinceToken.GetClaim("client_id").Value, provinceToken.GetClaim("tier").Value));
        Assert.Equal(("county-330521", "county"), (countyToken.GetClaim("client_id").Value, countyToken.GetClaim("tier").Value));

        foreach (var session in new[] { fromProvince, fromCounty })
        {
            using var client = _app.Client(session.Token);
            var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
            Assert.Equal(fromProvince.UserId, me.GetProperty("userId").GetString());
            Assert.Equal(name, me.GetProperty("userName").GetString());
            Assert.Equal("330106", me.GetProperty("regionCode").GetString());
            Assert.Equal(["reader"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal(0, me.GetProperty("points").GetInt64());
            Assert.Empty(me.GetProperty("following").EnumerateArray());
        }
    }

    [Fact]
    public async Task A_taken_user_name_is_409_whatever_its_case()
    {
        var name = "Li" + Guid.NewGuid().ToString("N")[..8];
        await _app.RegisterAndSignInAsync(name);
        using var client = _app.Client();

        var again = await client.PostAsJsonAsync("/api/accounts",
            new { userName = name.ToUpperInvariant(), password = "Other#1234", displayName = "Impostor", regionCode = "330000" });

        await Expect.Problem(again, HttpStatusCode.Conflict, "conflict");
        var original = await _app.SignInAsync(name, "Secret#123");
        using var owner = _app.Client(original.Token);
        var me = await owner.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("Reader " + name, me.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Wrong_password_unknown_user_and_unknown_client_are_refused()
    {
        var session = await _app.RegisterAndSignInAsync();
        using var client = _app.Client();

        var wrongPassword = await client.PostAsJsonAsync("/api/sessions",
            new { userName = session.UserName, password = "Wrong#1234", clientId = "chao-news" });
        var unknownUser = await client.PostAsJsonAsync("/api/sessions",
            new { userName = "nobody" + Guid.NewGuid().ToString("N")[..8], password = "Secret#123", clientId = "chao-news" });
        var unknownClient = await client.PostAsJsonAsync("/api/sessions",
            new { userName = session.UserName, password = "Secret#123", clientId = "no-such-client" });

        await Expect.Problem(wrongPassword, HttpStatusCode.Unauthorized, "unauthorized");
        await Expect.Problem(unknownUser, HttpStatusCode.Unauthorized, "unauthorized");
        await Expect.FieldError(unknownClient, "clientId");
    }

    [Fact]
    public async Task Routes_need_a_valid_token()
    {
        using var anonymous = _app.Client();
        using var forged = _app.Client("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LWFkbWluIn0.c2lnbmF0dXJl");

        await Expect.Problem(await anonymous.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "unauthorized");
        await Expect.Problem(await forged.GetAsync("/api/me"), HttpStatusCode.Unauthorized, "unauthorized");
        await Expect.Problem(await anonymous.GetAsync("/api/departments"), HttpStatusCode.Unauthorized, "unauthorized");
        await Expect.Problem(await anonymous.PatchAsJsonAsync("/api/me", new { displayName = "x" }), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Profile_update_is_kept_and_returned()
    {
        var session = await _app.RegisterAndSignInAsync();
        using var client = _app.Client(session.Token);

        var updated = await client.PatchAsJsonAsync("/api/me", new { displayName = "  王小明  ", regionCode = "330782" });

        await Expect.Status(updated, HttpStatusCode.OK);
        var body = await updated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("王小明", body.GetProperty("displayName").GetString());
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("王小明", me.GetProperty("displayName").GetString());
        Assert.Equal("330782", me.GetProperty("regionCode").GetString());
    }

    [Fact]
    public async Task Only_an_admin_grants_roles()
    {
        var reader = await _app.RegisterAndSignInAsync();
        var target = await _app.RegisterAndSignInAsync();
        using var asReader = _app.Client(reader.Token);

        var refused = await asReader.PostAsJsonAsync($"/api/admin/users/{target.UserId}/roles", new { role = "moderator" });
        await Expect.Problem(refused, HttpStatusCode.Forbidden, "forbidden");

        var admin = await _app.SignInAdminAsync();
        using var asAdmin = _app.Client(admin.Token);
        var granted = await asAdmin.PostAsJsonAsync($"/api/admin/users/{target.UserId}/roles",
            new { role = "department", departmentId = "d-330100-housing" });
        await Expect.Status(granted, HttpStatusCode.OK);

        var again = await _app.SignInAsync(target.UserName, "Secret#123");
        Assert.Contains("department", again.Roles);
        using var asTarget = _app.Client(again.Token);
        var me = await asTarget.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("d-330100-housing", me.GetProperty("departmentId").GetString());
        Assert.Equal("d-330100-housing", new JsonWebToken(again.Token).GetClaim("dept").Value);
    }

    [Fact]
    public async Task Role_grants_are_checked()
    {
        var target = await _app.RegisterAndSignInAsync();
        var admin = await _app.SignInAdminAsync();
        using var asAdmin = _app.Client(admin.Token);

        await Expect.FieldError(await asAdmin.PostAsJsonAsync($"/api/admin/users/{target.UserId}/roles", new { role = "emperor" }), "role");
        await Expect.FieldError(await asAdmin.PostAsJsonAsync($"/api/admin/users/{target.UserId}/roles", new { role = "creator" }), "role");
        await Expect.FieldError(await asAdmin.PostAsJsonAsync($"/api/admin/users/{target.UserId}/roles", new { role = "department" }),
            "departmentId");
        await Expect.FieldError(await asAdmin.PostAsJsonAsync($"/api/admin/users/{target.UserId}/roles",
            new { role = "department", departmentId = "no-such-dept" }), "departmentId");
        await Expect.Problem(await asAdmin.PostAsJsonAsync("/api/admin/users/u-doesnotexist/roles", new { role = "moderator" }),
            HttpStatusCode.NotFound, "not-found");

        var unchanged = await _app.SignInAsync(target.UserName, "Secret#123");
        Assert.Equal(["reader"], unchanged.Roles);
    }

    [Fact]
    public async Task Failed_sign_ins_to_one_account_from_one_address_are_limited()
    {
        var session = await _app.RegisterAndSignInAsync();
        using var client = _app.Client();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            var response = await client.PostAsJsonAsync("/api/sessions",
                new { userName = session.UserName, password = "Wrong#1234", clientId = "chao-news" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await Expect.Problem(response, HttpStatusCode.TooManyRequests, "rate-limited");
                // Clients back off by the header rather than guessing.
                Assert.InRange(response.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(15));
            }
        }

        // 10 failures per (account, address) in the window; the successful sign-in before them did not count.
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.True(statuses.SkipWhile(s => s == HttpStatusCode.Unauthorized).All(s => s == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task A_user_id_does_not_give_the_user_name_away_and_one_name_registers_once()
    {
        var userName = "opaque" + Guid.NewGuid().ToString("N")[..8];
        var session = await _app.RegisterAndSignInAsync(userName);

        // Not the unsalted hash anyone could compute from a list of names (the ids of landed main were exactly this).
        var unsalted = "u-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(userName)).AsSpan(0, 12));
        Assert.NotEqual(unsalted, session.UserId);
        Assert.Matches("^u-[0-9a-f]{32}$", session.UserId);

        // Another cluster (another key) gives the same name another id.
        await using var other = await new CommunityApp(settings: new Dictionary<string, string?> { ["Community:Demo:Enabled"] = "false" })
            .ReadyHealthAsync();
        Assert.NotEqual(session.UserId, (await other.RegisterAndSignInAsync(userName)).UserId);

        // The same name, however written, is one account.
        using var client = _app.Client();
        await Expect.Problem(await client.PostAsJsonAsync("/api/accounts",
            new { userName = userName.ToUpperInvariant(), password = "Secret#123", displayName = "又一个", regionCode = "330106" }),
            HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Reference_data_lists_the_three_tiers()
    {
        using var client = _app.Client();
        var regions = await client.GetFromJsonAsync<JsonElement[]>("/api/regions");
        var clients = await client.GetFromJsonAsync<JsonElement[]>("/api/clients");

        Assert.Single(regions!, r => r.GetProperty("tier").GetString() == "province");
        Assert.Equal(11, regions!.Count(r => r.GetProperty("tier").GetString() == "city"));
        var counties = regions!.Where(r => r.GetProperty("tier").GetString() == "county").ToList();
        Assert.True(counties.Select(c => c.GetProperty("parentCode").GetString()).Distinct().Count() >= 2);
        Assert.All(counties, c => Assert.Contains(regions!, r => r.GetProperty("code").GetString() == c.GetProperty("parentCode").GetString()));

        var ids = clients!.Select(c => c.GetProperty("clientId").GetString()).ToList();
        Assert.Contains("chao-news", ids);
        Assert.Contains("z-vision", ids);
        Assert.Equal(regions!.Length - 1 + 2, clients!.Length); // one per city and county, two for the province
    }
}
