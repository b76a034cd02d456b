using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Community.Web.Http;
using Community.Web.Tests.Infrastructure;

namespace Community.Web.Tests.HelpTickets;

/// <summary>Open311 GeoReport v2 on the tickets (docs/open311.md), every route in both formats, read as a GeoReport
/// client reads it: the spec's element and field names, the filters and pages, the error list, and what is never in
/// any answer (the reporter's name, phone, user id and exact address).</summary>
[Collection(SharedAppCollection.Name)]
public sealed class Open311Specs(SharedApp shared)
{
    private const string Client = "county-330106";

    private static readonly string[] Formats = ["xml", "json"];

    private static readonly string[] ServiceFields = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"];

    private static readonly string[] AttributeFields =
        ["variable", "code", "datatype", "required", "datatype_description", "order", "description", "values"];

    /// <summary>The spec's fields of a service request, in its order, then our two extensions.</summary>
    private static readonly string[] RequestFields =
    [
        "service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible",
        "service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat",
        "long", "media_url", "extended_attributes", "notes",
    ];

    private static readonly string[] ExtendedFields = ["detailed_status", "kind", "title", "region_code", "department_id", "stage", "duplicate_of"];

    private static readonly string[] NoteFields = ["datetime", "status", "author", "description"];

    private readonly CommunityApp _app = shared.App;

    [Fact]
    public async Task The_services_are_the_ticket_categories_in_both_formats_with_the_spec_fields()
    {
        using var client = _app.Client();
        var xml = await XmlAsync(await client.GetAsync("/open311/v2/services.xml"));
        Assert.Equal("services", xml.Root!.Name.LocalName);
        var services = xml.Root.Elements().ToList();
        Assert.All(services, s => Assert.Equal("service", s.Name.LocalName));
        Assert.All(services, s => Assert.Equal(ServiceFields, Names(s)));
        var roads = services.Single(s => s.Element("service_code")!.Value == "roads");
        Assert.Equal("道路与市政设施", roads.Element("service_name")!.Value);
        Assert.Equal("true", roads.Element("metadata")!.Value);
        Assert.Equal("realtime", roads.Element("type")!.Value);
        Assert.Contains("Roads and street works", roads.Element("keywords")!.Value);
        Assert.False(string.IsNullOrEmpty(roads.Element("group")!.Value));

        var json = await JsonAsync(await client.GetAsync("/open311/v2/services.json"));
        var items = json.EnumerateArray().ToList();
        Assert.All(items, s => Assert.Equal(ServiceFields, Fields(s)));
        Assert.Equal(services.Select(s => s.Element("service_code")!.Value), items.Select(s => s.GetProperty("service_code").GetString()));
        Assert.True(items.All(s => s.GetProperty("metadata").GetBoolean() && s.GetProperty("type").GetString() == "realtime"));

        var categories = await client.GetFromJsonAsync<JsonElement>("/api/tickets/categories");
        Assert.Equal(categories.EnumerateArray().Select(c => c.GetProperty("code").GetString()), items.Select(s => s.GetProperty("service_code").GetString()));
    }

    [Fact]
    public async Task A_service_definition_lists_its_attributes_with_the_kind_required_and_an_unknown_code_is_the_spec_404()
    {
        using var client = _app.Client();
        var xml = await XmlAsync(await client.GetAsync("/open311/v2/services/roads.xml"));
        Assert.Equal("service_definition", xml.Root!.Name.LocalName);
        Assert.Equal(["service_code", "attributes"], Names(xml.Root));
        Assert.Equal("roads", xml.Root.Element("service_code")!.Value);
        var attributes = xml.Root.Element("attributes")!.Elements().ToList();
        Assert.All(attributes, a => Assert.Equal("attribute", a.Name.LocalName));
        Assert.All(attributes, a => Assert.Equal(AttributeFields, Names(a)));
        var kind = attributes.Single(a => a.Element("code")!.Value == "kind");
        Assert.Equal("singlevaluelist", kind.Element("datatype")!.Value);
        Assert.Equal("true", kind.Element("required")!.Value);
        Assert.Equal("true", kind.Element("variable")!.Value);
        Assert.Equal("1", kind.Element("order")!.Value);
        var values = kind.Element("values")!.Elements().ToList();
        Assert.All(values, v => Assert.Equal(["key", "name"], Names(v)));
        Assert.Equal(["complaint", "help", "suggestion"], values.Select(v => v.Element("key")!.Value));

        var json = await JsonAsync(await client.GetAsync("/open311/v2/services/roads.json"));
        Assert.Equal(["service_code", "attributes"], Fields(json));
        var jsonKind = json.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("code").GetString() == "kind");
        Assert.Equal(AttributeFields, Fields(jsonKind));
        Assert.True(jsonKind.GetProperty("required").GetBoolean());
        Assert.Equal(["complaint", "help", "suggestion"], jsonKind.GetProperty("values").EnumerateArray().Select(v => v.GetProperty("key").GetString()));
        var region = json.GetProperty("attributes").EnumerateArray().Single(a => a.GetProperty("code").GetString() == "region");
        Assert.False(region.GetProperty("required").GetBoolean());
        Assert.Contains(region.GetProperty("values").EnumerateArray(), v => v.GetProperty("key").GetString() == "330106"
            && v.GetProperty("name").GetString() == "浙江省杭州市西湖区");

