using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using Community.Web.Tests.Circles;
using Community.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using static Community.Web.Tests.HelpTickets.TicketFixture;

namespace Community.Web.Tests.HelpTickets;

/// <summary>The feed ↔ queue bridge: a circle post's author turns it into a ticket; the post links to the ticket and
/// shows its status; the department's public answer appears under the post as the department's reply, live; the
/// resolution is shown on the post.</summary>
[Collection(SharedAppCollection.Name)]
public sealed class PostTicketSpecs(SharedApp shared)
{
    private readonly CommunityApp _app = shared.App;

    public sealed record CircleEvent(string CircleId, long Seq, string Kind, JsonElement Data);

    private const string PostText = "文三路学院路口的路灯坏了一周\n晚上骑车经过很危险，希望有关部门尽快修一下。";

    private static object Ticket(string category = "roads") => new { kind = "help", category, regionCode = "330106" };

    private static string TicketPath(string circleId, string postId) => $"/api/circles/{circleId}/posts/{postId}/ticket";

    private async Task<(CircleClient Author, string CircleId, string PostId)> PostAsync()
    {
        var author = await CircleClient.SignUpAsync(_app);
        var circleId = await author.CreateCircleAsync("文三路街坊");
        await author.JoinAsync(circleId);
        var (postId, _) = await author.PostAsync(circleId, PostText);
        await author.PostWhenAsync(circleId, postId, _ => true, "the post in the read model");
        return (author, circleId, postId);
    }

