using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;

namespace Community.Web.Tests.Users;

/// <summary>Display names cannot spoof: no direction controls, no invisible or blank names, one line, and no staff-looking
/// names for readers. What is checked is what is stored: NFKC, trimmed.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class NameSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    /// <summary>Tricks refused in every single-line name and title (display names, circle names, topic titles).</summary>
    public static readonly TheoryData<string, string> TextTricks = new()
    {
        { "abc\u202Egnp.exe", "a right-to-left override (U+202E)" },
        { "\u2066小王\u2069", "a direction isolate (U+2066)" },
        { "\u200E小王", "a left-to-right mark (U+200E)" },
        { "\u200B\u200B\u200B", "only zero-width spaces" },
        { "\uFEFF\u2060\u200D", "only invisible characters" },
        { "\u3164\u3164", "only Hangul fillers" },
        { "     ", "only spaces" },
        { "\u3000\u3000", "only ideographic spaces" },
        { "line\nbreak", "a line break" },
        { "line\u2028break", "a line separator" },
        { "tab\there", "a tab" },
    };

    /// <summary>Names that look like staff (the default <c>Community:Names:Reserved</c>), refused for readers.</summary>
    public static readonly TheoryData<string, string> StaffLookalikes = new()
    {
        { "系统管理员", "the demo admin's name" },
        { "Admin", "admin, capitalised" },
        { "ａｄｍｉｎ", "admin in full-width letters" },
        { "a d m i n", "admin spaced out" },
        { "a.d.m.i.n", "admin with punctuation" },
        { "ad\u200Bmin", "admin with a zero-width space" },
        { "Ádmin", "admin with an accent" },
        { "官方客服", "official customer service" },
        { "西湖 小编", "an editor" },
        { "The Moderator", "moderator inside a name" },
    };

    public static TheoryData<string, string> AllTricks()
    {
        var all = new TheoryData<string, string>();
        foreach (var row in TextTricks.Concat(StaffLookalikes)) all.Add((string)row[0]!, (string)row[1]!);
        return all;
    }

    [Theory]
    [MemberData(nameof(AllTricks))]
    public async Task A_spoofing_display_name_at_registration_is_400_naming_it_and_registers_nothing(string name, string trick)
    {
        var userName = "spoof" + Guid.NewGuid().ToString("N")[..10];
        using var client = _app.Client();

        var response = await client.PostAsJsonAsync("/api/accounts",
            new { userName, password = "Secret#123", displayName = name, regionCode = "330106" });

        await FieldErrorBecause(response, "displayName", trick);
        var signIn = await client.PostAsJsonAsync("/api/sessions", new { userName, password = "Secret#123", clientId = "chao-news" });
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
    }

    [Theory]
    [MemberData(nameof(AllTricks))]
    public async Task A_spoofing_display_name_in_a_profile_update_is_400_naming_it_and_changes_nothing(string name, string trick)
    {
        var session = await _app.RegisterAndSignInAsync();
        using var client = _app.Client(session.Token);

        await FieldErrorBecause(await client.PatchAsJsonAsync("/api/me", new { displayName = name, regionCode = "330782" }), "displayName", trick);

        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(("Reader " + session.UserName, "330106"), (me.GetProperty("displayName").GetString(), me.GetProperty("regionCode").GetString()));
    }

    public static readonly TheoryData<string, string> Normalised = new()
    {
        { "  小王  ", "小王" },
        { "\u3000小王\t", "小王" },
        { "ＡＢＣ", "ABC" },
        { "①号 Ｆａｎ", "1号 Fan" },
        { "e\u0301clair", "\u00E9clair" },
        { "👨‍👩‍👧 一家人", "👨‍👩‍👧 一家人" },
        { "🏳️‍🌈", "🏳️‍🌈" },
    };

    [Theory]
    [MemberData(nameof(Normalised))]
    public async Task A_display_name_is_stored_as_checked_NFKC_and_trimmed(string name, string stored)
    {
        var userName = "norm" + Guid.NewGuid().ToString("N")[..10];
        using var anonymous = _app.Client();
        await Expect.Status(await anonymous.PostAsJsonAsync("/api/accounts",
            new { userName, password = "Secret#123", displayName = name, regionCode = "330106" }), HttpStatusCode.Created);
        using var client = _app.Client((await _app.SignInAsync(userName, "Secret#123")).Token);
        Assert.Equal(stored, (await client.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("displayName").GetString());

        await Expect.Status(await client.PatchAsJsonAsync("/api/me", new { displayName = "Someone else" }), HttpStatusCode.OK);
        var updated = await client.PatchAsJsonAsync("/api/me", new { displayName = name });

        await Expect.Status(updated, HttpStatusCode.OK);
        Assert.Equal(stored, (await updated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("displayName").GetString());
        Assert.Equal(stored, (await client.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Length_is_counted_after_normalising_and_trimming()
    {
        var session = await _app.RegisterAndSignInAsync();
        using var client = _app.Client(session.Token);
        var forty = new string('名', 40);

        // 44 characters as sent, 40 once trimmed.
        await Expect.Status(await client.PatchAsJsonAsync("/api/me", new { displayName = "  " + forty + "  " }), HttpStatusCode.OK);
        // 11 characters as sent, 44 in NFKC: "㍿" is "株式会社".
        await Expect.FieldError(await client.PatchAsJsonAsync("/api/me", new { displayName = new string('㍿', 11) }), "displayName");
        await Expect.Status(await client.PatchAsJsonAsync("/api/me", new { displayName = new string('㍿', 10) }), HttpStatusCode.OK);

        Assert.Equal(string.Concat(Enumerable.Repeat("株式会社", 10)),
            (await client.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("displayName").GetString());
    }

    [Theory]
    [InlineData("moderator", null)]
    [InlineData("admin", null)]
    [InlineData("department", "d-330100-housing")]
    public async Task Staff_may_take_a_staff_looking_name(string role, string? departmentId)
    {
        var session = await _app.RegisterAndSignInAsync();
        using var asAdmin = _app.Client((await _app.SignInAdminAsync()).Token);
        await Expect.Status(await asAdmin.PostAsJsonAsync($"/api/admin/users/{session.UserId}/roles", new { role, departmentId }),
            HttpStatusCode.OK);
        using var staff = _app.Client((await _app.SignInAsync(session.UserName, "Secret#123")).Token);

        foreach (var name in new[] { "官方客服", "ａｄｍｉｎ", "System" })
        {
            await Expect.Status(await staff.PatchAsJsonAsync("/api/me", new { displayName = name }), HttpStatusCode.OK);
        }

        Assert.Equal("System", (await staff.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task The_demo_staff_keep_their_staff_names_and_may_set_them()
    {
        var moderator = await _app.SignInAsync("moderator", CommunityApp.DemoPassword);
        using var client = _app.Client(moderator.Token);
        var name = (await client.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("displayName").GetString()!;
        using var admin = _app.Client((await _app.SignInAdminAsync()).Token);

        Assert.Equal("系统管理员", (await admin.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("displayName").GetString());
        await Expect.Status(await admin.PatchAsJsonAsync("/api/me", new { displayName = "系统管理员" }), HttpStatusCode.OK);
        await Expect.Status(await client.PatchAsJsonAsync("/api/me", new { displayName = " " + name + " " }), HttpStatusCode.OK);
        Assert.Equal(name, (await client.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task Reserved_names_come_from_configuration()
    {
        await using var app = await new CommunityApp(settings: new Dictionary<string, string?>
        {
            ["Community:Names:Reserved:0"] = "Lake Patrol",
            ["Community:Demo:Enabled"] = "false",
        }).ReadyHealthAsync();
        using var client = app.Client();

        async Task<HttpResponseMessage> Register(string displayName) => await client.PostAsync("/api/accounts", new StringContent(
            JsonSerializer.Serialize(new
            {
                userName = "cfg" + Guid.NewGuid().ToString("N")[..10], password = "Secret#123", displayName, regionCode = "330106",
            }), Encoding.UTF8, "application/json"));

        await Expect.FieldError(await Register("the lake-patrol team"), "displayName");
        await Expect.FieldError(await Register("ＬＡＫＥＰＡＴＲＯＬ"), "displayName");
        await Expect.Status(await Register("官方"), HttpStatusCode.Created);
        await Expect.Status(await Register("Admin"), HttpStatusCode.Created);
    }

    private static async Task FieldErrorBecause(HttpResponseMessage response, string field, string trick)
    {
        if (response.StatusCode != HttpStatusCode.BadRequest)
            Assert.Fail($"{trick}: expected 400 but got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var problem = await Expect.FieldError(response, field);
        Assert.All(problem.GetProperty("errors").GetProperty(field).EnumerateArray(), m => Assert.False(string.IsNullOrWhiteSpace(m.GetString())));
    }
}