        foreach (var format in Formats)
        {
            await SpecErrorAsync(await client.GetAsync($"/open311/v2/services/potholes.{format}"), format, HttpStatusCode.NotFound, "service_code");
            await SpecErrorAsync(await client.GetAsync($"/open311/v2/services/roads.{format}?jurisdiction_id=999999"), format,
                HttpStatusCode.NotFound, "jurisdiction_id");
            await Expect.Status(await client.GetAsync($"/open311/v2/services.{format}?jurisdiction_id=330106"), HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task A_request_filed_with_a_client_key_is_a_ticket_the_moderators_read_whole_and_Open311_shows_without_personal_data()
    {
        var key = await KeyAsync(Client);
        var idempotencyKey = Guid.NewGuid().ToString("N");
        var form = Valid(key);
        form.Fields["description"] = "文三路路灯不亮\n从学院路口往西一段晚上漆黑，骑车很危险。";
        form.Fields["attribute[kind]"] = "complaint";
        form.Fields["phone"] = "+86 138-0013-8000";
        form.Fields["first_name"] = "Zhang";
        form.Fields["last_name"] = "Sanfeng";
        form.Fields["address_string"] = "文三路478号华星时代广场";
        form.Fields["email"] = "zhang@example.com";
        using var anonymous = _app.Client();
        var created = await PostAsync(anonymous, "xml", form, idempotencyKey);
        await Expect.Status(created, HttpStatusCode.Created);
        var answer = await XmlAsync(created, HttpStatusCode.Created);
        Assert.Equal("service_requests", answer.Root!.Name.LocalName);
        var request = Assert.Single(answer.Root.Elements());
        Assert.Equal("request", request.Name.LocalName);
        Assert.Equal(["service_request_id", "service_notice", "account_id"], Names(request));
        var id = request.Element("service_request_id")!.Value;
        Assert.Equal($"open311:{Client}", request.Element("account_id")!.Value);
        Assert.Contains("西湖区城市管理局", request.Element("service_notice")!.Value);
        Assert.Equal($"/open311/v2/requests/{id}.xml", created.Headers.Location?.OriginalString);

        // A retry with the same Idempotency-Key reaches the same ticket; the JSON answer has the same fields.
        var replay = await JsonAsync(await PostAsync(anonymous, "json", form, idempotencyKey), HttpStatusCode.Created);
        var replayed = Assert.Single(replay.EnumerateArray());
        Assert.Equal(["service_request_id", "service_notice", "account_id"], Fields(replayed));
        Assert.Equal(id, replayed.GetProperty("service_request_id").GetString());

        // The moderators see the ticket whole, as filed through POST /api/tickets would be.
        using var moderator = _app.Client((await _app.SignInAsync("moderator", CommunityApp.DemoPassword)).Token);
        var ticket = await moderator.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}");
        Assert.Equal("complaint", ticket.GetProperty("kind").GetString());
        Assert.Equal("文三路路灯不亮", ticket.GetProperty("title").GetString());
        Assert.Equal(form.Fields["description"], ticket.GetProperty("body").GetString());
        Assert.Equal("roads", ticket.GetProperty("category").GetString());
        Assert.Equal("330106", ticket.GetProperty("regionCode").GetString());
        Assert.Equal("submitted", ticket.GetProperty("status").GetString());
        Assert.True(ticket.GetProperty("public").GetBoolean());
        Assert.False(ticket.GetProperty("showName").GetBoolean());
        Assert.Equal("+86 138-0013-8000", ticket.GetProperty("contact").GetProperty("phone").GetString());
        Assert.Equal("Zhang Sanfeng", ticket.GetProperty("citizenName").GetString());
        var location = ticket.GetProperty("location");
        Assert.Equal(30.274123, location.GetProperty("lat").GetDouble());
        Assert.Equal(120.155987, location.GetProperty("lon").GetDouble());
        Assert.Equal("文三路478号华星时代广场", location.GetProperty("address").GetString());

        // Open311 shows it at once (straight from the ticket), in both formats, with the spec's fields.
        var xml = await XmlAsync(await anonymous.GetAsync($"/open311/v2/requests/{id}.xml"));
        Assert.Equal("service_requests", xml.Root!.Name.LocalName);
        var shown = Assert.Single(xml.Root.Elements());
        Assert.Equal("request", shown.Name.LocalName);
        Assert.Equal(RequestFields, Names(shown));
        Assert.Equal(ExtendedFields, Names(shown.Element("extended_attributes")!));
        Assert.Equal(id, shown.Element("service_request_id")!.Value);
        Assert.Equal("open", shown.Element("status")!.Value);
        Assert.Equal("roads", shown.Element("service_code")!.Value);
        Assert.Equal("道路与市政设施", shown.Element("service_name")!.Value);
        Assert.Equal(form.Fields["description"], shown.Element("description")!.Value);
        Assert.Equal("浙江省杭州市西湖区", shown.Element("address")!.Value);
        Assert.Equal("30.27", shown.Element("lat")!.Value);
        Assert.Equal("120.16", shown.Element("long")!.Value);
        Assert.Equal("", shown.Element("zipcode")!.Value);
        Assert.Equal("", shown.Element("agency_responsible")!.Value);
        Assert.Equal("submitted", shown.Element("extended_attributes")!.Element("detailed_status")!.Value);
        Assert.Equal("complaint", shown.Element("extended_attributes")!.Element("kind")!.Value);
        Assert.Equal("acceptance", shown.Element("extended_attributes")!.Element("stage")!.Value);
        var requested = Time(shown.Element("requested_datetime")!.Value);
        Assert.True(Time(shown.Element("expected_datetime")!.Value) > requested);
        Assert.Equal(ticket.GetProperty("dueAt").GetDateTimeOffset().ToUnixTimeSeconds(), Time(shown.Element("expected_datetime")!.Value).ToUnixTimeSeconds());
        var note = Assert.Single(shown.Element("notes")!.Elements());
        Assert.Equal("note", note.Name.LocalName);
        Assert.Equal(NoteFields, Names(note));
        Assert.Equal("submitted", note.Element("status")!.Value);

        var json = await JsonAsync(await anonymous.GetAsync($"/open311/v2/requests/{id}.json"));
        var item = Assert.Single(json.EnumerateArray());
        Assert.Equal(RequestFields, Fields(item));
        Assert.Equal(ExtendedFields, Fields(item.GetProperty("extended_attributes")));
        Assert.Equal(NoteFields, Fields(Assert.Single(item.GetProperty("notes").EnumerateArray())));
        Assert.Equal(30.27, item.GetProperty("lat").GetDouble());
        Assert.Equal(120.16, item.GetProperty("long").GetDouble());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("address_id").ValueKind);
        Assert.Equal("open", item.GetProperty("status").GetString());
        Assert.Equal(shown.Element("requested_datetime")!.Value, item.GetProperty("requested_datetime").GetString());

        // And the list has it once the read model caught up; nowhere any personal data.
        var listed = await ListedAsync(anonymous, "json", [id]);
        foreach (var format in Formats)
        {
            var raw = new List<string>
            {
                await (await anonymous.GetAsync($"/open311/v2/requests/{id}.{format}")).Content.ReadAsStringAsync(),
                await (await anonymous.GetAsync($"/open311/v2/requests.{format}?service_request_id={id}")).Content.ReadAsStringAsync(),
                await (await anonymous.GetAsync($"/open311/v2/requests.{format}?page_size=100")).Content.ReadAsStringAsync(),
            };
            foreach (var text in raw)
            {
                Assert.Contains(id, text);
                AssertNoPersonalData(text, "138-0013-8000", "13800138000", "Zhang", "Sanfeng", "文三路478号", "华星时代", "30.274123", "120.155987",
                    "zhang@example.com", $"open311:{Client}");
            }
        }
        Assert.Single(listed);
    }

