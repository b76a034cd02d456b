using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Community.Web.Tests.Infrastructure;
using static Community.Web.Tests.HelpTickets.TicketFixture;

namespace Community.Web.Tests.HelpTickets;

/// <summary>Ask the government through the API: a citizen's ticket from filing to closing, each step by the only role
/// that may take it, what everyone else sees of it, and the refusals that change nothing.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class TicketsApiSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    [Fact]
    public async Task A_ticket_goes_from_the_citizen_through_review_and_the_department_back_to_the_citizen_and_closes()
    {
        using var citizen = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        using var moderator = await ClientOfAsync(_app, "moderator");
        using var department = await ClientOfAsync(_app, "dept-xihu-roads");
        var ticketId = await FileAsync(citizen);

        var filed = await GetAsync(citizen, ticketId);
        Assert.Equal(("submitted", "acceptance"), (Status(filed), filed.GetProperty("stage").GetString()));
        Assert.Equal("13800000000", filed.GetProperty("contact").GetProperty("phone").GetString());
        Assert.True(filed.GetProperty("dueAt").GetDateTimeOffset() > filed.GetProperty("filedAt").GetDateTimeOffset());
        await ListedAsync(moderator, "/api/tickets/review?limit=100", ticketId);
        var suggested = await GetAsync(moderator, ticketId);
        Assert.Equal(XihuRoads, suggested.GetProperty("suggestedDepartmentId").GetString());
        Assert.True(suggested.GetProperty("may").GetProperty("review").GetBoolean());

        var assigned = await AcceptAsync(moderator, ticketId);
        Assert.Equal(("assigned", XihuRoads, "firstReply"),
            (Status(assigned), assigned.GetProperty("departmentId").GetString(), assigned.GetProperty("stage").GetString()));
        await ListedAsync(department, $"/api/departments/{XihuRoads}/queue?limit=100", ticketId);

        var answered = await ActAsync(department, ticketId, "replies", new { text = "已安排维修班组今晚更换灯具。", @public = true });
        Assert.Equal(("answered", "resolution"), (Status(answered), answered.GetProperty("stage").GetString()));
        var resolved = await ActAsync(department, ticketId, "resolution", new { text = "灯具已更换，恢复照明。" });
        Assert.Equal("resolved", Status(resolved));
        Assert.True((await GetAsync(citizen, ticketId)).GetProperty("may").GetProperty("feedback").GetBoolean());

        var closed = await ActAsync(citizen, ticketId, "feedback", new { satisfied = true, rating = 5, comment = "很快，谢谢。" });
        Assert.Equal("closed", Status(closed));
        Assert.Equal(["submitted", "accepted", "assigned", "answered", "resolved", "closed"], Steps(closed));
        Assert.Equal((true, 5), (closed.GetProperty("feedback").GetProperty("satisfied").GetBoolean(),
            closed.GetProperty("feedback").GetProperty("rating").GetInt32()));
        // Who took each step is the department or the role, never a staff member.
        Assert.Equal(["citizen", "moderator", XihuRoads, XihuRoads, XihuRoads, "citizen"],
            closed.GetProperty("timeline").EnumerateArray().Select(s => s.GetProperty("by").GetString()));
        Assert.False(closed.TryGetProperty("dueAt", out var due) && due.ValueKind != JsonValueKind.Null, "a closed ticket has no clock");
    }

    [Fact]
    public async Task A_public_ticket_shows_others_no_personal_data_and_a_private_one_is_not_found_for_them()
    {
        using var citizen = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        using var reader = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        var open = await FileAsync(citizen, Filing("公开的工单", isPublic: true));
        var closed = await FileAsync(citizen, Filing("私密的工单", isPublic: false));

        var seen = await GetAsync(reader, open);
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("contact").ValueKind);
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("citizenName").ValueKind);
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("location").GetProperty("address").ValueKind);
        Assert.Equal(30.27, seen.GetProperty("location").GetProperty("lat").GetDouble());
        Assert.DoesNotContain("13800000000", seen.GetRawText());
        Assert.DoesNotContain("文三路 12号", seen.GetRawText());
        Assert.False(seen.GetProperty("may").GetProperty("feedback").GetBoolean());
        await Expect.Problem(await reader.GetAsync($"/api/tickets/{closed}"), HttpStatusCode.NotFound);
        await Expect.Problem(await reader.PostAsJsonAsync($"/api/tickets/{closed}/feedback", new { satisfied = true, rating = 5 }),
            HttpStatusCode.NotFound);
        // The department of another region and category sees neither's contact either.
        using var housing = await ClientOfAsync(_app, "dept-housing");
        await Expect.Problem(await housing.GetAsync($"/api/tickets/{closed}"), HttpStatusCode.NotFound);

        // Made private by its citizen, the public one is gone for the reader too.
        using var privacy = new HttpRequestMessage(HttpMethod.Put, $"/api/tickets/{open}/privacy")
        {
            Content = JsonContent.Create(new { @public = false, showName = false }),
        };
        await Expect.Status(await citizen.SendAsync(privacy), HttpStatusCode.OK);
        await Expect.Problem(await reader.GetAsync($"/api/tickets/{open}"), HttpStatusCode.NotFound);
        using var steal = new HttpRequestMessage(HttpMethod.Put, $"/api/tickets/{closed}/privacy")
        {
            Content = JsonContent.Create(new { @public = true, showName = true }),
        };
        using var moderator = await ClientOfAsync(_app, "moderator");
        await Expect.Problem(await moderator.SendAsync(steal), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Each_step_is_refused_to_every_role_but_its_own_and_the_ticket_is_unchanged()
    {
        using var citizen = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        using var other = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        using var moderator = await ClientOfAsync(_app, "moderator");
        using var department = await ClientOfAsync(_app, "dept-xihu-roads");
        using var housing = await ClientOfAsync(_app, "dept-housing");
        var ticketId = await FileAsync(citizen);
        var review = new { decision = "accept", reason = "ok" };

        await Expect.Problem(await citizen.PostAsJsonAsync($"/api/tickets/{ticketId}/review", review), HttpStatusCode.Forbidden);
        await Expect.Problem(await department.PostAsJsonAsync($"/api/tickets/{ticketId}/review", review), HttpStatusCode.Forbidden);
        await Expect.Problem(await moderator.PostAsJsonAsync($"/api/tickets/{ticketId}/replies", new { text = "答复", @public = true }),
            HttpStatusCode.Forbidden);
        await AcceptAsync(moderator, ticketId);

        await Expect.Problem(await housing.PostAsJsonAsync($"/api/tickets/{ticketId}/replies", new { text = "答复", @public = true }),
            HttpStatusCode.Forbidden);
        await Expect.Problem(await housing.PostAsJsonAsync($"/api/tickets/{ticketId}/resolution", new { text = "办结" }), HttpStatusCode.Forbidden);
        await Expect.Problem(await housing.PostAsJsonAsync($"/api/tickets/{ticketId}/transfer",
            new { departmentId = "d-330100-housing", reason = "抢单" }), HttpStatusCode.Forbidden);
        await Expect.Problem(await other.PostAsJsonAsync($"/api/tickets/{ticketId}/transfer",
            new { departmentId = "d-330100-housing", reason = "抢单" }), HttpStatusCode.Forbidden);
        await Expect.Problem(await housing.GetAsync($"/api/departments/{XihuRoads}/queue"), HttpStatusCode.Forbidden);
        await Expect.Problem(await citizen.GetAsync("/api/tickets/review"), HttpStatusCode.Forbidden);

        await ActAsync(department, ticketId, "resolution", new { text = "已处理。" });
        await Expect.Problem(await other.PostAsJsonAsync($"/api/tickets/{ticketId}/feedback", new { satisfied = true, rating = 5 }),
            HttpStatusCode.Forbidden);
        await Expect.Problem(await department.PostAsJsonAsync($"/api/tickets/{ticketId}/feedback", new { satisfied = true, rating = 5 }),
            HttpStatusCode.Forbidden);

        var after = await GetAsync(citizen, ticketId);
        Assert.Equal("resolved", Status(after));
        Assert.Equal(["submitted", "accepted", "assigned", "resolved"], Steps(after));
    }

    [Fact]
    public async Task Steps_out_of_order_are_conflicts_that_change_nothing()
    {
        using var citizen = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        using var moderator = await ClientOfAsync(_app, "moderator");
        using var department = await ClientOfAsync(_app, "dept-xihu-roads");
        var ticketId = await FileAsync(citizen);

        await Expect.Problem(await citizen.PostAsJsonAsync($"/api/tickets/{ticketId}/feedback", new { satisfied = true, rating = 5 }),
            HttpStatusCode.Conflict);
        await AcceptAsync(moderator, ticketId);
        await Expect.Problem(await moderator.PostAsJsonAsync($"/api/tickets/{ticketId}/review", new { decision = "reject", reason = "再审" }),
            HttpStatusCode.Conflict);
        await ActAsync(department, ticketId, "resolution", new { text = "已处理。" });
        await ActAsync(citizen, ticketId, "feedback", new { satisfied = true, rating = 4 });
        await Expect.Problem(await department.PostAsJsonAsync($"/api/tickets/{ticketId}/replies", new { text = "补充", @public = true }),
            HttpStatusCode.Conflict);
        await Expect.Problem(await citizen.PostAsJsonAsync($"/api/tickets/{ticketId}/feedback", new { satisfied = false, rating = 1 }),
            HttpStatusCode.Conflict);
        await Expect.Problem(await moderator.PostAsJsonAsync($"/api/tickets/{ticketId}/transfer",
            new { departmentId = HangzhouRoads, reason = "转办" }), HttpStatusCode.Conflict);

        var after = await GetAsync(citizen, ticketId);
        Assert.Equal("closed", Status(after));
        Assert.Equal(["submitted", "accepted", "assigned", "resolved", "closed"], Steps(after));
    }

    [Fact]
    public async Task Not_satisfied_reopens_the_ticket_to_its_department_with_a_new_clock_and_a_transfer_moves_it_on()
    {
        using var citizen = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        using var moderator = await ClientOfAsync(_app, "moderator");
        using var department = await ClientOfAsync(_app, "dept-xihu-roads");
        using var city = await ClientOfAsync(_app, "dept-hz-roads");
        var ticketId = await FileAsync(citizen);
        await AcceptAsync(moderator, ticketId);
        await ActAsync(department, ticketId, "resolution", new { text = "已处理。" });

        var reopened = await ActAsync(citizen, ticketId, "feedback", new { satisfied = false, rating = 2, comment = "灯还是不亮。" });
        Assert.Equal(("assigned", XihuRoads, "firstReply"),
            (Status(reopened), reopened.GetProperty("departmentId").GetString(), reopened.GetProperty("stage").GetString()));
        Assert.Equal("reopened", Steps(reopened)[^1]);

        var moved = await ActAsync(department, ticketId, "transfer", new { departmentId = HangzhouRoads, reason = "主干道归市级管理。" });
        Assert.Equal(("assigned", HangzhouRoads), (Status(moved), moved.GetProperty("departmentId").GetString()));
        Assert.Equal("主干道归市级管理。", moved.GetProperty("timeline").EnumerateArray().Last().GetProperty("text").GetString());
        // The first department handles it no more; the city's does.
        await Expect.Problem(await department.PostAsJsonAsync($"/api/tickets/{ticketId}/resolution", new { text = "再处理" }),
            HttpStatusCode.Forbidden);
        Assert.Equal("resolved", Status(await ActAsync(city, ticketId, "resolution", new { text = "已修复。" })));
    }

    [Fact]
    public async Task A_duplicate_names_its_original_and_a_rejection_its_reason()
    {
        using var citizen = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        using var moderator = await ClientOfAsync(_app, "moderator");
        var original = await FileAsync(citizen);
        var again = await FileAsync(citizen);
        var spam = await FileAsync(citizen);

        var duplicate = await ActAsync(moderator, again, "review", new { decision = "duplicate", duplicateOf = original, reason = "同一路段。" });
        Assert.Equal(("duplicate", original), (Status(duplicate), duplicate.GetProperty("duplicateOf").GetString()));
        var rejected = await ActAsync(moderator, spam, "review", new { decision = "reject", reason = "不属于受理范围。" });
        Assert.Equal(("rejected", "不属于受理范围。"), (Status(rejected), rejected.GetProperty("timeline")[1].GetProperty("text").GetString()));
        var self = await moderator.PostAsJsonAsync($"/api/tickets/{original}/review", new { decision = "duplicate", duplicateOf = original, reason = "x" });
        await Expect.Problem(self, HttpStatusCode.BadRequest);
        Assert.Equal("submitted", Status(await GetAsync(citizen, original)));
    }

    [Fact]
    public async Task A_retried_filing_with_its_key_is_the_same_ticket_and_the_key_with_other_content_is_refused()
    {
        using var citizen = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        async Task<HttpResponseMessage> PostAsync(object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "ticket-1");
            return await citizen.SendAsync(request);
        }

        async Task<string> CreatedAsync(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketId").GetString()!;
        }

        var first = await CreatedAsync(await PostAsync(Filing()));
        Assert.Equal(first, await CreatedAsync(await PostAsync(Filing())));
        await Expect.Problem(await PostAsync(Filing("另一个问题")), HttpStatusCode.UnprocessableEntity);
        await ListedAsync(citizen, "/api/tickets/mine", first);
        Assert.Single((await citizen.GetFromJsonAsync<JsonElement>("/api/tickets/mine")).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"kind":"praise","title":"路灯","body":"路灯不亮已经一周","regionCode":"330106","category":"roads"}""", "kind")]
    [InlineData("""{"kind":"help","title":"路灯","body":"路灯不亮已经一周","regionCode":"999999","category":"roads"}""", "regionCode")]
    [InlineData("""{"kind":"help","title":"路灯","body":"路灯不亮已经一周","regionCode":"330106","category":"streetlights"}""", "category")]
    [InlineData("""{"kind":"help","title":"路灯","body":"<script>alert(1)</script>","regionCode":"330106","category":"roads"}""", "body")]
    [InlineData("""{"kind":"help","title":"路灯\u202Egnp.exe","body":"路灯不亮已经一周","regionCode":"330106","category":"roads"}""", "title")]
    [InlineData("""{"kind":"help","title":"路灯","body":"路灯不亮已经一周","regionCode":"330106","category":"roads","location":{"lat":95,"lon":120}}""", "location.lat")]
    [InlineData("""{"kind":"help","title":"路灯","body":"路灯不亮已经一周","regionCode":"330106","category":"roads","contact":{"phone":"call me"}}""", "contact.phone")]
    [InlineData("""{"kind":"help","body":"路灯不亮已经一周","regionCode":"330106","category":"roads"}""", "title")]
    [InlineData("""{"kind":"help","title":"路灯","body":"路灯不亮已经一周","regionCode":"330106","category":"roads","public":"yes"}""", "public")]
    public async Task A_bad_filing_is_refused_naming_the_field_and_files_nothing(string body, string field)
    {
        var session = await _app.RegisterAndSignInAsync();
        using var citizen = _app.Client(session.Token);

        var response = await citizen.PostAsync("/api/tickets", new StringContent(body, Encoding.UTF8, "application/json"));

        await Expect.FieldError(response, field);
        Assert.Empty((await citizen.GetFromJsonAsync<JsonElement>("/api/tickets/mine")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Oversized_text_a_wrong_media_type_and_unknown_ids_are_refused()
    {
        using var citizen = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        using var moderator = await ClientOfAsync(_app, "moderator");
        var tooLong = new { kind = "help", title = "太长", body = new string('长', 4001), regionCode = "330106", category = "roads" };

        await Expect.FieldError(await citizen.PostAsJsonAsync("/api/tickets", tooLong), "body");
        await Expect.Problem(await citizen.PostAsync("/api/tickets", new StringContent("kind=help", Encoding.UTF8, "application/x-www-form-urlencoded")),
            HttpStatusCode.UnsupportedMediaType);
        await Expect.Problem(await citizen.GetAsync("/api/tickets/tk-nothing-here"), HttpStatusCode.NotFound);
        var ticketId = await FileAsync(citizen);
        await Expect.FieldError(await moderator.PostAsJsonAsync($"/api/tickets/{ticketId}/review",
            new { decision = "accept", departmentId = "d-nowhere", reason = "x" }), "departmentId");
        await Expect.FieldError(await moderator.PostAsJsonAsync($"/api/tickets/{ticketId}/review", new { decision = "maybe", reason = "x" }), "decision");
        await Expect.Problem(await citizen.GetAsync("/api/departments/d-nowhere/queue"), HttpStatusCode.NotFound);
        await Expect.FieldError(await citizen.GetAsync("/api/tickets/public?regionCode=1"), "regionCode");
        await Expect.FieldError(await citizen.GetAsync("/api/tickets/mine?after=garbage"), "after");
        Assert.Equal("submitted", Status(await GetAsync(citizen, ticketId)));
    }

    [Fact]
    public async Task The_public_column_lists_answered_public_tickets_without_personal_data_and_with_no_sign_in()
    {
        using var citizen = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        using var moderator = await ClientOfAsync(_app, "moderator");
        using var department = await ClientOfAsync(_app, "dept-xihu-roads");
        var shown = await FileAsync(citizen, Filing("公开答复的工单"));
        var hidden = await FileAsync(citizen, Filing("私密答复的工单", isPublic: false));
        foreach (var ticketId in new[] { shown, hidden })
        {
            await AcceptAsync(moderator, ticketId);
            await ActAsync(department, ticketId, "replies", new { text = "已派人核查处理。", @public = true });
        }
        using var anonymous = _app.Client();

        await ListedAsync(anonymous, "/api/tickets/public?regionCode=330100&limit=100", shown,
            t => t.GetProperty("answer").GetString() == "已派人核查处理。");
        var column = await anonymous.GetFromJsonAsync<JsonElement>("/api/tickets/public?regionCode=330106&limit=100");
        var ids = column.GetProperty("items").EnumerateArray().Select(t => t.GetProperty("ticketId").GetString()).ToList();
        Assert.Contains(shown, ids);
        Assert.DoesNotContain(hidden, ids);
        Assert.DoesNotContain("13800000000", column.GetRawText());
        Assert.DoesNotContain("文三路 12号", column.GetRawText());
        Assert.Equal(JsonValueKind.Null, column.GetProperty("items").EnumerateArray().First(t => t.GetProperty("ticketId").GetString() == shown)
            .GetProperty("citizenName").ValueKind);
        // Another city's column does not have it.
        var huzhou = await anonymous.GetFromJsonAsync<JsonElement>("/api/tickets/public?regionCode=330500&limit=100");
        Assert.DoesNotContain(huzhou.GetProperty("items").EnumerateArray(), t => t.GetProperty("ticketId").GetString() == shown);
    }

    [Fact]
    public async Task The_demo_figures_show_the_columns_completion_rate_above_95_percent()
    {
        using var department = await ClientOfAsync(_app, "dept-hz-roads");
        // The demo's half year, up to an hour ago (tickets filed by other specs since are not the demo's).
        var to = DateTimeOffset.UtcNow.AddHours(-1).ToString("O");
        var stats = await department.GetFromJsonAsync<JsonElement>($"/api/tickets/stats?to={Uri.EscapeDataString(to)}");

        Assert.True(stats.GetProperty("received").GetInt64() >= Community.Web.HelpTickets.HelpTicketsDemo.ClosedTickets, stats.GetRawText());
        Assert.True(stats.GetProperty("completionRate").GetDouble() > 0.95, stats.GetRawText());
        Assert.True(stats.GetProperty("medianHoursToFirstReply").GetDouble() > 0);
        Assert.True(stats.GetProperty("satisfaction").GetProperty("averageRating").GetDouble() >= 4);
        Assert.Contains(stats.GetProperty("byDepartment").EnumerateArray(), d => d.GetProperty("departmentId").GetString() == XihuRoads);
        Assert.NotEmpty(stats.GetProperty("daily").EnumerateArray());
        await Expect.FieldError(await department.GetAsync("/api/tickets/stats?from=2026-01-01T00:00:00Z&to=2025-01-01T00:00:00Z"), "to");
    }

    [Fact]
    public async Task The_directory_has_a_department_for_each_category_in_each_region_supervised_up_the_tiers()
    {
        using var reader = _app.Client((await _app.RegisterAndSignInAsync()).Token);

        var xihu = await reader.GetFromJsonAsync<JsonElement>("/api/departments?regionCode=330106&category=roads");
        var roads = Assert.Single(xihu.EnumerateArray());
        Assert.Equal((XihuRoads, "county"), (roads.GetProperty("departmentId").GetString(), roads.GetProperty("tier").GetString()));
        Assert.Equal([HangzhouRoads, ProvinceRoads], roads.GetProperty("supervisorIds").EnumerateArray().Select(s => s.GetString()));
        var categories = await _app.Client().GetFromJsonAsync<JsonElement>("/api/tickets/categories");
        Assert.Equal(categories.GetArrayLength(),
            (await reader.GetFromJsonAsync<JsonElement>("/api/departments?regionCode=330521")).GetArrayLength());
        await Expect.FieldError(await reader.GetAsync("/api/departments?category=weather"), "category");
    }
}