    private static async Task<string> TurnIntoTicketAsync(HttpClient author, string circleId, string postId)
    {
        var response = await author.PostAsJsonAsync(TicketPath(circleId, postId), Ticket());
        await Expect.Status(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketId").GetString()!;
    }

    private static string? TicketStatusOf(JsonElement post) =>
        post.GetProperty("ticket") is { ValueKind: JsonValueKind.Object } ticket ? ticket.GetProperty("status").GetString() : null;

    [Fact]
    public async Task A_post_becomes_a_ticket_that_the_post_links_to_and_follows_to_its_resolution()
    {
        var (author, circleId, postId) = await PostAsync();
        using var _ = author;
        var ticketId = await TurnIntoTicketAsync(author.Http, circleId, postId);

        var ticket = await GetAsync(author.Http, ticketId);
        Assert.Equal("submitted", Status(ticket));
        Assert.Equal("文三路学院路口的路灯坏了一周", ticket.GetProperty("title").GetString());
        Assert.Equal(PostText, ticket.GetProperty("body").GetString());
        Assert.True(ticket.GetProperty("public").GetBoolean());
        var post = await author.PostWhenAsync(circleId, postId, p => TicketStatusOf(p) == "submitted", "the post showing its ticket");
        Assert.Equal(ticketId, post.GetProperty("ticket").GetProperty("ticketId").GetString());

        using var moderator = await ClientOfAsync(_app, "moderator");
        using var department = await ClientOfAsync(_app, "dept-xihu-roads");
        await AcceptAsync(moderator, ticketId, XihuRoads);
        await author.PostWhenAsync(circleId, postId, p => TicketStatusOf(p) == "assigned"
            && p.GetProperty("ticket").GetProperty("departmentId").GetString() == XihuRoads, "the post showing its ticket assigned");
        await ActAsync(department, ticketId, "replies", new { text = "已派维修班组，本周内修复。", @public = true });
        await ActAsync(department, ticketId, "resolution", new { text = "路灯已更换，恢复照明。" });

        post = await author.PostWhenAsync(circleId, postId, p => TicketStatusOf(p) == "resolved", "the post showing the resolution");
        Assert.Equal("路灯已更换，恢复照明。", post.GetProperty("ticket").GetProperty("resolution").GetString());
        var comments = (await author.Http.GetFromJsonAsync<JsonElement>($"/api/circles/{circleId}/posts/{postId}/comments"))
            .GetProperty("items").EnumerateArray().ToList();
        var answer = Assert.Single(comments);
        Assert.Equal("已派维修班组，本周内修复。", answer.GetProperty("text").GetString());
        Assert.Equal(XihuRoads, answer.GetProperty("authorId").GetString());
        Assert.Equal(XihuRoads, answer.GetProperty("department").GetProperty("departmentId").GetString());
        Assert.Equal(ticketId, answer.GetProperty("department").GetProperty("ticketId").GetString());
        Assert.Equal(1, post.GetProperty("commentCount").GetInt64());

        await ActAsync(author.Http, ticketId, "feedback", new { satisfied = true, rating = 5 });
        post = await author.PostWhenAsync(circleId, postId, p => TicketStatusOf(p) == "closed", "the post showing its ticket closed");
        Assert.Equal("路灯已更换，恢复照明。", post.GetProperty("ticket").GetProperty("resolution").GetString());
    }

    [Fact]
    public async Task Readers_of_the_circle_get_the_departments_public_answer_live_and_a_private_reply_stays_off_the_post()
    {
        var (author, circleId, postId) = await PostAsync();
        using var _ = author;
        var hub = _app.HubConnection(author.Session.Token);
        await using var __ = hub;
        var events = Channel.CreateUnbounded<CircleEvent>();
        hub.On<CircleEvent>("circleEvent", e => events.Writer.TryWrite(e));
        await hub.StartSettledAsync();
        var seq = (await author.PostsAsync(circleId)).GetProperty("lastSeq").GetInt64();
        await hub.InvokeAsync<long>("JoinCircle", circleId, seq);

        var ticketId = await TurnIntoTicketAsync(author.Http, circleId, postId);
        using var moderator = await ClientOfAsync(_app, "moderator");
        using var department = await ClientOfAsync(_app, "dept-xihu-roads");
        await AcceptAsync(moderator, ticketId, XihuRoads);
        await ActAsync(department, ticketId, "replies", new { text = "内部核实：请提供具体位置。", @public = false });
        await ActAsync(department, ticketId, "replies", new { text = "已安排维修。", @public = true });

        var received = new List<CircleEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!received.Any(e => e.Kind == "commentAdded"))
            received.Add(await events.Reader.ReadAsync(timeout.Token));
        // Filed, accepted, assigned, answered privately (status only), then the public answer as a comment.
        Assert.Equal(["submitted", "accepted", "assigned", "answered"],
            received.Where(e => e.Kind == "ticketChanged").Select(e => e.Data.GetProperty("status").GetString()));
        Assert.All(received, e => Assert.Equal(postId, e.Data.GetProperty("postId").GetString()));
        Assert.Equal(received.Select(e => e.Seq).Order(), received.Select(e => e.Seq));
        var answer = received[^1];
        Assert.Equal("已安排维修。", answer.Data.GetProperty("text").GetString());
        Assert.Equal(XihuRoads, answer.Data.GetProperty("department").GetProperty("departmentId").GetString());
        Assert.Equal(1, answer.Data.GetProperty("commentCount").GetInt64());
        Assert.DoesNotContain(received, e => e.Data.GetRawText().Contains("内部核实", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_private_ticket_shows_its_status_on_the_post_but_neither_the_answer_nor_the_resolution()
    {
        var (author, circleId, postId) = await PostAsync();
        using var _ = author;
        var response = await author.Http.PostAsJsonAsync(TicketPath(circleId, postId),
            new { kind = "complaint", category = "roads", regionCode = "330106", @public = false });
        await Expect.Status(response, HttpStatusCode.Created);
        var ticketId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticketId").GetString()!;
        using var moderator = await ClientOfAsync(_app, "moderator");
        using var department = await ClientOfAsync(_app, "dept-xihu-roads");
        await AcceptAsync(moderator, ticketId, XihuRoads);
        await ActAsync(department, ticketId, "replies", new { text = "已安排维修。", @public = true });
        await ActAsync(department, ticketId, "resolution", new { text = "路灯已更换。" });

        var post = await author.PostWhenAsync(circleId, postId, p => TicketStatusOf(p) == "resolved", "the post showing its ticket resolved");
        Assert.Equal(JsonValueKind.Null, post.GetProperty("ticket").GetProperty("resolution").ValueKind);
        Assert.Equal(0, post.GetProperty("commentCount").GetInt64());
        using var stranger = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        await Expect.Status(await stranger.GetAsync($"/api/tickets/{ticketId}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Only_the_author_turns_a_post_into_a_ticket_once_and_bad_requests_change_nothing()
    {
        var (author, circleId, postId) = await PostAsync();
        using var _ = author;
        using var other = _app.Client((await _app.RegisterAndSignInAsync()).Token);
        await Expect.Problem(await other.PostAsJsonAsync(TicketPath(circleId, postId), Ticket()), HttpStatusCode.Forbidden, "forbidden");
        await Expect.Problem(await author.Http.PostAsJsonAsync(TicketPath(circleId, "p-nosuchpost"), Ticket()), HttpStatusCode.NotFound, "not-found");
        await Expect.FieldError(await author.Http.PostAsJsonAsync(TicketPath(circleId, postId),
            new { kind = "wish", category = "roads", regionCode = "330106" }), "kind");
        await Expect.FieldError(await author.Http.PostAsJsonAsync(TicketPath(circleId, postId),
            new { kind = "help", category = "weather", regionCode = "330106" }), "category");
        await Expect.FieldError(await author.Http.PostAsJsonAsync(TicketPath(circleId, postId),
            new { kind = "help", category = "roads", regionCode = "999999" }), "regionCode");
        var post = await author.PostWhenAsync(circleId, postId, _ => true, "the post");
        Assert.Equal(JsonValueKind.Null, post.GetProperty("ticket").ValueKind);

        var ticketId = await TurnIntoTicketAsync(author.Http, circleId, postId);
        // The same request again is the same ticket; another kind of ticket for the same post is a conflict.
        Assert.Equal(ticketId, await TurnIntoTicketAsync(author.Http, circleId, postId));
        await Expect.Problem(await author.Http.PostAsJsonAsync(TicketPath(circleId, postId), Ticket("environment")),
            HttpStatusCode.Conflict, "conflict");
        Assert.Equal("roads", (await GetAsync(author.Http, ticketId)).GetProperty("category").GetString());
    }
}