    [Fact]
    public async Task The_list_filters_by_ids_service_status_and_dates_pages_newest_first_and_maps_the_detailed_status()
    {
        var key = await KeyAsync(Client);
        using var anonymous = _app.Client();
        var ids = new List<string>();
        foreach (var (service, kind) in new[] { ("roads", "help"), ("environment", "complaint"), ("transport", "suggestion") })
        {
            var form = Valid(key);
            form.Fields["service_code"] = service;
            form.Fields["attribute[kind]"] = kind;
            form.Fields["description"] = $"{service} 测试请求 {Guid.NewGuid():N}";
            ids.Add(await CreatedIdAsync(await PostAsync(anonymous, ids.Count % 2 == 0 ? "xml" : "json", form)));
        }
        var all = string.Join(',', ids);
        var listed = await ListedAsync(anonymous, "xml", ids);
        Assert.Equal(ids.AsEnumerable().Reverse(), listed); // newest first

        // service_request_id overrides every other filter (the spec's rule): these three whatever the window.
        var overridden = await RequestsAsync(anonymous, "json", $"service_request_id={all}&start_date=2001-01-01T00:00:00Z&status=closed");
        Assert.Equal(3, overridden.Count);

        // service_code, comma delimited.
        var since = DateTimeOffset.UtcNow.AddMinutes(-10).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        foreach (var format in Formats)
        {
            var roadsOrTransport = await RequestsAsync(anonymous, format, $"service_code=roads,transport&start_date={since}&page_size=100");
            Assert.All(roadsOrTransport, r => Assert.Contains(r.Code, (string[])["roads", "transport"]));
            Assert.Contains(ids[0], roadsOrTransport.Select(r => r.Id));
            Assert.Contains(ids[2], roadsOrTransport.Select(r => r.Id));
            Assert.DoesNotContain(ids[1], roadsOrTransport.Select(r => r.Id));
        }

        // jurisdiction_id: the region and its children (these are filed in 西湖区, the client's county, of 杭州市).
        var hangzhou = await RequestsAsync(anonymous, "xml", $"jurisdiction_id=330100&start_date={since}&page_size=100");
        Assert.Superset(ids.ToHashSet(), hangzhou.Select(r => r.Id).ToHashSet());
        Assert.DoesNotContain(await RequestsAsync(anonymous, "json", $"jurisdiction_id=330102&start_date={since}&page_size=100"), r => ids.Contains(r.Id));

        // Dates: requested_datetime in [start_date, end_date].
        var window = await RequestsAsync(anonymous, "json", $"start_date={since}&page_size=100");
        Assert.Superset(ids.ToHashSet(), window.Select(r => r.Id).ToHashSet());
        Assert.All(window, r => Assert.True(r.Requested >= Time(since)));
        var before = await RequestsAsync(anonymous, "xml", $"end_date={since}&page_size=100");
        Assert.DoesNotContain(before, r => ids.Contains(r.Id));
        Assert.All(before, r => Assert.True(r.Requested <= Time(since)));
        Assert.Equal(before.OrderByDescending(r => r.Requested).Select(r => r.Id), before.Select(r => r.Id));

        // Status: a rejected ticket is closed, with its detailed status in the extension and the reason as status_notes.
        using var moderator = _app.Client((await _app.SignInAsync("moderator", CommunityApp.DemoPassword)).Token);
        await Expect.Status(await moderator.PostAsJsonAsync($"/api/tickets/{ids[1]}/review",
            new { decision = "reject", reason = "不属于政务咨询范围" }), HttpStatusCode.OK);
        await Eventually.TrueAsync(async () => (await RequestsAsync(anonymous, "json", $"status=closed&start_date={since}&page_size=100"))
            .Any(r => r.Id == ids[1]), "the rejected request is listed as closed");
        var closed = await RequestsAsync(anonymous, "xml", $"status=closed&start_date={since}&page_size=100");
        Assert.All(closed, r => Assert.Equal("closed", r.Status));
        Assert.All(closed, r => Assert.Contains(r.Detailed, (string[])["closed", "rejected", "duplicate"]));
        var rejected = closed.Single(r => r.Id == ids[1]);
        Assert.Equal("rejected", rejected.Detailed);
        Assert.Equal("不属于政务咨询范围", rejected.Notes);
        var open = await RequestsAsync(anonymous, "json", $"status=open&start_date={since}&page_size=100");
        Assert.All(open, r => Assert.Equal("open", r.Status));
        Assert.All(open, r => Assert.Contains(r.Detailed, (string[])["submitted", "accepted", "assigned", "answered", "resolved"]));
        Assert.Contains(ids[0], open.Select(r => r.Id));
        Assert.DoesNotContain(ids[1], open.Select(r => r.Id));
        Assert.Equal(
            (await RequestsAsync(anonymous, "json", $"status=open,closed&start_date={since}&page_size=100")).Select(r => r.Id).Order(),
            open.Concat(closed).Select(r => r.Id).Order());

        // Pages: page_size and page walk the list without overlap, newest first.
        var pages = new List<string>();
        for (var page = 1; page <= 4; page++)
        {
            var items = await RequestsAsync(anonymous, page % 2 == 0 ? "xml" : "json", $"service_request_id={all}&page_size=1&page={page}");
            Assert.True(items.Count <= 1);
            pages.AddRange(items.Select(r => r.Id));
        }
        Assert.Equal(listed, pages);
        Assert.Equal(2, (await RequestsAsync(anonymous, "json", $"service_request_id={all}&page_size=2")).Count);

        // Without dates the window is the last 90 days (of the demo half-year and these).
        var demo = await RequestsAsync(anonymous, "json", "page_size=100");
        Assert.InRange(demo.Count, 3, 100);
        Assert.All(demo, r => Assert.True(r.Requested >= DateTimeOffset.UtcNow.AddDays(-91)));
        Assert.Equal(demo.OrderByDescending(r => r.Requested).Select(r => r.Requested), demo.Select(r => r.Requested));
    }

