using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;
using static Community.Web.Tests.Creators.CreatorFixture;

namespace Community.Web.Tests.Creators;

[Collection(SharedAppCollection.Name)]
public sealed class CreatorsApiSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    [Fact]
    public async Task A_registered_account_is_pending_until_a_moderator_verifies_it_and_only_then_publishes()
    {
        using var account = await RegisterAsync(_app, "330106", verified: false);

        await Eventually.TrueAsync(async () => (await account.Client.GetFromJsonAsync<JsonElement>("/api/me/creators"))
            .EnumerateArray().Any(c => c.GetProperty("creatorId").GetString() == account.CreatorId), "the owner staffs the new account");
        var pending = await account.Client.GetFromJsonAsync<JsonElement>($"/api/creators/{account.CreatorId}");
        Assert.Equal("pending", pending.GetProperty("status").GetString());
        Assert.True(pending.GetProperty("owner").GetBoolean());

        var refused = await account.Client.PostAsJsonAsync($"/api/creators/{account.CreatorId}/works",
            new { kind = "article", title = "未认证", body = "正文", targetTiers = new[] { "county" } });
        await Expect.Problem(refused, HttpStatusCode.Forbidden);
        var draft = await PublishAsync(account.Client, account.CreatorId, "草稿", ["county"], draft: true);

        await VerifyAsync(_app, account.CreatorId, approved: true, reason: "县融媒体中心资质齐全");
        await Expect.Status(await account.Client.PostAsync($"/api/works/{draft}/publication", null), HttpStatusCode.NoContent);

        await Eventually.TrueAsync(async () => (await ChannelAsync(account.Client, "330106")).Contains(draft), "the published draft is in its channel");
        var verified = await account.Client.GetFromJsonAsync<JsonElement>($"/api/creators/{account.CreatorId}");
        Assert.Equal("verified", verified.GetProperty("status").GetString());
        Assert.Equal("县融媒体中心资质齐全", verified.GetProperty("verificationReason").GetString());
    }

    [Fact]
    public async Task A_county_work_aimed_at_city_and_county_reaches_its_city_and_its_county_and_no_other_county()
    {
        using var county = await RegisterAsync(_app, "330106");
        var workId = await PublishAsync(county.Client, county.CreatorId, "西湖边的新书店", ["city", "county"]);

        await Eventually.TrueAsync(async () => (await ChannelAsync(county.Client, "330100")).Contains(workId), "the city channel shows it");
        Assert.Contains(workId, await ChannelAsync(county.Client, "330106"));
        Assert.DoesNotContain(workId, await ChannelAsync(county.Client, "330102"));
        Assert.DoesNotContain(workId, await ChannelAsync(county.Client, "330000"));
    }

    [Fact]
    public async Task A_city_work_aimed_at_county_lands_in_every_county_of_the_city()
    {
        using var city = await RegisterAsync(_app, "330100", orgType: "institution");
        var workId = await PublishAsync(city.Client, city.CreatorId, "全市公交线路调整", ["county"]);

        await Eventually.TrueAsync(async () => (await ChannelAsync(city.Client, "330106")).Contains(workId), "a county of the city shows it");
        Assert.Contains(workId, await ChannelAsync(city.Client, "330102"));
        Assert.DoesNotContain(workId, await ChannelAsync(city.Client, "330100"));
        Assert.DoesNotContain(workId, await ChannelAsync(city.Client, "330521"));
    }

    [Fact]
    public async Task A_correction_and_a_withdrawal_of_an_original_reach_its_reprint()
    {
        using var county = await RegisterAsync(_app, "330106");
        using var city = await RegisterAsync(_app, "330100", orgType: "institution");
        var original = await PublishAsync(county.Client, county.CreatorId, "龙井开采", ["county"], body: "提前五天开采。");

        var reprinted = await city.Client.PostAsJsonAsync($"/api/works/{original}/reprints", new { creatorId = city.CreatorId });
        await Expect.Status(reprinted, HttpStatusCode.Created);
        var reprintId = (await reprinted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reprintId").GetString()!;
        // The reprint is in the reprinter's channels (its city, aimed as the original at county: every county of the city).
        await Eventually.TrueAsync(async () => (await ChannelAsync(city.Client, "330102")).Contains(reprintId), "the reprint is in the city's counties");
        var reprints = await city.Client.GetFromJsonAsync<JsonElement>($"/api/works/{original}/reprints");
        Assert.Equal(city.CreatorId, Assert.Single(reprints.GetProperty("items").EnumerateArray()).GetProperty("creatorId").GetString());

        var corrected = await county.Client.PatchAsJsonAsync($"/api/works/{original}", new { body = "提前一周开采。", note = "天数更正" });
        await Expect.Status(corrected, HttpStatusCode.OK);
        Assert.Equal(2, (await corrected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        await Eventually.TrueAsync(async () => (await WorkAsync(city.Client, reprintId))?.GetProperty("body").GetString() == "提前一周开采。",
            "readers of the reprint see the corrected text");
        var reprint = (await WorkAsync(city.Client, reprintId))!.Value;
        Assert.Equal("天数更正", Assert.Single(reprint.GetProperty("corrections").EnumerateArray()).GetProperty("note").GetString());
        Assert.Equal(original, reprint.GetProperty("reprintOf").GetProperty("workId").GetString());

        await Expect.Status(await county.Client.PostAsJsonAsync($"/api/works/{original}/withdrawal", new { reason = "信息有误" }),
            HttpStatusCode.NoContent);
        await Eventually.TrueAsync(async () => !(await ChannelAsync(city.Client, "330102")).Contains(reprintId), "the reprint leaves the channels");
        Assert.DoesNotContain(original, await ChannelAsync(county.Client, "330106"));
        Assert.Null(await WorkAsync(_app.Client((await _app.RegisterAndSignInAsync()).Token), original));
    }

    [Fact]
    public async Task Reprinting_ones_own_work_twice_or_a_withdrawn_work_is_refused()
    {
        using var county = await RegisterAsync(_app, "330106");
        using var city = await RegisterAsync(_app, "330100", orgType: "institution");
        var work = await PublishAsync(county.Client, county.CreatorId, "本地新闻", ["county"]);

        await Expect.Problem(await county.Client.PostAsJsonAsync($"/api/works/{work}/reprints", new { creatorId = county.CreatorId }),
            HttpStatusCode.BadRequest);
        await Expect.Status(await city.Client.PostAsJsonAsync($"/api/works/{work}/reprints", new { creatorId = city.CreatorId }),
            HttpStatusCode.Created);
        await Expect.Problem(await city.Client.PostAsJsonAsync($"/api/works/{work}/reprints", new { creatorId = city.CreatorId }),
            HttpStatusCode.Conflict);

        var withdrawn = await PublishAsync(county.Client, county.CreatorId, "撤回的稿件", ["county"]);
        await Expect.Status(await county.Client.PostAsJsonAsync($"/api/works/{withdrawn}/withdrawal", new { reason = "重复" }),
            HttpStatusCode.NoContent);
        await Expect.Problem(await city.Client.PostAsJsonAsync($"/api/works/{withdrawn}/reprints", new { creatorId = city.CreatorId }),
            HttpStatusCode.Conflict);
        // Reprinting for an account one is not staff of.
        await Expect.Problem(await county.Client.PostAsJsonAsync($"/api/works/{work}/reprints", new { creatorId = city.CreatorId }),
            HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("""{"kind":"poem","title":"t","body":"b","targetTiers":["county"]}""", "kind")]
    [InlineData("""{"kind":"article","title":"t","body":"b","targetTiers":["village"]}""", "targetTiers")]
    [InlineData("""{"kind":"article","title":"t","body":"b","targetTiers":[]}""", "targetTiers")]
    [InlineData("""{"kind":"article","title":"t","body":"<script>alert(1)</script>","targetTiers":["county"]}""", "body")]
    [InlineData("""{"kind":"article","title":"a\u202Eb","body":"b","targetTiers":["county"]}""", "title")]
    [InlineData("""{"kind":"article","title":"t","targetTiers":["county"]}""", "body")]
    [InlineData("""{"kind":"video","title":"t","body":"","videoUrl":"javascript:alert(1)","posterUrl":"https://e.org/p.jpg","targetTiers":["county"]}""", "videoUrl")]
    [InlineData("""{"kind":"gallery","title":"t","body":"","images":[],"targetTiers":["county"]}""", "images")]
    [InlineData("""{"kind":"article","title":"t","body":"b","targetTiers":"county"}""", "targetTiers")]
    public async Task A_bad_work_is_refused_naming_the_field_and_nothing_is_written(string json, string field)
    {
        using var account = await RegisterAsync(_app, "330106");

        var response = await account.Client.PostAsync($"/api/creators/{account.CreatorId}/works",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await Expect.FieldError(response, field);
        var works = await account.Client.GetFromJsonAsync<JsonElement>($"/api/creators/{account.CreatorId}/works");
        Assert.Empty(works.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_gallery_of_more_than_thirty_images_and_an_individual_aiming_above_its_tier_are_refused()
    {
        using var county = await RegisterAsync(_app, "330106");
        var images = Enumerable.Range(0, 31).Select(i => new { url = $"https://example.org/{i}.jpg", caption = "图" }).ToArray();
        await Expect.FieldError(await county.Client.PostAsJsonAsync($"/api/creators/{county.CreatorId}/works",
            new { kind = "gallery", title = "太多", body = "", images, targetTiers = new[] { "county" } }), "images");

        using var individual = await RegisterAsync(_app, "330106", orgType: "individual");
        await Expect.FieldError(await individual.Client.PostAsJsonAsync($"/api/creators/{individual.CreatorId}/works",
            new { kind = "article", title = "个人", body = "正文", targetTiers = new[] { "province" } }), "targetTiers");
        await PublishAsync(individual.Client, individual.CreatorId, "个人作品", ["county"]);
    }

    [Fact]
    public async Task Only_staff_edit_an_account_and_its_works_and_an_added_editor_may()
    {
        using var account = await RegisterAsync(_app, "330106");
        var work = await PublishAsync(account.Client, account.CreatorId, "原稿", ["county"]);
        var outsider = await _app.RegisterAndSignInAsync();
        using var outsiderClient = _app.Client(outsider.Token);

        await Expect.Problem(await outsiderClient.PatchAsJsonAsync($"/api/works/{work}", new { body = "篡改", note = "x" }),
            HttpStatusCode.Forbidden);
        await Expect.Problem(await outsiderClient.PostAsJsonAsync($"/api/works/{work}/withdrawal", new { reason = "x" }),
            HttpStatusCode.Forbidden);
        await Expect.Problem(await outsiderClient.PostAsJsonAsync($"/api/creators/{account.CreatorId}/works",
            new { kind = "article", title = "t", body = "b", targetTiers = new[] { "county" } }), HttpStatusCode.Forbidden);
        await Expect.Problem(await outsiderClient.PostAsJsonAsync($"/api/creators/{account.CreatorId}/staff", new { userName = outsider.UserName }),
            HttpStatusCode.Forbidden);

        await Expect.Status(await account.Client.PostAsJsonAsync($"/api/creators/{account.CreatorId}/staff", new { userName = outsider.UserName }),
            HttpStatusCode.NoContent);
        var corrected = await outsiderClient.PatchAsJsonAsync($"/api/works/{work}", new { body = "编辑修订", note = "补充" });
        Assert.True(corrected.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{corrected.StatusCode}");
        await Eventually.TrueAsync(async () =>
            (await outsiderClient.PatchAsJsonAsync($"/api/works/{work}", new { body = "编辑再修订", note = "再补充" })).StatusCode == HttpStatusCode.OK,
            "the editor corrects the account's work");
        var staff = await account.Client.GetFromJsonAsync<JsonElement>($"/api/creators/{account.CreatorId}/staff");
        Assert.Contains(staff.EnumerateArray(), m => m.GetProperty("userId").GetString() == outsider.UserId);

        await Expect.Problem(await account.Client.DeleteAsync($"/api/creators/{account.CreatorId}/staff/{account.Owner.UserId}"),
            HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_reader_follows_and_unfollows_a_creator_and_the_count_and_their_profile_follow()
    {
        using var account = await RegisterAsync(_app, "330106");
        var reader = await _app.RegisterAndSignInAsync();
        using var client = _app.Client(reader.Token);

        await Expect.Status(await client.PostAsync($"/api/creators/{account.CreatorId}/followers", null), HttpStatusCode.NoContent);
        await Expect.Status(await client.PostAsync($"/api/creators/{account.CreatorId}/followers", null), HttpStatusCode.NoContent);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Contains(account.CreatorId, me.GetProperty("following").EnumerateArray().Select(f => f.GetString()));
        await Eventually.TrueAsync(async () =>
        {
            var creator = await client.GetFromJsonAsync<JsonElement>($"/api/creators/{account.CreatorId}");
            return creator.GetProperty("followers").GetInt64() == 1 && creator.GetProperty("following").GetBoolean();
        }, "the follower is counted once");

        await Expect.Status(await client.DeleteAsync($"/api/creators/{account.CreatorId}/followers/me"), HttpStatusCode.NoContent);
        await Eventually.TrueAsync(async () =>
            (await client.GetFromJsonAsync<JsonElement>($"/api/creators/{account.CreatorId}")).GetProperty("followers").GetInt64() == 0,
            "the unfollow is counted");
        await Expect.Problem(await client.PostAsync("/api/creators/cr-nobody/followers", null), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_draft_is_seen_by_its_staff_only()
    {
        using var account = await RegisterAsync(_app, "330106");
        var draft = await PublishAsync(account.Client, account.CreatorId, "未发布", ["county"], draft: true);
        var reader = await _app.RegisterAndSignInAsync();
        using var client = _app.Client(reader.Token);

        await Eventually.TrueAsync(async () => await WorkAsync(account.Client, draft) is not null, "the staff sees the draft");
        Assert.Equal("draft", (await WorkAsync(account.Client, draft))!.Value.GetProperty("status").GetString());
        Assert.Null(await WorkAsync(client, draft));
        Assert.DoesNotContain(draft, await ChannelAsync(client, "330106"));
    }

    [Fact]
    public async Task The_demo_creators_publish_in_every_tier_and_the_reprint_follows_the_correction()
    {
        var reader = await _app.RegisterAndSignInAsync(regionCode: "330106");
        using var client = _app.Client(reader.Token);

        await Eventually.TrueAsync(async () => (await ChannelAsync(client, "330000")).Count >= 2, "the province channel has the demo works");
        var county = await client.GetFromJsonAsync<JsonElement>("/api/channels/330106/works?limit=100");
        var items = county.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, w => w.GetProperty("kind").GetString() == "article" && w.GetProperty("creatorId").GetString() == "cr-xihu");
        Assert.Contains(items, w => w.GetProperty("kind").GetString() == "gallery");
        var reprint = Assert.Single(items, w => w.GetProperty("creatorId").GetString() == "cr-hzdaily"
            && w.GetProperty("reprintOf").ValueKind == JsonValueKind.Object);
        Assert.Equal(2, reprint.GetProperty("version").GetInt32());
        Assert.Contains("一周", reprint.GetProperty("body").GetString());
    }
}