    [Fact]
    public async Task Bad_filters_are_the_spec_400_naming_the_parameter()
    {
        using var client = _app.Client();
        foreach (var format in Formats)
        {
            await SpecErrorAsync(await client.GetAsync($"/open311/v2/requests.{format}?status=pending"), format, HttpStatusCode.BadRequest, "status");
            await SpecErrorAsync(await client.GetAsync($"/open311/v2/requests.{format}?service_code=potholes"), format, HttpStatusCode.BadRequest,
                "service_code");
            await SpecErrorAsync(await client.GetAsync($"/open311/v2/requests.{format}?start_date=yesterday"), format, HttpStatusCode.BadRequest,
                "start_date");
            await SpecErrorAsync(await client.GetAsync($"/open311/v2/requests.{format}?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z"),
                format, HttpStatusCode.BadRequest, "end_date");
            await SpecErrorAsync(await client.GetAsync($"/open311/v2/requests.{format}?page=0"), format, HttpStatusCode.BadRequest, "page");
            await SpecErrorAsync(await client.GetAsync($"/open311/v2/requests.{format}?page_size=101"), format, HttpStatusCode.BadRequest, "page_size");
            await SpecErrorAsync(await client.GetAsync($"/open311/v2/requests.{format}?jurisdiction_id=1"), format, HttpStatusCode.NotFound,
                "jurisdiction_id");
            await SpecErrorAsync(await client.GetAsync($"/open311/v2/requests/tk-does-not-exist.{format}"), format, HttpStatusCode.NotFound,
                "service_request_id");
            await SpecErrorAsync(await client.GetAsync($"/open311/v2/requests/NOT..AN..ID.{format}"), format, HttpStatusCode.NotFound, "service_request_id");
        }
    }

    [Fact]
    public async Task A_private_ticket_is_never_listed_or_shown_and_a_public_one_never_shows_the_citizen()
    {
        var key = await KeyAsync(Client);
        using var anonymous = _app.Client();
        var privateForm = Valid(key);
        privateForm.Fields["attribute[public]"] = "false";
        privateForm.Fields["description"] = "不公开的诉求 " + Guid.NewGuid().ToString("N");
        var privateId = await CreatedIdAsync(await PostAsync(anonymous, "json", privateForm));

        // A citizen's own ticket through the JSON API: public, name shown in the column; then another made private.
        var citizen = await _app.RegisterAndSignInAsync();
        using var reader = _app.Client(citizen.Token);
        async Task<string> FileAsync(string title)
        {
            var filed = await reader.PostAsJsonAsync("/api/tickets", new
            {
                kind = "help", title, body = "小区门口的井盖松动，踩上去会晃。", regionCode = "330106", category = "roads",
                location = new { lat = 30.281234, lon = 120.121234, address = "西溪路525号北门" }, contact = new { phone = "13912345678" },
                @public = true, showName = true,
            });
            await Expect.Status(filed, HttpStatusCode.Created);
            return (await filed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketId").GetString()!;
        }
        var publicId = await FileAsync("井盖松动");
        var madePrivate = await FileAsync("井盖松动（后改为不公开）");
        await Expect.Status(await reader.PutAsJsonAsync($"/api/tickets/{madePrivate}/privacy", new { @public = false, showName = false }),
            HttpStatusCode.OK);

        // Wait until the read model has all three (the review queue lists every submitted ticket), then look for them.
        using var moderator = _app.Client((await _app.SignInAsync("moderator", CommunityApp.DemoPassword)).Token);
        await Eventually.TrueAsync(async () =>
        {
            var queued = new HashSet<string>();
            string? after = null;
            do
            {
                var page = await moderator.GetFromJsonAsync<JsonElement>($"/api/tickets/review?limit=100{(after is null ? "" : $"&after={after}")}");
                foreach (var t in page.GetProperty("items").EnumerateArray())
                    if (t.GetProperty("ticketId").GetString() is { } tid && (tid != madePrivate || !t.GetProperty("public").GetBoolean())) queued.Add(tid);
                after = page.GetProperty("next").GetString();
            } while (after is not null);
            return queued.IsSupersetOf([privateId, publicId, madePrivate]);
        }, "the read model has the three tickets, the one made private as private");
        await ListedAsync(anonymous, "json", [publicId]);

        foreach (var format in Formats)
        {
            foreach (var hidden in (string[])[privateId, madePrivate])
            {
                await SpecErrorAsync(await anonymous.GetAsync($"/open311/v2/requests/{hidden}.{format}"), format, HttpStatusCode.NotFound,
                    "service_request_id");
                Assert.Empty(await RequestsAsync(anonymous, format, $"service_request_id={hidden}"));
            }
            var everything = await (await anonymous.GetAsync($"/open311/v2/requests.{format}?page_size=100")).Content.ReadAsStringAsync();
            Assert.DoesNotContain(privateId, everything);
            Assert.DoesNotContain(madePrivate, everything);
            Assert.Contains(publicId, everything);
            var one = await (await anonymous.GetAsync($"/open311/v2/requests/{publicId}.{format}")).Content.ReadAsStringAsync();
            foreach (var text in (string[])[everything, one])
                AssertNoPersonalData(text, citizen.UserId, "Reader " + citizen.UserName, "13912345678", "西溪路525号", "30.281234", "120.121234");
        }
        // The public one is rounded to about a kilometre.
        var shown = Assert.Single((await JsonAsync(await anonymous.GetAsync($"/open311/v2/requests/{publicId}.json"))).EnumerateArray());
        Assert.Equal(30.28, shown.GetProperty("lat").GetDouble());
        Assert.Equal(120.12, shown.GetProperty("long").GetDouble());
    }

    [Fact]
    public async Task A_request_without_a_key_or_with_a_wrong_one_is_the_spec_error_and_files_nothing()
    {
        var key = await KeyAsync(Client);
        using var anonymous = _app.Client();
        using var moderator = _app.Client((await _app.SignInAsync("moderator", CommunityApp.DemoPassword)).Token);
        var wrongMac = key[..^4] + (key.EndsWith("0000", StringComparison.Ordinal) ? "1111" : "0000");
        var otherClient = await KeyAsync("city-330100");
        var cases = new (string? ApiKey, HttpStatusCode Status, string Account)[]
        {
            (null, HttpStatusCode.BadRequest, Client),
            ("", HttpStatusCode.BadRequest, Client),
            (wrongMac, HttpStatusCode.Forbidden, Client),
            ("county-330106", HttpStatusCode.Forbidden, Client),
            ("no-such-client." + otherClient[(otherClient.IndexOf('.') + 1)..], HttpStatusCode.Forbidden, "no-such-client"),
            ("city-330100." + key[(key.IndexOf('.') + 1)..], HttpStatusCode.Forbidden, "city-330100"),
        };
        foreach (var (apiKey, status, account) in cases)
        foreach (var format in Formats)
        {
            var form = Valid(key);
            if (apiKey is null) form.Fields.Remove("api_key");
            else form.Fields["api_key"] = apiKey;
            var idempotencyKey = Guid.NewGuid().ToString("N");
            await SpecErrorAsync(await PostAsync(anonymous, format, form, idempotencyKey), format, status, "api_key");
            await Expect.Status(await moderator.GetAsync($"/api/tickets/{WouldBeId(account, idempotencyKey)}"), HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task Bad_input_is_the_spec_400_naming_the_field_and_files_nothing()
    {
        var key = await KeyAsync(Client);
        using var anonymous = _app.Client();
        using var moderator = _app.Client((await _app.SignInAsync("moderator", CommunityApp.DemoPassword)).Token);
        var cases = new (string Field, Action<Dictionary<string, string>> Spoil)[]
        {
            ("service_code", f => f["service_code"] = "potholes"),
            ("service_code", f => f.Remove("service_code")),
            ("lat", f => f["lat"] = "91"),
            ("long", f => f["long"] = "east"),
            ("lat", f => f.Remove("lat")),
            ("description", f => f["description"] = "路灯不亮 <script>alert(1)</script>"),
            ("description", f => f["description"] = new string('长', 4001)),
            ("description", f => f.Remove("description")),
            ("attribute[kind]", f => f.Remove("attribute[kind]")),
            ("attribute[kind]", f => f["attribute[kind]"] = "praise"),
            ("attribute[region]", f => f["attribute[region]"] = "100000"),
            ("attribute[region]", f => (f["jurisdiction_id"], f["attribute[region]"]) = ("330106", "330102")),
            ("jurisdiction_id", f => f["jurisdiction_id"] = "330999"),
            ("attribute[public]", f => f["attribute[public]"] = "maybe"),
            ("attribute[colour]", f => f["attribute[colour]"] = "red"),
            ("address_string", f => f["address_string"] = "文三路\u202E100号"),
            ("phone", f => f["phone"] = "call me"),
            ("first_name", f => f["first_name"] = "<b>Zhang</b>"),
        };
        for (var i = 0; i < cases.Length; i++)
        {
            var (field, spoil) = cases[i];
            var format = Formats[i % 2];
            var form = Valid(key);
            spoil(form.Fields);
            var idempotencyKey = Guid.NewGuid().ToString("N");
            await SpecErrorAsync(await PostAsync(anonymous, format, form, idempotencyKey), format, HttpStatusCode.BadRequest, field);
            await Expect.Status(await moderator.GetAsync($"/api/tickets/{WouldBeId(Client, idempotencyKey)}"), HttpStatusCode.NotFound);
        }

        // Not a form at all: the spec's error too.
        var json = await anonymous.PostAsync("/open311/v2/requests.json",
            new StringContent(JsonSerializer.Serialize(Valid(key).Fields), Encoding.UTF8, "application/json"));
        var error = await SpecErrorAsync(json, "json", HttpStatusCode.BadRequest, null);
        Assert.Contains("application/x-www-form-urlencoded", error);
    }

    [Fact]
    public async Task Admins_get_a_registered_clients_key_which_stays_the_same_and_is_never_stored_by_caches()
    {
        using var admin = _app.Client((await _app.SignInAdminAsync()).Token);
        var first = await admin.PostAsJsonAsync("/api/open311/keys", new { clientId = "z-vision" });
        await Expect.Status(first, HttpStatusCode.OK);
        Assert.Contains("no-store", first.Headers.CacheControl?.ToString());
        var body = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("z-vision", body.GetProperty("clientId").GetString());
        var apiKey = body.GetProperty("apiKey").GetString()!;
        Assert.Matches("^z-vision\\.[0-9a-f]{64}$", apiKey);
        Assert.Equal(apiKey, await KeyAsync("z-vision"));
        Assert.NotEqual(apiKey[(apiKey.IndexOf('.') + 1)..], (await KeyAsync(Client))[(Client.Length + 1)..]);

        await Expect.FieldError(await admin.PostAsJsonAsync("/api/open311/keys", new { clientId = "no-such-client" }), "clientId");
        using var moderator = _app.Client((await _app.SignInAsync("moderator", CommunityApp.DemoPassword)).Token);
        await Expect.Problem(await moderator.PostAsJsonAsync("/api/open311/keys", new { clientId = "z-vision" }), HttpStatusCode.Forbidden);

        // The key's client is where its requests are filed by default.
        using var anonymous = _app.Client();
        var id = await CreatedIdAsync(await PostAsync(anonymous, "json", Valid(apiKey)));
        var ticket = await admin.GetFromJsonAsync<JsonElement>($"/api/tickets/{id}");
        Assert.Equal("330000", ticket.GetProperty("regionCode").GetString());
    }

    private sealed record Form(Dictionary<string, string> Fields);

    private static Form Valid(string apiKey) => new(new Dictionary<string, string>
    {
        ["api_key"] = apiKey,
        ["service_code"] = "roads",
        ["lat"] = "30.274123",
        ["long"] = "120.155987",
        ["description"] = "路灯不亮\n晚上看不清路。",
        ["attribute[kind]"] = "help",
    });

    private sealed record Listed(string Id, string Code, string Status, string Detailed, string? Notes, DateTimeOffset Requested);

    private async Task<string> KeyAsync(string clientId)
    {
        using var admin = _app.Client((await _app.SignInAdminAsync()).Token);
        var response = await admin.PostAsJsonAsync("/api/open311/keys", new { clientId });
        await Expect.Status(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("apiKey").GetString()!;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string format, Form form, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/open311/v2/requests.{format}") { Content = new FormUrlEncodedContent(form.Fields) };
        if (idempotencyKey is not null) request.Headers.Add(IdempotencyKey.Header, idempotencyKey);
        return await client.SendAsync(request);
    }

    private static async Task<string> CreatedIdAsync(HttpResponseMessage response)
    {
        await Expect.Status(response, HttpStatusCode.Created);
        var format = response.Content.Headers.ContentType?.MediaType == "text/xml" ? "xml" : "json";
        return format == "xml"
            ? (await XmlAsync(response, HttpStatusCode.Created)).Root!.Element("request")!.Element("service_request_id")!.Value
            : (await JsonAsync(response, HttpStatusCode.Created))[0].GetProperty("service_request_id").GetString()!;
    }

    /// <summary>The ids of <paramref name="ids"/> the list shows, in its order, once it shows them all.</summary>
    private static async Task<List<string>> ListedAsync(HttpClient client, string format, IReadOnlyList<string> ids)
    {
        List<string> listed = [];
        await Eventually.TrueAsync(async () =>
        {
            listed = [.. (await RequestsAsync(client, format, $"service_request_id={string.Join(',', ids)}")).Select(r => r.Id)];
            return listed.Count == ids.Count;
        }, "the read model lists the new requests");
        return listed;
    }

    /// <summary>The list, parsed from its format: each request has the spec's fields.</summary>
    private static async Task<List<Listed>> RequestsAsync(HttpClient client, string format, string query)
    {
        var response = await client.GetAsync($"/open311/v2/requests.{format}?{query}");
        if (format == "xml")
        {
            var xml = await XmlAsync(response);
            Assert.Equal("service_requests", xml.Root!.Name.LocalName);
            return [.. xml.Root.Elements().Select(r =>
            {
                Assert.Equal("request", r.Name.LocalName);
                Assert.Equal(RequestFields, Names(r));
                return new Listed(r.Element("service_request_id")!.Value, r.Element("service_code")!.Value, r.Element("status")!.Value,
                    r.Element("extended_attributes")!.Element("detailed_status")!.Value, NullIfEmpty(r.Element("status_notes")!.Value),
                    Time(r.Element("requested_datetime")!.Value));
            })];
        }
        var json = await JsonAsync(response);
        return [.. json.EnumerateArray().Select(r =>
        {
            Assert.Equal(RequestFields, Fields(r));
            return new Listed(r.GetProperty("service_request_id").GetString()!, r.GetProperty("service_code").GetString()!,
                r.GetProperty("status").GetString()!, r.GetProperty("extended_attributes").GetProperty("detailed_status").GetString()!,
                r.GetProperty("status_notes").GetString(), Time(r.GetProperty("requested_datetime").GetString()!));
        })];
    }

    /// <summary>The spec's error list in its format, with the status as each error's code and the description naming
    /// <paramref name="field"/> first; returns the descriptions.</summary>
    private static async Task<string> SpecErrorAsync(HttpResponseMessage response, string format, HttpStatusCode status, string? field)
    {
        string[] descriptions;
        if (format == "xml")
        {
            var xml = await XmlAsync(response, status);
            Assert.Equal("errors", xml.Root!.Name.LocalName);
            var errors = xml.Root.Elements().ToList();
            Assert.NotEmpty(errors);
            Assert.All(errors, e => Assert.Equal("error", e.Name.LocalName));
            Assert.All(errors, e => Assert.Equal(["code", "description"], Names(e)));
            Assert.All(errors, e => Assert.Equal(((int)status).ToString(CultureInfo.InvariantCulture), e.Element("code")!.Value));
            descriptions = [.. errors.Select(e => e.Element("description")!.Value)];
        }
        else
        {
            var json = await JsonAsync(response, status);
            Assert.NotEqual(0, json.GetArrayLength());
            Assert.All(json.EnumerateArray(), e => Assert.Equal(["code", "description"], Fields(e)));
            Assert.All(json.EnumerateArray(), e => Assert.Equal((int)status, e.GetProperty("code").GetInt32()));
            descriptions = [.. json.EnumerateArray().Select(e => e.GetProperty("description").GetString()!)];
        }
        if (field is not null)
            Assert.True(descriptions.Any(d => d.StartsWith(field + ":", StringComparison.Ordinal)),
                $"Expected an error naming '{field}' in: {string.Join(" | ", descriptions)}");
        return string.Join(" | ", descriptions);
    }

    private static async Task<XDocument> XmlAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        await Expect.Status(response, status);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        var text = await response.Content.ReadAsStringAsync();
        var xml = XDocument.Parse(text);
        Assert.Equal("utf-8", xml.Declaration?.Encoding?.ToLowerInvariant());
        return xml;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        await Expect.Status(response, status);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static string WouldBeId(string clientId, string idempotencyKey) =>
        IdempotencyKey.NewId("tk", "open311/requests", "open311:" + clientId, idempotencyKey);

    private static void AssertNoPersonalData(string text, params string[] personal)
    {
        foreach (var value in personal) Assert.DoesNotContain(value, text, StringComparison.OrdinalIgnoreCase);
    }

    private static List<string> Names(XElement element) => [.. element.Elements().Select(e => e.Name.LocalName)];

    private static List<string> Fields(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
